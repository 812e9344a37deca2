using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// The professional's appointment desk: calendar visibility, booking on behalf (with a right or a reason), invitations
/// that complete their task when the resident books, status changes racing between two professionals, blocking.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class DeskTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>
    /// The app's clock starts at the real time: residents sign in through the test identity provider, whose tokens are
    /// checked against the real clock, so a clock days ahead would refuse them. Every date below is relative to it.
    /// </summary>
    internal static (PolkuAppFactory App, ManualTimeProvider Clock) At(string engine)
    {
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        return (new PolkuAppFactory(engine) { Time = clock }, clock);
    }

    internal static string Today(ManualTimeProvider clock, int plusDays) =>
        Polku.Platform.Time.HelsinkiTime.LocalDate(clock.GetUtcNow()).AddDays(plusDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static async Task<HttpClient> StaffAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);

        // The assertions read the English texts.
        await client.GetAsync(new Uri("/language/en", UriKind.Relative));
        return client;
    }

    /// <summary>Maija writes to her health station: a task in hs-638 that the Porvoo nurse sees.</summary>
    internal static async Task<(Guid TaskId, Guid ResidentId)> TaskAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        using var sent = await client.PostAsJsonAsync(new Uri("/api/messages/threads", UriKind.Relative), new { subject = "Ajanvaraus", body = "Tarvitsen ajan." });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var threadId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var task = await db.Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => new { t.Id, t.CaseId }).SingleAsync();
        var resident = await db.Set<Case>().Where(c => c.Id == task.CaseId).Select(c => c.ResidentId).SingleAsync();
        return (task.Id, resident);
    }

    internal static async Task<Slot> FreeSlotAsync(PolkuAppFactory app, string unitCode, Guid? staffId = null, int skip = 0)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var after = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(4);
        return await db.Set<Slot>().AsNoTracking()
            .Where(s => db.Set<Schedule>().Any(x => x.Id == s.ScheduleId && x.UnitCode == unitCode) && s.ServiceCode == "health-station"
                && s.Taken == 0 && !s.Blocked && s.StartUtc > after && (staffId == null || s.StaffId == staffId))
            .OrderBy(s => s.StartUtc).Skip(skip).FirstAsync();
    }

    internal static async Task<Guid> StaffIdAsync(PolkuAppFactory app, string login)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!.Id;
    }

    /// <summary>A booking made directly by a professional with a reason (no right needed).</summary>
    internal static async Task<Appointment> BookAsync(PolkuAppFactory app, Guid residentId, Guid slotId)
    {
        var staff = await StaffIdAsync(app, "hoitaja.porvoo");
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
            .BookAsync(new BookingRequest(slotId, residentId, Actor.Professional(staff), "on-behalf", OverrideReason: "test"), default);
        return result.Value ?? throw new InvalidOperationException(result.Error!.Code);
    }

    private static string Html(string html) => SignIn.Html(html);

    [GeneratedRegex("name=\"Input.SlotId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SlotRadio();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_professional_sees_the_calendar_of_their_own_unit_only(string engine)
    {
        var (app, _) = At(engine);
        await using var _app = app;
        var (_, residentId) = await TaskAsync(app);
        var slot = await FreeSlotAsync(app, "hs-638");
        await BookAsync(app, residentId, slot.Id);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var date = DateOnly.FromDateTime(DeskDisplay.Local(slot.StartUtc).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var own = await nurse.GetAsync(new Uri($"/desk/appointments?unit=hs-638&date={date}&view=week&professional=all", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var html = Html(await own.Content.ReadAsStringAsync());
        Assert.Contains("Maija Meikäläinen", html, StringComparison.Ordinal);
        Assert.Contains("/desk/appointments/block?unit=hs-638", html, StringComparison.Ordinal);

        // A grid of times by day, everyone's on request; without a choice the nurse sees her own diary.
        Assert.Contains("class=\"calendar-grid\"", html, StringComparison.Ordinal);
        Assert.Matches("<option value=\"all\" selected", html);
        var mine = Html(await nurse.GetStringAsync(new Uri($"/desk/appointments?unit=hs-638&date={date}&view=week", UriKind.Relative)));
        Assert.DoesNotMatch("<option value=\"all\" selected", mine);

        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(new Uri("/desk/appointments?unit=hs-434", UriKind.Relative))).StatusCode);
        var loviisa = await StaffAsync(app, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.NotFound, (await loviisa.GetAsync(new Uri("/desk/appointments?unit=hs-638", UriKind.Relative))).StatusCode);
        var appointmentId = await OnlyAppointmentAsync(app, residentId);
        Assert.Equal(HttpStatusCode.NotFound, (await loviisa.GetAsync(new Uri($"/desk/appointments/{appointmentId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync(new Uri($"/desk/appointments/{appointmentId}", UriKind.Relative))).StatusCode);
        var coordinator = await StaffAsync(app, "koordinaattori");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(new Uri("/desk/appointments?unit=hs-434", UriKind.Relative))).StatusCode);
    }

    private static async Task<Guid> OnlyAppointmentAsync(PolkuAppFactory app, Guid residentId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>()
            .Where(a => a.ResidentId == residentId && a.Status == AppointmentStatus.Booked).Select(a => a.Id).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Booking_on_behalf_without_a_right_needs_a_reason_and_the_resident_sees_the_appointment(string engine)
    {
        var (app, _) = At(engine);
        await using var _app = app;
        var (taskId, residentId) = await TaskAsync(app);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var url = $"/desk/appointments/book?task={taskId}&service=health-station&unit=hs-638";
        var (form, token) = await SignIn.GetFormAsync(nurse, url);
        Assert.Contains("Maija Meikäläinen", Html(form), StringComparison.Ordinal);
        var slotId = SlotRadio().Match(form).Groups[1].Value;
        Assert.NotEmpty(slotId);
        var key = Regex.Match(form, "name=\"Input.Key\" value=\"([0-9a-f]+)\"").Groups[1].Value;

        using var refused = await SignIn.PostFormAsync(nurse, url, token, [new("Input.SlotId", slotId), new("Input.Key", key)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("give a reason for booking anyway", Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var booked = await SignIn.PostFormAsync(nurse, url, token, [new("Input.SlotId", slotId), new("Input.Key", key), new("Input.OverrideReason", "Kiireellinen kontrolli")]);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        Assert.Matches("^/desk/appointments/[0-9a-f-]{36}\\?done=booked$", booked.Headers.Location!.ToString());

        // A double submit of the same form is the same appointment.
        using var again = await SignIn.PostFormAsync(nurse, url, token, [new("Input.SlotId", slotId), new("Input.Key", key), new("Input.OverrideReason", "Kiireellinen kontrolli")]);
        Assert.Equal(booked.Headers.Location, again.Headers.Location);

        using (var scope = app.Services.CreateScope())
        {
            var a = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().SingleAsync(x => x.ResidentId == residentId);
            Assert.Equal("on-behalf", a.Channel);
            Assert.Equal(ActorKind.Professional, a.BookedByKind);
            Assert.Equal("Kiireellinen kontrolli", a.OverrideReason);
            Assert.Equal(Guid.Parse(slotId), a.SlotId);
        }

        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var mine = await maija.GetFromJsonAsync<JsonArray>("/api/appointments/mine");
        Assert.Single(mine!);
        Assert.Equal(slotId, mine![0]!["slotId"]!.GetValue<string>());
        Assert.Equal("booked", mine[0]!["status"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_invitation_grants_a_right_sends_a_message_and_its_task_is_completed_when_the_resident_books(string engine)
    {
        var (app, clock) = At(engine);
        await using var _app = app;
        var (taskId, residentId) = await TaskAsync(app);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var url = $"/desk/appointments/invite?task={taskId}";
        var (_, token) = await SignIn.GetFormAsync(nurse, url);

        using var bad = await SignIn.PostFormAsync(nurse, url, token, [new("Input.ServiceCode", "health-station"), new("Input.UnitCode", "hs-638"), new("Input.ByDate", Today(clock, -1))]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Give a date today or later", Html(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var sent = await SignIn.PostFormAsync(nurse, url, token, [new("Input.ServiceCode", "health-station"), new("Input.UnitCode", "hs-638"), new("Input.ByDate", Today(clock, 14))]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var invitationTaskId = Guid.Parse(sent.Headers.Location!.ToString()["/desk/tasks/".Length..]);

        Guid rightId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var right = await db.Set<BookingRight>().SingleAsync(r => r.ResidentId == residentId);
            rightId = right.Id;
            Assert.Equal(BookingRightSource.Invitation, right.Source);
            Assert.Equal(invitationTaskId, right.TaskId);
            var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == invitationTaskId);
            Assert.Equal(TaskType.InvitationToBook, task.Type);
            Assert.Equal(TaskState.WaitingForResident, task.State);
            var body = await db.Set<Message>().Where(m => db.Set<MessageThread>().Any(t => t.Id == m.ThreadId && t.ResidentId == residentId && t.CaseId == task.CaseId))
                .Select(m => m.Body).ToListAsync();
            Assert.Contains(body, b => b.Contains("/appointments/book?right=" + rightId.ToString("D"), StringComparison.Ordinal));
        }

        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var slot = await FreeSlotAsync(app, "hs-638");
        using var booked = await maija.PostAsJsonAsync(new Uri("/api/appointments", UriKind.Relative), new { slotId = slot.Id });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        await app.Services.GetRequiredService<AppointmentsHousekeeping>().RunOnceAsync(default);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == invitationTaskId);
            Assert.Equal(TaskState.Done, task.State);
            Assert.Equal("appointment-booked", task.Outcome);
            Assert.NotNull((await db.Set<BookingInvitation>().SingleAsync(i => i.RightId == rightId)).TaskCompletedUtc);
            Assert.NotNull((await db.Set<BookingRight>().SingleAsync(r => r.Id == rightId)).UsedByAppointmentId);
        }

        // Running the job again changes nothing.
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<Invitations>().CompleteBookedAsync(default));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Booking_on_behalf_uses_the_residents_right_without_a_reason(string engine)
    {
        var (app, clock) = At(engine);
        await using var _app = app;
        var (taskId, residentId) = await TaskAsync(app);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var (_, token) = await SignIn.GetFormAsync(nurse, $"/desk/appointments/invite?task={taskId}");
        using var sent = await SignIn.PostFormAsync(nurse, $"/desk/appointments/invite?task={taskId}", token,
            [new("Input.ServiceCode", "health-station"), new("Input.UnitCode", "hs-638"), new("Input.ByDate", Today(clock, 14))]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var url = $"/desk/appointments/book?resident={residentId}&task={taskId}&service=health-station&unit=hs-638";
        var (form, bookToken) = await SignIn.GetFormAsync(nurse, url);
        var slotId = SlotRadio().Match(form).Groups[1].Value;
        using var booked = await SignIn.PostFormAsync(nurse, url, bookToken, [new("Input.SlotId", slotId)]);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var a = await db.Set<Appointment>().SingleAsync(x => x.ResidentId == residentId);
        Assert.NotNull(a.BookingRightId);
        Assert.Null(a.OverrideReason);
        Assert.Equal(a.Id, (await db.Set<BookingRight>().SingleAsync(r => r.Id == a.BookingRightId)).UsedByAppointmentId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Of_two_professionals_marking_the_same_appointment_exactly_one_wins(string engine)
    {
        var (app, clock) = At(engine);
        await using var _app = app;
        var (_, residentId) = await TaskAsync(app);
        var slot = await FreeSlotAsync(app, "hs-638");
        var appointment = await BookAsync(app, residentId, slot.Id);
        var staff = await StaffIdAsync(app, "hoitaja.porvoo");
        using (var scope = app.Services.CreateScope())
        {
            var early = await scope.ServiceProvider.GetRequiredService<AppointmentDesk>().CompleteAsync(appointment.Id, appointment.Version, Actor.Professional(staff), "ok", default);
            Assert.Equal("appointments.desk.not_started", early.Error?.Code);
        }

        clock.Advance(slot.StartUtc - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(5));
        using var a = app.Services.CreateScope();
        using var b = app.Services.CreateScope();
        var results = await Task.WhenAll(
            a.ServiceProvider.GetRequiredService<AppointmentDesk>().CompleteAsync(appointment.Id, appointment.Version, Actor.Professional(staff), "Ohjeet annettu", default),
            b.ServiceProvider.GetRequiredService<AppointmentDesk>().NoShowAsync(appointment.Id, appointment.Version, Actor.Professional(staff), default));
        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.Equal("booking.changed_meanwhile", results.Single(r => !r.IsSuccess).Error!.Code);

        using var check = app.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<PolkuDb>();
        var stored = await db.Set<Appointment>().SingleAsync(x => x.Id == appointment.Id);
        var winner = results.Single(r => r.IsSuccess).Value!.Status;
        Assert.Equal(winner, stored.Status);
        var type = winner == AppointmentStatus.Completed ? "appointment.completed" : "appointment.no-show";
        Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == type && e.Channel == "on-behalf"));
        Assert.Equal(0, await db.ServiceEvents.CountAsync(e => e.Type == (winner == AppointmentStatus.Completed ? "appointment.no-show" : "appointment.completed")));
        if (winner == AppointmentStatus.Completed)
        {
            Assert.Equal("Ohjeet annettu", stored.Outcome);
            Assert.NotNull(stored.CompletedUtc);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Moving_and_cancelling_from_the_desk_race_and_the_history_follows_the_move(string engine)
    {
        var (app, _) = At(engine);
        await using var _app = app;
        var (_, residentId) = await TaskAsync(app);
        var slot = await FreeSlotAsync(app, "hs-638");
        var other1 = await FreeSlotAsync(app, "hs-638", skip: 1);
        var other2 = await FreeSlotAsync(app, "hs-638", skip: 2);
        var appointment = await BookAsync(app, residentId, slot.Id);
        var staff = Actor.Professional(await StaffIdAsync(app, "hoitaja.porvoo"));

        using (var a = app.Services.CreateScope())
        using (var b = app.Services.CreateScope())
        {
            var moves = await Task.WhenAll(
                a.ServiceProvider.GetRequiredService<BookingService>().RescheduleAsync(appointment.Id, other1.Id, staff, default),
                b.ServiceProvider.GetRequiredService<BookingService>().RescheduleAsync(appointment.Id, other2.Id, staff, default));
            Assert.Equal(1, moves.Count(m => m.IsSuccess));
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.Equal(1, await db.Set<Appointment>().CountAsync(x => x.ResidentId == residentId && x.Status == AppointmentStatus.Booked));
            var taken = await db.Set<Slot>().Where(s => s.Id == slot.Id || s.Id == other1.Id || s.Id == other2.Id).SumAsync(s => s.Taken);
            Assert.Equal(1, taken);
        }

        var movedId = await OnlyAppointmentAsync(app, residentId);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var (page, token) = await SignIn.GetFormAsync(nurse, $"/desk/appointments/{movedId}");
        var html = Html(page);
        Assert.Contains("Moved to another time", html, StringComparison.Ordinal);
        Assert.Contains("Moved to this time", html, StringComparison.Ordinal);

        using var noReason = await SignIn.PostFormAsync(nurse, $"/desk/appointments/{movedId}?handler=Cancel", token, [new("Input.Reason", " ")]);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using (var a = app.Services.CreateScope())
        using (var b = app.Services.CreateScope())
        {
            var cancels = await Task.WhenAll(
                a.ServiceProvider.GetRequiredService<BookingService>().CancelAsync(movedId, staff, "Lääkäri sairastui", default),
                b.ServiceProvider.GetRequiredService<BookingService>().CancelAsync(movedId, staff, "Päällekkäinen", default));
            Assert.Equal(1, cancels.Count(c => c.IsSuccess));
        }

        using var check = app.Services.CreateScope();
        var outbox = check.ServiceProvider.GetRequiredService<PolkuDb>().Set<Polku.Platform.Outbox.OutboxMessage>();
        var prefix = $"appointment:{movedId}:cancelled";
        Assert.True(await outbox.AnyAsync(m => m.DedupeKey.StartsWith(prefix)), "the resident is notified of a professional's cancellation");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_booked_slot_cannot_be_blocked_a_free_one_can_and_is_then_not_bookable(string engine)
    {
        var (app, _) = At(engine);
        await using var _app = app;
        var (_, residentId) = await TaskAsync(app);
        var bookedSlot = await FreeSlotAsync(app, "hs-638");
        await BookAsync(app, residentId, bookedSlot.Id);
        var freeSlot = await FreeSlotAsync(app, "hs-638");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");

        var url = $"/desk/appointments/block?unit=hs-638&slot={bookedSlot.Id}";
        var (_, token) = await SignIn.GetFormAsync(nurse, url);
        using var refused = await SignIn.PostFormAsync(nurse, url + "&handler=Block", token, [new("Input.Reason", "Koulutus")]);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Move or cancel the appointment first", Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // A range that contains the booked slot is refused as a whole: nothing in it is blocked.
        var local = DeskDisplay.Local(bookedSlot.StartUtc);
        var rangeUrl = "/desk/appointments/block?unit=hs-638";
        using var range = await SignIn.PostFormAsync(nurse, rangeUrl + "&handler=Block", token,
            [new("Input.Date", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Input.From", local.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture)),
             new("Input.To", local.AddHours(2).ToString("HH:mm", CultureInfo.InvariantCulture)), new("Input.Reason", "Koulutus")]);
        Assert.Equal(HttpStatusCode.Conflict, range.StatusCode);

        var freeUrl = $"/desk/appointments/block?unit=hs-638&slot={freeSlot.Id}";
        using var noReason = await SignIn.PostFormAsync(nurse, freeUrl + "&handler=Block", token, [new("Input.Reason", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var blocked = await SignIn.PostFormAsync(nurse, freeUrl + "&handler=Block", token, [new("Input.Reason", "Koulutus")]);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.Equal(0, await db.Set<Slot>().CountAsync(s => s.Blocked && s.Id != freeSlot.Id));
            var s = await db.Set<Slot>().SingleAsync(x => x.Id == freeSlot.Id);
            Assert.True(s.Blocked);
            Assert.Equal("Koulutus", s.BlockReason);
        }

        var staff = await StaffIdAsync(app, "hoitaja.porvoo");
        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
                .BookAsync(new BookingRequest(freeSlot.Id, residentId, Actor.Professional(staff), "on-behalf", OverrideReason: "x"), default);
            Assert.Equal("booking.slot_taken", result.Error?.Code);
        }

        using var opened = await SignIn.PostFormAsync(nurse, freeUrl + "&handler=Unblock", token, []);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        using var check = app.Services.CreateScope();
        Assert.False((await check.ServiceProvider.GetRequiredService<PolkuDb>().Set<Slot>().SingleAsync(x => x.Id == freeSlot.Id)).Blocked);
    }
}
