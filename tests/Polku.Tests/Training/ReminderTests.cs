using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Domain;
using Polku.Training.Enrolment;
using Polku.Training.Reminders;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16: reminders 5 days (same Helsinki wall-clock time, 5 calendar days earlier) and 24 hours (real time) before
/// a group's first session, and 30 days before a certificate expires — each exactly once, also across the daylight
/// saving changes and with two reminder workers running at once.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ReminderTests
{
    private static DateTime Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    [Fact]
    public void Five_days_is_the_same_wall_clock_time_and_24_hours_is_real_time_across_both_clock_changes()
    {
        // Monday 30.3.2026 9.00 EEST (06.00 UTC); the clocks went forward on Sunday 29.3. Five days before is Wednesday
        // 25.3. 9.00 EET (07.00 UTC): 119 real hours. 24 hours before is Sunday 9.00 EEST.
        var spring = Utc(2026, 3, 30, 6);
        Assert.Equal(Utc(2026, 3, 25, 7), ReminderTiming.FiveDaysBefore(spring));
        Assert.Equal(TimeSpan.FromHours(119), spring - ReminderTiming.FiveDaysBefore(spring));
        Assert.Equal(Utc(2026, 3, 29, 6), ReminderTiming.DayBefore(spring));

        // Sunday 29.3. 12.00 EEST (09.00 UTC), the day of the change: 24 real hours before is Saturday 11.00 EET.
        var changeDay = Utc(2026, 3, 29, 9);
        Assert.Equal(new DateTime(2026, 3, 28, 11, 0, 0), HelsinkiTime.ToLocal(new DateTimeOffset(ReminderTiming.DayBefore(changeDay))));

        // Monday 26.10.2026 9.00 EET (07.00 UTC); the clocks went back on Sunday 25.10. Five days before is Wednesday
        // 21.10. 9.00 EEST (06.00 UTC): 121 real hours.
        var autumn = Utc(2026, 10, 26, 7);
        Assert.Equal(Utc(2026, 10, 21, 6), ReminderTiming.FiveDaysBefore(autumn));
        Assert.Equal(TimeSpan.FromHours(121), autumn - ReminderTiming.FiveDaysBefore(autumn));
        Assert.Equal(new DateTime(2026, 10, 21, 9, 0, 0), HelsinkiTime.ToLocal(new DateTimeOffset(ReminderTiming.FiveDaysBefore(autumn))));
        Assert.Equal(Utc(2026, 10, 25, 7), ReminderTiming.DayBefore(autumn));

        // Which one is due: nothing before the 5-day moment, the 5-day one until the 24-hour moment, then only that,
        // nothing after the start, and nothing for a place taken after the moment.
        var enrolled = Utc(2026, 10, 1, 8);
        Assert.Null(ReminderTiming.Due(autumn, enrolled, Utc(2026, 10, 21, 5, 59)));
        Assert.Equal("5d", ReminderTiming.Due(autumn, enrolled, Utc(2026, 10, 21, 6)));
        Assert.Equal("24h", ReminderTiming.Due(autumn, enrolled, Utc(2026, 10, 25, 7)));
        Assert.Null(ReminderTiming.Due(autumn, enrolled, autumn));
        Assert.Null(ReminderTiming.Due(autumn, Utc(2026, 10, 22, 8), Utc(2026, 10, 22, 9)));
        Assert.Equal("24h", ReminderTiming.Due(autumn, Utc(2026, 10, 22, 8), Utc(2026, 10, 25, 8)));
    }

    public static TheoryData<string, string> EnginesAndSeasons
    {
        get
        {
            var data = new TheoryData<string, string>();
            var engines = new List<string> { "sqlite" };
            if (PolkuAppFactory.PostgresConnectionString is not null || PolkuAppFactory.IsCi)
            {
                engines.Add("postgres");
            }

            foreach (var engine in engines)
            {
                data.Add(engine, "march");
                data.Add(engine, "october");
            }

            return data;
        }
    }

    /// <summary>A group whose first session is the Monday after a clock change: each reminder goes out once, at its moment, with two workers racing.</summary>
    [Theory]
    [MemberData(nameof(EnginesAndSeasons))]
    public async Task Each_reminder_is_sent_once_at_its_moment_across_the_clock_change_with_two_workers(string engine, string season)
    {
        var (clockStart, monday) = season == "march"
            ? (new DateTimeOffset(2026, 3, 18, 6, 0, 0, TimeSpan.Zero), new DateOnly(2026, 3, 30))
            : (new DateTimeOffset(2026, 10, 14, 6, 0, 0, TimeSpan.Zero), new DateOnly(2026, 10, 26));
        var clock = new ManualTimeProvider(clockStart);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var group = await NewGroupAsync(app, "CHAT-1", 5, (monday, new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var start = HelsinkiTime.ToInstant(monday, new TimeOnly(9, 0));
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        Guid enrolment;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            enrolment = (await scope.ServiceProvider.GetRequiredService<EnrolmentService>().EnrolAsync(nurse.Id, group, false, default)).Value!.EnrolmentId;
        }

        async Task<int> TwoWorkersAsync()
        {
            await using var one = app.Services.CreateAsyncScope();
            await using var two = app.Services.CreateAsyncScope();
            var sent = await Task.WhenAll(
                Task.Run(() => one.ServiceProvider.GetRequiredService<TrainingReminders>().RunAsync(default)),
                Task.Run(() => two.ServiceProvider.GetRequiredService<TrainingReminders>().RunAsync(default)));
            return sent.Sum();
        }

        // The demo's certificate expiring next week is warned of at the first run; what follows counts the group's reminders only.
        await TwoWorkersAsync();
        Assert.Single(await OutboxAsync(app, "training:expiry:"));

        var fiveDays = HelsinkiTime.ToInstant(monday.AddDays(-5), new TimeOnly(9, 0));
        Assert.Equal(season == "march" ? TimeSpan.FromHours(119) : TimeSpan.FromHours(121), start - fiveDays);
        var fiveKey = TrainingReminders.Key("5d", enrolment);
        var dayKey = TrainingReminders.Key("24h", enrolment);

        // A minute before the 5-day moment (Wednesday 8.59 Helsinki time): nothing.
        clock.Advance(fiveDays - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await TwoWorkersAsync());
        Assert.Empty(await OutboxAsync(app, fiveKey));

        // At Wednesday 9.00 Helsinki time: one reminder, though two workers ran; again later: still one.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TwoWorkersAsync());
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await TwoWorkersAsync());
        var five = Assert.Single(await OutboxAsync(app, fiveKey));
        Assert.Equal("hoitaja.loviisa@example.invalid", five.Recipient);

        // 24 real hours before the start, which is not the same wall-clock time on the day of the change.
        var dayBefore = start - TimeSpan.FromHours(24);
        clock.Advance(dayBefore - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await TwoWorkersAsync());
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await TwoWorkersAsync());
        Assert.Equal(0, await TwoWorkersAsync());
        Assert.Single(await OutboxAsync(app, dayKey));
        Assert.Single(await OutboxAsync(app, fiveKey));

        // After the start: nothing more.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await TwoWorkersAsync());
        Assert.Equal(2, (await OutboxAsync(app, "training:reminder:")).Count);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_certificate_s_holder_is_warned_once_30_days_before_it_expires_and_a_cancelled_place_gets_no_reminder(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };

        // hoitaja.porvoo's symptom-queue certificate expires in a week: the warning is due; hoitaja.digi's chat is not.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var reminders = scope.ServiceProvider.GetRequiredService<TrainingReminders>();
            Assert.Equal(1, await reminders.RunAsync(default));
            Assert.Equal(0, await reminders.RunAsync(default));
        }

        var warning = Assert.Single(await OutboxAsync(app, "training:expiry:"));
        Assert.Equal("hoitaja.porvoo@example.invalid", warning.Recipient);
        Assert.Contains("Oirearviojono", warning.Body, StringComparison.Ordinal);

        // A place cancelled before the 5-day moment: no reminder.
        var group = await NewGroupAsync(app, "CHAT-1", 5, (new DateOnly(2026, 4, 27), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var enrolments = scope.ServiceProvider.GetRequiredService<EnrolmentService>();
            var place = (await enrolments.EnrolAsync(nurse.Id, group, false, default)).Value!;
            Assert.True((await enrolments.CancelAsync(nurse.Id, place.EnrolmentId, default)).IsSuccess);
        }

        clock.Advance(TimeSpan.FromDays(9));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TrainingReminders>().RunAsync(default));
        }

        Assert.Empty(await OutboxAsync(app, "training:reminder:"));
    }
}
