using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Satisfaction;

/// <summary>What the reporter may do with the rating of their ticket now.</summary>
internal enum RatingState
{
    /// <summary>The ticket is still being worked on: a rating waits for its resolution.</summary>
    NotResolved,

    /// <summary>Resolved: the reporter may rate it, or change their rating.</summary>
    Open,

    /// <summary>Closed without a rating: the reporter may still give one (once), so a ticket closed at once is not left unrated.</summary>
    ClosedUnrated,

    /// <summary>Closed with a rating: it stays as it is.</summary>
    Final,

    /// <summary>Cancelled, or a kind that is not the reporter's (problems, changes): nothing to rate.</summary>
    NotRateable,
}

/// <summary>A ticket as its reporter rates it: the ticket, their rating so far and what they may do.</summary>
internal sealed record RatingView(Ticket Ticket, TicketRating? Rating, RatingState State);

/// <summary>
/// Asiakastyytyväisyys — customer satisfaction with the service desk's handling, the monthly report's source (spec 06).
/// The reporter of an incident or a service request rates how it was handled, 1–5 with an optional comment: once it is
/// resolved, one rating per ticket, which they may change until the ticket is closed. A ticket the desk closes before
/// the reporter rated it may still be rated once (a desk that closes at once must not silence the reporter). Nobody
/// else rates or changes it; another person's ticket is not found.
/// </summary>
/// <remarks>Error codes (fi/sv/en): <c>sm.rating.error.*</c>.</remarks>
internal sealed class TicketRatings(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const int CommentMax = 2000;

    public const string NotFound = "sm.rating.error.not_found";
    public const string RatingInvalid = "sm.rating.error.rating";
    public const string CommentTooLong = "sm.rating.error.comment_too_long";
    public const string NotResolved = "sm.rating.error.not_resolved";
    public const string NotRateable = "sm.rating.error.not_rateable";
    public const string AlreadyFinal = "sm.rating.error.final";

    /// <summary>The rule, from the ticket's kind and status and whether it has a rating.</summary>
    public static RatingState StateOf(Ticket ticket, bool rated) => ticket switch
    {
        { Kind: not (TicketKinds.Incident or TicketKinds.Request) } or { Status: TicketStatuses.Cancelled } => RatingState.NotRateable,
        { Status: TicketStatuses.Resolved } => RatingState.Open,
        { Status: TicketStatuses.Closed } => rated ? RatingState.Final : RatingState.ClosedUnrated,
        _ => RatingState.NotResolved,
    };

    /// <summary>The reporter's own ticket by its number with their rating; null when it is not theirs (or does not exist).</summary>
    public async Task<RatingView?> ForReporterAsync(string number, Guid? reporter, CancellationToken ct)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        if (reporter is not { } me || await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Number == n && t.ReporterStaffId == me, ct) is not { } ticket)
        {
            return null;
        }

        var rating = await ForTicketAsync(ticket.Id, ct);
        return new RatingView(ticket, rating, StateOf(ticket, rating is not null));
    }

    public Task<TicketRating?> ForTicketAsync(Guid ticketId, CancellationToken ct) =>
        db.Set<TicketRating>().AsNoTracking().FirstOrDefaultAsync(r => r.TicketId == ticketId, ct);

    /// <summary>The reporter rates (or re-rates) their ticket.</summary>
    public Task<Result<TicketRating>> RateAsync(string number, int? rating, string? comment, Guid? reporter, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (rating is not (>= 1 and <= 5))
        {
            return Error.Validation(RatingInvalid, "rating");
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (text?.Length > CommentMax)
        {
            return Error.Validation(CommentTooLong, "comment");
        }

        if (await ForReporterAsync(number, reporter, c) is not { } view)
        {
            return Error.NotFound(NotFound);
        }

        switch (view.State)
        {
            case RatingState.NotRateable:
                return Error.Conflict(NotRateable);
            case RatingState.NotResolved:
                return Error.Conflict(NotResolved);
            case RatingState.Final:
                return Error.Conflict(AlreadyFinal);
        }

        // One statement decides between two submissions at once (two tabs): the ticket's row is the key, so the later
        // one updates the earlier instead of failing on the primary key.
        var now = time.GetUtcNow().UtcDateTime;
        var id = view.Ticket.Id;
        var by = reporter!.Value;
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO sm_ticket_ratings (ticket_id, rating, comment, rated_by, rated_utc, updated_utc) VALUES ({id}, {rating.Value}, {text}, {by}, {now}, {now}) ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, updated_utc = excluded.updated_utc",
            c);
        return Result<TicketRating>.Ok(new TicketRating
        {
            TicketId = id, Rating = rating.Value, Comment = text, RatedBy = by, RatedUtc = view.Rating?.RatedUtc ?? now, UpdatedUtc = now,
        });
    }, ct);
}
