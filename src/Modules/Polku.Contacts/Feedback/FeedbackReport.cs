using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Contacts.Feedback;

/// <summary>
/// The control tower's reading of <c>contacts_feedback</c> (<see cref="IFeedbackReport"/>): every count is grouped in
/// the database, the period is a range on <c>created_utc</c> (indexed), and only service, stage, municipality, score,
/// date and text ever leave this class.
/// </summary>
internal sealed class FeedbackReport(PolkuDb db) : IFeedbackReport
{
    public async Task<IReadOnlyList<FeedbackSummaryRow>> SummaryAsync(FeedbackReportFilter filter, CancellationToken cancellationToken = default)
    {
        var rows = await Scope(filter)
            .GroupBy(f => new { f.ServiceCode, f.Stage, f.MunicipalityCode })
            .Select(g => new
            {
                g.Key.ServiceCode,
                g.Key.Stage,
                g.Key.MunicipalityCode,
                Answers = g.Sum(f => f.Skipped ? 0 : 1),
                Promoters = g.Sum(f => !f.Skipped && f.Score >= 9 ? 1 : 0),
                Detractors = g.Sum(f => !f.Skipped && f.Score <= 6 ? 1 : 0),
                Skipped = g.Sum(f => f.Skipped ? 1 : 0),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new FeedbackSummaryRow(r.ServiceCode, r.Stage, r.MunicipalityCode, r.Answers, r.Promoters,
            r.Answers - r.Promoters - r.Detractors, r.Detractors, r.Skipped))];
    }

    public async Task<IReadOnlyList<FeedbackMonth>> TrendAsync(FeedbackReportFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var months = new List<DateOnly>();
        for (var m = new DateOnly(filter.From.Year, filter.From.Month, 1); m <= filter.To; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        // The month of an answer is the number of month starts (in UTC, after the period's start) that precede it:
        // one CASE over the boundaries, so the database groups by Helsinki month on either engine.
        var bounds = new DateTime[months.Count + 1];
        bounds[0] = Start(filter.From);
        for (var i = 1; i < months.Count; i++)
        {
            bounds[i] = Start(months[i]);
        }

        bounds[months.Count] = Start(filter.To.AddDays(1));
        var answer = Expression.Parameter(typeof(FeedbackAnswer), "f");
        var created = Expression.Property(answer, nameof(FeedbackAnswer.CreatedUtc));
        Expression bucket = Expression.Constant(months.Count);
        for (var i = months.Count; i >= 1; i--)
        {
            bucket = Expression.Condition(Expression.LessThan(created, Expression.Constant(bounds[i])), Expression.Constant(i - 1), bucket);
        }

        var counted = await Scope(filter).Where(f => !f.Skipped)
            .GroupBy(Expression.Lambda<Func<FeedbackAnswer, int>>(bucket, answer))
            .Select(g => new { Month = g.Key, Answers = g.Count(), Promoters = g.Sum(f => f.Score >= 9 ? 1 : 0), Detractors = g.Sum(f => f.Score <= 6 ? 1 : 0) })
            .ToListAsync(cancellationToken);
        return [.. months.Select((m, i) => counted.FirstOrDefault(c => c.Month == i) is { } c
            ? new FeedbackMonth(m, c.Answers, c.Promoters, c.Detractors)
            : new FeedbackMonth(m, 0, 0, 0))];
    }

    public async Task<FeedbackTextPage> SearchAsync(FeedbackReportFilter filter, string? words, int page, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var terms = (words ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0)
        {
            return new FeedbackTextPage([], 0, page, IFeedbackReport.SearchPageSize);
        }

        var query = Scope(filter).Where(f => !f.Skipped && f.Text != null);
        foreach (var term in terms.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (db.IsPostgres)
            {
                var pattern = "%" + EscapeLike(term.ToLowerInvariant()) + "%";

                // ToLower is translated to SQL lower(), where a culture overload does not exist.
#pragma warning disable CA1304, CA1311
                query = query.Where(f => EF.Functions.Like(f.Text!.ToLower(), pattern, LikeEscape));
#pragma warning restore CA1304, CA1311
            }
            else
            {
                // SQLite's lower() and LIKE fold A–Z only; a GLOB with both cases of each letter folds ä and Ä too.
                var glob = "*" + CaselessGlob(term) + "*";
                query = query.Where(f => EF.Functions.Glob(f.Text!, glob));
            }
        }

        var newest = query.OrderByDescending(f => f.CreatedUtc).ThenByDescending(f => f.Id).Take(IFeedbackReport.MaxSearchResults);
        var total = await newest.CountAsync(cancellationToken);
        var hits = await newest.Skip((page - 1) * IFeedbackReport.SearchPageSize).Take(IFeedbackReport.SearchPageSize)
            .Select(f => new { f.Text, f.Score, f.ServiceCode, f.Stage, f.MunicipalityCode, f.CreatedUtc })
            .ToListAsync(cancellationToken);
        return new FeedbackTextPage(
            [.. hits.Select(h => new FeedbackTextHit(h.Text!, h.Score ?? 0, h.ServiceCode, h.Stage, h.MunicipalityCode,
                HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(h.CreatedUtc, DateTimeKind.Utc)))))],
            total, page, IFeedbackReport.SearchPageSize);
    }

    /// <summary>The escape character of the search's LIKE patterns.</summary>
    internal const string LikeEscape = "\\";

    /// <summary>A word as a LIKE pattern's literal part: the escape character, <c>%</c> and <c>_</c> stand for themselves.</summary>
    internal static string EscapeLike(string word) =>
        word.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    /// <summary>
    /// A word as a case-insensitive GLOB: each letter as a class of its two cases (<c>[äÄ]</c>), and <c>*</c>, <c>?</c>
    /// and <c>[</c> in a class of their own so that they stand for themselves.
    /// </summary>
    internal static string CaselessGlob(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var glob = new System.Text.StringBuilder(word.Length * 4);
        foreach (var c in word)
        {
            var lower = char.ToLowerInvariant(c);
            var upper = char.ToUpperInvariant(c);
            if (lower != upper)
            {
                glob.Append('[').Append(lower).Append(upper).Append(']');
            }
            else if (c is '*' or '?' or '[')
            {
                glob.Append('[').Append(c).Append(']');
            }
            else
            {
                glob.Append(c);
            }
        }

        return glob.ToString();
    }

    /// <summary>The answers of the filter's period (Helsinki days as UTC instants), municipality and service.</summary>
    private IQueryable<FeedbackAnswer> Scope(FeedbackReportFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = Start(filter.From);
        var to = Start(filter.To.AddDays(1));
        var query = db.Set<FeedbackAnswer>().AsNoTracking().Where(f => f.CreatedUtc >= from && f.CreatedUtc < to);
        if (filter.MunicipalityCode is { } municipality)
        {
            query = query.Where(f => f.MunicipalityCode == municipality);
        }

        if (filter.ServiceCode is { } service)
        {
            query = query.Where(f => f.ServiceCode == service);
        }

        return query;
    }

    /// <summary>The UTC instant a Helsinki day begins.</summary>
    private static DateTime Start(DateOnly day) => HelsinkiTime.ToInstant(day, TimeOnly.MinValue).UtcDateTime;
}
