using Polku.Platform.Time;

namespace Polku.Contacts.FollowUp;

/// <summary>
/// The expected measurement times of a plan: each schedule part's Helsinki wall-clock times on its days, as instants.
/// Computed from the Helsinki date and time of day, so 08:00 stays 08:00 on both sides of a daylight-saving change
/// (<see cref="HelsinkiTime.ToInstant"/> resolves a time the clock skips or repeats). A plan extended past its
/// template's length goes on with the last part's pattern.
/// </summary>
internal static class FollowUpSchedule
{
    /// <summary>The slots of the plan from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (inclusive), in order.</summary>
    public static IReadOnlyList<DateTime> Slots(PlanTemplate template, DateOnly start, DateOnly end, DateTime fromUtc, DateTime toUtc)
    {
        var slots = new List<DateTime>();
        if (toUtc < fromUtc)
        {
            return slots;
        }

        // A day's slots lie within a few hours of its Helsinki date, so one day either side is enough.
        var first = Max(start, HelsinkiTime.LocalDate(new DateTimeOffset(fromUtc, TimeSpan.Zero)).AddDays(-1));
        var last = Min(end, HelsinkiTime.LocalDate(new DateTimeOffset(toUtc, TimeSpan.Zero)).AddDays(1));
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            var phase = PhaseOn(template, start, date);
            if (phase.Weekdays is { } days && !days.Contains(date.DayOfWeek))
            {
                continue;
            }

            foreach (var time in phase.Times)
            {
                var slot = HelsinkiTime.ToInstant(date, time).UtcDateTime;
                if (slot >= fromUtc && slot <= toUtc)
                {
                    slots.Add(slot);
                }
            }
        }

        return slots;
    }

    /// <summary>The schedule part in force on a date of the plan.</summary>
    public static SchedulePhase PhaseOn(PlanTemplate template, DateOnly start, DateOnly date)
    {
        var offset = date.DayNumber - start.DayNumber;
        foreach (var phase in template.Schedule)
        {
            if (offset < phase.Days)
            {
                return phase;
            }

            offset -= phase.Days;
        }

        return template.Schedule[^1];
    }

    /// <summary>The plan's last date when it runs its template's full length.</summary>
    public static DateOnly DefaultEnd(PlanTemplate template, DateOnly start) => start.AddDays(template.Days - 1);

    /// <summary>
    /// Slots without a measurement: a slot counts as measured when a value was taken within
    /// <paramref name="tolerance"/> of it (each value covers at most one slot, the nearest first).
    /// </summary>
    public static IReadOnlyList<DateTime> Missed(IReadOnlyList<DateTime> slots, IEnumerable<DateTime> measuredUtc, TimeSpan tolerance)
    {
        var values = measuredUtc.Order().ToList();
        var used = new bool[values.Count];
        var missed = new List<DateTime>();
        foreach (var slot in slots)
        {
            var best = -1;
            for (var i = 0; i < values.Count; i++)
            {
                if (!used[i] && (values[i] - slot).Duration() <= tolerance && (best < 0 || (values[i] - slot).Duration() < (values[best] - slot).Duration()))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                missed.Add(slot);
            }
            else
            {
                used[best] = true;
            }
        }

        return missed;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
