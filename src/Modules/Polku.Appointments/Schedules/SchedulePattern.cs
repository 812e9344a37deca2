using System.Globalization;
using Polku.Platform.Localization;
using Polku.Platform.Time;

namespace Polku.Appointments.Schedules;

/// <summary>
/// The text forms of a schedule's bookable hours, as a coordinator types them, and their parsing into
/// <see cref="OpeningHours"/> (the platform's DST-correct weekly pattern with exceptions and holidays).
/// </summary>
/// <remarks>
/// Weekly pattern: periods separated by <c>;</c>, each a day list and a time range —
/// <c>Mon-Fri 08:00-11:30; Mon,Wed 12:30-15:00</c>. Exceptions: dates that replace the pattern —
/// <c>2026-12-08 closed; 2026-12-12 09:00-12:00,13:00-15:00</c>. Times are Helsinki wall clock.
/// </remarks>
internal static class SchedulePattern
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>Parses the weekly pattern; the error is a stable code (<c>appointments.schedule.pattern_invalid</c> …).</summary>
    public static (IReadOnlyList<OpeningPeriod>? Periods, string? Error) ParseWeekly(string? text)
    {
        var periods = new List<OpeningPeriod>();
        foreach (var part in Split(text))
        {
            var space = part.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || ParseDays(part[..space]) is not { } days || ParseRange(part[(space + 1)..].Trim()) is not { } range)
            {
                return (null, "appointments.schedule.pattern_invalid");
            }

            foreach (var day in days)
            {
                var period = new OpeningPeriod(day, range.Open, range.Close);
                if (period.Problem() is not null)
                {
                    return (null, "appointments.schedule.pattern_invalid");
                }

                periods.Add(period);
            }
        }

        return periods.Count == 0 ? (null, "appointments.schedule.pattern_empty") : (periods, null);
    }

    /// <summary>Parses the exceptions (may be empty).</summary>
    public static (IReadOnlyList<OpeningException>? Exceptions, string? Error) ParseExceptions(string? text)
    {
        var exceptions = new List<OpeningException>();
        foreach (var part in Split(text))
        {
            var space = part.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !DateOnly.TryParseExact(part[..space], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return (null, "appointments.schedule.exceptions_invalid");
            }

            var rest = part[(space + 1)..].Trim();
            var ranges = new List<(TimeOnly, TimeOnly)>();
            if (!rest.Equals("closed", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var r in rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (ParseRange(r) is not { } range || OpeningPeriod.Problem(range.Open, range.Close) is not null)
                    {
                        return (null, "appointments.schedule.exceptions_invalid");
                    }

                    ranges.Add((range.Open, range.Close));
                }
            }

            if (exceptions.Any(e => e.Date == date))
            {
                return (null, "appointments.schedule.exceptions_invalid");
            }

            exceptions.Add(new OpeningException(date, ranges, null));
        }

        return (exceptions, null);
    }

    /// <summary>
    /// The weekly pattern in the reader's language ("ma–pe 8.00–11.30, ma–pe 12.30–15.30"); a pattern that does not
    /// parse (saved before a rule changed) is shown as typed, for the coordinator to correct.
    /// </summary>
    public static string DescribeWeekly(string? pattern, Texts texts) =>
        ParseWeekly(pattern) is { Periods: { } periods } ? WeekText.Periods(texts, periods) : pattern ?? "";

    /// <summary>The exceptions in the reader's language ("8.12.2026 suljettu, 12.12.2026 9.00–12.00"); empty for none.</summary>
    public static string DescribeExceptions(string? exceptions, Texts texts) =>
        ParseExceptions(exceptions) is { Exceptions: { } list }
            ? string.Join(", ", list.Select(e => e.Date.ToString("d", CultureInfo.CurrentCulture) + " "
                + (e.Periods.Count == 0 ? texts["appointments.schedule.closed"] : string.Join(", ", e.Periods.Select(p => WeekText.Range(p.Open, p.Close))))))
            : exceptions ?? "";

    /// <summary>The bookable hours of a schedule, or the first error code.</summary>
    public static (OpeningHours? Hours, string? Error) Hours(string? pattern, string? exceptions, bool openOnHolidays)
    {
        var (weekly, weeklyError) = ParseWeekly(pattern);
        if (weeklyError is not null)
        {
            return (null, weeklyError);
        }

        var (ex, exError) = ParseExceptions(exceptions);
        if (exError is not null)
        {
            return (null, exError);
        }

        return OpeningHours.Problem(weekly!, ex!) is null
            ? (new OpeningHours(weekly!, ex!, closedOnNonWorkingDays: !openOnHolidays), null)
            : (null, "appointments.schedule.pattern_invalid");
    }

    private static string[] Split(string? text) =>
        (text ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<DayOfWeek>? ParseDays(string text)
    {
        var days = new List<DayOfWeek>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (Day(item) is not { } d)
                {
                    return null;
                }

                days.Add(d);
                continue;
            }

            if (Day(item[..dash]) is not { } from || Day(item[(dash + 1)..]) is not { } to)
            {
                return null;
            }

            // Mon-Fri, Sat-Sun; a range wraps over Sunday like Fri-Mon.
            for (var d = (int)from; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == (int)to)
                {
                    break;
                }
            }
        }

        return days.Count == 0 ? null : [.. days.Distinct()];
    }

    private static DayOfWeek? Day(string text)
    {
        var index = Array.FindIndex(DayNames, n => n.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (DayOfWeek)index;
    }

    private static (TimeOnly Open, TimeOnly Close)? ParseRange(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && TimeOnly.TryParseExact(text[..dash].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            && TimeOnly.TryParseExact(text[(dash + 1)..].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close)
            ? (open, close)
            : null;
    }
}
