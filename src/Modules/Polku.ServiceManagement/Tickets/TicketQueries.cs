using System.Text;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Sla;

namespace Polku.ServiceManagement.Tickets;

/// <summary>What the ticket list is filtered by; every part is optional. <see cref="Page"/> counts from 1.</summary>
internal sealed record TicketFilter(string? Query = null, string? Kind = null, string? Status = null, string? ServiceId = null, string? Priority = null,
    bool OpenOnly = false, int Page = 1, int PageSize = 50);

/// <summary>One page of tickets, newest first. <see cref="HasMore"/> instead of a total: counting a million rows per page is not worth it.</summary>
internal sealed record TicketPage(IReadOnlyList<Ticket> Items, int Page, int PageSize, bool HasMore);

/// <summary>A ticket with its history, pauses, links and attachments (without their bytes), and the live state of its SLA clocks.</summary>
internal sealed record TicketDetail(
    Ticket Ticket,
    SmService Service,
    IReadOnlyList<TicketEntry> Entries,
    IReadOnlyList<TicketPause> Pauses,
    IReadOnlyList<Ticket> Children,
    Ticket? Parent,
    Ticket? Problem,
    IReadOnlyList<Ticket> LinkedIncidents,
    SlaReading? Response,
    SlaReading? Resolution,
    IReadOnlyList<AttachmentInfo> Attachments);

/// <summary>One SLA clock now: its target, the service minutes used (pauses not counted), its due time and state.</summary>
internal sealed record SlaReading(int TargetMinutes, double ElapsedMinutes, DateTime DueUtc, SlaState State, bool Stopped, bool Met);

