namespace Polku.Platform.Time;

/// <summary>
/// A weekly opening period in Helsinki wall-clock time. A <see cref="Close"/> of 00:00 means
/// midnight at the end of the day, so 00:00–00:00 is the whole day; otherwise Close must be after Open.
/// </summary>
public sealed record OpeningPeriod(DayOfWeek Day, TimeOnly Open, TimeOnly Close)
{
    /// <summary>Error code: the closing time is not after the opening time.</summary>
    public const string CloseBeforeOpen = "opening.close_before_open";

    /// <summary>Error code: the day of week is not one of the seven days.</summary>
    public const string InvalidDay = "opening.invalid_day";

    /// <summary>A stable error code when the period is invalid, otherwise null.</summary>
    public string? Problem() => Problem(Day, Open, Close);

    /// <summary>A stable error code when the times do not form a valid period, otherwise null.</summary>
    public static string? Problem(TimeOnly open, TimeOnly close) =>
        close == TimeOnly.MinValue || close > open ? null : CloseBeforeOpen;

    /// <summary>A stable error code when the day and times do not form a valid period, otherwise null.</summary>
    public static string? Problem(DayOfWeek day, TimeOnly open, TimeOnly close) =>
        day is < DayOfWeek.Sunday or > DayOfWeek.Saturday ? InvalidDay : Problem(open, close);
}

/// <summary>
/// Opening hours of one date that replace the weekly pattern (and the holiday rule).
/// An empty <see cref="Periods"/> list means closed all day. Periods use the same rules as
/// <see cref="OpeningPeriod"/>: a Close of 00:00 means midnight at the end of the date.
/// </summary>
public sealed record OpeningException(DateOnly Date, IReadOnlyList<(TimeOnly Open, TimeOnly Close)> Periods, string? Note)
{
    /// <summary>A stable error code when a period is invalid, otherwise null.</summary>
    public string? Problem()
    {
        foreach (var (open, close) in Periods)
        {
            if (OpeningPeriod.Problem(open, close) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}

/// <summary>
/// Opening hours of a service unit: a weekly pattern, date-specific exceptions and optionally
/// closure on Finnish public holidays and de facto non-working days. An exception on a date always
/// wins over the holiday rule. All wall-clock times are Helsinki time; all computations are done
/// on real instants, so daylight-saving days have 23 or 25 hours.
/// </summary>
public sealed class OpeningHours
{
    /// <summary>Error code: two exceptions are given for the same date.</summary>
    public const string DuplicateException = "opening.duplicate_exception";

    private static readonly DateOnly LastSupportedDate = DateOnly.MaxValue.AddDays(-1);

    private readonly (TimeOnly Open, TimeOnly Close)[][] byDay = new (TimeOnly, TimeOnly)[7][];
    private readonly Dictionary<DateOnly, OpeningException> exceptionsByDate = [];

    /// <summary>Creates opening hours; throws <see cref="ArgumentException"/> with the error code of <see cref="Problem"/> when invalid.</summary>
    public OpeningHours(IReadOnlyList<OpeningPeriod> weekly, IReadOnlyList<OpeningException> exceptions, bool closedOnNonWorkingDays = true)
    {
        if (Problem(weekly, exceptions) is { } problem)
        {
            throw new ArgumentException(problem, weekly.Any(p => p.Problem() is not null) ? nameof(weekly) : nameof(exceptions));
        }

        Weekly = [.. weekly];
        Exceptions = [.. exceptions.OrderBy(e => e.Date)];
        ClosedOnNonWorkingDays = closedOnNonWorkingDays;

        for (var day = 0; day < 7; day++)
        {
            byDay[day] = [.. weekly.Where(p => (int)p.Day == day).Select(p => (p.Open, p.Close))];
        }

        foreach (var exception in exceptions)
        {
            exceptionsByDate[exception.Date] = exception;
        }
    }

    /// <summary>Open around the clock every day, holidays included.</summary>
    public static OpeningHours AlwaysOpen { get; } = new(
        [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningPeriod(d, TimeOnly.MinValue, TimeOnly.MinValue))],
        [],
        closedOnNonWorkingDays: false);

    /// <summary>The weekly pattern.</summary>
    public IReadOnlyList<OpeningPeriod> Weekly { get; }

    /// <summary>The date-specific exceptions, sorted by date.</summary>
    public IReadOnlyList<OpeningException> Exceptions { get; }

    /// <summary>Whether the unit is closed on public holidays and de facto non-working days that have no exception.</summary>
    public bool ClosedOnNonWorkingDays { get; }

    /// <summary>The first stable error code of the given definition, or null when it is valid.</summary>
    public static string? Problem(IReadOnlyList<OpeningPeriod> weekly, IReadOnlyList<OpeningException> exceptions)
    {
        foreach (var period in weekly)
        {
            if (period.Problem() is { } problem)
            {
                return problem;
            }
        }

        var dates = new HashSet<DateOnly>();
        foreach (var exception in exceptions)
        {
            if (exception.Problem() is { } problem)
            {
                return problem;
            }

            if (!dates.Add(exception.Date))
            {
                return DuplicateException;
            }
        }

        return null;
    }

    /// <summary>Whether the unit is open at the instant (periods are closed at the start and open at the end).</summary>
    public bool IsOpenAt(DateTimeOffset instant) => OpenIntervals(instant, instant.AddTicks(1)).Any();

    /// <summary>
    /// The instant itself when open, else the start of the next open interval; null when the unit
    /// does not open within <paramref name="maxDays"/> days.
    /// </summary>
    public DateTimeOffset? NextOpeningAfter(DateTimeOffset instant, int maxDays = 400)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDays);
        // The raw intervals come in start order, so the first one that ends after the instant
        // has the earliest start; merging is not needed (and would scan up to maxDays when always open).
        foreach (var (start, _) in Raw(instant, Limit(instant, maxDays)))
        {
            return start <= instant ? instant : start;
        }

        return null;
    }

