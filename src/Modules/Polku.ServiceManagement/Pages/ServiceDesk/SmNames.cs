using System.Globalization;
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
}
