using Microsoft.EntityFrameworkCore;
using Polku.ControlTower.Data;
using Polku.ControlTower.Rollups;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Kpis;

/// <summary>
/// The dashboards' numbers: catches the rollups up, reads the period's rolled-up rows grouped by municipality (full
/// months from the monthly rows, the days at either end from the daily rows), the imported counts and the directory's
/// channels, and computes every KPI for the county and for each municipality side by side.
/// </summary>
internal sealed class KpiService(PolkuDb db, Rollups.Rollups rollups, IUnitDirectory units, IServiceNames services)
{
    /// <summary>Later than any event.</summary>
    private static readonly DateOnly Future = new(2999, 1, 1);
    /// <summary>A range no day is in (plain dates on both engines, not PostgreSQL's infinities).</summary>
    private static readonly (DateOnly, DateOnly) Nothing = (new DateOnly(2999, 12, 31), new DateOnly(2000, 1, 1));
    private static readonly string[] BacklogTypes = ["task.created", "task.completed"];

    public async Task<KpiReport> ReportAsync(KpiFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await rollups.CatchUpAsync(ct);
        var rows = await FactsAsync(filter, filter.From, filter.To, null, ct);
        var toDate = await BacklogRowsAsync(filter, ct);
        var imported = filter.ExcludesImported ? [] : await ImportedAsync(filter, ct);
        var channels = await services.ChannelsInForceAsync(filter.To, ct);
        var municipalities = await units.MunicipalitiesAsync(ct);

        var columns = new List<KpiColumn> { new(null, KpiCalculator.Compute(rows, imported, toDate, Channels(channels, null))) };
        foreach (var m in municipalities.Where(m => filter.Municipality is null || m.Code == filter.Municipality))
        {
            columns.Add(new KpiColumn(m.Code, KpiCalculator.Compute(
                [.. rows.Where(r => r.Municipality == m.Code)], [.. imported.Where(i => i.Municipality == m.Code)], [.. toDate.Where(r => r.Municipality == m.Code)],
                Channels(channels, m.Code))));
        }

        var shown = columns.Select(c => c.Municipality).ToList();
        var breakdowns = new List<Breakdown>
        {
            Breakdown("assessment-outcomes", shown, rows.Where(r => r.Type == "assessment.completed").Select(r => (r.Municipality, r.Facet, r.Events))),
            Breakdown("routing-destinations", shown, rows.Where(r => r.Type == "assessment.routed").Select(r => (r.Municipality, r.Facet, r.Events))),
            Breakdown("bookings-by-source", shown, rows.Where(r => r.Type == "appointment.booked").Select(r => (r.Municipality, r.Facet, r.Events))),
            Breakdown("contacts-by-channel", shown, KpiCalculator.Contacts(rows).Select(r => (r.Municipality, r.Channel, r.Events))
                .Concat(imported.Select(i => (i.Municipality, i.Channel, i.Count)))),
        };
        return new KpiReport(filter, columns, breakdowns, await rollups.RolledUntilAsync(ct));
    }

    /// <summary>The county's rolled-up rows of the period (for the savings estimate).</summary>
    public async Task<IReadOnlyList<FactRow>> CountyFactsAsync(KpiFilter filter, CancellationToken ct)
    {
        await rollups.CatchUpAsync(ct);
        var rows = await FactsAsync(filter, filter.From, filter.To, null, ct);
        return filter.Municipality is { } m ? [.. rows.Where(r => r.Municipality == m)] : rows;
    }

    /// <summary>
    /// The backlog's task rows up to the end of the period: the all-time rows less the days after the period (none when
    /// the period ends today), so the cost does not grow with the years of history.
    /// </summary>
    private async Task<List<FactRow>> BacklogRowsAsync(KpiFilter filter, CancellationToken ct)
    {
        var all = await FactsAsync(filter, Rollups.Rollups.AllTime, Rollups.Rollups.AllTime, BacklogTypes, ct, allTime: true);
        var after = await FactsAsync(filter, filter.To.AddDays(1), Future, BacklogTypes, ct);
        return [.. all, .. after.Select(r => r with { Events = -r.Events, WaitingSum = -r.WaitingSum, WaitingN = -r.WaitingN, HandlingSum = -r.HandlingSum, HandlingN = -r.HandlingN })];
    }

    private static ChannelCounts Channels(IReadOnlyList<ChannelScope> channels, string? municipality) =>
        new(channels.Count(c => c.MunicipalityCode is null),
            channels.Count(c => c.MunicipalityCode is not null && (municipality is null || c.MunicipalityCode == municipality)));

