namespace Polku.Contacts.Contracts;

/// <summary>
/// Which feedback a report reads: answers given on the Helsinki days <paramref name="From"/> to <paramref name="To"/>
/// (both included), optionally only those of one municipality and/or one service (codes as the region knows them).
/// </summary>
public sealed record FeedbackReportFilter(DateOnly From, DateOnly To, string? MunicipalityCode = null, string? ServiceCode = null);

/// <summary>
/// The feedback of one service, stage and municipality in the period. <paramref name="Answers"/> counts the answers
/// with a score; <paramref name="Promoters"/> scored 9–10, <paramref name="Passives"/> 7–8, <paramref name="Detractors"/>
/// 0–6 (so the three add up to <paramref name="Answers"/>). <paramref name="Skipped"/> counts the surveys the residents
/// skipped, which are in none of the others. <paramref name="Stage"/> is <c>assessment</c>, <c>appointment</c>,
/// <c>contact</c> or <c>form</c>; a null service or municipality is feedback on a transaction that had none.
/// </summary>
public sealed record FeedbackSummaryRow(
    string? ServiceCode, string Stage, string? MunicipalityCode, int Answers, int Promoters, int Passives, int Detractors, int Skipped);

/// <summary>The answers (with a score) of one Helsinki month of the period: <paramref name="Month"/> is its first day.</summary>
public sealed record FeedbackMonth(DateOnly Month, int Answers, int Promoters, int Detractors);

/// <summary>
/// One answer whose free text matched a search: the text as the resident wrote it (plain text, to be shown encoded),
/// its score, service, stage, municipality and Helsinki date — never who wrote it, nor the transaction.
/// </summary>
public sealed record FeedbackTextHit(string Text, int Score, string? ServiceCode, string Stage, string? MunicipalityCode, DateOnly Date);

/// <summary>
/// One page of a free-text search. <paramref name="Total"/> counts the matches the search may show, at most
/// <see cref="IFeedbackReport.MaxSearchResults"/> (the newest); <paramref name="Page"/> is 1-based.
/// </summary>
public sealed record FeedbackTextPage(IReadOnlyList<FeedbackTextHit> Hits, int Total, int Page, int PageSize)
{
    public int Pages => Total == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>
/// The feedback residents gave after transactions (spec 05 "Feedback"), as the control tower reads it: aggregate counts
/// and the free texts, never a person or a transaction id. Every query is limited to the filter's period (Helsinki days
/// converted to UTC instants), municipality and service, and counted in the database.
/// </summary>
public interface IFeedbackReport
{
    /// <summary>The most matches a free-text search shows (the newest).</summary>
    const int MaxSearchResults = 100;

    /// <summary>Matches per page of a free-text search.</summary>
    const int SearchPageSize = 20;

    /// <summary>The longest search text, in characters.</summary>
    const int MaxSearchLength = 100;

    /// <summary>
    /// Counts per service, stage and municipality (only the combinations that have feedback), in no particular order.
    /// </summary>
    Task<IReadOnlyList<FeedbackSummaryRow>> SummaryAsync(FeedbackReportFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The answers per Helsinki month, one entry for every month the period touches (zeros included), oldest first;
    /// the first and last month count only the period's days.
    /// </summary>
    Task<IReadOnlyList<FeedbackMonth>> TrendAsync(FeedbackReportFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// The answers whose free text contains every word of <paramref name="words"/> (split at white space; case does
    /// not matter; <c>%</c>, <c>_</c> and <c>\</c> are matched as themselves), newest first, at most
    /// <see cref="MaxSearchResults"/>, page <paramref name="page"/> (1-based; a page past the end is empty) of
    /// <see cref="SearchPageSize"/>. Blank words find nothing. On PostgreSQL letters beyond A–Z fold as the database
    /// locale's <c>lower</c> does; on SQLite each letter is matched in both its cases.
    /// </summary>
    Task<FeedbackTextPage> SearchAsync(FeedbackReportFilter filter, string? words, int page, CancellationToken cancellationToken = default);
}
