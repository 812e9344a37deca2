using System.Collections.Concurrent;
using Polku.Platform.Localization;

namespace Polku.Platform.Time;

/// <summary>Whether a non-working day is a public holiday by law or a customary day off.</summary>
public enum NonWorkingDayKind
{
    /// <summary>A public holiday (yleinen vapaapäivä / allmän helgdag).</summary>
    Public,

    /// <summary>A de facto non-working day, such as Christmas Eve and Midsummer Eve.</summary>
    DeFacto,
}

/// <summary>A Finnish public holiday or de facto non-working day.</summary>
public sealed record NonWorkingDay(DateOnly Date, NonWorkingDayKind Kind, LocalizedText Name);

/// <summary>
/// Finnish public holidays and de facto non-working days.
/// </summary>
/// <remarks>
/// The rules in force today (since 1992, when Epiphany and Ascension Day returned to their
/// fixed dates) are applied to every supported year; the only historical rule is that
/// Independence Day exists from 1917 on. Easter is computed by the Gregorian computus, so
/// the supported years are 1583–9999.
/// </remarks>
public static class FinnishCalendar
{
    /// <summary>The first supported year (the first full year of the Gregorian calendar).</summary>
    public const int MinYear = 1583;

    /// <summary>The last supported year.</summary>
    public const int MaxYear = 9999;

    private static readonly ConcurrentDictionary<int, NonWorkingDay[]> Cache = new();

    private static readonly LocalizedText NewYearsDay = new("Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day");
    private static readonly LocalizedText Epiphany = new("Loppiainen", "Trettondedag jul", "Epiphany");
    private static readonly LocalizedText GoodFriday = new("Pitkäperjantai", "Långfredagen", "Good Friday");
    private static readonly LocalizedText EasterSunday = new("Pääsiäispäivä", "Påskdagen", "Easter Sunday");
    private static readonly LocalizedText EasterMonday = new("2. pääsiäispäivä", "Annandag påsk", "Easter Monday");
    private static readonly LocalizedText MayDay = new("Vappu", "Första maj", "May Day");
    private static readonly LocalizedText AscensionDay = new("Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day");
    private static readonly LocalizedText WhitSunday = new("Helluntaipäivä", "Pingstdagen", "Whit Sunday");
    private static readonly LocalizedText MidsummerEve = new("Juhannusaatto", "Midsommarafton", "Midsummer Eve");
    private static readonly LocalizedText MidsummerDay = new("Juhannuspäivä", "Midsommardagen", "Midsummer Day");
    private static readonly LocalizedText AllSaintsDay = new("Pyhäinpäivä", "Alla helgons dag", "All Saints' Day");
    private static readonly LocalizedText IndependenceDay = new("Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day");
    private static readonly LocalizedText ChristmasEve = new("Jouluaatto", "Julafton", "Christmas Eve");
    private static readonly LocalizedText ChristmasDay = new("Joulupäivä", "Juldagen", "Christmas Day");
    private static readonly LocalizedText StStephensDay = new("Tapaninpäivä", "Annandag jul", "St Stephen's Day");

    /// <summary>The public holidays and de facto non-working days of a year, sorted by date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1583–9999.</exception>
    public static IReadOnlyList<NonWorkingDay> NonWorkingDays(int year) => ForYear(year).AsReadOnly();

    /// <summary>
    /// The non-working day on a date, or null for an ordinary day (weekends included). When two
    /// fall on the same date (May Day and Ascension Day) the first in the year's list is returned.
    /// </summary>
    public static NonWorkingDay? Find(DateOnly date)
    {
        foreach (var day in ForYear(date.Year))
        {
            if (day.Date == date)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>Whether the date is a public holiday or a de facto non-working day (weekends are not counted).</summary>
    public static bool IsNonWorkingDay(DateOnly date) => Find(date) is not null;

    /// <summary>Whether the date is Monday to Friday and not a non-working day.</summary>
    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsNonWorkingDay(date);

    /// <summary>The non-working days from <paramref name="from"/> to <paramref name="to"/>, both inclusive, in date order.</summary>
    public static IEnumerable<NonWorkingDay> Between(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            return [];
        }

        ValidateYear(from.Year);
        ValidateYear(to.Year);
        return Iterate(from, to);
    }

    /// <summary>Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSundayOf(int year)
    {
        ValidateYear(year);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static IEnumerable<NonWorkingDay> Iterate(DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            foreach (var day in ForYear(year))
            {
                if (day.Date >= from && day.Date <= to)
                {
                    yield return day;
                }
            }
        }
    }

    private static NonWorkingDay[] ForYear(int year)
    {
        ValidateYear(year);
        return Cache.GetOrAdd(year, Compute);
    }

    private static void ValidateYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
    }

    private static NonWorkingDay[] Compute(int year)
    {
        var easter = EasterSundayOf(year);
        var midsummerDay = FirstOnOrAfter(new DateOnly(year, 6, 20), DayOfWeek.Saturday);
        var allSaints = FirstOnOrAfter(new DateOnly(year, 10, 31), DayOfWeek.Saturday);

        var days = new List<NonWorkingDay>(15)
        {
            Public(new DateOnly(year, 1, 1), NewYearsDay),
            Public(new DateOnly(year, 1, 6), Epiphany),
            Public(easter.AddDays(-2), GoodFriday),
            Public(easter, EasterSunday),
            Public(easter.AddDays(1), EasterMonday),
            Public(new DateOnly(year, 5, 1), MayDay),
            Public(easter.AddDays(39), AscensionDay),
            Public(easter.AddDays(49), WhitSunday),
            new(midsummerDay.AddDays(-1), NonWorkingDayKind.DeFacto, MidsummerEve),
            Public(midsummerDay, MidsummerDay),
            Public(allSaints, AllSaintsDay),
            new(new DateOnly(year, 12, 24), NonWorkingDayKind.DeFacto, ChristmasEve),
            Public(new DateOnly(year, 12, 25), ChristmasDay),
            Public(new DateOnly(year, 12, 26), StStephensDay),
        };

        if (year >= 1917)
        {
            days.Add(Public(new DateOnly(year, 12, 6), IndependenceDay));
        }

        // A stable sort: when Easter is on 23 March (e.g. 2008, 2160) Ascension Day falls on May Day;
        // both entries are kept, May Day first, so Find returns May Day and the count stays 15.
        return [.. days.OrderBy(d => d.Date)];
    }

    private static NonWorkingDay Public(DateOnly date, LocalizedText name) => new(date, NonWorkingDayKind.Public, name);

    private static DateOnly FirstOnOrAfter(DateOnly date, DayOfWeek day) =>
        date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);
}
