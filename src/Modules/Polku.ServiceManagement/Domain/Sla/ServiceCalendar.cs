using Polku.Platform.Time;

namespace Polku.ServiceManagement.Domain.Sla;

/// <summary>
/// The service times of <see cref="ServiceCalendars"/> as platform opening hours, so that SLA clocks count Helsinki
/// wall-clock service time on real instants (a daylight-saving night has 23 or 25 hours).
/// </summary>
internal static class ServiceCalendar
{
    private static readonly TimeOnly OfficeOpens = new(8, 0);
    private static readonly TimeOnly OfficeCloses = new(16, 0);

    /// <summary>
    /// Mon–Fri 08:00–16:00 Europe/Helsinki. Closed on Finnish public holidays and on the de facto non-working days
    /// (Midsummer Eve, Christmas Eve): <see cref="FinnishCalendar.IsNonWorkingDay"/> counts both kinds.
    /// </summary>
    public static OpeningHours Office { get; } = new(
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningPeriod(d, OfficeOpens, OfficeCloses))],
        [],
        closedOnNonWorkingDays: true);

    /// <summary>Around the clock, holidays included: service time is real time.</summary>
    public static OpeningHours AroundTheClock => OpeningHours.AlwaysOpen;

    public static bool IsKnown(string? calendar) => calendar is ServiceCalendars.Office or ServiceCalendars.AroundTheClock;

    /// <summary>The opening hours of a calendar code; throws for an unknown code (codes are validated where they enter).</summary>
    public static OpeningHours For(string calendar) => calendar switch
    {
        ServiceCalendars.Office => Office,
        ServiceCalendars.AroundTheClock => AroundTheClock,
        _ => throw new ArgumentOutOfRangeException(nameof(calendar), calendar, "Unknown service calendar."),
    };
}