    private static Breakdown Breakdown(string code, IReadOnlyList<string?> columns, IEnumerable<(string Municipality, string Key, long Count)> items)
    {
        var list = items.Where(i => i.Key.Length > 0).ToList();
        var keys = list.Select(i => i.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var counts = keys.Select(k => (IReadOnlyList<long>)[.. columns.Select(c => list.Where(i => i.Key == k && (c is null || i.Municipality == c)).Sum(i => i.Count))]).ToList();
        return new Breakdown(code, keys, counts);
    }

    /// <summary>
    /// The rolled-up rows of [<paramref name="from"/>, <paramref name="to"/>] grouped by municipality, type, channel, flag,
    /// kind and facet. Whole calendar months are read from the monthly rows, the days before and after from the daily ones.
    /// </summary>
    private async Task<List<FactRow>> FactsAsync(KpiFilter filter, DateOnly from, DateOnly to, string[]? types, CancellationToken ct, bool allTime = false)
    {
        var q = db.Set<Fact>().AsNoTracking();
        if (allTime)
        {
            q = q.Where(f => f.Grain == "a");
        }
        else
        {
            var (months, head, tail) = Split(from, to);
            var (mFrom, mTo) = months ?? Nothing;
            var (hFrom, hTo) = head ?? Nothing;
            var (tFrom, tTo) = tail ?? Nothing;
            q = q.Where(f => (f.Grain == "m" && f.Period >= mFrom && f.Period <= mTo)
                || (f.Grain == "d" && ((f.Period >= hFrom && f.Period <= hTo) || (f.Period >= tFrom && f.Period <= tTo))));
        }

        if (types is not null)
        {
            q = q.Where(f => types.Contains(f.Type));
        }

        if (filter.Service is { } service)
        {
            q = q.Where(f => f.ServiceCode == service);
        }

        if (filter.Channel is { } channel)
        {
            q = q.Where(f => f.Channel == channel);
        }

        if (filter.Unit is { } unit)
        {
            var id = unit.ToString("D");
            q = q.Where(f => f.UnitId == id);
        }

        var grouped = await q.GroupBy(f => new { f.MunicipalityCode, f.Type, f.Channel, f.Digital, f.ContactKind, f.Facet })
            .Select(g => new
            {
                g.Key.MunicipalityCode, g.Key.Type, g.Key.Channel, g.Key.Digital, g.Key.ContactKind, g.Key.Facet,
                Events = g.Sum(x => x.Events), WaitingSum = g.Sum(x => x.WaitingSum), WaitingN = g.Sum(x => x.WaitingN),
                HandlingSum = g.Sum(x => x.HandlingSum), HandlingN = g.Sum(x => x.HandlingN),
            })
            .ToListAsync(ct);
        return [.. grouped.Select(g => new FactRow(g.MunicipalityCode, g.Type, g.Channel, g.Digital, g.ContactKind, g.Facet, g.Events, g.WaitingSum, g.WaitingN,
            g.HandlingSum, g.HandlingN))];
    }

    /// <summary>
    /// Splits a period into whole calendar months (first days of the first and last month) and the days before and after
    /// them; without a whole month the period is all days (the head).
    /// </summary>
    public static ((DateOnly, DateOnly)? Months, (DateOnly, DateOnly)? Head, (DateOnly, DateOnly)? Tail) Split(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return (null, null, null);
        }

        var firstFull = from.Day == 1 ? from : new DateOnly(from.Year, from.Month, 1).AddMonths(1);
        var lastFullEnd = to.AddDays(1).Day == 1 ? to : new DateOnly(to.Year, to.Month, 1).AddDays(-1);
        if (firstFull > lastFullEnd)
        {
            return (null, (from, to), null);
        }

        var months = (firstFull, new DateOnly(lastFullEnd.Year, lastFullEnd.Month, 1));
        (DateOnly, DateOnly)? head = from < firstFull ? (from, firstFull.AddDays(-1)) : null;
        (DateOnly, DateOnly)? tail = lastFullEnd < to ? (lastFullEnd.AddDays(1), to) : null;
        return (months, head, tail);
    }

    private async Task<List<ImportedRow>> ImportedAsync(KpiFilter filter, CancellationToken ct)
    {
        var q = db.Set<ImportedContact>().AsNoTracking().Where(c => c.Current && c.Day >= filter.From && c.Day <= filter.To);
        if (filter.Channel is { } channel)
        {
            q = q.Where(c => c.Channel == channel);
        }

        var grouped = await q.GroupBy(c => new { c.MunicipalityCode, c.Channel, c.Kind })
            .Select(g => new { g.Key.MunicipalityCode, g.Key.Channel, g.Key.Kind, Count = g.Sum(x => (long)x.Count) })
            .ToListAsync(ct);
        return [.. grouped.Select(g => new ImportedRow(g.MunicipalityCode, g.Channel, g.Kind, g.Count))];
    }
}
