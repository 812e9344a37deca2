using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Domain.Availability;

/// <summary>A service's month from the database: its outages, the approved changes' maintenance windows and the
/// outages' recorded exclusion reasons, merged with <see cref="SmOptions.MergeGapMinutes"/>.</summary>
internal sealed class AvailabilityService(PolkuDb db, IOptions<SmOptions> options, TimeProvider time)
{
    public int MergeGapMinutes => Math.Clamp(options.Value.MergeGapMinutes, 0, AvailabilityCalculator.MaxMergeGapMinutes);

    /// <summary>The catalogue's services, for choosing one.</summary>
    public Task<List<SmService>> ServicesAsync(CancellationToken ct) => db.Set<SmService>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);

    /// <summary>The month's availability; null when there is no such service.</summary>
    public async Task<AvailabilityResult?> MonthAsync(string serviceId, int year, int month, CancellationToken ct)
    {
        if (!await db.Set<SmService>().AnyAsync(s => s.Id == serviceId, ct))
        {
            return null;
        }

        var gap = MergeGapMinutes;
        var (start, end) = AvailabilityCalculator.MonthBounds(year, month);

        // Outages that reach into the month, or end or begin within the merge gap of it (they may merge with one inside).
        var from = start.UtcDateTime.AddMinutes(-gap);
        var to = end.UtcDateTime.AddMinutes(gap);
        var rows = await db.Set<Outage>().AsNoTracking()
            .Where(o => o.ServiceId == serviceId && o.StartUtc < to && (o.EndUtc == null || o.EndUtc > from))
            .OrderBy(o => o.StartUtc)
            .ToListAsync(ct);
        var now = time.GetUtcNow();
        var outages = rows.Select(o => new OutageInput(Utc(o.StartUtc), o.EndUtc is { } e ? Utc(e) : null, o.ExcludedReason, o.ExclusionNote)).ToList();

        // The windows that touch any of those outages (a merged outage may reach beyond the month).
        var windows = new List<ExcludedPeriod>();
        if (rows.Count > 0)
        {
            var first = rows.Min(o => o.StartUtc);
            var last = rows.Max(o => o.EndUtc ?? now.UtcDateTime);
            var changes = await db.Set<Ticket>().AsNoTracking()
                .Where(t => t.ServiceId == serviceId && t.Kind == TicketKinds.Change && t.ChangeApproval == "approved"
                    && t.WindowStartUtc != null && t.WindowEndUtc != null && t.WindowStartUtc < last && t.WindowEndUtc > first)
                .OrderBy(t => t.WindowStartUtc)
                .Select(t => new { t.Number, t.WindowStartUtc, t.WindowEndUtc })
                .ToListAsync(ct);
            windows.AddRange(changes.Select(c => new ExcludedPeriod(Utc(c.WindowStartUtc!.Value), Utc(c.WindowEndUtc!.Value), c.Number)));
        }

        return AvailabilityCalculator.Compute(year, month, outages, windows, gap, now);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
