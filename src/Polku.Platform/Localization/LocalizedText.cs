using System.Globalization;

namespace Polku.Platform.Localization;

/// <summary>A text in the three languages Polku serves: Finnish, Swedish and English.</summary>
public sealed record LocalizedText(string Fi, string Sv, string En)
{
    /// <summary>The languages every user-visible text must exist in, in order of preference.</summary>
    public static readonly IReadOnlyList<string> Languages = ["fi", "sv", "en"];

    /// <summary>The text in the given two-letter language; Finnish when the language is unknown.</summary>
    public string Get(string language) => language switch
    {
        "sv" => Sv,
        "en" => En,
        _ => Fi,
    };

    /// <summary>The text in the current UI culture's language.</summary>
    public string Current => Get(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    public override string ToString() => Current;
}
