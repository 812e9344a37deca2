using System.Globalization;
using Polku.Appointments.Api;
using Polku.Appointments.Data;
using Polku.Platform.Localization;
using Polku.Platform.Time;

namespace Polku.Appointments.Desk;

/// <summary>Texts and Helsinki times of the appointment desk's pages.</summary>
internal static class DeskDisplay
{
    public static DateTimeOffset Local(DateTime utc) =>
        HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>Date and time in the reader's culture, Helsinki wall clock.</summary>
    public static string When(DateTime utc) => Local(utc).ToString("g", CultureInfo.CurrentCulture);

    public static string Time(DateTime utc) => Local(utc).ToString("t", CultureInfo.CurrentCulture);

    public static string Day(DateOnly date) => date.ToString("dddd d.M.yyyy", CultureInfo.CurrentCulture);

    /// <summary>"ma 7.12." for a week's column.</summary>
    public static string DayShort(DateOnly date) => date.ToString("ddd d.M.", CultureInfo.CurrentCulture);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Mode(Texts t, AppointmentMode mode) => t["appointments.desk.mode." + Modes.Name(mode)];

    public static string Status(Texts t, AppointmentStatus status) => t["appointments.desk.status." + Modes.Status(status)];

    public static string Service(Texts t, string code) =>
        t.Has("appointments.desk.service." + code) ? t["appointments.desk.service." + code] : code;

    /// <summary>The localised message of an error code: its own text when there is one, else the desk's generic one.</summary>
    public static string Error(Texts t, string code) =>
        t.Has(code) ? t[code]
        : t.Has("appointments.desk.error." + code[(code.LastIndexOf('.') + 1)..]) ? t["appointments.desk.error." + code[(code.LastIndexOf('.') + 1)..]]
        : t["error.title"];

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The instants of a Helsinki date's start and the next day's start (23 or 25 hours on DST days).</summary>
    public static (DateTime From, DateTime To) DayRange(DateOnly from, int days) =>
        (HelsinkiTime.ToInstant(from, TimeOnly.MinValue).UtcDateTime, HelsinkiTime.ToInstant(from.AddDays(days), TimeOnly.MinValue).UtcDateTime);
}
