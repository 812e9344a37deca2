using Polku.Appointments.Api;
using Polku.Appointments.Data;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.SelfBooking;

/// <summary>Times, places and modes as the resident reads them: Helsinki wall clock in the page's language.</summary>
internal static class BookingDisplay
{
    private static DateTime Local(DateTime utc) => HelsinkiTime.ToLocal(SelfBookingFlow.Utc(utc));

    /// <summary>"tiistai 1.12.2026".</summary>
    public static string Date(DateOnly date) =>
        date.ToString("dddd d.M.yyyy", Language.CultureFor(Language.Current));

    public static string Date(DateTime utc) => Date(DateOnly.FromDateTime(Local(utc)));

    /// <summary>"10.30" in Finnish, "10:30" in Swedish and English, per the culture's short time.</summary>
    public static string Time(DateTime utc) => Local(utc).ToString("t", Language.CultureFor(Language.Current));

    /// <summary>"tiistai 1.12.2026 klo 10.30".</summary>
    public static string When(DateTime utc, Texts texts) => texts["booking.pages.when", Date(utc), Time(utc)];

    /// <summary>
    /// A moment as an adverbial of time, after "by" or "until": "(viimeistään) tiistaina 1.12.2026 klo 10.30" with the
    /// Finnish weekday in the essive case, "(senast) tisdag 1.12.2026 kl. 10.30", "(by) Tuesday 1.12.2026 at 10:30".
    /// </summary>
    public static string WhenAdverbial(DateTime utc, Texts texts)
    {
        var local = Local(utc);
        var culture = Language.CultureFor(Language.Current);
        var date = Language.Current == "fi"
            ? local.ToString("dddd", culture) + "na " + local.ToString("d.M.yyyy", culture)
            : Date(DateOnly.FromDateTime(local));
        return texts["booking.pages.when", date, Time(utc)];
    }

    /// <summary>A deadline as a resident reads it: down to the quarter hour before, never later than the real one.</summary>
    public static DateTime QuarterBefore(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.FromMinutes(15).Ticks), utc.Kind);

    public static string Mode(AppointmentMode mode, Texts texts) => texts["booking.pages.mode." + Modes.Name(mode)];

    /// <summary>"Porvoon terveysasema – etävastaanotto (video)".</summary>
    public static string Place(UnitInfo? unit, AppointmentMode mode, Texts texts) =>
        (unit?.Name.Get(Language.Current) is { Length: > 0 } name ? name + " – " : "") + Mode(mode, texts);

    public static string Status(AppointmentStatus status, Texts texts) => texts["booking.pages.status." + Modes.Status(status)];
}
