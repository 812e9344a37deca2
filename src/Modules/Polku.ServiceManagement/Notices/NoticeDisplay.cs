using System.Globalization;
using Polku.Platform.Localization;
using Polku.ServiceManagement.Contracts;

namespace Polku.ServiceManagement.Notices;

/// <summary>How notices read: Helsinki times in the reader's culture (6.3.2026 klo 9.30 / 9.30 / 09:30).</summary>
public static class NoticeDisplay
{
    public static string When(DateTimeOffset helsinki)
    {
        var culture = Language.CultureFor(Language.Current);
        return helsinki.ToString("d.M.yyyy", CultureInfo.InvariantCulture) + " " + helsinki.ToString("t", culture);
    }

    /// <summary>"start – end", or "from start" when the end is open.</summary>
    public static string Period(Texts texts, DateTimeOffset starts, DateTimeOffset? ends)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return ends is { } e ? texts["sm.notices.period", When(starts), When(e)] : texts["sm.notices.period_open", When(starts)];
    }

    public static string Period(Texts texts, DisruptionNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Period(texts, notice.Starts, notice.Ends);
    }

    /// <summary>The body's paragraphs (separated by blank lines), each shown as text.</summary>
    public static IReadOnlyList<string> Paragraphs(string body) =>
        [.. (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
