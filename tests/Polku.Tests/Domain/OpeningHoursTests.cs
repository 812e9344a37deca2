using Polku.Platform.Time;

namespace Polku.Tests.Domain;

public class OpeningHoursTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(2);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(3);

    private static TimeOnly T(int h, int m = 0) => new(h, m);

    private static DateTimeOffset At(int y, int mo, int d, int h, int mi = 0) =>
        HelsinkiTime.ToInstant(new DateOnly(y, mo, d), new TimeOnly(h, mi));

    private static OpeningHours OfficeHours(bool closedOnNonWorkingDays = true, params OpeningException[] exceptions) =>
        new(
            [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .Select(d => new OpeningPeriod(d, T(8), T(16)))],
            exceptions,
            closedOnNonWorkingDays);

    private static OpeningHours SundayOnly(TimeOnly open, TimeOnly close) =>
        new([new OpeningPeriod(DayOfWeek.Sunday, open, close)], [], closedOnNonWorkingDays: false);

    [Theory]
    [InlineData(2026, 1, 12, 7, 59, false)] // Monday before opening
    [InlineData(2026, 1, 12, 8, 0, true)] // opening is inclusive
    [InlineData(2026, 1, 12, 15, 59, true)]
    [InlineData(2026, 1, 12, 16, 0, false)] // closing is exclusive
    [InlineData(2026, 1, 16, 12, 0, true)] // Friday
    [InlineData(2026, 1, 17, 12, 0, false)] // Saturday
    [InlineData(2026, 1, 18, 12, 0, false)] // Sunday
    [InlineData(2026, 1, 6, 12, 0, false)] // Epiphany, a Tuesday
    [InlineData(2025, 12, 24, 12, 0, false)] // Christmas Eve, de facto
    [InlineData(2025, 12, 23, 12, 0, true)]
    [InlineData(2026, 6, 19, 12, 0, false)] // Midsummer Eve
    public void Weekday_pattern_closed_on_holidays(int y, int mo, int d, int h, int mi, bool open) =>
        Assert.Equal(open, OfficeHours().IsOpenAt(At(y, mo, d, h, mi)));

    [Fact]
    public void Holiday_rule_can_be_switched_off()
    {
        Assert.True(OfficeHours(closedOnNonWorkingDays: false).IsOpenAt(At(2026, 1, 6, 12)));
        Assert.False(OfficeHours(closedOnNonWorkingDays: false).IsOpenAt(At(2026, 1, 10, 12)));
    }

    [Fact]
    public void Exception_opens_a_holiday_and_replaces_the_weekly_pattern()
    {
        var hours = OfficeHours(true, new OpeningException(new DateOnly(2025, 5, 1), [(T(10), T(14))], "Vappu"));

        Assert.False(hours.IsOpenAt(At(2025, 5, 1, 9, 59)));
        Assert.True(hours.IsOpenAt(At(2025, 5, 1, 10)));
        Assert.True(hours.IsOpenAt(At(2025, 5, 1, 13, 59)));
        Assert.False(hours.IsOpenAt(At(2025, 5, 1, 14)));
        Assert.Equal(At(2025, 5, 1, 10), hours.NextOpeningAfter(At(2025, 4, 30, 17)));
    }

    [Fact]
    public void Exception_with_no_periods_closes_a_working_day()
    {
        var hours = OfficeHours(true, new OpeningException(new DateOnly(2026, 1, 14), [], "Training day"));

        Assert.False(hours.IsOpenAt(At(2026, 1, 14, 12)));
        Assert.True(hours.IsOpenAt(At(2026, 1, 13, 12)));
        Assert.Equal(At(2026, 1, 15, 8), hours.NextOpeningAfter(At(2026, 1, 13, 16)));
    }

    [Fact]
    public void Exception_shortens_a_day()
    {
        var hours = OfficeHours(true, new OpeningException(new DateOnly(2026, 1, 14), [(T(8), T(12))], null));

        Assert.True(hours.IsOpenAt(At(2026, 1, 14, 11, 59)));
        Assert.False(hours.IsOpenAt(At(2026, 1, 14, 12)));
    }

    [Fact]
    public void NextOpeningAfter_returns_the_instant_when_open()
    {
        var instant = At(2026, 1, 13, 9, 17);
        Assert.Equal(instant, OfficeHours().NextOpeningAfter(instant));
    }

    [Theory]
    // Easter 2025: Good Friday 18.4 to Easter Monday 21.4.
    [InlineData(2025, 4, 17, 16, 2025, 4, 22, 8)]
    [InlineData(2025, 4, 18, 10, 2025, 4, 22, 8)]
    [InlineData(2025, 4, 21, 23, 2025, 4, 22, 8)]
    // Midsummer 2025: Eve Fri 20.6, Day Sat 21.6.
    [InlineData(2025, 6, 19, 16, 2025, 6, 23, 8)]
    // Midsummer 2026: Eve Fri 19.6, Day Sat 20.6.
    [InlineData(2026, 6, 18, 17, 2026, 6, 22, 8)]
    // Christmas 2025: Wed 24.12 to Fri 26.12, then the weekend.
    [InlineData(2025, 12, 23, 16, 2025, 12, 29, 8)]
    // Before opening on a working day.
    [InlineData(2026, 1, 12, 0, 2026, 1, 12, 8)]
    public void NextOpeningAfter_skips_closed_days(int y, int mo, int d, int h, int ey, int emo, int ed, int eh) =>
        Assert.Equal(At(ey, emo, ed, eh), OfficeHours().NextOpeningAfter(At(y, mo, d, h)));

    [Fact]
    public void NextOpeningAfter_gives_null_when_never_open_within_the_limit()
    {
        var never = new OpeningHours([], []);
        Assert.Null(never.NextOpeningAfter(At(2026, 1, 1, 0)));

        Assert.Null(OfficeHours().NextOpeningAfter(At(2026, 1, 9, 17), maxDays: 2)); // Friday evening, Monday is 3 days later
        Assert.Equal(At(2026, 1, 12, 8), OfficeHours().NextOpeningAfter(At(2026, 1, 9, 17), maxDays: 3));
    }

    [Fact]
    public void OpenIntervals_are_clipped_and_listed_per_day()
    {
        var intervals = OfficeHours().OpenIntervals(At(2026, 1, 9, 12), At(2026, 1, 13, 10)).ToList();

        Assert.Equal(
            [(At(2026, 1, 9, 12), At(2026, 1, 9, 16)), (At(2026, 1, 12, 8), At(2026, 1, 12, 16)), (At(2026, 1, 13, 8), At(2026, 1, 13, 10))],
            intervals);
        Assert.Empty(OfficeHours().OpenIntervals(At(2026, 1, 13, 10), At(2026, 1, 13, 10)));
    }

    [Fact]
    public void Overnight_periods_across_midnight_merge_into_one_interval()
    {
        var hours = new OpeningHours(
            [new OpeningPeriod(DayOfWeek.Friday, T(22), TimeOnly.MinValue), new OpeningPeriod(DayOfWeek.Saturday, TimeOnly.MinValue, T(6))],
            []);

        var intervals = hours.OpenIntervals(At(2026, 1, 9, 0), At(2026, 1, 11, 0)).ToList();

        var single = Assert.Single(intervals);
        Assert.Equal(At(2026, 1, 9, 22), single.Start);
        Assert.Equal(At(2026, 1, 10, 6), single.End);
        Assert.True(hours.IsOpenAt(At(2026, 1, 10, 0)));
        Assert.True(hours.IsOpenAt(At(2026, 1, 9, 23, 59)));
        Assert.False(hours.IsOpenAt(At(2026, 1, 10, 6)));
    }

    [Fact]
    public void Overlapping_and_unsorted_periods_are_merged()
    {
        var hours = new OpeningHours(
            [
                new OpeningPeriod(DayOfWeek.Monday, T(12), T(18)),
                new OpeningPeriod(DayOfWeek.Monday, T(8), T(11)),
                new OpeningPeriod(DayOfWeek.Monday, T(9), T(14)),
            ],
            []);

        var single = Assert.Single(hours.OpenIntervals(At(2026, 1, 12, 0), At(2026, 1, 13, 0)));
        Assert.Equal((At(2026, 1, 12, 8), At(2026, 1, 12, 18)), single);
        Assert.Equal(At(2026, 1, 12, 13), hours.NextOpeningAfter(At(2026, 1, 12, 13)));
        Assert.Equal(At(2026, 1, 12, 18), hours.AddServiceTime(At(2026, 1, 12, 7), TimeSpan.FromHours(10)));
    }

    [Fact]
    public void Always_open_next_opening_is_the_instant_itself()
    {
        var instant = At(2025, 12, 25, 3, 33);
        Assert.Equal(instant, OpeningHours.AlwaysOpen.NextOpeningAfter(instant));
        Assert.False(OpeningHours.AlwaysOpen.ClosedOnNonWorkingDays);
    }

    [Fact]
    public void Always_open_is_one_interval_and_open_on_holidays()
    {
        var intervals = OpeningHours.AlwaysOpen.OpenIntervals(At(2025, 12, 20, 0), At(2026, 1, 10, 0)).ToList();

        var single = Assert.Single(intervals);
        Assert.Equal(TimeSpan.FromDays(21), single.End - single.Start);
        Assert.True(OpeningHours.AlwaysOpen.IsOpenAt(At(2025, 12, 25, 3)));
    }

    [Fact]
    public void Always_open_on_daylight_saving_days_has_23_and_25_hour_days()
    {
        var spring = Assert.Single(OpeningHours.AlwaysOpen.OpenIntervals(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));
        var autumn = Assert.Single(OpeningHours.AlwaysOpen.OpenIntervals(At(2026, 10, 25, 0), At(2026, 10, 26, 0)));

        Assert.Equal(TimeSpan.FromHours(23), spring.End - spring.Start);
        Assert.Equal(TimeSpan.FromHours(25), autumn.End - autumn.Start);
    }

    [Fact]
    public void Two_to_five_period_has_two_and_four_real_hours_on_daylight_saving_days()
    {
        var hours = SundayOnly(T(2), T(5));

        var spring = Assert.Single(hours.OpenIntervals(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));
        var autumn = Assert.Single(hours.OpenIntervals(At(2026, 10, 25, 0), At(2026, 10, 26, 0)));
        var normal = Assert.Single(hours.OpenIntervals(At(2026, 4, 12, 0), At(2026, 4, 13, 0)));

        Assert.Equal(TimeSpan.FromHours(2), spring.End - spring.Start);
        Assert.Equal(TimeSpan.FromHours(4), autumn.End - autumn.Start);
        Assert.Equal(TimeSpan.FromHours(3), normal.End - normal.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, Winter), spring.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 5, 0, 0, Summer), spring.End);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 0, 0, Summer), autumn.Start);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 5, 0, 0, Winter), autumn.End);
    }

    [Theory]
    // Spring 2026-03-29: the change is at 01:00Z (03:00+02:00 -> 04:00+03:00).
    [InlineData("2026-03-29T00:59:59Z", true)]
    [InlineData("2026-03-29T01:00:00Z", true)]
    [InlineData("2026-03-29T01:59:59Z", true)]
    [InlineData("2026-03-29T02:00:00Z", false)] // 05:00+03:00
    [InlineData("2026-03-28T23:59:59Z", false)] // 01:59:59+02:00
    // Autumn 2026-10-25: the change is at 01:00Z (04:00+03:00 -> 03:00+02:00).
    [InlineData("2026-10-24T22:59:59Z", false)] // 01:59:59+03:00
    [InlineData("2026-10-24T23:00:00Z", true)] // 02:00+03:00
    [InlineData("2026-10-25T00:30:00Z", true)] // first 03:30
    [InlineData("2026-10-25T01:30:00Z", true)] // second 03:30
    [InlineData("2026-10-25T02:59:59Z", true)] // 04:59:59+02:00
    [InlineData("2026-10-25T03:00:00Z", false)] // 05:00+02:00
    public void IsOpenAt_around_the_daylight_saving_change(string instant, bool open) =>
        Assert.Equal(open, SundayOnly(T(2), T(5)).IsOpenAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Period_starting_in_the_spring_gap_starts_when_the_gap_ends()
    {
        var hours = SundayOnly(T(3, 30), T(5));

        var spring = Assert.Single(hours.OpenIntervals(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), spring.Start);
        Assert.Equal(TimeSpan.FromHours(1), spring.End - spring.Start);
        Assert.False(hours.IsOpenAt(new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero)));

        // In the autumn overlap the period starts at the first 03:30 (summer time).
        var autumn = Assert.Single(hours.OpenIntervals(At(2026, 10, 25, 0), At(2026, 10, 26, 0)));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), autumn.Start);
        Assert.Equal(TimeSpan.FromHours(2.5), autumn.End - autumn.Start);
    }

    [Fact]
    public void Period_entirely_in_the_spring_gap_is_closed_that_day()
    {
        var hours = SundayOnly(T(3, 10), T(3, 50));

        Assert.Empty(hours.OpenIntervals(At(2026, 3, 29, 0), At(2026, 3, 30, 0)));
        Assert.Equal(At(2026, 4, 5, 3, 10), hours.NextOpeningAfter(At(2026, 3, 29, 0)));
    }

    [Fact]
    public void AddServiceTime_within_one_day()
    {
        Assert.Equal(At(2026, 1, 13, 12), OfficeHours().AddServiceTime(At(2026, 1, 13, 10), TimeSpan.FromHours(2)));
        Assert.Equal(At(2026, 1, 13, 16), OfficeHours().AddServiceTime(At(2026, 1, 13, 10), TimeSpan.FromHours(6)));
        Assert.Equal(At(2026, 1, 13, 10), OfficeHours().AddServiceTime(At(2026, 1, 13, 10), TimeSpan.Zero));
    }

    [Fact]
    public void AddServiceTime_starting_when_closed_counts_from_the_next_opening()
    {
        Assert.Equal(At(2026, 1, 13, 9), OfficeHours().AddServiceTime(At(2026, 1, 13, 6), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AddServiceTime_over_a_weekend()
    {
        // Friday 15:00 + 2 h: one hour on Friday, one on Monday.
        Assert.Equal(At(2026, 1, 12, 9), OfficeHours().AddServiceTime(At(2026, 1, 9, 15), TimeSpan.FromHours(2)));
        // Three working days of 8 h from Friday noon: 4 + 8 + 8 + 4.
        Assert.Equal(At(2026, 1, 14, 12), OfficeHours().AddServiceTime(At(2026, 1, 9, 12), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void AddServiceTime_over_midsummer()
    {
        // Thursday 18.6.2026 15:00, Midsummer Eve 19.6 is closed.
        var due = OfficeHours().AddServiceTime(At(2026, 6, 18, 15), TimeSpan.FromHours(2));

        Assert.Equal(At(2026, 6, 22, 9), due);
        Assert.Equal(Summer, due!.Value.Offset);
    }

    [Fact]
    public void AddServiceTime_over_easter()
    {
        // Thursday 2.4.2026 14:00 + 4 h: 2 h on Thursday, Good Friday to Easter Monday closed.
        Assert.Equal(At(2026, 4, 7, 10), OfficeHours().AddServiceTime(At(2026, 4, 2, 14), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void AddServiceTime_across_daylight_saving_uses_real_hours()
    {
        var spring = OpeningHours.AlwaysOpen.AddServiceTime(At(2026, 3, 28, 12), TimeSpan.FromHours(24));
        var autumn = OpeningHours.AlwaysOpen.AddServiceTime(At(2026, 10, 24, 12), TimeSpan.FromHours(24));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 13, 0, 0, Summer), spring);
        Assert.Equal(Summer, spring!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 11, 0, 0, Winter), autumn);
        Assert.Equal(Winter, autumn!.Value.Offset);

        // A 02:00-05:00 Sunday period on the autumn day gives four hours of service time.
        var sunday = SundayOnly(T(2), T(5));
        Assert.Equal(At(2026, 10, 25, 5), sunday.AddServiceTime(At(2026, 10, 25, 0), TimeSpan.FromHours(4)));
        Assert.Equal(At(2026, 11, 1, 3), sunday.AddServiceTime(At(2026, 10, 25, 0), TimeSpan.FromHours(5)));
    }

    [Fact]
    public void AddServiceTime_gives_null_when_not_reached()
    {
        Assert.Null(new OpeningHours([], []).AddServiceTime(At(2026, 1, 1, 0), TimeSpan.FromHours(1)));
        Assert.Null(OfficeHours().AddServiceTime(At(2026, 1, 12, 8), TimeSpan.FromHours(100), maxDays: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfficeHours().AddServiceTime(At(2026, 1, 12, 8), TimeSpan.FromHours(-1)));
    }

    [Fact]
    public void Service_time_matches_the_sum_of_open_intervals_for_random_starts()
    {
        var hours = OfficeHours(true, new OpeningException(new DateOnly(2026, 5, 1), [(T(10), T(12)), (T(13), T(15))], null));
        var random = new Random(1234);
        for (var i = 0; i < 300; i++)
        {
            var from = At(2026, 1, 1, 0).AddMinutes(random.Next(0, 60 * 24 * 365));
            var duration = TimeSpan.FromMinutes(random.Next(1, 60 * 40));

            var due = hours.AddServiceTime(from, duration);

            Assert.NotNull(due);
            var counted = hours.OpenIntervals(from, due.Value).Aggregate(TimeSpan.Zero, (sum, x) => sum + (x.End - x.Start));
            Assert.Equal(duration, counted);
            Assert.True(hours.IsOpenAt(due.Value.AddTicks(-1)));
        }
    }

    [Theory]
    [InlineData(8, 0, 16, 0, null)]
    [InlineData(0, 0, 0, 0, null)] // the whole day
    [InlineData(22, 0, 0, 0, null)] // until midnight
    [InlineData(16, 0, 8, 0, OpeningPeriod.CloseBeforeOpen)]
    [InlineData(8, 0, 8, 0, OpeningPeriod.CloseBeforeOpen)]
    public void Period_validation(int oh, int om, int ch, int cm, string? expected)
    {
        Assert.Equal(expected, OpeningPeriod.Problem(new TimeOnly(oh, om), new TimeOnly(ch, cm)));
        Assert.Equal(expected, new OpeningPeriod(DayOfWeek.Monday, new TimeOnly(oh, om), new TimeOnly(ch, cm)).Problem());
    }

    [Fact]
    public void Invalid_definitions_are_rejected_with_the_error_code()
    {
        var bad = new OpeningPeriod(DayOfWeek.Monday, T(16), T(8));
        var ex = Assert.Throws<ArgumentException>(() => new OpeningHours([bad], []));
        Assert.StartsWith(OpeningPeriod.CloseBeforeOpen, ex.Message, StringComparison.Ordinal);

        var badException = new OpeningException(new DateOnly(2026, 1, 1), [(T(12), T(10))], null);
        Assert.Equal(OpeningPeriod.CloseBeforeOpen, OpeningHours.Problem([], [badException]));

        var day = new OpeningException(new DateOnly(2026, 1, 1), [], null);
        Assert.Equal(OpeningHours.DuplicateException, OpeningHours.Problem([], [day, day with { Note = "again" }]));
        Assert.Equal(OpeningPeriod.InvalidDay, OpeningPeriod.Problem((DayOfWeek)7, T(8), T(9)));
        Assert.Null(OpeningHours.Problem([new OpeningPeriod(DayOfWeek.Monday, T(8), T(9))], [day]));
    }
}