/// <summary>
/// Reading tickets: the list (filters, full-text search, keyset-free paging by opened time) and one ticket's detail.
/// Search uses PostgreSQL full-text search (the stored <c>search_vector</c> column and its GIN index, migration 0003) or
/// SQLite FTS5, never LIKE over the rows. The column is not in the EF model: the raw search selects it, and EF's outer
/// query projects only the mapped columns.
/// </summary>
internal sealed partial class TicketQueries(PolkuDb db, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<TicketPage> ListAsync(TicketFilter filter, CancellationToken ct)
    {
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, filter.Page);
        IQueryable<Ticket> query = db.Set<Ticket>().AsNoTracking();
        if (filter.Query?.Trim().ToUpperInvariant() is { } typed && NumberPattern().IsMatch(typed))
        {
            // A ticket's number is looked up as it is, not as words (the engines' tokenizers split it differently).
            query = query.Where(t => t.Number == typed);
        }
        else if (SearchTerms(filter.Query) is { Count: > 0 } terms)
        {
            query = db.IsPostgres
                ? db.Set<Ticket>().FromSqlRaw(
                    "SELECT * FROM sm_tickets WHERE search_vector @@ to_tsquery('simple', {0})",
                    string.Join(" & ", terms.Select(t => t + ":*"))).AsNoTracking()
                : db.Set<Ticket>().FromSqlRaw(
                    "SELECT * FROM sm_tickets WHERE rowid IN (SELECT rowid FROM sm_tickets_fts WHERE sm_tickets_fts MATCH {0})",
                    string.Join(" ", terms.Select(t => "\"" + t + "\"*"))).AsNoTracking();
        }

        if (filter.Kind is { Length: > 0 } kind)
        {
            query = query.Where(t => t.Kind == kind);
        }

        if (filter.Status is { Length: > 0 } status)
        {
            query = query.Where(t => t.Status == status);
        }
        else if (filter.OpenOnly)
        {
            query = query.Where(t => !TicketStatuses.Ended.Contains(t.Status));
        }

        if (filter.ServiceId is { Length: > 0 } service)
        {
            query = query.Where(t => t.ServiceId == service);
        }

        if (filter.Priority is { Length: > 0 } priority)
        {
            query = query.Where(t => t.Priority == priority);
        }

        var rows = await query.OrderByDescending(t => t.OpenedUtc).ThenByDescending(t => t.Number)
            .Skip((page - 1) * size).Take(size + 1).ToListAsync(ct);
        return new TicketPage(rows.Take(size).ToList(), page, size, rows.Count > size);
    }

    /// <summary>
    /// The search's words: letters and digits only (so no query syntax of either engine can be injected or broken),
    /// lower-cased, at most eight. "INC-000123" becomes "inc" and "000123", which both engines' tokenizers also made of it.
    /// </summary>
    internal static IReadOnlyList<string> SearchTerms(string? query)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(query))
        {
            return terms;
        }

        var word = new StringBuilder();
        foreach (var ch in query.Trim().ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(ch);
            }
            else if (word.Length > 0)
            {
                terms.Add(word.ToString());
                word.Clear();
            }
        }

        return terms.Distinct(StringComparer.Ordinal).Take(8).ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(INC|REQ|PRB|CHG)-[0-9]{6}$")]
    private static partial System.Text.RegularExpressions.Regex NumberPattern();

    /// <summary>The tickets a member of staff reported, newest first.</summary>
    public async Task<IReadOnlyList<Ticket>> ReportedByAsync(Guid staffId, CancellationToken ct) =>
        await db.Set<Ticket>().AsNoTracking().Where(t => t.ReporterStaffId == staffId).OrderByDescending(t => t.OpenedUtc).Take(200).ToListAsync(ct);

    /// <summary>A ticket as its reporter sees it: only their own, with only the history meant for them.</summary>
    public async Task<(Ticket Ticket, IReadOnlyList<TicketEntry> Entries)?> ForReporterAsync(string number, Guid staffId, CancellationToken ct)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        if (await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Number == n && t.ReporterStaffId == staffId, ct) is not { } ticket)
        {
            return null;
        }

        var entries = await db.Set<TicketEntry>().AsNoTracking()
            .Where(e => e.TicketId == ticket.Id && (e.Visibility == "reporter" || e.Visibility == "public" || e.Kind == "created"))
            .OrderBy(e => e.AtUtc).ToListAsync(ct);
        return (ticket, entries);
    }

    public async Task<Ticket?> FindByNumberAsync(string number, CancellationToken ct)
    {
        var n = (number ?? "").Trim().ToUpperInvariant();
        return await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Number == n, ct);
    }

    public async Task<TicketDetail?> DetailAsync(Guid id, CancellationToken ct)
    {
        var ticket = await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null)
        {
            return null;
        }

        var service = await db.Set<SmService>().AsNoTracking().FirstAsync(s => s.Id == ticket.ServiceId, ct);
        var entries = await db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.AtUtc).ToListAsync(ct);
        var pauses = await db.Set<TicketPause>().AsNoTracking().Where(p => p.TicketId == id).OrderBy(p => p.StartUtc).ToListAsync(ct);
        var children = await db.Set<Ticket>().AsNoTracking().Where(t => t.ParentId == id).OrderBy(t => t.OpenedUtc).ToListAsync(ct);
        var linked = ticket.Kind == TicketKinds.Problem
            ? await db.Set<Ticket>().AsNoTracking().Where(t => t.ProblemId == id).OrderBy(t => t.OpenedUtc).ToListAsync(ct)
            : [];
        var parent = ticket.ParentId is { } p ? await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == p, ct) : null;
        var problem = ticket.ProblemId is { } q ? await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == q, ct) : null;
        var (response, resolution) = Readings(ticket, service, pauses, time.GetUtcNow());
        var attachments = await TicketAttachments.ListAsync(db, id, reporterView: false, ct);
        return new TicketDetail(ticket, service, entries, pauses, children, parent, problem, linked, response, resolution, attachments);
    }

    /// <summary>The response clock stops at the first response, the resolution clock at resolution; both are read in the service's calendar.</summary>
    internal static (SlaReading? Response, SlaReading? Resolution) Readings(Ticket ticket, SmService service, IReadOnlyList<TicketPause> pauses, DateTimeOffset now)
    {
        if (ticket.Kind is not (TicketKinds.Incident or TicketKinds.Request) || TicketService.Targets(service).GetValueOrDefault(ticket.Priority) is not { } target)
        {
            return (null, null);
        }

        var opened = TicketService.Utc(ticket.OpenedUtc);
        var slaPauses = TicketService.SlaPauses(pauses);
        SlaReading Read(int minutes, DateTime? stoppedUtc)
        {
            var until = stoppedUtc is { } s ? TicketService.Utc(s) : now;
            var elapsed = SlaClock.ElapsedMinutes(opened, until, service.Calendar, slaPauses);
            var due = SlaClock.Due(opened, minutes, service.Calendar, slaPauses, until);
            var state = SlaClock.State(opened, minutes, service.Calendar, slaPauses, until);
            return new SlaReading(minutes, elapsed, due.UtcDateTime, state, stoppedUtc is not null, stoppedUtc is not null && state != SlaState.Breached);
        }

        return (Read(target.ResponseMinutes, ticket.RespondedUtc), Read(target.ResolutionMinutes, ticket.ResolvedUtc));
    }

}
