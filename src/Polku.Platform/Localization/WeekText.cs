using System.Globalization;
using Polku.Platform.Time;

namespace Polku.Platform.Localization;

/// <summary>
/// Weekdays, times and opening periods in a person's language: "ma–pe 8.00–11.30, la 10.00–14.00" in Finnish,
/// "mån–fre 08.00–11.30" in Swedish, "Mon–Fri 08:00–11:30" in English. One place for every page that shows a
/// weekly rhythm (schedules, routing rows, opening hours), so they read the same everywhere.
/// </summary>
public static class WeekText
{
    /// <summary>Monday first, as Finnish calendars and the patterns coordinators type.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>A weekday's short name ("ma", "mån", "Mon").</summary>
    public static string DayShort(Texts texts, DayOfWeek day) => texts["common.day_short." + day];

    /// <summary>The weekdays as short names with runs of three or more joined, e.g. "ma–pe, su"; empty for none.</summary>
    public static string Days(Texts texts, IEnumerable<DayOfWeek> days)
    {
        var set = days.ToHashSet();
        var parts = new List<string>();
        for (var i = 0; i < Week.Count;)
        {
            if (!set.Contains(Week[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < Week.Count && set.Contains(Week[end + 1]))
            {
                end++;
            }

            parts.Add(end - i >= 2 ? $"{DayShort(texts, Week[i])}–{DayShort(texts, Week[end])}"
                : end == i ? DayShort(texts, Week[i])
                : $"{DayShort(texts, Week[i])}, {DayShort(texts, Week[end])}");
            i = end + 1;
        }

        return string.Join(", ", parts);
    }

    /// <summary>A time of day in the current culture; a closing time of 00:00 is midnight at the end of the day ("24.00").</summary>
    public static string Time(TimeOnly time, bool closing = false) =>
        closing && time == TimeOnly.MinValue
            ? "24" + CultureInfo.CurrentCulture.DateTimeFormat.TimeSeparator + "00"
            : time.ToString("t", CultureInfo.CurrentCulture);

    /// <summary>A time range with an en dash, "8.00–11.30".</summary>
    public static string Range(TimeOnly open, TimeOnly close) => $"{Time(open)}–{Time(close, closing: true)}";

    /// <summary>
    /// Weekly periods grouped by their hours, in the order first met: "ma–pe 8.00–11.30, ma–pe 12.30–15.30, la 10.00–14.00".
    /// </summary>
    public static string Periods(Texts texts, IEnumerable<OpeningPeriod> periods) =>
        string.Join(", ", periods
            .GroupBy(p => (p.Open, p.Close))
            .Select(g => $"{Days(texts, g.Select(p => p.Day))} {Range(g.Key.Open, g.Key.Close)}"));
}
