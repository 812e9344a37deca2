using Polku.Appointments.Schedules;
using Polku.Platform.Time;

namespace Polku.Tests.Appointments;

/// <summary>Slots from schedules: the pattern text, buffers, holidays and exceptions, and the daylight-saving days.</summary>
public sealed class SlotGeneratorTests
{
    private static OpeningHours Hours(string pattern, string exceptions = "", bool openOnHolidays = false)
    {
        var (hours, error) = SchedulePattern.Hours(pattern, exceptions, openOnHolidays);
        Assert.Null(error);
        return hours!;
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Local(OpeningHours hours, int slot, DateOnly date, int before = 0, int after = 0) =>
        [.. SlotGenerator.Generate(hours, slot, before, after, date, date)
            .Select(s => (HelsinkiTime.InHelsinki(new DateTimeOffset(s.StartUtc, TimeSpan.Zero)), HelsinkiTime.InHelsinki(new DateTimeOffset(s.EndUtc, TimeSpan.Zero))))];

    [Theory]
    [InlineData("2026-03-29")] // summer time starts: 03:00 → 04:00
    [InlineData("2026-10-25")] // summer time ends: 04:00 → 03:00
    [InlineData("2026-03-22")] // an ordinary Sunday
    public void A_daytime_schedule_has_the_same_slots_on_the_daylight_saving_days(string day)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var slots = Local(Hours("Mon-Sun 08:00-16:00", openOnHolidays: true), 60, date);
        Assert.Equal(Enumerable.Range(8, 8).ToList(), slots.Select(s => s.Start.Hour).ToList());
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromHours(1), s.End - s.Start));
        Assert.All(slots, s => Assert.Equal(DateOnly.FromDateTime(s.Start.DateTime), date));
    }

    [Theory]
    [InlineData("2026-03-29", 5)] // 00:00–06:00 is five real hours when the clock jumps from 03:00 to 04:00
    [InlineData("2026-10-25", 7)] // and seven when 03:00–04:00 happens twice
    [InlineData("2026-03-22", 6)]
    public void A_night_schedule_across_the_change_covers_the_real_hours_without_gaps_or_overlaps(string day, int expected)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var raw = SlotGenerator.Generate(Hours("Mon-Sun 00:00-06:00", openOnHolidays: true), 60, 0, 0, date, date).ToList();
        Assert.Equal(expected, raw.Count);
        Assert.Equal(raw.Count, raw.Select(s => s.StartUtc).Distinct().Count());
        for (var i = 1; i < raw.Count; i++)
        {
            Assert.Equal(raw[i - 1].EndUtc, raw[i].StartUtc);
        }

        Assert.Equal(HelsinkiTime.ToInstant(date, new TimeOnly(0, 0)).UtcDateTime, raw[0].StartUtc);
        Assert.Equal(HelsinkiTime.ToInstant(date, new TimeOnly(6, 0)).UtcDateTime, raw[^1].EndUtc);
    }

    [Fact]
    public void A_week_across_the_autumn_change_has_every_working_day_complete()
    {
        var hours = Hours("Mon-Fri 08:00-11:30; Mon-Fri 12:30-15:30");
        var slots = SlotGenerator.Generate(hours, 20, 0, 0, new DateOnly(2026, 10, 19), new DateOnly(2026, 10, 30)).ToList();

        // 3.5 h + 3 h = 19 slots of 20 minutes on each of the ten working days.
        Assert.Equal(190, slots.Count);
        Assert.Equal(slots.Count, slots.Select(s => s.StartUtc).Distinct().Count());
        var local = slots.Select(s => HelsinkiTime.InHelsinki(new DateTimeOffset(s.StartUtc, TimeSpan.Zero))).ToList();
        Assert.All(local.GroupBy(s => s.Date), g => Assert.Equal(new TimeSpan(8, 0, 0), g.Min().TimeOfDay));
        Assert.Contains(local, s => s.Date == new DateTime(2026, 10, 26) && s.TimeOfDay == new TimeSpan(8, 0, 0) && s.Offset == TimeSpan.FromHours(2));
        Assert.Contains(local, s => s.Date == new DateTime(2026, 10, 23) && s.TimeOfDay == new TimeSpan(8, 0, 0) && s.Offset == TimeSpan.FromHours(3));
    }

    [Fact]
    public void Buffers_space_the_slots_and_a_slot_never_runs_past_the_period()
    {
        var slots = Local(Hours("Tue 08:00-09:00"), 15, new DateOnly(2026, 12, 1), before: 0, after: 5);
        Assert.Equal(["08:00", "08:20", "08:40"], slots.Select(s => s.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        var withBefore = Local(Hours("Tue 08:00-09:00"), 20, new DateOnly(2026, 12, 1), before: 10, after: 0);
        Assert.Equal(["08:10", "08:40"], withBefore.Select(s => s.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Holidays_are_closed_unless_the_schedule_opens_them_and_exceptions_replace_the_day()
    {
        var independenceDay = new DateOnly(2026, 12, 7); // Monday 7 Dec 2026 is not a holiday; 6 Dec is Sunday.
        Assert.NotEmpty(Local(Hours("Mon-Fri 08:00-10:00"), 30, independenceDay));
        var christmasEve = new DateOnly(2026, 12, 24);
        Assert.Empty(Local(Hours("Mon-Fri 08:00-10:00"), 30, christmasEve));
        Assert.Equal(4, Local(Hours("Mon-Fri 08:00-10:00", openOnHolidays: true), 30, christmasEve).Count);
        Assert.Empty(Local(Hours("Mon-Fri 08:00-10:00", "2026-12-01 closed"), 30, new DateOnly(2026, 12, 1)));
        Assert.Equal(["12:00", "12:30"], Local(Hours("Mon-Fri 08:00-10:00", "2026-12-01 12:00-13:00"), 30, new DateOnly(2026, 12, 1))
            .Select(s => s.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(2, Local(Hours("Mon-Fri 08:00-10:00", "2026-12-05 09:00-10:00"), 30, new DateOnly(2026, 12, 5)).Count); // an extra Saturday
    }

    [Theory]
    [InlineData("", "appointments.schedule.pattern_empty")]
    [InlineData("Mon-Fri", "appointments.schedule.pattern_invalid")]
    [InlineData("Mon-Fry 08:00-10:00", "appointments.schedule.pattern_invalid")]
    [InlineData("Mon 10:00-08:00", "appointments.schedule.pattern_invalid")]
    [InlineData("Mon 8-10", "appointments.schedule.pattern_invalid")]
    public void Invalid_patterns_name_their_error(string pattern, string code) =>
        Assert.Equal(code, SchedulePattern.Hours(pattern, "", false).Error);

    [Theory]
    [InlineData("2026-13-01 closed")]
    [InlineData("2026-12-01 sometimes")]
    [InlineData("2026-12-01 closed; 2026-12-01 09:00-10:00")]
    public void Invalid_exceptions_name_their_error(string exceptions) =>
        Assert.Equal("appointments.schedule.exceptions_invalid", SchedulePattern.Hours("Mon 08:00-10:00", exceptions, false).Error);

    [Fact]
    public void Day_lists_and_ranges_parse_including_a_range_over_the_weekend()
    {
        var (weekly, error) = SchedulePattern.ParseWeekly("Fri-Mon 08:00-09:00; Wed,Thu 10:00-11:00");
        Assert.Null(error);
        Assert.Equal(
            [DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Thursday],
            weekly!.Select(p => p.Day));
    }
}
