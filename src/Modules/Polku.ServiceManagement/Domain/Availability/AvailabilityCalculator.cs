using Polku.Platform.Time;

namespace Polku.ServiceManagement.Domain.Availability;

/// <summary>An outage as the calculator reads it: an open one has no end; <see cref="ExcludedReason"/> attributes it to
/// the customer, a third party or maintenance (its minutes are then excluded, Eh).</summary>
internal sealed record OutageInput(DateTimeOffset Start, DateTimeOffset? End, string? ExcludedReason = null, string? Label = null);

/// <summary>Excluded time: an approved change's maintenance window (<see cref="Label"/> names the change).</summary>
internal sealed record ExcludedPeriod(DateTimeOffset Start, DateTimeOffset End, string? Label = null);

/// <summary>Why some minutes of an outage are excluded: a maintenance window (<c>window</c>) or the outage's own recorded reason
/// (<c>reason</c>, with <see cref="Code"/> maintenance, customer or third-party).</summary>
internal sealed record ExclusionLine(string Kind, string Code, string? Label, DateTimeOffset Start, DateTimeOffset End, decimal Minutes);

/// <summary>One merged outage of the month, explained: its whole extent, the part inside the month and its minutes there,
/// the excluded minutes and why, and whether it counts as an unplanned outage of this month.</summary>
internal sealed record OutageLine(
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Open,
    int MergedFrom,
    DateTimeOffset InMonthStart,
    DateTimeOffset InMonthEnd,
    decimal Minutes,
    decimal ExcludedMinutes,
    IReadOnlyList<ExclusionLine> Exclusions,
    bool StartedInMonth,
    bool Planned,
    bool Counts);

/// <summary>A service's month: S = (Pa − Ka + Eh) / Pa × 100 %.</summary>
internal sealed record AvailabilityResult(
    int Year,
    int Month,
    DateTimeOffset MonthStart,
    DateTimeOffset MonthEnd,
    decimal Pa,
    decimal Ka,
    decimal Eh,
    long KaSeconds,
    long EhSeconds,
    decimal AvailabilityPercent,
    int UnplannedOutages,
    IReadOnlyList<OutageLine> Explanation);

/// <summary>
/// Seed 002's availability per service and calendar month in Europe/Helsinki (spec 06 "Availability").
/// <list type="bullet">
/// <item>Pa is the month's real length from local midnight on the 1st to local midnight on the 1st of the next month,
/// so daylight saving gives 44,580 minutes in March and 44,700 in October.</item>
/// <item>Partial minutes: every instant is counted to the whole second (a fraction of a second is dropped), and minutes
/// are seconds / 60 with decimals — 90 seconds down is 1.5 minutes. Ka and Eh are shown rounded to four decimals; the
/// percentage is computed from the exact seconds and cut (never rounded up) to six decimals, so a month just under a
/// target never shows as meeting it.</item>
/// <item>Outages less than the merge gap apart (also overlapping ones) are one outage, and the minutes between them are
/// outage minutes; merging happens before the month is cut out, so an outage that began in the previous month and
/// continues (or resumes within the gap) in this one is counted (as an outage) only in the month it started.</item>
/// <item>An open outage lasts until <c>now</c>, or until the month's end when no <c>now</c> is given.</item>
/// <item>Eh: the outage minutes inside approved maintenance windows or inside an outage that has a recorded exclusion
/// reason (customer, third party, maintenance); the union is taken, so overlapping exclusions count once and Eh ⊆ Ka.
/// The minutes between merged outages are not covered by a member's reason, only by a window.</item>
/// <item>An outage that lies wholly inside excluded time is planned: it does not count as unplanned.</item>
/// </list>
/// </summary>
internal static class AvailabilityCalculator
{
    public const int MaxMergeGapMinutes = 1440;

    public static (DateTimeOffset Start, DateTimeOffset End) MonthBounds(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return (HelsinkiTime.ToInstant(first, TimeOnly.MinValue), HelsinkiTime.ToInstant(first.AddMonths(1), TimeOnly.MinValue));
    }

    /// <summary>The month's real length in minutes in Europe/Helsinki.</summary>
    public static int MonthMinutes(int year, int month)
    {
        var (start, end) = MonthBounds(year, month);
        return (int)(end - start).TotalMinutes;
    }

    public static AvailabilityResult Compute(int year, int month, IEnumerable<OutageInput> outages, IEnumerable<ExcludedPeriod> excluded, int mergeGapMinutes, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(outages);
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentOutOfRangeException.ThrowIfNegative(mergeGapMinutes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mergeGapMinutes, MaxMergeGapMinutes);
        var (monthStart, monthEnd) = MonthBounds(year, month);
        var paSeconds = (long)(monthEnd - monthStart).TotalSeconds;
        var cutNow = now is { } n ? Second(n) : (DateTimeOffset?)null;

        // 1. Outages as whole-second intervals; an open one lasts until now (or the month's end).
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End, bool Open, OutageInput Source)>();
        foreach (var o in outages)
        {
            var start = Second(o.Start);
            var end = o.End is { } e ? Second(e) : cutNow ?? (monthEnd > start ? monthEnd : start);
            if (cutNow is { } c && end > c)
            {
                end = c;
            }

            if (end > start)
            {
                intervals.Add((start, end, o.End is null, o));
            }
        }

