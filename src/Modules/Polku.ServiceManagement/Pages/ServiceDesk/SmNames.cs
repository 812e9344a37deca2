using System.Globalization;
using Polku.Platform.Time;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The reader's language's name of a catalogue entry and of a notice's or article's texts.</summary>
internal static class SmNames
{
    /// <summary>fi, sv or en from the current UI culture (Polku sets it from the person's choice).</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch
    {
        "sv" => "sv",
        "en" => "en",
        _ => "fi",
    };

    public static string Pick(string fi, string sv, string en) => Language switch
    {
        "sv" => sv,
        "en" => en,
        _ => fi,
    };

    public static string Name(SmService service) => Pick(service.NameFi, service.NameSv, service.NameEn);

    /// <summary>An instant as Helsinki wall-clock date and time in the reader's culture.</summary>
    public static string At(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture);

    public static string At(DateTime? utc) => utc is { } u ? At(u) : "—";

    /// <summary>Minutes of service time as hours and minutes ("2 h 05 min").</summary>
    public static string Minutes(double minutes)
    {
        var total = (int)Math.Floor(minutes);
        return total >= 60 ? string.Create(CultureInfo.InvariantCulture, $"{total / 60} h {total % 60:D2} min") : string.Create(CultureInfo.InvariantCulture, $"{total} min");
    }
}
