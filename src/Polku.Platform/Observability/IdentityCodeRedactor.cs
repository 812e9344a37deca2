using System.Text.RegularExpressions;

namespace Polku.Platform.Observability;

/// <summary>
/// Finds and masks Finnish personal identity codes (henkilötunnus, <c>DDMMYYCZZZQ</c>) in free text. Every century
/// sign is recognised: <c>+</c> (1800s), <c>-</c> and <c>YXWVU</c> (1900s), <c>A</c> and <c>BCDEF</c> (2000s) — the
/// letters added in 2023 included. The check character is not verified: a mistyped code is still a person's code.
/// </summary>
public static partial class IdentityCodeRedactor
{
    public const string Replacement = "[hetu-redacted]";

    /// <summary>The text with every identity code replaced by <see cref="Replacement"/>; the same instance when there is none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Contains(text) ? Code().Replace(text, Replacement) : text;
    }

    public static bool Contains(string? text) => !string.IsNullOrEmpty(text) && text.Length >= 11 && Code().IsMatch(text);

    // Day 01–31, month 01–12, year, century sign, individual number, check character (0–9 and letters without G I O Q Z).
    // Not part of a longer run of letters or digits, so GUIDs, hashes and long numbers are left alone. Lower case is
    // matched too: a code typed in lower case is still a code.
    [GeneratedRegex(
        "(?<![0-9A-Za-z])(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-FHJ-NPR-Ya-fhj-npr-y](?![0-9A-Za-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Code();
}
