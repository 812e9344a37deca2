using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Assessments.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Tests.Assessments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// The resident's booking pages as a browser without JavaScript uses them: from an assessment result through place,
/// day and time to a confirmed appointment, only inside the urgency window; two tabs racing for one time; a repeated
/// confirm; cancelling with a reason and too late; rescheduling.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class SelfBookingPagesTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    internal const string Tuesday10 = "2026-12-01T10:00:00+02:00";

    internal static PolkuAppFactory At(string engine, string at = Tuesday10) =>
        new(engine) { Time = new ManualTimeProvider(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture)) };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task From_an_assessment_result_a_resident_books_a_video_appointment_inside_the_urgency_window_step_by_step(string engine)
    {
        await using var app = At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var result = await AssessmentFlowTests.AnswerAsync(maija, "respiratory-infection", AssessmentFlowTests.NonUrgent, backOnce: false);
        var bookUrl = Regex.Match(result, "id=\"routed-action\" href=\"(/appointments/book\\?assessment=[0-9a-f-]{36})\"").Groups[1].Value;
        Assert.NotEmpty(bookUrl);
        var responseId = Guid.Parse(bookUrl[^36..]);
        var until = DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture).AddDays(1).UtcDateTime;

        // The first three free times of the window are on the result page, each a direct booking link.
        var direct = SlotLinkRegex().Matches(result).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(3, direct.Count);

        // Place: the Porvoo health station's video appointments are one of the choices.
        var places = SignIn.Html(await maija.GetStringAsync(new Uri(bookUrl, UriKind.Relative)));
        Assert.Contains("Valitse paikka ja asiointitapa", places, StringComparison.Ordinal);

        // The window's end as Finnish says it: the weekday in the essive after "viimeistään".
        Assert.Contains("joka alkaa viimeistään keskiviikkona 2.12.2026 klo 10.00.", places, StringComparison.Ordinal);
        var place = PlaceRegex().Matches(places).Select(m => m.Groups[1].Value).First(p => p.EndsWith(".video", StringComparison.Ordinal));
        Assert.Contains("etävastaanotto (video)", places, StringComparison.Ordinal);

        // Day: only today and tomorrow (the P3 window ends tomorrow at 10:00).
        var days = SignIn.Html(await maija.GetStringAsync(new Uri($"{bookUrl}&place={place}", UriKind.Relative)));
        var dayValues = DayRegex().Matches(days).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(dayValues);
        Assert.All(dayValues, d => Assert.True(d is "2026-12-01" or "2026-12-02", d));

        // Time: a list of buttons whose names read out the date; every offered slot starts inside the window.
        var times = SignIn.Html(await maija.GetStringAsync(new Uri($"{bookUrl}&place={place}&day={dayValues[0]}", UriKind.Relative)));
        Assert.Contains("<span class=\"visually-hidden\">tiistai 1.12.2026 </span>", times, StringComparison.Ordinal);
        var slots = SlotButtonRegex().Matches(times).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(slots);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var starts = await db.Set<Slot>().AsNoTracking().Where(s => slots.Contains(s.Id) || direct.Contains(s.Id)).Select(s => s.StartUtc).ToListAsync();
            Assert.All(starts, s => Assert.True(s <= until && s > DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture).UtcDateTime, $"{s:o} is outside the urgency window"));
        }

        // Choosing a time holds it and shows until when; confirming books it.
        var held = await PostAsync(maija, "/appointments/book?handler=Hold", times,
            [new("assessment", responseId.ToString("D")), new("place", place), new("day", dayValues[0]), new("key", Key(times)), new("slotId", slots[0].ToString("D"))]);
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        var confirmUrl = held.Headers.Location!.OriginalString;
        Assert.Matches("^/appointments/book/[0-9a-f-]{36}$", confirmUrl);
        var confirm = SignIn.Html(await maija.GetStringAsync(new Uri(confirmUrl, UriKind.Relative)));
        Assert.Contains("Aika on varattu sinulle klo 10.05 asti.", confirm, StringComparison.Ordinal);

        // Before confirming, the resident learns whether the time can still be moved or cancelled online afterwards.
        bool shortNotice;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var slot = await db.Set<Slot>().AsNoTracking().SingleAsync(s => s.Id == slots[0]);
            var hours = await db.Set<Schedule>().Where(x => x.Id == slot.ScheduleId).Select(x => x.CancelNoticeHours).SingleAsync();
            shortNotice = slot.StartUtc.AddHours(-hours) < DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture).UtcDateTime;
        }

        Assert.Equal(shortNotice, confirm.Contains("id=\"short-notice\"", StringComparison.Ordinal));
        Assert.Equal(!shortNotice, confirm.Contains("id=\"changeable-until\"", StringComparison.Ordinal));
        var booked = await PostAsync(maija, confirmUrl, confirm, []);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var appointmentId = Guid.Parse(confirmUrl[^36..]);
        Assert.Equal($"/appointments/{appointmentId:D}/booked", booked.Headers.Location!.OriginalString);
        var done = SignIn.Html(await maija.GetStringAsync(booked.Headers.Location));
        Assert.Contains("Aika on varattu", done, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/appointments/{appointmentId:D}/ics\"", done, StringComparison.Ordinal);
        var ics = await maija.GetAsync(new Uri($"/api/appointments/{appointmentId:D}/ics", UriKind.Relative));
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        Assert.Contains("BEGIN:VEVENT", await ics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mine = SignIn.Html(await maija.GetStringAsync(new Uri("/me/appointments", UriKind.Relative)));
        Assert.Contains($"id=\"appointment-{appointmentId}\"", mine, StringComparison.Ordinal);
        Assert.Contains("etävastaanotto (video)", mine, StringComparison.Ordinal);

        // A time that can no longer be cancelled online offers no Cancel link but says whom to call.
        var card = mine[mine.IndexOf($"id=\"appointment-{appointmentId}\"", StringComparison.Ordinal)..];
        card = card[..card.IndexOf("id=\"past-heading\"", StringComparison.Ordinal)];
        Assert.Equal(!shortNotice, card.Contains($"/me/appointments/{appointmentId:D}/cancel", StringComparison.Ordinal));
        Assert.Equal(shortNotice, card.Contains("Aikaa ei voi enää siirtää tai perua verkossa.", StringComparison.Ordinal));
        Assert.Contains("/me/appointments", SignIn.Html(await maija.GetStringAsync(new Uri("/me", UriKind.Relative))), StringComparison.Ordinal);

        // The right is used: the result's booking link now says so instead of booking twice.
        var again = SignIn.Html(await maija.GetStringAsync(new Uri(bookUrl, UriKind.Relative)));
        Assert.Contains("Olet jo varannut ajan tällä oikeudella.", again, StringComparison.Ordinal);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var appointment = await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == appointmentId);
            Assert.Equal((AppointmentStatus.Booked, AppointmentMode.Video, "self-booking"), (appointment.Status, appointment.Mode, appointment.Channel));
            Assert.True(appointment.StartUtc <= until);
            var right = await db.Set<BookingRight>().AsNoTracking().SingleAsync(r => r.SourceId == responseId);
            Assert.Equal(appointmentId, right.UsedByAppointmentId);
            Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == slots[0]).Select(s => s.Taken).SingleAsync());
        }
    }

    /// <summary>A result sent to the health station and then booked from: the nurse's task shows the booking (issue 12).</summary>
    [Fact]
    public async Task A_booking_from_a_sent_result_shows_on_the_nurses_task()
    {
        await using var app = At("sqlite");
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var result = await AssessmentFlowTests.AnswerAsync(maija, "respiratory-infection", AssessmentFlowTests.NonUrgent, backOnce: false);
        var resultUrl = Regex.Match(result, "action=\"(/assessments/results/[0-9a-f-]+)\\?handler=Send\"").Groups[1].Value;
        var sent = await SignIn.PostFormAsync(maija, resultUrl + "?handler=Send", SignIn.Token(result), [new("consent", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var url = Regex.Match(WebUtility.HtmlDecode(SlotLinkRegex().Match(result).Groups[0].Value), "href=\"([^\"]+)\"").Groups[1].Value;
        var page = SignIn.Html(await maija.GetStringAsync(new Uri(url, UriKind.Relative)));
        var slotId = Regex.Match(page, "name=\"slotId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var responseId = Regex.Match(url, "assessment=([0-9a-f-]{36})").Groups[1].Value;
        var booked = await PostAsync(maija, "/appointments/book?handler=Book", page, [new("assessment", responseId), new("slotId", slotId), new("key", Key(page))]);
        Assert.EndsWith("/booked", booked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var appointmentId = booked.Headers.Location!.OriginalString["/appointments/".Length..][..36];

        Guid taskId;
        using (var scope = app.Services.CreateScope())
        {
            taskId = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Polku.Contacts.Data.WorkTask>().AsNoTracking()
                .Where(t => t.SourceId == Guid.Parse(responseId)).Select(t => t.Id).SingleAsync();
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var task = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/tasks/{taskId}", UriKind.Relative)));
        Assert.Contains("Asukkaan varaamat ajat", task, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/appointments/{appointmentId}\"", task, StringComparison.Ordinal);
        Assert.Contains("Varattu", task[task.IndexOf("id=\"task-bookings\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_time_chosen_on_the_result_page_is_confirmed_in_one_step_and_a_double_submit_books_once(string engine)
    {
        await using var app = At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var result = await AssessmentFlowTests.AnswerAsync(maija, "respiratory-infection", AssessmentFlowTests.NonUrgent, backOnce: false);
        var link = WebUtility.HtmlDecode(SlotLinkRegex().Match(result).Groups[0].Value);
        var url = Regex.Match(link, "href=\"([^\"]+)\"").Groups[1].Value;
        var page = SignIn.Html(await maija.GetStringAsync(new Uri(url, UriKind.Relative)));
        Assert.Contains("Vahvista varaus", page, StringComparison.Ordinal);
        var slotId = Regex.Match(page, "name=\"slotId\" value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var responseId = Regex.Match(url, "assessment=([0-9a-f-]{36})").Groups[1].Value;
        KeyValuePair<string, string>[] fields = [new("assessment", responseId), new("slotId", slotId), new("key", Key(page))];

        var first = await PostAsync(maija, "/appointments/book?handler=Book", page, fields);
        var second = await PostAsync(maija, "/appointments/book?handler=Book", page, fields);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.EndsWith("/booked", first.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Confirming the hold again (a retry) answers with the same booked appointment.
        var id = first.Headers.Location!.OriginalString["/appointments/".Length..][..36];
        var retry = await PostAsync(maija, $"/appointments/book/{id}", page, []);
        Assert.True(first.Headers.Location == retry.Headers.Location, $"{(int)retry.StatusCode} {retry.Headers.Location} {await retry.Content.ReadAsStringAsync()}");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var slotGuid = Guid.Parse(slotId);
        var appointments = await db.Set<Appointment>().AsNoTracking().Where(a => a.SlotId == slotGuid).ToListAsync();
        Assert.Equal(AppointmentStatus.Booked, Assert.Single(appointments).Status);
        Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == slotGuid).Select(s => s.Taken).SingleAsync());
        Assert.Contains("appointment.booked", await db.ServiceEvents.AsNoTracking().Select(e => e.Type).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_tabs_holding_the_same_time_one_wins_and_the_other_sees_the_taken_message_with_the_nearest_times(string engine)
    {
        await using var app = At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (timesUrl, _) = await OpenServiceTimesAsync(maija);
        var tab1 = SignIn.Html(await maija.GetStringAsync(new Uri(timesUrl, UriKind.Relative)));
        var tab2 = SignIn.Html(await maija.GetStringAsync(new Uri(timesUrl, UriKind.Relative)));
        var slot = SlotButtonRegex().Match(tab1).Groups[1].Value;
        var place = Regex.Match(timesUrl, "place=([^&]+)").Groups[1].Value;
        var day = Regex.Match(timesUrl, "day=([^&]+)").Groups[1].Value;

        var won = await PostAsync(maija, "/appointments/book?handler=Hold", tab1, [new("service", "oral-health"), new("place", place), new("day", day), new("key", Key(tab1)), new("slotId", slot)]);
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        var lost = await PostAsync(maija, "/appointments/book?handler=Hold", tab2, [new("service", "oral-health"), new("place", place), new("day", day), new("key", Key(tab2)), new("slotId", slot)]);
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var lostPage = SignIn.Html(await lost.Content.ReadAsStringAsync());
        Assert.Single(Regex.Matches(lostPage, "Joku ehti varata juuri tuon ajan."));
        Assert.Contains("Tässä lähimmät vapaat ajat:", lostPage, StringComparison.Ordinal);
        var taken = lostPage[lostPage.IndexOf("id=\"taken\"", StringComparison.Ordinal)..lostPage.IndexOf("</section>", lostPage.IndexOf("id=\"taken\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        var nearest = SlotButtonRegex().Matches(taken).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(nearest);
        Assert.DoesNotContain(slot, nearest);

        // The earlier choices are kept: the taken box posts the same place and day, and the time list is still there.
        Assert.Contains($"name=\"place\" value=\"{place}\"", taken, StringComparison.Ordinal);
        Assert.Contains("Vapaat ajat", lostPage, StringComparison.Ordinal);

        var confirmUrl = won.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(maija, confirmUrl, tab1, [])).StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var slotGuid = Guid.Parse(slot);
        Assert.Single(await db.Set<Appointment>().AsNoTracking().Where(a => a.SlotId == slotGuid).ToListAsync());
        Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == slotGuid).Select(s => s.Taken).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_expired_hold_is_not_confirmed_late_and_offers_choosing_again(string engine)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture));
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (timesUrl, times) = await OpenServiceTimesAsync(maija);
        var slot = SlotButtonRegex().Match(times).Groups[1].Value;
        var held = await PostAsync(maija, "/appointments/book?handler=Hold", times,
            [new("service", "oral-health"), new("place", Regex.Match(timesUrl, "place=([^&]+)").Groups[1].Value), new("day", Regex.Match(timesUrl, "day=([^&]+)").Groups[1].Value), new("key", Key(times)), new("slotId", slot)]);
        var confirmUrl = held.Headers.Location!.OriginalString;
        var confirm = SignIn.Html(await maija.GetStringAsync(new Uri(confirmUrl, UriKind.Relative)));

        clock.Advance(TimeSpan.FromMinutes(6));
        var late = await PostAsync(maija, confirmUrl, confirm, []);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var page = SignIn.Html(await late.Content.ReadAsStringAsync());
        Assert.Contains("Valitse aika uudelleen", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/appointments/book?service=oral-health&place=", page, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var slotGuid = Guid.Parse(slot);
        Assert.Equal(AppointmentStatus.Expired, (await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.SlotId == slotGuid)).Status);
        Assert.Equal(0, await db.Set<Slot>().Where(s => s.Id == slotGuid).Select(s => s.Taken).SingleAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_resident_cancels_with_a_reason_but_inside_the_notice_is_told_to_call_the_unit(string engine)
    {
        await using var app = At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        // Days ahead: cancellable online.
        var later = await BookOpenServiceAsync(maija);
        var cancelUrl = $"/me/appointments/{later:D}/cancel";
        var form = SignIn.Html(await maija.GetStringAsync(new Uri(cancelUrl, UriKind.Relative)));
        var noReason = await PostAsync(maija, cancelUrl, form, [new("Reason", "  ")]);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        var noReasonPage = SignIn.Html(await noReason.Content.ReadAsStringAsync());
        Assert.Contains("error-summary", noReasonPage, StringComparison.Ordinal);
        Assert.Contains("Kerro syy.", noReasonPage, StringComparison.Ordinal);
        var cancelled = await PostAsync(maija, cancelUrl, form, [new("Reason", "Menen mökille <script>")]);
        Assert.Equal("/me/appointments?done=cancelled", cancelled.Headers.Location!.OriginalString);
        var mine = await maija.GetStringAsync(new Uri("/me/appointments?done=cancelled", UriKind.Relative));
        Assert.Contains("Perunut: sinä", mine, StringComparison.Ordinal);
        Assert.Contains("Syy: Menen mökille &lt;script&gt;", mine, StringComparison.Ordinal);

        // Tomorrow, inside the 24-hour notice: no form, the unit's phone number instead.
        var soon = await BookFromAssessmentAsync(maija);
        var tooLate = SignIn.Html(await maija.GetStringAsync(new Uri($"/me/appointments/{soon:D}/cancel", UriKind.Relative)));
        Assert.Contains("Aikaa ei voi enää perua verkossa.", tooLate, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Reason\"", tooLate, StringComparison.Ordinal);
        Assert.Matches("href=\"tel:\\+?\\d+\"", tooLate);
        var forced = await PostAsync(maija, $"/me/appointments/{soon:D}/cancel", form, [new("Reason", "Ei sovi")]);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var a = await db.Set<Appointment>().AsNoTracking().SingleAsync(x => x.Id == later);
        Assert.Equal((AppointmentStatus.Cancelled, ActorKind.Resident, "Menen mökille <script>"), (a.Status, a.CancelledByKind, a.CancelReason));
        Assert.Equal(AppointmentStatus.Booked, (await db.Set<Appointment>().AsNoTracking().SingleAsync(x => x.Id == soon)).Status);

        // Another resident cannot open the appointment at all.
        var erik = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri($"/me/appointments/{soon:D}/cancel", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri($"/appointments/{soon:D}/booked", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_resident_reschedules_to_another_day_and_the_old_time_is_freed(string engine)
    {
        await using var app = At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var appointmentId = await BookOpenServiceAsync(maija);
        var url = $"/me/appointments/{appointmentId:D}/reschedule";
        var days = SignIn.Html(await maija.GetStringAsync(new Uri(url, UriKind.Relative)));
        var day = DayRegex().Matches(days).Select(m => m.Groups[1].Value).Last();
        var times = SignIn.Html(await maija.GetStringAsync(new Uri($"{url}?day={day}", UriKind.Relative)));
        var slot = SlotButtonRegex().Matches(times).Select(m => m.Groups[1].Value).Last();
        var moved = await PostAsync(maija, url, times, [new("day", day), new("slotId", slot)]);
        Assert.Equal("/me/appointments?done=moved", moved.Headers.Location!.OriginalString);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var old = await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == appointmentId);
        var slotGuid = Guid.Parse(slot);
        var now = await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.SlotId == slotGuid);
        Assert.Equal((AppointmentStatus.Cancelled, "rescheduled"), (old.Status, old.CancelReason));
        Assert.Equal((AppointmentStatus.Booked, old.Id), (now.Status, now.RescheduledFromId));
        Assert.Equal(0, await db.Set<Slot>().Where(s => s.Id == old.SlotId).Select(s => s.Taken).SingleAsync());
        Assert.Equal(day, HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(now.StartUtc, DateTimeKind.Utc))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var mine = SignIn.Html(await maija.GetStringAsync(new Uri("/me/appointments?done=moved", UriKind.Relative)));
        Assert.Contains("Aika on siirretty.", mine, StringComparison.Ordinal);
        Assert.Contains("Siirretty uuteen aikaan", mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_bad_input_is_a_clear_message_not_a_500()
    {
        await using var app = At("sqlite");
        var anonymous = app.CreateBrowserLikeClient();
        var response = await anonymous.GetAsync(new Uri("/appointments/book?service=oral-health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login?ReturnUrl=%2Fappointments%2Fbook%3Fservice%3Doral-health", response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        foreach (var query in new[] { "", "?service=health-station", "?assessment=nonsense", "?right=00000000-0000-0000-0000-000000000000", "?service=oral-health&place=x.y&day=2026-13-45",
                     "?service=oral-health&slot=00000000-0000-0000-0000-000000000000", "?service=" + new string('x', 500) })
        {
            var page = await maija.GetAsync(new Uri("/appointments/book" + query, UriKind.Relative));
            Assert.True((int)page.StatusCode < 500, $"{query}: {(int)page.StatusCode}");
            var html = SignIn.Html(await page.Content.ReadAsStringAsync());
            Assert.Contains("<h1>Varaa aika</h1>", html, StringComparison.Ordinal);
        }

        var staff = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(staff, "hoitaja.porvoo");
        var refused = await staff.GetAsync(new Uri("/appointments/book?service=oral-health", UriKind.Relative));
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/forbidden", StringComparison.Ordinal) == true);
    }

    /// <summary>Answers the non-urgent respiratory assessment and books its first direct-link time; returns the appointment.</summary>
    internal static async Task<Guid> BookFromAssessmentAsync(HttpClient client)
    {
        var result = await AssessmentFlowTests.AnswerAsync(client, "respiratory-infection", AssessmentFlowTests.NonUrgent, backOnce: false);
        var url = WebUtility.HtmlDecode(Regex.Match(SlotLinkRegex().Match(result).Groups[0].Value, "href=\"([^\"]+)\"").Groups[1].Value);
        var page = SignIn.Html(await client.GetStringAsync(new Uri(url, UriKind.Relative)));
        var booked = await PostAsync(client, "/appointments/book?handler=Book", page,
            [new("assessment", Regex.Match(url, "assessment=([0-9a-f-]{36})").Groups[1].Value), new("slotId", Regex.Match(url, "slot=([0-9a-f-]{36})").Groups[1].Value), new("key", Key(page))]);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        return Guid.Parse(booked.Headers.Location!.OriginalString["/appointments/".Length..][..36]);
    }

    /// <summary>The time step of the open oral-health service: its first place, the third day with free times (outside the 24-hour notice).</summary>
    internal static async Task<(string Url, string Html)> OpenServiceTimesAsync(HttpClient client, int dayIndex = 2)
    {
        var places = SignIn.Html(await client.GetStringAsync(new Uri("/appointments/book?service=oral-health", UriKind.Relative)));
        var place = PlaceRegex().Match(places).Groups[1].Value;
        Assert.NotEmpty(place);
        var days = SignIn.Html(await client.GetStringAsync(new Uri($"/appointments/book?service=oral-health&place={place}", UriKind.Relative)));
        var day = DayRegex().Matches(days).Select(m => m.Groups[1].Value).ElementAt(dayIndex);
        var url = $"/appointments/book?service=oral-health&place={place}&day={day}";
        return (url, SignIn.Html(await client.GetStringAsync(new Uri(url, UriKind.Relative))));
    }

    /// <summary>Books an oral-health time outside the 24-hour notice through the pages; returns the appointment.</summary>
    internal static async Task<Guid> BookOpenServiceAsync(HttpClient client, int dayIndex = 2, int slotIndex = 0)
    {
        var (url, times) = await OpenServiceTimesAsync(client, dayIndex);
        var held = await PostAsync(client, "/appointments/book?handler=Hold", times,
            [new("service", "oral-health"), new("place", Regex.Match(url, "place=([^&]+)").Groups[1].Value), new("day", Regex.Match(url, "day=([^&]+)").Groups[1].Value),
             new("key", Key(times)), new("slotId", SlotButtonRegex().Matches(times)[slotIndex].Groups[1].Value)]);
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        var confirmUrl = held.Headers.Location!.OriginalString;
        var booked = await PostAsync(client, confirmUrl, times, []);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        return Guid.Parse(confirmUrl[^36..]);
    }

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string page, IEnumerable<KeyValuePair<string, string>> fields) =>
        SignIn.PostFormAsync(client, url, SignIn.Token(page), fields);

    internal static string Key(string page) => Regex.Match(page, "name=\"key\" value=\"([0-9a-f]{32})\"").Groups[1].Value;

    [GeneratedRegex("href=\"/appointments/book\\?assessment=[0-9a-f-]{36}&(?:amp;)?slot=([0-9a-f-]{36})\"")]
    internal static partial Regex SlotLinkRegex();

    [GeneratedRegex("name=\"place\" value=\"([0-9a-f-]{36}\\.[a-z-]+)\"")]
    internal static partial Regex PlaceRegex();

    [GeneratedRegex("name=\"day\" value=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    internal static partial Regex DayRegex();

    [GeneratedRegex("name=\"slotId\" value=\"([0-9a-f-]{36})\"")]
    internal static partial Regex SlotButtonRegex();
}
