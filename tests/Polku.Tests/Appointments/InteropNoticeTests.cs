using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;
using static Polku.Tests.Appointments.InteropTestData;

namespace Polku.Tests.Appointments;

/// <summary>
/// Confirmation, change, cancellation and reminder notices as they land in the outbox: right time and place, in the
/// resident's language, exactly once, and never any health information (service, reasons).
/// </summary>
[Trait("Category", "Postgres")]
public sealed class InteropNoticeTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private const string HealthReason = "Rintakipu, kiireellinen";

    /// <summary>What must never appear in an SMS or e-mail: the service, the reasons typed by professionals.</summary>
    private static void NoHealthInformation(OutboxMessage m, params string[] secrets)
    {
        var text = (m.Subject ?? "") + "\n" + m.Body + "\n" + (m.AttachmentBytes() is { } b ? System.Text.Encoding.UTF8.GetString(b) : "");
        foreach (var secret in secrets.Concat(["health-station", "terveysasema", "Terveysasema", "hälsostation", HealthReason]))
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Booking_sends_a_confirmation_by_SMS_and_email_with_time_place_and_link_only(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00", HealthReason);

        var rows = await OutboxAsync(app, booked.Id, "confirmed");
        Assert.Equal([OutboxChannel.Email, OutboxChannel.Sms], rows.Select(r => r.Channel).Order());
        var sms = rows.Single(r => r.Channel == OutboxChannel.Sms);
        Assert.Equal("+358 40 000 0902", sms.Recipient);
        Assert.Equal("Sinulla on aika 2.12.2026 10.00, etävastaanotto (video). Katso Polusta: http://localhost/me/appointments", sms.Body);
        var email = rows.Single(r => r.Channel == OutboxChannel.Email);
        Assert.Equal("maija.meikalainen@example.invalid", email.Recipient);
        Assert.Equal(sms.Body, email.Body);
        Assert.Equal("Aikasi on varattu", email.Subject);
        foreach (var row in rows)
        {
            NoHealthInformation(row);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_in_person_appointment_names_the_unit_as_the_place_in_the_residents_own_language(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Erik, Doctor, "2026-12-03 09:00");

        var sms = (await OutboxAsync(app, booked.Id, "confirmed")).Single(r => r.Channel == OutboxChannel.Sms);
        Assert.StartsWith("Du har en tid 3.12.2026 09.00, ", sms.Body, StringComparison.Ordinal);
        Assert.Contains("Borgå", sms.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Moving_sends_a_change_notice_whose_calendar_file_cancels_the_old_event_and_adds_the_new(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var moved = await MoveAsync(app, booked.Id, Nurse, "2026-12-04 13:15");

        var rows = await OutboxAsync(app, moved.Id, "changed");
        Assert.Equal(2, rows.Count);
        var sms = rows.Single(r => r.Channel == OutboxChannel.Sms);
        Assert.Equal("Aikasi on siirretty: 4.12.2026 13.15, etävastaanotto (video). Katso Polusta: http://localhost/me/appointments", sms.Body);
        var email = rows.Single(r => r.Channel == OutboxChannel.Email);
        var calendar = StrictICalendar.Parse(email.AttachmentBytes()!);
        var events = calendar.Events.ToDictionary(e => e.Value("UID"));
        var old = events[booked.Id.ToString("D") + "@polku"];
        Assert.Equal("CANCELLED", old.Value("STATUS"));
        Assert.True(int.Parse(old.Value("SEQUENCE"), System.Globalization.CultureInfo.InvariantCulture) > booked.Version, "the cancellation must outrank the confirmation");
        Assert.Equal("20261202T080000Z", old.Value("DTSTART"));
        var added = events[moved.Id.ToString("D") + "@polku"];
        Assert.Equal("CONFIRMED", added.Value("STATUS"));
        Assert.Equal("20261204T111500Z", added.Value("DTSTART"));
        Assert.Empty(await OutboxAsync(app, booked.Id, "cancelled"));
        foreach (var row in rows)
        {
            NoHealthInformation(row);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_professionals_cancellation_notifies_the_resident_without_the_reason(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        await CancelAsync(app, booked.Id, Nurse, "Potilaalla korkea kuume");

        var rows = await OutboxAsync(app, booked.Id, "cancelled");
        Assert.Equal(2, rows.Count);
        var sms = rows.Single(r => r.Channel == OutboxChannel.Sms);
        Assert.Equal("Aikasi 2.12.2026 10.00, etävastaanotto (video) on peruttu. Katso Polusta: http://localhost/me/appointments", sms.Body);
        var e = StrictICalendar.Parse(rows.Single(r => r.Channel == OutboxChannel.Email).AttachmentBytes()!).Events.Single();
        Assert.Equal("CANCELLED", e.Value("STATUS"));
        Assert.Equal(booked.Id.ToString("D") + "@polku", e.Value("UID"));
        foreach (var row in rows)
        {
            NoHealthInformation(row, "kuume");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_reminder_goes_out_once_at_18_the_day_before(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var clock = Clock(app);

        // Tuesday 17:59 in Helsinki (15:59 UTC): not yet.
        clock.Advance(new DateTimeOffset(2026, 12, 1, 15, 59, 0, TimeSpan.Zero) - clock.GetUtcNow());
        Assert.Equal(0, await RunRemindersAsync(app));
        Assert.Empty(await OutboxAsync(app, booked.Id, "reminder"));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunRemindersAsync(app));
        var rows = await OutboxAsync(app, booked.Id, "reminder");
        Assert.Equal(2, rows.Count);
        Assert.Equal("Muistutus: sinulla on aika 2.12.2026 10.00, etävastaanotto (video). Katso Polusta: http://localhost/me/appointments",
            rows.Single(r => r.Channel == OutboxChannel.Sms).Body);
        Assert.All(rows, r => Assert.Null(r.AttachmentBase64));
        Assert.All(rows, r => NoHealthInformation(r));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, (await AppointmentAsync(app, booked.Id)).ReminderSentUtc);
        Assert.Equal(booked.Version, (await AppointmentAsync(app, booked.Id)).Version);

        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await RunRemindersAsync(app));
        Assert.Equal(2, (await OutboxAsync(app, booked.Id, "reminder")).Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Booked_after_the_reminder_moment_or_cancelled_means_no_reminder(string engine)
    {
        await using var app = At(engine, "2026-12-01T19:00:00+02:00");
        var late = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var cancelled = await BookAsync(app, Erik, Nurse, "2026-12-03 10:00");
        await CancelAsync(app, cancelled.Id, Nurse, "Lääkäri sairastui");

        var clock = Clock(app);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await RunRemindersAsync(app));
        Assert.Empty(await OutboxAsync(app, late.Id, "reminder"));
        Assert.Empty(await OutboxAsync(app, cancelled.Id, "reminder"));
        Assert.Null((await AppointmentAsync(app, late.Id)).ReminderSentUtc);
    }

    /// <summary>
    /// The day before the clocks change: 18:00 is still 18:00 in Helsinki although the offset differs between the
    /// reminder and the appointment (spring: EEST reminder 15:00 UTC; autumn: EET reminder 16:00 UTC).
    /// </summary>
    [Theory]
    [InlineData("sqlite", "2026-03-27T10:00:00+02:00", "2026-03-30 10:00", "2026-03-29T15:00:00Z")]
    [InlineData("sqlite", "2026-10-23T10:00:00+03:00", "2026-10-26 10:00", "2026-10-25T16:00:00Z")]
    public async Task Reminders_follow_the_Helsinki_clock_across_daylight_saving_changes(string engine, string now, string appointment, string due)
    {
        await using var app = At(engine, now);
        var booked = await BookAsync(app, Maija, Nurse, appointment);
        var clock = Clock(app);
        var dueAt = DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture);

        clock.Advance(dueAt - clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunRemindersAsync(app));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunRemindersAsync(app));
        Assert.Equal(2, (await OutboxAsync(app, booked.Id, "reminder")).Count);
    }

    /// <summary>Two nodes run the job at the same moment: each reminder is claimed by exactly one of them.</summary>
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Concurrent_reminder_runs_send_each_reminder_exactly_once(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var ids = new List<Guid>();
        foreach (var (resident, time) in new[] { (Maija, "2026-12-02 08:00"), (Erik, "2026-12-02 08:15"), ("Lotta Testinen", "2026-12-02 08:30"), ("Ville Vanhempi", "2026-12-02 08:45") })
        {
            ids.Add((await BookAsync(app, resident, Nurse, time)).Id);
        }

        var clock = Clock(app);
        clock.Advance(new DateTimeOffset(2026, 12, 1, 16, 5, 0, TimeSpan.Zero) - clock.GetUtcNow());
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunRemindersAsync(app))));

        Assert.Equal(ids.Count, runs.Sum());
        var notices = (await AllNoticesAsync(app)).Where(m => m.DedupeKey.EndsWith(":reminder", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count * 2, notices.Count);
        Assert.All(ids, id => Assert.Equal(2, notices.Count(m => m.DedupeKey.Contains(id.ToString(), StringComparison.Ordinal))));
        using var scope = app.Services.CreateScope();
        Assert.Equal(ids.Count, await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().CountAsync(a => ids.Contains(a.Id) && a.ReminderSentUtc != null));
    }
}
