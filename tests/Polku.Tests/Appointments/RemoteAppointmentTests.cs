using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Remote;
using Polku.Identity.Contracts;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// Remote appointments end to end in process: the join window, the unit's waiting room, admitting (one professional
/// wins a race), the note to the waiting resident, completing, the no-show job and who may open the video room.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class RemoteAppointmentTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly string MaijaCode = PersonalIdentityCode.Create(new DateOnly(1980, 5, 14), 902);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Joining_opens_15_minutes_before_and_checks_the_resident_in(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        var url = $"/appointments/{appointment.Id:D}/join";

        var (early, token) = await SignIn.GetFormAsync(client, url);
        Assert.Contains("15", SignIn.Html(early), StringComparison.Ordinal);
        Assert.DoesNotContain("type=\"submit\" class=\"primary\"", early, StringComparison.Ordinal);
        var refused = await SignIn.PostFormAsync(client, url, token, []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = SignIn.Html(await refused.Content.ReadAsStringAsync());
        Assert.Contains("error-summary", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("odotushuoneeseen", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(AppointmentStatus.Booked, (await ReloadAsync(app, appointment.Id)).Status);

        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(15));
        (_, token) = await SignIn.GetFormAsync(client, url);
        var joined = await SignIn.PostFormAsync(client, url, token, []);
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var now = await ReloadAsync(app, appointment.Id);
        Assert.Equal(AppointmentStatus.CheckedIn, now.Status);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, now.CheckedInUtc);
        var waiting = SignIn.Html(await client.GetStringAsync(new Uri(url, UriKind.Relative)));
        Assert.Contains("Olet odotushuoneessa", waiting, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.True(await db.Set<AppointmentChange>().AnyAsync(c => c.AppointmentId == appointment.Id && c.Kind == "checked-in" && c.ByKind == ActorKind.Resident));
        Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == "appointment.checked-in" && e.UnitId == appointment.UnitId));

        // Joining again is harmless: still one check-in.
        (_, token) = await SignIn.GetFormAsync(client, url);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostFormAsync(client, url, token, [])).StatusCode);
        Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == "appointment.checked-in"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_waiting_room_shows_the_resident_to_the_units_staff_only(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(10));
        await CheckInAsync(app, appointment);

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var page = SignIn.Html(await nurse.GetStringAsync(new Uri("/desk/waiting-room?unit=hs-638", UriKind.Relative)));
        Assert.Contains("Maija Meikäläinen", page, StringComparison.Ordinal);
        Assert.Contains($"data-appointment=\"{appointment.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains(RemoteFormatTime(appointment.StartUtc), page, StringComparison.Ordinal);
        var filtered = SignIn.Html(await nurse.GetStringAsync(new Uri("/desk/waiting-room?unit=hs-638&municipality=434", UriKind.Relative)));
        Assert.DoesNotContain("Maija Meikäläinen", filtered, StringComparison.Ordinal);

        var loviisa = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(loviisa, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.NotFound, (await loviisa.GetAsync(new Uri("/desk/waiting-room?unit=hs-638", UriKind.Relative))).StatusCode);
        var own = SignIn.Html(await loviisa.GetStringAsync(new Uri("/desk/waiting-room", UriKind.Relative)));
        Assert.DoesNotContain("Maija Meikäläinen", own, StringComparison.Ordinal);

        // The live stream of a professional carries the unit's events; of another unit's professional, not.
        using var scope = app.Services.CreateScope();
        var sources = scope.ServiceProvider.GetServices<ILiveAudienceSource>().ToList();
        var people = scope.ServiceProvider.GetRequiredService<IPeopleDirectory>();
        var porvoo = await people.FindStaffByLoginAsync("hoitaja.porvoo");
        var other = await people.FindStaffByLoginAsync("hoitaja.loviisa");
        Assert.Contains($"unit:{appointment.UnitId:D}", await LiveEndpoints.AudiencesForAsync(Staff(porvoo!.Id), sources, default));
        Assert.DoesNotContain($"unit:{appointment.UnitId:D}", await LiveEndpoints.AudiencesForAsync(Staff(other!.Id), sources, default));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_professionals_admitting_at_once_one_wins_and_the_other_is_told(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5));
        await CheckInAsync(app, appointment);
        var nurse = await StaffIdAsync(app, "hoitaja.porvoo");
        var doctor = await StaffIdAsync(app, "laakari.porvoo");

        async Task<Polku.Platform.Results.Result<Appointment>> AdmitAsync(Guid staffId)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AppointmentLifecycle>().AdmitAsync(appointment.Id, staffId, default);
        }

        var results = await Task.WhenAll(AdmitAsync(nurse), AdmitAsync(doctor));
        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Error?.Code == "appointments.remote.already_admitted");
        var winner = results[0].IsSuccess ? nurse : doctor;
        var loser = winner == nurse ? "laakari.porvoo" : "hoitaja.porvoo";

        var done = await ReloadAsync(app, appointment.Id);
        Assert.Equal(AppointmentStatus.InProgress, done.Status);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, done.StartedUtc);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var visit = await db.Set<RemoteVisit>().SingleAsync(v => v.AppointmentId == appointment.Id);
            Assert.Equal(winner, visit.AdmittedById);
            Assert.Equal(appointment.VideoRoomId, visit.ProviderRoomId);
            Assert.Equal(1, await db.Set<AppointmentChange>().CountAsync(c => c.AppointmentId == appointment.Id && c.Kind == "admitted"));
        }

        // The one who lost, clicking admit on a page that still showed the resident waiting, reads who won.
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, loser);
        var (_, token) = await SignIn.GetFormAsync(client, "/desk/waiting-room?unit=hs-638");
        var late = await SignIn.PostFormAsync(client, "/desk/waiting-room?unit=hs-638&handler=Admit", token, [new("appointmentId", appointment.Id.ToString())]);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("Toinen ammattilainen on jo ottanut", SignIn.Html(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The winner admitting again (a double click) goes straight to the room.
        var again = await AdmitAsync(winner);
        Assert.True(again.IsSuccess);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_note_reaches_the_waiting_resident_live_and_on_the_page(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        var resident = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(10));
        await CheckInAsync(app, appointment);

        var hub = app.Services.GetRequiredService<LiveHub>();
        using var subscription = hub.Subscribe([LiveAudiences.Person(appointment.ResidentId)]);
        if (app.Services.GetService<PostgresLiveListener>() is { } listener)
        {
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var (_, token) = await SignIn.GetFormAsync(nurse, "/desk/waiting-room?unit=hs-638");
        var tooLong = await SignIn.PostFormAsync(nurse, "/desk/waiting-room?unit=hs-638&handler=Note", token,
            [new("appointmentId", appointment.Id.ToString()), new("note", new string('x', 301))]);
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("enintään 300 merkkiä", SignIn.Html(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var sent = await SignIn.PostFormAsync(nurse, "/desk/waiting-room?unit=hs-638&handler=Note", token,
            [new("appointmentId", appointment.Id.ToString()), new("note", "Myöhästyn 10 minuuttia <b>pahoittelen</b>")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        // On PostgreSQL the check-in's own event may still be on its way through NOTIFY: skip to the note.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await subscription.Reader.ReadAsync(wait.Token);
        while (delivery.Event.Type != "appointment.note")
        {
            delivery = await subscription.Reader.ReadAsync(wait.Token);
        }

        Assert.Equal("appointment.note", delivery.Event.Type);
        Assert.Equal(appointment.Id.ToString("D"), delivery.Event.Id);

        var page = await resident.GetStringAsync(new Uri($"/appointments/{appointment.Id:D}/join", UriKind.Relative));
        Assert.Contains("&lt;b&gt;pahoittelen&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.Contains("Myöhästyn 10 minuuttia", SignIn.Html(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_professional_completes_the_visit_in_the_room_and_the_resident_sees_it_ended(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        var resident = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(2));
        await CheckInAsync(app, appointment);

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var (_, token) = await SignIn.GetFormAsync(nurse, "/desk/waiting-room?unit=hs-638");
        var admitted = await SignIn.PostFormAsync(nurse, "/desk/waiting-room?unit=hs-638&handler=Admit", token, [new("appointmentId", appointment.Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, admitted.StatusCode);
        var room = admitted.Headers.Location!.ToString();
        Assert.Equal("/video/" + appointment.VideoRoomId, room);

        var joinPage = await resident.GetStringAsync(new Uri($"/appointments/{appointment.Id:D}/join", UriKind.Relative));
        Assert.Contains($"href=\"{room}\"", joinPage, StringComparison.Ordinal);

        var (roomPage, roomToken) = await SignIn.GetFormAsync(nurse, room);
        Assert.Contains("dev-stand-in", roomPage, StringComparison.Ordinal);
        Assert.Contains("Maija Meikäläinen", SignIn.Html(roomPage), StringComparison.Ordinal);
        var empty = await SignIn.PostFormAsync(nurse, room + "?handler=Complete", roomToken, [new("Outcome", "  ")]);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Kirjoita käynnin tulos", SignIn.Html(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(5));
        var completed = await SignIn.PostFormAsync(nurse, room + "?handler=Complete", roomToken, [new("Outcome", "Ohjeistettu kotihoitoon.")]);
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        Assert.StartsWith("/desk/waiting-room?unit=hs-638", completed.Headers.Location!.ToString(), StringComparison.Ordinal);

        var done = await ReloadAsync(app, appointment.Id);
        Assert.Equal(AppointmentStatus.Completed, done.Status);
        Assert.Equal("Ohjeistettu kotihoitoon.", done.Outcome);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, done.CompletedUtc);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var e = await db.ServiceEvents.SingleAsync(x => x.Type == "appointment.completed");
            Assert.Equal(5 * 60, e.HandlingSeconds);
            Assert.NotNull(await db.Set<RemoteVisit>().Where(v => v.AppointmentId == appointment.Id).Select(v => v.RoomClosedUtc).SingleAsync());
        }

        Assert.Contains("Vastaanotto on päättynyt", SignIn.Html(await resident.GetStringAsync(new Uri($"/appointments/{appointment.Id:D}/join", UriKind.Relative))), StringComparison.Ordinal);
        Assert.Contains("Käynti on päättynyt", SignIn.Html(await resident.GetStringAsync(new Uri(room, UriKind.Relative))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_no_show_job_marks_booked_appointments_after_the_grace_period_only(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var missed = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        var joined = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(40));
        Assert.Equal(missed.StartUtc.AddMinutes(20), joined.StartUtc);
        var job = app.Services.GetServices<IAppointmentsJob>().OfType<NoShowJob>().Single();

        clock.Advance(missed.StartUtc - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(14));
        await CheckInAsync(app, joined);
        Assert.Equal(0, await RunAsync(app, job));
        Assert.Equal(AppointmentStatus.Booked, (await ReloadAsync(app, missed.Id)).Status);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync(app, job));
        Assert.Equal(AppointmentStatus.NoShow, (await ReloadAsync(app, missed.Id)).Status);
        Assert.Equal(AppointmentStatus.CheckedIn, (await ReloadAsync(app, joined.Id)).Status);
        Assert.Equal(0, await RunAsync(app, job));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.True(await db.Set<AppointmentChange>().AnyAsync(c => c.AppointmentId == missed.Id && c.Kind == "no-show" && c.ByKind == ActorKind.System));
        Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == "appointment.no-show"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Only_the_resident_and_the_admitting_professional_may_open_the_room(string engine)
    {
        var (app, clock) = Start(engine);
        await using var host = app;
        var appointment = await BookVideoAsync(app, "hs-638", TimeSpan.FromMinutes(20));
        var room = new Uri("/video/" + appointment.VideoRoomId, UriKind.Relative);
        var join = new Uri($"/appointments/{appointment.Id:D}/join", UriKind.Relative);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var lotta = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(lotta, "Lotta Testinen");
        clock.Advance(appointment.StartUtc - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5));

        var early = await maija.GetAsync(room);
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode);
        Assert.Equal(join.ToString(), early.Headers.Location!.ToString());

        await CheckInAsync(app, appointment);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admitted = await scope.ServiceProvider.GetRequiredService<AppointmentLifecycle>().AdmitAsync(appointment.Id, await StaffIdAsync(app, "hoitaja.porvoo"), default);
            Assert.True(admitted.IsSuccess);
        }

        Assert.Equal(HttpStatusCode.OK, (await maija.GetAsync(room)).StatusCode);
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync(room)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await lotta.GetAsync(room)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lotta.GetAsync(join)).StatusCode);
        var doctor = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(doctor, "laakari.porvoo");
        Assert.Equal(HttpStatusCode.NotFound, (await doctor.GetAsync(room)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(new Uri("/video/not-a-room", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(new Uri("/video/%3Cscript%3E", UriKind.Relative))).StatusCode);
        var anonymous = await app.CreateBrowserLikeClient().GetAsync(room);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        // Another resident cannot check in to someone else's appointment either.
        var (_, token) = await SignIn.GetFormAsync(lotta, "/me");
        Assert.Equal(HttpStatusCode.NotFound, (await SignIn.PostFormAsync(lotta, join.ToString(), token, [])).StatusCode);
    }

    internal static (PolkuAppFactory App, ManualTimeProvider Clock) Start(string engine)
    {
        // The test identity provider's ID tokens are checked against the real clock, so the app's clock starts at the real
        // time; residents and professionals sign in before it is moved, and it moves by minutes only (sessions idle out in 30).
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        return (new PolkuAppFactory(engine) { Time = clock }, clock);
    }

    /// <summary>
    /// Books Maija a video appointment of the unit starting in <paramref name="startsIn"/> (whole minutes), in a slot of
    /// its own: the demo schedules have no slot at an arbitrary time of day.
    /// </summary>
    internal static async Task<Appointment> BookVideoAsync(PolkuAppFactory app, string unitCode, TimeSpan startsIn)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PolkuDb>();
        var unit = (await sp.GetRequiredService<IUnitDirectory>().FindByCodeAsync(unitCode))!;
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc) + startsIn;
        var schedule = new Schedule
        {
            Id = Guid.NewGuid(), UnitId = unit.Id, UnitCode = unit.Code, ServiceCode = "health-station", Mode = AppointmentMode.Video,
            Pattern = "", SlotMinutes = 15, Capacity = 1, Active = false, CreatedUtc = now, UpdatedUtc = now,
        };
        var slot = new Slot
        {
            Id = Guid.NewGuid(), ScheduleId = schedule.Id, UnitId = unit.Id, ServiceCode = "health-station", Mode = AppointmentMode.Video,
            StartUtc = start, EndUtc = start.AddMinutes(15), ClosesUtc = start.AddMinutes(-30), Capacity = 1,
        };
        db.AddRange(schedule, slot);
        await db.SaveChangesAsync();
        var maija = await sp.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync(MaijaCode);
        var nurse = await sp.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("hoitaja.porvoo");
        var result = await sp.GetRequiredService<BookingService>().BookAsync(
            new BookingRequest(slot.Id, maija!.Id, Actor.Professional(nurse!.Id), "on-behalf", OverrideReason: "remote appointment test"), default);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    internal static async Task CheckInAsync(PolkuAppFactory app, Appointment appointment)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AppointmentLifecycle>()
            .CheckInAsync(appointment.Id, appointment.ResidentId, new Actor(ActorKind.Resident, appointment.ResidentId), default);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    private static async Task<Appointment> ReloadAsync(PolkuAppFactory app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == id);
    }

    private static async Task<Guid> StaffIdAsync(PolkuAppFactory app, string login)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!.Id;
    }

    private static async Task<int> RunAsync(PolkuAppFactory app, NoShowJob job)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await job.RunAsync(scope.ServiceProvider, default);
    }

    private static System.Security.Claims.ClaimsPrincipal Staff(Guid id) =>
        new(new System.Security.Claims.ClaimsIdentity(
            [new(Polku.Platform.Audit.PolkuClaims.PersonId, id.ToString()), new(Polku.Platform.Audit.PolkuClaims.Kind, "staff")], "test"));

    private static string RemoteFormatTime(DateTime utc) =>
        Polku.Platform.Time.HelsinkiTime.ToLocal(new DateTimeOffset(utc, TimeSpan.Zero)).ToString("t", CultureInfo.GetCultureInfo("fi"));
}