    /// <summary>The open intervals within [<paramref name="from"/>, <paramref name="to"/>), with adjacent intervals merged.</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenIntervals(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return [];
        }

        return Clip(from, to);
    }

    /// <summary>
    /// The instant at which <paramref name="duration"/> of open time has elapsed counting from
    /// <paramref name="from"/>: closed hours, holidays and closed exception dates do not count.
    /// A zero duration returns <paramref name="from"/>. Null when not reached within <paramref name="maxDays"/> days.
    /// </summary>
    public DateTimeOffset? AddServiceTime(DateTimeOffset from, TimeSpan duration, int maxDays = 400)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDays);
        if (duration == TimeSpan.Zero)
        {
            return from;
        }

        var remaining = duration;
        foreach (var (start, end) in Merged(from, Limit(from, maxDays)))
        {
            var length = end - start;
            if (remaining <= length)
            {
                return HelsinkiTime.InHelsinki(start + remaining);
            }

            remaining -= length;
        }

        return null;
    }

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Clip(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var (start, end) in Merged(from, HelsinkiTime.LocalDate(to)))
        {
            if (start >= to)
            {
                yield break;
            }

            yield return (start, end < to ? end : to);
        }
    }

    private static DateOnly Limit(DateTimeOffset from, int maxDays)
    {
        var first = HelsinkiTime.LocalDate(from);
        return maxDays >= LastSupportedDate.DayNumber - first.DayNumber ? LastSupportedDate : first.AddDays(maxDays);
    }

    /// <summary>
    /// Merged open intervals that end after <paramref name="from"/>, with starts clipped to
    /// <paramref name="from"/>, up to the end of <paramref name="lastDate"/>.
    /// </summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Merged(DateTimeOffset from, DateOnly lastDate)
    {
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var (start, end) in Raw(from, lastDate))
        {
            if (current is { } c && start <= c.End)
            {
                current = (c.Start, end > c.End ? end : c.End);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = (start, end);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    /// <summary>
    /// Unmerged open intervals in start order that end after <paramref name="from"/>, with starts
    /// clipped to <paramref name="from"/>, generated from the day before from's local date (a period
    /// never leaves its own date) up to the end of <paramref name="lastDate"/>.
    /// </summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Raw(DateTimeOffset from, DateOnly lastDate)
    {
        var date = HelsinkiTime.LocalDate(from);
        if (date > DateOnly.MinValue)
        {
            date = date.AddDays(-1);
        }

        if (lastDate > LastSupportedDate)
        {
            lastDate = LastSupportedDate;
        }

        for (; date <= lastDate; date = date.AddDays(1))
        {
            foreach (var (start, end) in IntervalsOf(date))
            {
                if (end > from)
                {
                    yield return (start < from ? from : start, end);
                }
            }
        }
    }

    /// <summary>The open intervals of one local date as instants, sorted by start, empty ones dropped.</summary>
    private List<(DateTimeOffset Start, DateTimeOffset End)> IntervalsOf(DateOnly date)
    {
        IReadOnlyList<(TimeOnly Open, TimeOnly Close)> periods;
        if (exceptionsByDate.TryGetValue(date, out var exception))
        {
            periods = exception.Periods;
        }
        else if (ClosedOnNonWorkingDays && FinnishCalendar.IsNonWorkingDay(date))
        {
            return [];
        }
        else
        {
            periods = byDay[(int)date.DayOfWeek];
        }

        var result = new List<(DateTimeOffset Start, DateTimeOffset End)>(periods.Count);
        foreach (var (open, close) in periods)
        {
            var start = HelsinkiTime.ToInstant(date, open);
            var end = close == TimeOnly.MinValue
                ? HelsinkiTime.ToInstant(date.AddDays(1), TimeOnly.MinValue)
                : HelsinkiTime.ToInstant(date, close);
            if (end > start)
            {
                result.Add((start, end));
            }
        }

        result.Sort((a, b) => a.Start.CompareTo(b.Start));
        return result;
    }
}
