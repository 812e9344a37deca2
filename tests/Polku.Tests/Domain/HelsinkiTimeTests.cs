using Polku.Platform.Time;

namespace Polku.Tests.Domain;

public class HelsinkiTimeTests
{
    [Theory]
    // Winter and summer time.
    [InlineData("2026-01-15", "12:00", "2026-01-15T12:00:00+02:00")]
    [InlineData("2026-07-15", "12:00", "2026-07-15T12:00:00+03:00")]
    // Spring forward 2026-03-29: 03:00 -> 04:00; the gap maps to the moment of the change (01:00Z).
    [InlineData("2026-03-29", "02:59", "2026-03-29T02:59:00+02:00")]
    [InlineData("2026-03-29", "03:00", "2026-03-29T04:00:00+03:00")]
    [InlineData("2026-03-29", "03:30", "2026-03-29T04:00:00+03:00")]
    [InlineData("2026-03-29", "03:59", "2026-03-29T04:00:00+03:00")]
    [InlineData("2026-03-29", "04:00", "2026-03-29T04:00:00+03:00")]
    [InlineData("2026-03-29", "04:01", "2026-03-29T04:01:00+03:00")]
    // Fall back 2026-10-25: 04:00 -> 03:00; the repeated hour takes the earlier (summer time) instant.
    [InlineData("2026-10-25", "02:59", "2026-10-25T02:59:00+03:00")]
    [InlineData("2026-10-25", "03:00", "2026-10-25T03:00:00+03:00")]
    [InlineData("2026-10-25", "03:30", "2026-10-25T03:30:00+03:00")]
    [InlineData("2026-10-25", "04:00", "2026-10-25T04:00:00+02:00")]
    public void ToInstant_maps_wall_clock_to_instant_with_helsinki_offset(string date, string time, string expected)
    {
        var instant = HelsinkiTime.ToInstant(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(want.UtcDateTime, instant.UtcDateTime);
        Assert.Equal(want.Offset, instant.Offset);
    }

    [Fact]
    public void Gap_times_map_to_the_same_instant_as_the_end_of_the_gap()
    {
        var gap = HelsinkiTime.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(3, 15, 30));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), gap);
    }

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", "2026-03-29T02:59:59")]
    [InlineData("2026-03-29T01:00:00Z", "2026-03-29T04:00:00")]
    [InlineData("2026-10-25T00:30:00Z", "2026-10-25T03:30:00")]
    [InlineData("2026-10-25T01:30:00Z", "2026-10-25T03:30:00")]
    [InlineData("2026-10-25T02:00:00Z", "2026-10-25T04:00:00")]
    [InlineData("2025-12-31T22:30:00Z", "2026-01-01T00:30:00")]
    public void ToLocal_gives_wall_clock(string instant, string expectedLocal)
    {
        var local = HelsinkiTime.ToLocal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTime.Parse(expectedLocal, System.Globalization.CultureInfo.InvariantCulture), local);
        Assert.Equal(DateTimeKind.Unspecified, local.Kind);
    }

    [Fact]
    public void LocalDate_uses_helsinki_midnight_not_utc()
    {
        Assert.Equal(new DateOnly(2026, 1, 1), HelsinkiTime.LocalDate(new DateTimeOffset(2025, 12, 31, 22, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2025, 12, 31), HelsinkiTime.LocalDate(new DateTimeOffset(2025, 12, 31, 21, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 7, 1), HelsinkiTime.LocalDate(new DateTimeOffset(2026, 6, 30, 21, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Round_trip_holds_for_every_valid_unambiguous_wall_clock_time()
    {
        var random = new Random(1234);
        for (var i = 0; i < 5000; i++)
        {
            var date = new DateOnly(2000, 1, 1).AddDays(random.Next(0, 365 * 40));
            var time = new TimeOnly(random.Next(0, 24), random.Next(0, 60));
            var local = date.ToDateTime(time);
            var instant = HelsinkiTime.ToInstant(date, time);

            if (HelsinkiTime.Zone.IsInvalidTime(local))
            {
                Assert.True(HelsinkiTime.ToLocal(instant) > local);
                continue;
            }

            Assert.Equal(local, HelsinkiTime.ToLocal(instant));
            Assert.Equal(HelsinkiTime.Zone.GetUtcOffset(instant), instant.Offset);
        }
    }

    [Fact]
    public void Daylight_saving_days_have_23_and_25_hours()
    {
        static TimeSpan Length(DateOnly d) => HelsinkiTime.ToInstant(d.AddDays(1), TimeOnly.MinValue) - HelsinkiTime.ToInstant(d, TimeOnly.MinValue);

        Assert.Equal(TimeSpan.FromHours(23), Length(new DateOnly(2026, 3, 29)));
        Assert.Equal(TimeSpan.FromHours(25), Length(new DateOnly(2026, 10, 25)));
        Assert.Equal(TimeSpan.FromHours(24), Length(new DateOnly(2026, 3, 28)));
    }
}
