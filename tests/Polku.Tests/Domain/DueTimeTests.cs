using Polku.Contacts.Domain;
using Polku.Platform.Time;

namespace Polku.Tests.Domain;

/// <summary>A task's due time counts only the queue's service time: closed hours, weekends and holidays do not count.</summary>
public class DueTimeTests
{
    private static DateTimeOffset At(int y, int mo, int d, int h, int mi = 0) =>
        HelsinkiTime.ToInstant(new DateOnly(y, mo, d), new TimeOnly(h, mi));

    /// <summary>A health station open Monday to Friday 8–16, closed on holidays and de facto non-working days.</summary>
    private static readonly OpeningHours Station = new(
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new OpeningPeriod(d, new TimeOnly(8, 0), new TimeOnly(16, 0)))],
        []);

    [Theory]
    // A P2 call-back (2 h) asked at 15:00 on the Thursday before Midsummer: one hour that day; Midsummer Eve (Friday),
    // Midsummer Day and Sunday are closed, so the second hour is Monday 8–9.
    [InlineData(2026, 6, 18, 15, 0, 120, 2026, 6, 22, 9, 0)]
    // A non-urgent message (two working days, 960 min) left on Midsummer Eve itself starts counting on Monday.
    [InlineData(2026, 6, 19, 10, 0, 960, 2026, 6, 23, 16, 0)]
    // The same message left on an ordinary Friday morning is due on Tuesday morning.
    [InlineData(2026, 6, 12, 10, 0, 960, 2026, 6, 16, 10, 0)]
    // Christmas: left on Tuesday 22 December 2026 at 15:00, P3: one hour on the 22nd, the 23rd (Wednesday) is open,
    // Christmas Eve, Christmas Day and Boxing Day are closed; the rest runs on Monday 28th.
    [InlineData(2026, 12, 22, 15, 0, 960, 2026, 12, 28, 15, 0)]
    public void Due_time_skips_closed_days(int y, int mo, int d, int h, int mi, int minutes, int ey, int emo, int ed, int eh, int emi) =>
        Assert.Equal(At(ey, emo, ed, eh, emi), DueTime.Compute(At(y, mo, d, h, mi), minutes, Station));

    [Fact]
    public void Without_service_hours_the_target_runs_in_calendar_time() =>
        Assert.Equal(At(2026, 6, 19, 12, 0), DueTime.Compute(At(2026, 6, 19, 10, 0), 120, null));

    [Fact]
    public void Due_soon_and_overdue_are_relative_to_now()
    {
        var now = new DateTime(2026, 6, 22, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(DueState.Overdue, DueTime.State(now, now, TimeSpan.FromHours(2)));
        Assert.Equal(DueState.DueSoon, DueTime.State(now.AddMinutes(90), now, TimeSpan.FromHours(2)));
        Assert.Equal(DueState.OnTime, DueTime.State(now.AddHours(3), now, TimeSpan.FromHours(2)));
    }
}
