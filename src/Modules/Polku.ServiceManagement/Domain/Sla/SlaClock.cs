namespace Polku.ServiceManagement.Domain.Sla;

/// <summary>A period in which a ticket's SLA clock stood still, in real time; an open pause has no end yet.</summary>
internal readonly record struct SlaPause(DateTimeOffset Start, DateTimeOffset? End);

/// <summary>Where a clock stands against its target: warning from 75 %, breached from 100 %.</summary>
internal enum SlaState
{
    Ok,
    Warning,
    Breached,
}

/// <summary>
/// The SLA clock of spec 06: response and resolution targets are minutes of the service's service time
/// (<see cref="ServiceCalendar"/>), counted from the ticket's opening. Time outside service time does not count — work
/// that started before the end of service time may continue, but the clock stops — and neither does the service time
/// inside a pause (waiting for the reporter or a third party). Pauses are real-time periods. Because every answer is
/// computed from the opening, a new target after a priority change applies retroactively, with the pauses kept.
/// </summary>
internal static class SlaClock
{
    /// <summary>
    /// How far ahead a due time is looked for: 525,600 office minutes (the API's largest target) are about 4.4 years
    /// of working days.
    /// </summary>
    private const int MaxDays = 3000;

    /// <summary>Warnings from this share of the target on (seed 002: 75 %).</summary>
    public const double WarningShare = 0.75;

    /// <summary>
    /// The instant at which <paramref name="targetMinutes"/> of service time have elapsed since <paramref name="opened"/>,
    /// not counting paused time (an open pause counts as lasting until <paramref name="now"/>). A target applies from
    /// the start: calling this again with a new target after a priority change gives the retroactive due time with the
    /// pauses kept. The answer carries the Helsinki offset of its instant.
    /// </summary>
    public static DateTimeOffset Due(DateTimeOffset opened, int targetMinutes, string calendar, IReadOnlyList<SlaPause> pauses, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetMinutes);
        ArgumentNullException.ThrowIfNull(pauses);
        var hours = ServiceCalendar.For(calendar);
        var remaining = TimeSpan.FromMinutes(targetMinutes);
        var cursor = opened;
        foreach (var (start, end) in Normalise(opened, pauses, now, null))
        {
            if (start > cursor)
            {
                var counted = Sum(hours.OpenIntervals(cursor, start));
                if (remaining <= counted)
                {
                    break;
                }

                remaining -= counted;
            }

            if (end > cursor)
            {
                cursor = end;
            }
        }

        return hours.AddServiceTime(cursor, remaining, MaxDays)
            ?? throw new InvalidOperationException($"No due time within {MaxDays} days of {cursor:O}.");
    }

    /// <summary>Minutes of service time elapsed from <paramref name="opened"/> to <paramref name="until"/>, paused time not counted.</summary>
    public static double ElapsedMinutes(DateTimeOffset opened, DateTimeOffset until, string calendar, IReadOnlyList<SlaPause> pauses)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        var hours = ServiceCalendar.For(calendar);
        if (until <= opened)
        {
            return 0;
        }

        var elapsed = TimeSpan.Zero;
        var cursor = opened;
        foreach (var (start, end) in Normalise(opened, pauses, until, until))
        {
            if (start > cursor)
            {
                elapsed += Sum(hours.OpenIntervals(cursor, start));
            }

            if (end > cursor)
            {
                cursor = end;
            }
        }

        if (until > cursor)
        {
            elapsed += Sum(hours.OpenIntervals(cursor, until));
        }

        return elapsed.TotalMinutes;
    }

    /// <summary>Ok, warning (at least 75 % of the target elapsed) or breached (at least 100 %).</summary>
    public static SlaState State(DateTimeOffset opened, int targetMinutes, string calendar, IReadOnlyList<SlaPause> pauses, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetMinutes);
        var elapsed = ElapsedMinutes(opened, now, calendar, pauses);
        if (elapsed >= targetMinutes)
        {
            return SlaState.Breached;
        }

        // Compared as elapsed / target ≥ 3/4 without dividing, so that exactly 75 % is a warning.
        return elapsed * 4 >= targetMinutes * 3.0 ? SlaState.Warning : SlaState.Ok;
    }

    /// <summary>
    /// The pauses after the opening as sorted, merged real-time periods: an open pause ends at <paramref name="openEnd"/>,
    /// and with a <paramref name="clip"/> nothing reaches past it.
    /// </summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> Normalise(DateTimeOffset opened, IReadOnlyList<SlaPause> pauses, DateTimeOffset openEnd, DateTimeOffset? clip)
    {
        var periods = new List<(DateTimeOffset Start, DateTimeOffset End)>(pauses.Count);
        foreach (var pause in pauses)
        {
            var start = pause.Start < opened ? opened : pause.Start;
            var end = pause.End ?? openEnd;
            if (clip is { } c && end > c)
            {
                end = c;
            }

            if (end > start)
            {
                periods.Add((start, end));
            }
        }

        periods.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>(periods.Count);
        foreach (var p in periods)
        {
            if (merged.Count > 0 && p.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = (last.Start, p.End > last.End ? p.End : last.End);
            }
            else
            {
                merged.Add(p);
            }
        }

        return merged;
    }

    private static TimeSpan Sum(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var total = TimeSpan.Zero;
        foreach (var (start, end) in intervals)
        {
            total += end - start;
        }

        return total;
    }
}
