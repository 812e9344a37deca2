using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Sla;
using Polku.ServiceManagement.Sla;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Spec 06's SLA clocks: targets in the service's service time (office hours with Finnish holidays, or 24×7), pauses
/// that stop the clock, a priority change that applies retroactively, warnings at 75 % and breaches at 100 % — and the
/// watch that raises each of them once across nodes. Every instant is fixed; nothing depends on today.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SlaTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static DateTimeOffset Due(string opened, int minutes, string calendar, params SlaPause[] pauses) =>
        SlaClock.Due(At(opened), minutes, calendar, pauses, At(opened).AddYears(1));

    // ---- The calendars ----

    [Fact]
    public void The_office_calendar_is_weekdays_8_to_16_closed_on_public_holidays_Midsummer_Eve_and_Christmas_Eve()
    {
        var office = ServiceCalendar.Office;
        Assert.True(office.IsOpenAt(At("2025-06-19T08:00:00+03:00")));
        Assert.True(office.IsOpenAt(At("2025-06-19T15:59:00+03:00")));
        Assert.False(office.IsOpenAt(At("2025-06-19T16:00:00+03:00")));
        Assert.False(office.IsOpenAt(At("2025-06-19T07:59:00+03:00")));
        Assert.False(office.IsOpenAt(At("2025-06-20T10:00:00+03:00"))); // Midsummer Eve (de facto)
        Assert.False(office.IsOpenAt(At("2025-12-24T10:00:00+02:00"))); // Christmas Eve (de facto)
        Assert.False(office.IsOpenAt(At("2025-12-26T10:00:00+02:00"))); // St Stephen's Day
        Assert.False(office.IsOpenAt(At("2026-04-03T10:00:00+03:00"))); // Good Friday
        Assert.False(office.IsOpenAt(At("2026-04-06T10:00:00+03:00"))); // Easter Monday
        Assert.False(office.IsOpenAt(At("2025-06-21T10:00:00+03:00"))); // Saturday
        Assert.True(office.IsOpenAt(At("2025-12-23T10:00:00+02:00")));
        Assert.True(ServiceCalendar.AroundTheClock.IsOpenAt(At("2025-12-24T03:00:00+02:00")));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceCalendar.For("weekdays"));
    }

    // ---- Due times ----

    [Theory]
    // Spec 06's worked examples: Midsummer Eve and the weekend are closed; Good Friday and Easter Monday are closed.
    [InlineData("2025-06-19T15:30:00+03:00", 240, "office", "2025-06-23T11:30:00+03:00")]
    [InlineData("2026-04-02T14:00:00+03:00", 480, "office", "2026-04-07T14:00:00+03:00")]
    // Christmas: 23.12. 15–16, then Christmas Eve, Christmas Day, St Stephen's Day and the weekend are closed.
    [InlineData("2025-12-23T15:00:00+02:00", 120, "office", "2025-12-29T09:00:00+02:00")]
    // A target that ends exactly at closing time is due at closing time, not the next morning.
    [InlineData("2026-02-02T12:00:00+02:00", 240, "office", "2026-02-02T16:00:00+02:00")]
    // Opened outside service time: the clock starts when service time does.
    [InlineData("2026-02-07T11:00:00+02:00", 60, "office", "2026-02-09T09:00:00+02:00")]
    // Across the spring change (last Sunday of March): the due time carries summer time's offset.
    [InlineData("2026-03-27T15:00:00+02:00", 120, "office", "2026-03-30T09:00:00+03:00")]
    // Across the autumn change (last Sunday of October): back to winter time.
    [InlineData("2026-10-23T15:00:00+03:00", 120, "office", "2026-10-26T09:00:00+02:00")]
    // 24×7: real minutes. 180 minutes from 01:30 on the spring-forward night end at 05:30 summer time (03:00 → 04:00).
    [InlineData("2026-03-29T01:30:00+02:00", 180, "24x7", "2026-03-29T05:30:00+03:00")]
    // 180 minutes from 01:30 on the autumn night end at 03:30 winter time (04:00 → 03:00 happens in between).
    [InlineData("2026-10-25T01:30:00+03:00", 180, "24x7", "2026-10-25T03:30:00+02:00")]
    // 24×7 does not stop for Midsummer.
    [InlineData("2025-06-20T22:00:00+03:00", 240, "24x7", "2025-06-21T02:00:00+03:00")]
    public void A_target_is_due_after_that_much_service_time(string opened, int minutes, string calendar, string expected)
    {
        var due = Due(opened, minutes, calendar);
        Assert.Equal(expected, Iso(due));
        Assert.Equal(minutes, SlaClock.ElapsedMinutes(At(opened), due, calendar, []), 6);
    }

    [Fact]
    public void A_pause_waiting_for_the_reporter_moves_the_due_time_by_the_service_time_inside_it()
    {
        const string opened = "2026-02-02T09:00:00+02:00"; // Monday
        Assert.Equal("2026-02-02T13:00:00+02:00", Iso(Due(opened, 240, "office")));

        // 1½ hours waiting in the morning: due 1½ hours later.
        Assert.Equal("2026-02-02T14:30:00+02:00", Iso(Due(opened, 240, "office", new SlaPause(At("2026-02-02T10:00:00+02:00"), At("2026-02-02T11:30:00+02:00")))));

        // Waiting overnight (12:00 → 09:00 next day, 21 real hours) holds back only the service time inside it:
        // 12–16 and 08–09, five hours, so 13:00 becomes Tuesday 10:00.
        Assert.Equal("2026-02-03T10:00:00+02:00", Iso(Due(opened, 240, "office", new SlaPause(At("2026-02-02T12:00:00+02:00"), At("2026-02-03T09:00:00+02:00")))));

        // An open pause counts until now: waiting since 10:00, asked at 12:00 → two hours later than without it.
        var open = SlaClock.Due(At(opened), 240, "office", [new SlaPause(At("2026-02-02T10:00:00+02:00"), null)], At("2026-02-02T12:00:00+02:00"));
        Assert.Equal("2026-02-02T15:00:00+02:00", Iso(open));

        // Overlapping pauses count once.
        Assert.Equal("2026-02-02T14:00:00+02:00", Iso(Due(opened, 240, "office",
            new SlaPause(At("2026-02-02T10:00:00+02:00"), At("2026-02-02T10:45:00+02:00")),
            new SlaPause(At("2026-02-02T10:30:00+02:00"), At("2026-02-02T11:00:00+02:00")))));
    }

    [Fact]
    public void A_priority_change_from_P3_to_P1_recomputes_from_the_opening_with_the_pause_kept()
    {
        // polku-desk is an office service: P3 resolution 2400 min (5 service days), P1 resolution 240 min.
        var opened = At("2026-02-02T09:00:00+02:00");
        SlaPause[] pauses = [new(At("2026-02-02T10:00:00+02:00"), At("2026-02-02T11:00:00+02:00"))];
        var noon = At("2026-02-02T12:00:00+02:00");

        var p3 = SlaClock.Due(opened, 2400, "office", pauses, noon);
        Assert.Equal("2026-02-09T10:00:00+02:00", Iso(p3));
        Assert.Equal(SlaState.Ok, SlaClock.State(opened, 2400, "office", pauses, noon));

        // At noon the priority becomes P1: the 2 hours already elapsed count against the new target, the pause stays out.
        Assert.Equal(120, SlaClock.ElapsedMinutes(opened, noon, "office", pauses), 6);
        Assert.Equal("2026-02-02T14:00:00+02:00", Iso(SlaClock.Due(opened, 240, "office", pauses, noon)));
        Assert.Equal(SlaState.Ok, SlaClock.State(opened, 240, "office", pauses, noon));
        Assert.Equal(SlaState.Warning, SlaClock.State(opened, 240, "office", pauses, At("2026-02-02T13:00:00+02:00")));
        Assert.Equal(SlaState.Breached, SlaClock.State(opened, 240, "office", pauses, At("2026-02-02T14:00:00+02:00")));
    }

    [Fact]
    public void Elapsed_minutes_count_service_time_only_and_leave_out_pauses()
    {
        var opened = At("2025-06-19T15:30:00+03:00");
        Assert.Equal(30, SlaClock.ElapsedMinutes(opened, At("2025-06-22T12:00:00+03:00"), "office", []), 6);
        Assert.Equal(240, SlaClock.ElapsedMinutes(opened, At("2025-06-23T11:30:00+03:00"), "office", []), 6);
        Assert.Equal(0, SlaClock.ElapsedMinutes(opened, opened.AddHours(-1), "office", []), 6);

        // Waiting 09:00–10:00 on Monday: one minute less per minute waited, in service time only.
        SlaPause[] pauses = [new(At("2025-06-23T09:00:00+03:00"), At("2025-06-23T10:00:00+03:00"))];
        Assert.Equal(180, SlaClock.ElapsedMinutes(opened, At("2025-06-23T11:30:00+03:00"), "office", pauses), 6);

        // An open pause stops counting at its start; a pause before the opening changes nothing.
        SlaPause[] open = [new(At("2025-06-23T09:00:00+03:00"), null), new(At("2025-06-18T09:00:00+03:00"), At("2025-06-19T16:00:00+03:00"))];
        Assert.Equal(60, SlaClock.ElapsedMinutes(opened, At("2025-06-23T15:00:00+03:00"), "office", open), 6);

        // 24×7 across the autumn change: the night of 25 October has 25 hours.
        Assert.Equal(25 * 60, SlaClock.ElapsedMinutes(At("2026-10-25T00:00:00+03:00"), At("2026-10-26T00:00:00+02:00"), "24x7", []), 6);
    }

    [Theory]
    [InlineData(749, "Ok")] // 74.9 %
    [InlineData(750, "Warning")] // 75 %
    [InlineData(999, "Warning")]
    [InlineData(1000, "Breached")] // 100 %
    [InlineData(1500, "Breached")]
    public void The_state_is_a_warning_from_75_and_a_breach_from_100_per_cent(int minutesLater, string expected)
    {
        var opened = At("2026-02-02T09:00:00+02:00");
        Assert.Equal(Enum.Parse<SlaState>(expected), SlaClock.State(opened, 1000, "24x7", [], opened.AddMinutes(minutesLater)));
    }

    // ---- The API ----

    private static async Task<HttpClient> DeskAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "tukipalvelu");
        return client;
    }

    private static Task<HttpResponseMessage> PostDueAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync(new Uri("/api/service-management/sla/due", UriKind.Relative), body);

    [Fact]
    public async Task The_API_gives_the_due_time_with_the_Helsinki_offset_of_that_instant()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(At("2026-02-02T09:00:00+02:00")) };
        var client = await DeskAsync(app);
        foreach (var (start, minutes, calendar, expected) in new[]
        {
            ("2025-06-19T15:30:00+03:00", 240, "office", "2025-06-23T11:30:00+03:00"),
            ("2026-04-02T14:00:00+03:00", 480, "office", "2026-04-07T14:00:00+03:00"),
            ("2026-03-28T23:30:00Z", 180, "24x7", "2026-03-29T05:30:00+03:00"),
            ("2026-03-27T13:00:00Z", 120, "office", "2026-03-30T09:00:00+03:00"),
        })
        {
            using var response = await PostDueAsync(client, new { start, minutes, calendar });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(expected, body!["due"]!.GetValue<string>());
        }

        // The service manager may ask too.
        var manager = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(manager, "palvelupaallikko");
        using var managers = await PostDueAsync(manager, new { start = "2025-06-19T15:30:00+03:00", minutes = 240, calendar = "office" });
        Assert.Equal(HttpStatusCode.OK, managers.StatusCode);
    }

    [Fact]
    public async Task The_API_answers_bad_input_with_a_localised_400_naming_every_field_at_fault()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(At("2026-02-02T09:00:00+02:00")) };
        var client = await DeskAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();

        async Task<JsonObject> BadAsync(object body)
        {
            using var response = await PostDueAsync(client, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        var all = await BadAsync(new { start = "2025-06-19T15:30:00", minutes = 0, calendar = "weekdays" });
        Assert.Equal("sm.sla.error.start", all["code"]!.GetValue<string>());
        Assert.Equal(texts.Get("fi", "sm.sla.error.start"), all["title"]!.GetValue<string>());
        var errors = all["errors"]!.AsObject();
        Assert.Equal(["calendar", "minutes", "start"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("sm.sla.error.minutes", errors["minutes"]![0]!.GetValue<string>());
        Assert.Equal("sm.sla.error.calendar", errors["calendar"]![0]!.GetValue<string>());
        Assert.Equal(texts.Get("fi", "sm.sla.error.calendar"), all["messages"]!["calendar"]!.GetValue<string>());

        Assert.Equal("sm.sla.error.start_required", (await BadAsync(new { minutes = 240, calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.start", (await BadAsync(new { start = "19.6.2025 15:30", minutes = 240, calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.start", (await BadAsync(new { start = "1999-06-19T15:30:00+03:00", minutes = 240, calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.start", (await BadAsync(new { start = "2025-02-30T15:30:00+02:00", minutes = 240, calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.minutes", (await BadAsync(new { start = "2025-06-19T15:30:00+03:00", minutes = 525_601, calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.minutes", (await BadAsync(new { start = "2025-06-19T15:30:00+03:00", calendar = "office" }))["code"]!.GetValue<string>());
        Assert.Equal("sm.sla.error.calendar", (await BadAsync(new { start = "2025-06-19T15:30:00+03:00", minutes = 240 }))["code"]!.GetValue<string>());

        // A number that is not a whole number is the platform's request.invalid naming the field.
        var text = await BadAsync(new { start = "2025-06-19T15:30:00+03:00", minutes = "many", calendar = "office" });
        Assert.Equal("request.invalid", text["code"]!.GetValue<string>());

        // The largest target is computed, not refused: a year of office minutes lies about four years ahead.
        using var largest = await PostDueAsync(client, new { start = "2199-12-31T15:00:00+02:00", minutes = 525_600, calendar = "office" });
        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);

        // In Swedish the messages are Swedish.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/service-management/sla/due?lang=sv", UriKind.Relative))
        {
            Content = JsonContent.Create(new { start = "2025-06-19T15:30:00+03:00", minutes = 240, calendar = "x" }),
        };
        using var swedish = await client.SendAsync(request);
        var sv = (await swedish.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(texts.Get("sv", "sm.sla.error.calendar"), sv["title"]!.GetValue<string>());
        Assert.NotEqual(texts.Get("fi", "sm.sla.error.calendar"), texts.Get("sv", "sm.sla.error.calendar"));
    }

    [Fact]
    public async Task Only_the_service_desk_and_the_service_manager_may_ask()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(At("2026-02-02T09:00:00+02:00")) };
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using var refused = await PostDueAsync(nurse, new { start = "2025-06-19T15:30:00+03:00", minutes = 240, calendar = "office" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = await PostDueAsync(app.CreateBrowserLikeClient(), new { start = "2025-06-19T15:30:00+03:00", minutes = 240, calendar = "office" });
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    // ---- The watch ----

    /// <summary>Monday 2 February 2026, 09:00 in Helsinki.</summary>
    private static readonly DateTimeOffset Monday = At("2026-02-02T09:00:00+02:00");

    internal static async Task<Guid> TicketAsync(PolkuAppFactory app, string serviceId, string priority, string group = "line1", string status = TicketStatuses.New,
        DateTimeOffset? opened = null, string kind = TicketKinds.Incident, SlaPause[]? pauses = null, DateTimeOffset? responded = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var id = Guid.NewGuid();
        var at = (opened ?? app.Services.GetRequiredService<TimeProvider>().GetUtcNow()).UtcDateTime;

        // The demo county's own tickets (numbered INC-000001 …) are closed so that the watch counts only this test's.
        await db.Set<Ticket>().Where(t => t.Number.Length == 10 && t.Status != TicketStatuses.Closed)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatuses.Closed));
        db.Set<Ticket>().Add(new Ticket
        {
            Id = id,
            Number = "INC-" + id.ToString("N")[..8],
            Kind = kind,
            ServiceId = serviceId,
            Category = "login",
            Title = "Kirjautuminen ei onnistu",
            Description = "Maija Meikäläinen ei pääse kirjautumaan, puh. 040 123 4567.",
            ReporterName = "Maija Meikäläinen",
            ReporterEmail = "maija.meikalainen@example.invalid",
            AssigneeGroup = group,
            Status = status,
            Impact = Impacts.Significant,
            Urgency = Urgencies.Serious,
            MatrixPriority = priority,
            Priority = priority,
            OpenedUtc = at,
            RespondedUtc = responded?.UtcDateTime,
            UpdatedUtc = at,
        });
        foreach (var pause in pauses ?? [])
        {
            db.Set<TicketPause>().Add(new TicketPause { Id = Guid.NewGuid(), TicketId = id, Reason = TicketStatuses.WaitingReporter, StartUtc = pause.Start.UtcDateTime, EndUtc = pause.End?.UtcDateTime });
        }

        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<int> WatchAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SlaWatch>().RunOnceAsync(CancellationToken.None);
    }

    private static async Task<(Ticket Ticket, List<TicketEntry> Entries, List<OutboxMessage> Mail)> ReadAsync(PolkuAppFactory app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var ticket = await db.Set<Ticket>().AsNoTracking().SingleAsync(t => t.Id == id);
        var entries = (await db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == id).ToListAsync()).OrderBy(e => e.AtUtc).ToList();
        var prefix = $"sm-sla:{id:D}:";
        var mail = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith(prefix)).ToListAsync()).OrderBy(m => m.CreatedUtc).ToList();
        return (ticket, entries, mail);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_watch_warns_at_75_and_breaches_at_100_per_cent_of_each_clock_once_and_mails_the_group_without_personal_data(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine)
        {
            Time = clock,
            Settings = new Dictionary<string, string?> { ["ServiceManagement:GroupAddresses:line2"] = "toinen.linja@palvelupiste.example.invalid" },
        };

        // polku-front is 24x7; P2: response 60 min, resolution 480 min.
        var id = await TicketAsync(app, "polku-front", "P2", group: "line2");
        var paused = await TicketAsync(app, "polku-front", "P2", status: TicketStatuses.WaitingReporter, pauses: [new SlaPause(Monday, null)]);
        var responded = await TicketAsync(app, "polku-front", "P2", status: TicketStatuses.InProgress, responded: Monday.AddMinutes(5));
        var resolved = await TicketAsync(app, "polku-front", "P2", status: TicketStatuses.Resolved);
        var problem = await TicketAsync(app, "polku-front", "P2", kind: TicketKinds.Problem);

        clock.Advance(TimeSpan.FromMinutes(44));
        Assert.Equal(0, await WatchAsync(app));

        clock.Advance(TimeSpan.FromMinutes(1)); // 45 min = 75 % of the response target
        Assert.Equal(1, await WatchAsync(app));
        Assert.Equal(0, await WatchAsync(app));
        var (ticket, entries, mail) = await ReadAsync(app, id);
        Assert.True(ticket.ResponseWarned);
        Assert.False(ticket.ResponseBreached);
        Assert.False(ticket.ResolutionWarned);
        var warning = Assert.Single(entries);
        Assert.Equal(("sla-warning", "internal", "response"), (warning.Kind, warning.Visibility, warning.NewValue));
        var first = Assert.Single(mail);
        Assert.Equal(OutboxChannel.Email, first.Channel);
        Assert.Equal("toinen.linja@palvelupiste.example.invalid", first.Recipient);
        Assert.Contains(ticket.Number, first.Subject, StringComparison.Ordinal);
        Assert.Contains(ticket.Number, first.Body, StringComparison.Ordinal);
        Assert.Contains(ticket.Title, first.Body, StringComparison.Ordinal);
        foreach (var personal in new[] { "Maija", "Meikäläinen", "maija.meikalainen", "040 123 4567", "kirjautumaan" })
        {
            Assert.DoesNotContain(personal, first.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(personal, first.Subject!, StringComparison.OrdinalIgnoreCase);
        }

        // In all three languages, with the due time on the Helsinki clock (10:00) and no untranslated key.
        Assert.Contains("vasteaika", first.Body, StringComparison.Ordinal);
        Assert.Contains("responstid", first.Body, StringComparison.Ordinal);
        Assert.Contains("response time", first.Body, StringComparison.Ordinal);
        Assert.Contains("10.00", first.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("sm.sla.", first.Body, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(15)); // 60 min: the response target is missed
        Assert.Equal(1, await WatchAsync(app));
        Assert.Equal(0, await WatchAsync(app));
        (ticket, entries, mail) = await ReadAsync(app, id);
        Assert.True(ticket.ResponseBreached);
        Assert.Equal(["sla-warning", "sla-breach"], entries.Select(e => e.Kind));
        Assert.Equal(2, mail.Count);

        // 360 min = 75 % of 480: this ticket and the one that was responded to (same opening, same resolution target).
        clock.Advance(TimeSpan.FromMinutes(300));
        Assert.Equal(2, await WatchAsync(app));
        clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(0, await WatchAsync(app));
        clock.Advance(TimeSpan.FromMinutes(1)); // 480 min
        Assert.Equal(2, await WatchAsync(app));
        clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, await WatchAsync(app));
        (ticket, entries, mail) = await ReadAsync(app, id);
        Assert.True(ticket.ResolutionWarned && ticket.ResolutionBreached);
        Assert.Equal([("sla-warning", "response"), ("sla-breach", "response"), ("sla-warning", "resolution"), ("sla-breach", "resolution")],
            entries.Select(e => (e.Kind, e.NewValue!)));
        Assert.Equal(4, mail.Count);
        Assert.Equal(4, mail.Select(m => m.DedupeKey).Distinct().Count());

        // A paused ticket's clock stood still; a closed one and a problem are not watched.
        foreach (var quiet in new[] { paused, resolved, problem })
        {
            var (t, e, m) = await ReadAsync(app, quiet);
            Assert.False(t.ResponseWarned || t.ResponseBreached || t.ResolutionWarned || t.ResolutionBreached);
            Assert.Empty(e);
            Assert.Empty(m);
        }

        // A ticket that was responded to has only its resolution clock running; its group's mailbox is the default.
        var (r, entriesOfResponded, mailOfResponded) = await ReadAsync(app, responded);
        Assert.False(r.ResponseWarned || r.ResponseBreached);
        Assert.True(r.ResolutionWarned && r.ResolutionBreached);
        Assert.Equal(["resolution", "resolution"], entriesOfResponded.Select(e => e.NewValue!));
        Assert.All(mailOfResponded, m => Assert.Equal("line1@palvelupiste.example.invalid", m.Recipient));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_clock_that_passed_both_marks_while_no_node_ran_gives_the_breach_only(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };

        // An office service (polku-desk, P3: response 240 min): opened Monday 09:00, asked on Tuesday at 09:00.
        var id = await TicketAsync(app, "polku-desk", "P3");
        clock.Advance(TimeSpan.FromHours(24)); // 420 office minutes: past 75 % (Monday 12:00) and 100 % (13:00)
        Assert.Equal(1, await WatchAsync(app));
        var (ticket, entries, mail) = await ReadAsync(app, id);
        Assert.True(ticket.ResponseWarned && ticket.ResponseBreached);
        Assert.False(ticket.ResolutionWarned);
        Assert.Equal(["sla-breach"], entries.Select(e => e.Kind));
        Assert.Single(mail);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Two_nodes_watching_at_once_give_one_warning(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var first = new PolkuAppFactory(engine) { Time = clock };
        _ = first.Services;
        await using var second = new PolkuAppFactory(first);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await TicketAsync(first, "polku-front", "P2"));
        }

        clock.Advance(TimeSpan.FromMinutes(50)); // past 75 % of the 60-minute response target, short of 100 %
        for (var round = 0; round < 3; round++)
        {
            var claims = await Task.WhenAll(WatchAsync(first), WatchAsync(second), WatchAsync(first), WatchAsync(second));
            Assert.Equal(round == 0 ? ids.Count : 0, claims.Sum());
        }

        foreach (var id in ids)
        {
            var (ticket, entries, mail) = await ReadAsync(first, id);
            Assert.True(ticket.ResponseWarned);
            Assert.Equal("sla-warning", Assert.Single(entries).Kind);
            Assert.Single(mail);
        }
    }
}
