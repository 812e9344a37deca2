using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Tickets;

/// <summary>The service desk's overview: open work by priority, clocks at risk, major incidents, outages now, changes waiting.</summary>
internal sealed record DeskOverview(IReadOnlyDictionary<string, int> OpenByPriority, IReadOnlyList<Ticket> AtRisk, IReadOnlyList<Ticket> Majors,
    IReadOnlyList<Ticket> PendingChanges, IReadOnlyList<Outage> OpenOutages);

/// <summary>One service and category's incidents in the trend window.</summary>
internal sealed record Recurrence(string ServiceId, string Category, int Incidents, int WithoutProblem);

/// <summary>A month of the change calendar: changes with a window, by Helsinki day, and open changes without one.</summary>
internal sealed record ChangeMonth(DateOnly Month, IReadOnlyList<IGrouping<DateOnly, Ticket>> Days, IReadOnlyList<Ticket> WithoutWindow);

/// <summary>The reads behind the service desk's pages other than the ticket list and a ticket (<see cref="TicketQueries"/>).</summary>
internal sealed class DeskQueries(PolkuDb db, TimeProvider time)
{
    public const int TrendDays = 90;
    public const int RecurringAt = 3;

    public async Task<IReadOnlyList<SmService>> ServicesAsync(CancellationToken ct) =>
        await db.Set<SmService>().AsNoTracking().OrderBy(s => s.External).ThenBy(s => s.Id).ToListAsync(ct);

    private IQueryable<Ticket> Open() => db.Set<Ticket>().AsNoTracking()
        .Where(t => !TicketStatuses.Ended.Contains(t.Status));

    public async Task<DeskOverview> OverviewAsync(CancellationToken ct)
    {
        var byPriority = (await Open().Where(t => t.Kind == TicketKinds.Incident || t.Kind == TicketKinds.Request)
            .GroupBy(t => t.Priority).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        var atRisk = await Open().Where(t => t.ResponseWarned || t.ResolutionWarned || t.ResponseBreached || t.ResolutionBreached)
            .OrderBy(t => t.ResolutionDueUtc).Take(50).ToListAsync(ct);
        var majors = await Open().Where(t => t.MajorState == "declared" || (t.Kind == TicketKinds.Incident && t.Priority == "P1" && t.ParentId == null && t.MajorState == null))
            .OrderBy(t => t.OpenedUtc).Take(20).ToListAsync(ct);
        var pending = await Open().Where(t => t.Kind == TicketKinds.Change && t.ChangeApproval == "pending").OrderBy(t => t.OpenedUtc).Take(20).ToListAsync(ct);
        var outages = await db.Set<Outage>().AsNoTracking().Where(o => o.EndUtc == null).OrderBy(o => o.StartUtc).ToListAsync(ct);
        return new DeskOverview(byPriority, atRisk, majors, pending, outages);
    }

    /// <summary>Open problems, and incidents of the last <see cref="TrendDays"/> days by service and category, most frequent first.</summary>
    public async Task<(IReadOnlyList<Ticket> Problems, IReadOnlyList<Recurrence> Trend)> ProblemsAsync(CancellationToken ct)
    {
        var problems = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.Kind == TicketKinds.Problem && t.Status != TicketStatuses.Closed && t.Status != TicketStatuses.Cancelled)
            .OrderByDescending(t => t.OpenedUtc).Take(200).ToListAsync(ct);
        var since = time.GetUtcNow().UtcDateTime.AddDays(-TrendDays);
        var trend = (await db.Set<Ticket>().AsNoTracking().Where(t => t.Kind == TicketKinds.Incident && t.OpenedUtc >= since)
                .GroupBy(t => new { t.ServiceId, t.Category })
                .Select(g => new { g.Key.ServiceId, g.Key.Category, Count = g.Count(), Without = g.Count(t => t.ProblemId == null) })
                .OrderByDescending(g => g.Count).Take(30).ToListAsync(ct))
            .Select(g => new Recurrence(g.ServiceId, g.Category, g.Count, g.Without)).ToList();
        return (problems, trend);
    }

    /// <summary>The month's changes with a maintenance window (rejected ones left out) and the open changes without one.</summary>
    public async Task<ChangeMonth> ChangesAsync(DateOnly? month, CancellationToken ct)
    {
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var first = month ?? new DateOnly(today.Year, today.Month, 1);
        var from = HelsinkiTime.ToInstant(first, TimeOnly.MinValue).UtcDateTime;
        var to = HelsinkiTime.ToInstant(first.AddMonths(1), TimeOnly.MinValue).UtcDateTime;
        var changes = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.Kind == TicketKinds.Change && t.WindowStartUtc < to && t.WindowEndUtc > from && t.ChangeApproval != "rejected")
            .OrderBy(t => t.WindowStartUtc).ToListAsync(ct);
        var days = changes.GroupBy(t => HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(t.WindowStartUtc!.Value, DateTimeKind.Utc)))).ToList();
        var without = await Open().Where(t => t.Kind == TicketKinds.Change && t.WindowStartUtc == null).OrderBy(t => t.OpenedUtc).Take(100).ToListAsync(ct);
        return new ChangeMonth(first, days, without);
    }
}
