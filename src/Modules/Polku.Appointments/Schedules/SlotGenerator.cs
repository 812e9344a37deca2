using Polku.Platform.Time;

namespace Polku.Appointments.Schedules;

/// <summary>
/// Derives the concrete slots of a schedule from its bookable hours. Pure: the same hours and dates always give the
/// same slots. Slots are laid out on real instants inside each open interval, so on the days daylight saving starts
/// or ends a 08:00–16:00 day still has exactly its eight hours of slots — none vanishes, none doubles.
/// </summary>
internal static class SlotGenerator
{
    /// <summary>The slots whose start falls on Helsinki dates <paramref name="from"/> … <paramref name="through"/> (inclusive).</summary>
    public static IEnumerable<(DateTime StartUtc, DateTime EndUtc)> Generate(
        OpeningHours hours, int slotMinutes, int bufferBeforeMinutes, int bufferAfterMinutes, DateOnly from, DateOnly through)
    {
        if (slotMinutes <= 0 || bufferBeforeMinutes < 0 || bufferAfterMinutes < 0 || through < from)
        {
            yield break;
        }

        var slot = TimeSpan.FromMinutes(slotMinutes);
        var before = TimeSpan.FromMinutes(bufferBeforeMinutes);
        var step = before + slot + TimeSpan.FromMinutes(bufferAfterMinutes);
        var start = HelsinkiTime.ToInstant(from, TimeOnly.MinValue);
        var end = HelsinkiTime.ToInstant(through.AddDays(1), TimeOnly.MinValue);
        foreach (var (open, close) in hours.OpenIntervals(start, end))
        {
            for (var at = open; at + step <= close; at += step)
            {
                var slotStart = at + before;
                yield return (slotStart.UtcDateTime, (slotStart + slot).UtcDateTime);
            }
        }
    }
}