        // 2. Merge before splitting: less than the gap apart (or overlapping) is one outage.
        var gap = TimeSpan.FromMinutes(mergeGapMinutes);
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End, bool Open, List<(DateTimeOffset Start, DateTimeOffset End, OutageInput Source)> Members)>();
        foreach (var i in intervals.OrderBy(i => i.Start).ThenBy(i => i.End))
        {
            if (merged.Count > 0 && i.Start - merged[^1].End < gap)
            {
                var last = merged[^1];
                last.Members.Add((i.Start, i.End, i.Source));
                var open = i.End > last.End ? i.Open : i.End == last.End ? last.Open || i.Open : last.Open;
                merged[^1] = (last.Start, i.End > last.End ? i.End : last.End, open, last.Members);
            }
            else
            {
                merged.Add((i.Start, i.End, i.Open, [(i.Start, i.End, i.Source)]));
            }
        }

        var windows = excluded.Select(w => (Start: Second(w.Start), End: Second(w.End), w.Label)).Where(w => w.End > w.Start).ToList();
        var lines = new List<OutageLine>();
        long kaSeconds = 0, ehSeconds = 0;
        var unplanned = 0;
        foreach (var m in merged)
        {
            // 3. Split at the month's boundaries.
            var inStart = m.Start > monthStart ? m.Start : monthStart;
            var inEnd = m.End < monthEnd ? m.End : monthEnd;
            if (inEnd <= inStart)
            {
                continue;
            }

            // 4. What excludes which part of the outage: windows and the members' recorded reasons.
            var covers = new List<(string Kind, string Code, string? Label, DateTimeOffset Start, DateTimeOffset End)>();
            foreach (var w in windows)
            {
                covers.Add(("window", ExclusionReasons.Maintenance, w.Label, w.Start, w.End));
            }

            foreach (var member in m.Members.Where(x => x.Source.ExcludedReason is { Length: > 0 }))
            {
                covers.Add(("reason", member.Source.ExcludedReason!, member.Source.Label, member.Start, member.End));
            }

            var wholeExcluded = Covered(covers.Select(c => (c.Start, c.End)), m.Start, m.End);
            var inExcluded = Covered(covers.Select(c => (c.Start, c.End)), inStart, inEnd);
            var seconds = (long)(inEnd - inStart).TotalSeconds;
            var exclusions = covers
                .Select(c => (c, From: c.Start > inStart ? c.Start : inStart, To: c.End < inEnd ? c.End : inEnd))
                .Where(x => x.To > x.From)
                .OrderBy(x => x.From)
                .Select(x => new ExclusionLine(x.c.Kind, x.c.Code, x.c.Label, HelsinkiTime.InHelsinki(x.From), HelsinkiTime.InHelsinki(x.To), Minutes((long)(x.To - x.From).TotalSeconds)))
                .ToList();
            var startedInMonth = m.Start >= monthStart && m.Start < monthEnd;
            var planned = wholeExcluded == (long)(m.End - m.Start).TotalSeconds;
            var counts = startedInMonth && !planned;
            kaSeconds += seconds;
            ehSeconds += inExcluded;
            if (counts)
            {
                unplanned++;
            }

            lines.Add(new OutageLine(HelsinkiTime.InHelsinki(m.Start), HelsinkiTime.InHelsinki(m.End), m.Open, m.Members.Count,
                HelsinkiTime.InHelsinki(inStart), HelsinkiTime.InHelsinki(inEnd), Minutes(seconds), Minutes(inExcluded), exclusions, startedInMonth, planned, counts));
        }

        var percent = decimal.Round((paSeconds - kaSeconds + ehSeconds) * 100m / paSeconds, 6, MidpointRounding.ToZero);
        return new AvailabilityResult(year, month, HelsinkiTime.InHelsinki(monthStart), HelsinkiTime.InHelsinki(monthEnd), paSeconds / 60m,
            Minutes(kaSeconds), Minutes(ehSeconds), kaSeconds, ehSeconds, percent, unplanned, lines);
    }

    /// <summary>Seconds as minutes with four decimals.</summary>
    public static decimal Minutes(long seconds) => decimal.Round(seconds / 60m, 4, MidpointRounding.AwayFromZero);

    /// <summary>The instant counted to the whole second (a fraction of a second is dropped).</summary>
    private static DateTimeOffset Second(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The seconds of [from, to) covered by the union of the intervals (overlaps counted once).</summary>
    private static long Covered(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals, DateTimeOffset from, DateTimeOffset to)
    {
        long total = 0;
        var cursor = from;
        foreach (var (s0, e0) in intervals.Select(i => (S: i.Start > from ? i.Start : from, E: i.End < to ? i.End : to)).Where(i => i.E > i.S).OrderBy(i => i.S))
        {
            var s = s0 > cursor ? s0 : cursor;
            if (e0 > s)
            {
                total += (long)(e0 - s).TotalSeconds;
                cursor = e0;
            }
        }

        return total;
    }
}
