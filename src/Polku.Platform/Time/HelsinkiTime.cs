namespace Polku.Platform.Time;

/// <summary>
/// Conversions between instants and Helsinki wall-clock time (Europe/Helsinki, EET/EEST).
/// All local dates and times in Polku are Helsinki wall-clock values.
/// </summary>
public static class HelsinkiTime
{
    /// <summary>The Europe/Helsinki time zone.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    /// <summary>The Helsinki wall-clock time of an instant (<see cref="DateTimeKind.Unspecified"/>).</summary>
    public static DateTime ToLocal(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>The Helsinki date of a UTC instant as the county writes it in every language: 14.3.2027.</summary>
    public static string FormatDate(DateTime utc) =>
        ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d.M.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Helsinki calendar date of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    /// <summary>The instant converted to the Helsinki offset that is in force at that instant.</summary>
    public static DateTimeOffset InHelsinki(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>
    /// Maps a Helsinki wall-clock time to an instant. A time in the spring-forward gap
    /// (which does not exist on the clock) maps to the first valid instant after the gap,
    /// i.e. the moment of the change. A time in the autumn overlap (which happens twice)
    /// maps to the earlier instant, still in summer time. The result carries the Helsinki
    /// offset in force at that instant.
    /// </summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);

        if (Zone.IsInvalidTime(local))
        {
            // Walk back to the first minute of the gap; gaps are whole minutes and at most a few hours.
            var gapStart = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (Zone.IsInvalidTime(gapStart.AddMinutes(-1)))
            {
                gapStart = gapStart.AddMinutes(-1);
            }

            var offsetBefore = Zone.GetUtcOffset(gapStart.AddMinutes(-1));
            var changeUtc = new DateTimeOffset(gapStart - offsetBefore, TimeSpan.Zero);
            return TimeZoneInfo.ConvertTime(changeUtc, Zone);
        }

        if (Zone.IsAmbiguousTime(local))
        {
            // The larger offset gives the earlier instant (summer time).
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
