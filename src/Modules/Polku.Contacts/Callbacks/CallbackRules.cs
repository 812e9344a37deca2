using System.Text;
using System.Text.RegularExpressions;

namespace Polku.Contacts.Callbacks;

/// <summary>Pure checks of a call-back request: service code, Finnish phone numbers and the time window.</summary>
public static partial class CallbackRules
{
    public const int MinWindowMinutes = 30;
    public const int MaxDaysAhead = 14;
    public const int MaxNoteLength = 1000;

    public static readonly IReadOnlyList<string> Results = ["reached", "no-answer", "wrong-number"];

    public static bool IsServiceCode(string? code) => code is not null && ServiceCodeRegex().IsMatch(code);

    /// <summary>
    /// A Finnish or international number (<c>040 123 4567</c>, <c>+358 40 1234567</c>, <c>00358 …</c>) in E.164
    /// (<c>+358401234567</c>), or null when it is not a phone number: only digits, spaces, hyphens and a leading +,
    /// 7–15 digits.
    /// </summary>
    public static string? NormalisePhone(string? input)
    {
        if (input is null || input.Length > 40)
        {
            return null;
        }

        var text = input.Trim();
        var plus = text.StartsWith('+');
        var digits = new StringBuilder(16);
        foreach (var c in plus ? text.AsSpan(1) : text.AsSpan())
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-'))
            {
                return null;
            }
        }

        if (digits.Length is < 7 or > 15)
        {
            return null;
        }

        var d = digits.ToString();
        var e164 = plus ? "+" + d
            : d.StartsWith("00", StringComparison.Ordinal) ? "+" + d[2..]
            : d.StartsWith('0') ? "+358" + d[1..]
            : null;
        return e164 is { Length: >= 8 and <= 16 } && e164[1] != '0' ? e164 : null;
    }

    /// <summary>The error code of a window that cannot be used, or null: at least 30 minutes, not past, within 14 days.</summary>
    public static string? WindowProblem(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (to <= from)
        {
            return "contacts.callbacks.window_order";
        }

        if (to - from < TimeSpan.FromMinutes(MinWindowMinutes))
        {
            return "contacts.callbacks.window_too_short";
        }

        // A window starting this very minute is fine; the form has minute precision.
        if (from < now.AddMinutes(-1))
        {
            return "contacts.callbacks.window_past";
        }

        return to > now.AddDays(MaxDaysAhead) ? "contacts.callbacks.window_too_far" : null;
    }

    /// <summary>The task outcome for a call result.</summary>
    public static string OutcomeFor(string result) => result == "reached" ? "handled-digitally" : "resident-unreachable";

    [GeneratedRegex("^[a-z0-9-]{2,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceCodeRegex();
}
