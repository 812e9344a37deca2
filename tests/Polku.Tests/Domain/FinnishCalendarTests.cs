using Polku.Platform.Time;

namespace Polku.Tests.Domain;

public class FinnishCalendarTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    // 2024
    [InlineData(2024, 1, 1, "New Year's Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 1, 6, "Epiphany", NonWorkingDayKind.Public)]
    [InlineData(2024, 3, 29, "Good Friday", NonWorkingDayKind.Public)]
    [InlineData(2024, 3, 31, "Easter Sunday", NonWorkingDayKind.Public)]
    [InlineData(2024, 4, 1, "Easter Monday", NonWorkingDayKind.Public)]
    [InlineData(2024, 5, 1, "May Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 5, 9, "Ascension Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 5, 19, "Whit Sunday", NonWorkingDayKind.Public)]
    [InlineData(2024, 6, 21, "Midsummer Eve", NonWorkingDayKind.DeFacto)]
    [InlineData(2024, 6, 22, "Midsummer Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 11, 2, "All Saints' Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 12, 6, "Independence Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 12, 24, "Christmas Eve", NonWorkingDayKind.DeFacto)]
    [InlineData(2024, 12, 25, "Christmas Day", NonWorkingDayKind.Public)]
    [InlineData(2024, 12, 26, "St Stephen's Day", NonWorkingDayKind.Public)]
    // 2025
    [InlineData(2025, 4, 18, "Good Friday", NonWorkingDayKind.Public)]
    [InlineData(2025, 4, 20, "Easter Sunday", NonWorkingDayKind.Public)]
    [InlineData(2025, 4, 21, "Easter Monday", NonWorkingDayKind.Public)]
    [InlineData(2025, 5, 29, "Ascension Day", NonWorkingDayKind.Public)]
    [InlineData(2025, 6, 8, "Whit Sunday", NonWorkingDayKind.Public)]
    [InlineData(2025, 6, 20, "Midsummer Eve", NonWorkingDayKind.DeFacto)]
    [InlineData(2025, 6, 21, "Midsummer Day", NonWorkingDayKind.Public)]
    [InlineData(2025, 11, 1, "All Saints' Day", NonWorkingDayKind.Public)]
    // 2026
    [InlineData(2026, 4, 3, "Good Friday", NonWorkingDayKind.Public)]
    [InlineData(2026, 4, 5, "Easter Sunday", NonWorkingDayKind.Public)]
    [InlineData(2026, 4, 6, "Easter Monday", NonWorkingDayKind.Public)]
    [InlineData(2026, 5, 14, "Ascension Day", NonWorkingDayKind.Public)]
    [InlineData(2026, 5, 24, "Whit Sunday", NonWorkingDayKind.Public)]
    [InlineData(2026, 6, 19, "Midsummer Eve", NonWorkingDayKind.DeFacto)]
    [InlineData(2026, 6, 20, "Midsummer Day", NonWorkingDayKind.Public)]
    [InlineData(2026, 10, 31, "All Saints' Day", NonWorkingDayKind.Public)]
    public void Known_non_working_days(int year, int month, int day, string englishName, NonWorkingDayKind kind)
    {
        var found = FinnishCalendar.Find(D(year, month, day));

        Assert.NotNull(found);
        Assert.Equal(englishName, found.Name.En);
        Assert.Equal(kind, found.Kind);
        Assert.True(FinnishCalendar.IsNonWorkingDay(D(year, month, day)));
        Assert.False(FinnishCalendar.IsWorkingDay(D(year, month, day)));
    }

    [Fact]
    public void Names_exist_in_all_three_languages()
    {
        var names = FinnishCalendar.NonWorkingDays(2025).ToDictionary(d => d.Name.En, d => d.Name);

        Assert.Equal("Pitkäperjantai", names["Good Friday"].Fi);
        Assert.Equal("Långfredagen", names["Good Friday"].Sv);
        Assert.Equal("Juhannusaatto", names["Midsummer Eve"].Fi);
        Assert.Equal("Midsommarafton", names["Midsummer Eve"].Sv);
        Assert.Equal("2. pääsiäispäivä", names["Easter Monday"].Fi);
        Assert.Equal("Självständighetsdagen", names["Independence Day"].Sv);
        Assert.All(names.Values, n => Assert.False(string.IsNullOrWhiteSpace(n.Fi) || string.IsNullOrWhiteSpace(n.Sv) || string.IsNullOrWhiteSpace(n.En)));
    }

    [Theory]
    [InlineData(2025, 4, 17)] // Maundy Thursday
    [InlineData(2025, 4, 22)] // Tuesday after Easter
    [InlineData(2025, 12, 23)]
    [InlineData(2025, 12, 31)] // New Year's Eve is an ordinary working day
    [InlineData(2025, 6, 19)]
    [InlineData(2026, 6, 18)]
    public void Ordinary_weekdays_are_working_days(int year, int month, int day)
    {
        Assert.Null(FinnishCalendar.Find(D(year, month, day)));
        Assert.True(FinnishCalendar.IsWorkingDay(D(year, month, day)));
    }

    [Fact]
    public void Weekends_are_not_working_days_but_not_non_working_days_either()
    {
        var saturday = D(2025, 3, 15);
        var sunday = D(2025, 3, 16);

        Assert.False(FinnishCalendar.IsWorkingDay(saturday));
        Assert.False(FinnishCalendar.IsWorkingDay(sunday));
        Assert.False(FinnishCalendar.IsNonWorkingDay(saturday));
        Assert.False(FinnishCalendar.IsNonWorkingDay(sunday));
    }

    [Fact]
    public void Ascension_day_on_may_day_is_listed_twice_and_found_as_may_day()
    {
        // 2008: Easter 23 March, so Ascension Day fell on 1 May.
        var days = FinnishCalendar.Between(D(2008, 5, 1), D(2008, 5, 1)).ToList();

        Assert.Equal(["May Day", "Ascension Day"], days.Select(d => d.Name.En));
        Assert.Equal(15, FinnishCalendar.NonWorkingDays(2008).Count);
        Assert.Equal("May Day", FinnishCalendar.Find(D(2008, 5, 1))?.Name.En);
    }

    [Theory]
    [InlineData(1583, 4, 10)]
    [InlineData(1818, 3, 22)] // earliest possible
    [InlineData(1943, 4, 25)] // latest possible
    [InlineData(1961, 4, 2)]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    [InlineData(2285, 3, 22)]
    public void Easter_sunday_follows_the_gregorian_computus(int year, int month, int day) =>
        Assert.Equal(D(year, month, day), FinnishCalendar.EasterSundayOf(year));

    [Theory]
    [InlineData(1917, 15)]
    [InlineData(1916, 14)]
    [InlineData(1583, 14)]
    [InlineData(2024, 15)]
    [InlineData(2025, 15)]
    [InlineData(2026, 15)]
    [InlineData(9999, 15)]
    public void Count_per_year(int year, int expected)
    {
        var days = FinnishCalendar.NonWorkingDays(year);

        Assert.Equal(expected, days.Count);
        Assert.Equal(2, days.Count(d => d.Kind == NonWorkingDayKind.DeFacto));
        Assert.Equal(expected - 2, days.Count(d => d.Kind == NonWorkingDayKind.Public));
        Assert.Equal(year >= 1917, days.Any(d => d.Date == D(year, 12, 6)));
    }

    [Fact]
    public void Every_year_has_sorted_distinct_dates_on_the_right_weekdays()
    {
        for (var year = FinnishCalendar.MinYear; year <= FinnishCalendar.MaxYear; year += 7)
        {
            var days = FinnishCalendar.NonWorkingDays(year);
            var byName = days.ToDictionary(d => d.Name.En, d => d.Date);

            Assert.All(days, d => Assert.Equal(year, d.Date.Year));
            Assert.Equal(days.Select(d => d.Date).Order(), days.Select(d => d.Date));
            // Only Ascension Day can share a date with another day: May Day, when Easter is 23 March.
            var ascensionOnMayDay = byName["Ascension Day"] == D(year, 5, 1);
            Assert.Equal(days.Count - (ascensionOnMayDay ? 1 : 0), days.Select(d => d.Date).Distinct().Count());
            Assert.Equal(DayOfWeek.Friday, byName["Good Friday"].DayOfWeek);
            Assert.Equal(DayOfWeek.Sunday, byName["Easter Sunday"].DayOfWeek);
            Assert.Equal(DayOfWeek.Monday, byName["Easter Monday"].DayOfWeek);
            Assert.Equal(DayOfWeek.Thursday, byName["Ascension Day"].DayOfWeek);
            Assert.Equal(DayOfWeek.Sunday, byName["Whit Sunday"].DayOfWeek);
            Assert.Equal(DayOfWeek.Friday, byName["Midsummer Eve"].DayOfWeek);
            Assert.Equal(DayOfWeek.Saturday, byName["Midsummer Day"].DayOfWeek);
            Assert.Equal(DayOfWeek.Saturday, byName["All Saints' Day"].DayOfWeek);
            Assert.InRange(byName["Easter Sunday"], D(year, 3, 22), D(year, 4, 25));
            Assert.InRange(byName["Midsummer Day"], D(year, 6, 20), D(year, 6, 26));
            Assert.InRange(byName["Midsummer Eve"], D(year, 6, 19), D(year, 6, 25));
            Assert.InRange(byName["All Saints' Day"], D(year, 10, 31), D(year, 11, 6));
            Assert.Equal(byName["Easter Sunday"].AddDays(39), byName["Ascension Day"]);
            Assert.Equal(byName["Easter Sunday"].AddDays(49), byName["Whit Sunday"]);
        }
    }

    [Theory]
    [InlineData(1582)]
    [InlineData(10000)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Years_outside_the_supported_range_throw(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FinnishCalendar.NonWorkingDays(year));

    [Fact]
    public void Dates_outside_the_supported_range_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FinnishCalendar.Find(D(1582, 12, 25)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FinnishCalendar.Between(D(1500, 1, 1), D(2000, 1, 1)));
    }

    [Fact]
    public void Between_is_inclusive_and_ordered()
    {
        var days = FinnishCalendar.Between(D(2025, 12, 24), D(2026, 1, 6)).Select(d => d.Date).ToList();

        Assert.Equal([D(2025, 12, 24), D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1), D(2026, 1, 6)], days);
        Assert.Empty(FinnishCalendar.Between(D(2026, 1, 7), D(2026, 1, 6)));
        Assert.Single(FinnishCalendar.Between(D(2026, 1, 6), D(2026, 1, 6)));
    }

    [Fact]
    public void Between_over_two_hundred_years_matches_per_year_lists()
    {
        var all = FinnishCalendar.Between(D(1950, 1, 1), D(2149, 12, 31)).ToList();

        Assert.Equal(200 * 15, all.Count);
        Assert.Equal(all.Select(d => d.Date).Order(), all.Select(d => d.Date));
    }

    [Fact]
    public void Find_agrees_with_the_year_list_for_random_dates()
    {
        var random = new Random(1234);
        for (var i = 0; i < 5000; i++)
        {
            var date = D(1583, 1, 1).AddDays(random.Next(0, D(9999, 12, 31).DayNumber - D(1583, 1, 1).DayNumber + 1));
            var expected = FinnishCalendar.NonWorkingDays(date.Year).SingleOrDefault(d => d.Date == date);

            Assert.Equal(expected, FinnishCalendar.Find(date));
            Assert.Equal(
                expected is null && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday),
                FinnishCalendar.IsWorkingDay(date));
        }
    }
}
