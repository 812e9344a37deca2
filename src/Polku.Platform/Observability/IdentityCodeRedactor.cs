using System.Text;

namespace Polku.Platform.Observability;

/// <summary>
/// Finds and masks Finnish personal identity codes (henkilötunnus, <c>DDMMYYCZZZQ</c>) in free text. Every century
/// sign is recognised: <c>+</c> (1800s), <c>-</c> and <c>YXWVU</c> (1900s), <c>A</c> and <c>BCDEF</c> (2000s) — the
/// letters added in 2023 included. The check character is not verified: a mistyped code is still a person's code.
/// Lower case is matched too. A code must not be part of a longer run of letters or digits, so GUIDs, hashes and long
/// numbers are left alone.
/// </summary>
/// <remarks>
/// A hand-written scan rather than a regular expression: it runs on every log entry, so it makes one pass over the
/// text and looks closer only where a run of exactly six digits ends; several times faster than the equivalent
/// pattern on typical log lines full of ids and numbers.
/// </remarks>
public static class IdentityCodeRedactor
{
    public const string Replacement = "[hetu-redacted]";

    private const int Length = 11;

    /// <summary>The text with every identity code replaced by <see cref="Replacement"/>; the same instance when there is none.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = Find(text, 0);
        if (at < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 8);
        var from = 0;
        while (at >= 0)
        {
            result.Append(text, from, at - from).Append(Replacement);
            from = at + Length;
            at = Find(text, from);
        }

        return result.Append(text, from, text.Length - from).ToString();
    }

    public static bool Contains(string? text) => text is { Length: >= Length } && Find(text, 0) >= 0;

    /// <summary>The index of the first identity code at or after <paramref name="from"/>, or -1.</summary>
    private static int Find(ReadOnlySpan<char> text, int from)
    {
        // One pass counting the current run of digits; only a century sign right after a run of exactly six is looked at.
        var run = 0;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                run++;
                continue;
            }

            if (run == 6 && IsCodeAt(text, i - 6))
            {
                return i - 6;
            }

            run = 0;
        }

        return -1;
    }

    // text[start..start+6] are digits and not preceded by a digit (the caller found the start of a run of six).
    private static bool IsCodeAt(ReadOnlySpan<char> text, int start)
    {
        if (start + Length > text.Length
            || (start > 0 && char.IsAsciiLetter(text[start - 1]))
            || (start + Length < text.Length && char.IsAsciiLetterOrDigit(text[start + Length])))
        {
            return false;
        }

        var day = ((text[start] - '0') * 10) + (text[start + 1] - '0');
        var month = ((text[start + 2] - '0') * 10) + (text[start + 3] - '0');
        return day is >= 1 and <= 31
            && month is >= 1 and <= 12
            && IsCenturySign(text[start + 6])
            && char.IsAsciiDigit(text[start + 7]) && char.IsAsciiDigit(text[start + 8]) && char.IsAsciiDigit(text[start + 9])
            && IsCheckCharacter(text[start + 10]);
    }

    private static bool IsCenturySign(char c) => char.ToUpperInvariant(c) is '+' or '-' or (>= 'A' and <= 'F') or (>= 'U' and <= 'Y');

    // 0–9 and the letters of the check table, which leaves out G, I, O, Q and Z.
    private static bool IsCheckCharacter(char c) =>
        char.IsAsciiDigit(c) || (char.ToUpperInvariant(c) is var u && u is >= 'A' and <= 'Y' && u is not ('G' or 'I' or 'O' or 'Q' or 'Z'));
}
