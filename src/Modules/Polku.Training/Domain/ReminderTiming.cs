using Polku.Platform.Time;

namespace Polku.Training.Domain;

/// <summary>
/// When the automatic reminders of a course group are due (spec 07: "5 days and 24 hours before"). The two are read
/// differently on purpose, and both are correct across a daylight-saving change:
/// <list type="bullet">
/// <item><b>5 days</b> is calendar days: the same Helsinki wall-clock time five calendar days before the first session
/// (a session on Monday 9.00 is reminded of on the Wednesday before at 9.00, even when the clocks change on the Sunday
/// between, so the real interval is then 119 or 121 hours). People count days by the calendar.</item>
/// <item><b>24 hours</b> is real elapsed time: exactly 24 hours before the start (a session at 9.00 on the Sunday of the
/// October change is reminded of at 10.00 on Saturday, wall clock). "Within a day" is a duration.</item>
/// </list>
/// A wall-clock time the clock skips (the March gap) resolves to the moment of the change, a repeated one (October) to
/// the earlier instant (<see cref="HelsinkiTime.ToInstant"/>).
/// </summary>
internal static class ReminderTiming
{
    public const int DaysBefore = 5;
    public static readonly TimeSpan HoursBefore = TimeSpan.FromHours(24);

    /// <summary>Days before a certificate expires when its holder is warned (same wall-clock rule as the 5-day reminder).</summary>
    public const int ExpiryWarningDays = 30;

    public static DateTime FiveDaysBefore(DateTime startUtc) => SameWallClockDaysBefore(startUtc, DaysBefore);

    public static DateTime DayBefore(DateTime startUtc) => DateTime.SpecifyKind(startUtc, DateTimeKind.Utc) - HoursBefore;

    public static DateTime ExpiryWarning(DateTime expiresUtc) => SameWallClockDaysBefore(expiresUtc, ExpiryWarningDays);

    /// <summary>The instant at the same Helsinki wall-clock time <paramref name="days"/> calendar days before.</summary>
    public static DateTime SameWallClockDaysBefore(DateTime utc, int days)
    {
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        return HelsinkiTime.ToInstant(DateOnly.FromDateTime(local).AddDays(-days), TimeOnly.FromDateTime(local)).UtcDateTime;
    }

    /// <summary>Which reminder, if any, is to go out now for a place taken at <paramref name="enrolledUtc"/>.</summary>
    /// <remarks>
    /// A reminder goes out when its moment has passed and the session has not started. The 5-day one is skipped once the
    /// 24-hour one is due (a worker that was down sends the nearer one, not both), and neither goes to a place taken
    /// after its moment: the confirmation just told the trainee the time.
    /// </remarks>
    public static string? Due(DateTime startUtc, DateTime enrolledUtc, DateTime nowUtc)
    {
        if (nowUtc >= startUtc)
        {
            return null;
        }

        var day = DayBefore(startUtc);
        if (nowUtc >= day)
        {
            return enrolledUtc < day ? Kinds.DayBefore : null;
        }

        var five = FiveDaysBefore(startUtc);
        return nowUtc >= five && enrolledUtc < five ? Kinds.FiveDays : null;
    }

    public static class Kinds
    {
        public const string FiveDays = "5d";
        public const string DayBefore = "24h";
    }
}
