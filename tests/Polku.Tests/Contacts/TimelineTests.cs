using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Tests.Appointments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>
/// The resident's timeline across services (issue 17 item 7): only a care relationship opens it without a reason, it
/// merges what every module knows of the resident in time order, its filter refuses an unknown kind in words, and each
/// opening is on the resident's "who has viewed my data".
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TimelineTests
{
    private const string MaijaCode = "140580-902T";

    /// <summary>Maija's demo message task is in hs-638, whose members include the Porvoo nurse; returns Maija's id.</summary>
    private static async Task<Guid> MaijaAsync(PolkuAppFactory factory)
    {
        await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638", "hoitaja.porvoo");
        using var scope = factory.Services.CreateScope();
        var maija = await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync(MaijaCode);
        Assert.NotNull(maija);
        return maija.Id;
    }

    private static async Task<HttpClient> StaffAsync(PolkuAppFactory factory, string login)
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    /// <summary>An assessment result Maija sent three days ago and an appointment of hers in two days; returns the assessment's Finnish title.</summary>
    private static async Task<string> OtherModulesAsync(PolkuAppFactory factory, Guid residentId)
    {
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var slotId = (await AppointmentTestData.SlotsAsync(factory, [now.AddDays(2)])).Single();
        var slot = await AppointmentTestData.SlotAsync(factory, slotId);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var assessment = scope.ServiceProvider.GetRequiredService<AssessmentCatalog>().Published.First();
        var sent = now.AddDays(-3).UtcDateTime;
        db.Set<AssessmentResponse>().Add(new AssessmentResponse
        {
            Id = Guid.NewGuid(), AssessmentId = assessment.Id, AssessmentVersion = assessment.Version, ResidentId = residentId, AnsweredById = residentId,
            State = ResponseState.Sent, Urgency = "P3", QueueCode = "hs-638", CreatedUtc = sent, CompletedUtc = sent, SentUtc = sent,
        });
        db.Set<Appointment>().Add(new Appointment
        {
            Id = Guid.NewGuid(), SlotId = slot.Id, ScheduleId = slot.ScheduleId, UnitId = slot.UnitId, ResidentId = residentId, ServiceCode = slot.ServiceCode,
            Mode = slot.Mode, StartUtc = slot.StartUtc, EndUtc = slot.EndUtc, Status = AppointmentStatus.Booked, BookedByKind = ActorKind.Resident,
            BookedById = residentId, Channel = "self-service", CreatedUtc = now.UtcDateTime, BookedUtc = now.UtcDateTime,
        });
        await db.SaveChangesAsync();
        return assessment.Definition.Title.Fi;
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Without_a_care_relationship_the_timeline_shows_nothing_of_the_resident_until_a_reason_is_given(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var maija = await MaijaAsync(factory);
        Guid loviisaNurse;
        using (var scope = factory.Services.CreateScope())
        {
            loviisaNurse = (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("hoitaja.loviisa"))!.Id;
            Assert.False(await scope.ServiceProvider.GetRequiredService<ICareRelationship>().ExistsAsync(loviisaNurse, maija));
        }

        var outside = await StaffAsync(factory, "hoitaja.loviisa");
        var url = ContactsRoutes.DeskResidentTimeline(maija);
        foreach (var address in new[] { url, url + "?kind=message" })
        {
            using var response = await outside.GetAsync(new Uri(address, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = SignIn.Html(await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("Meikäläinen", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Reseptin uusiminen", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<ol class=\"timeline\"", html, StringComparison.Ordinal);
            Assert.Contains("Input.Reason", html, StringComparison.Ordinal);
        }

        using (var scope = factory.Services.CreateScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries
                .AnyAsync(a => a.ActorId == loviisaNurse && a.SubjectPersonId == maija));
        }

        // A reason opens it as emergency access, flagged in the audit log with the reason.
        var (_, token) = await SignIn.GetFormAsync(outside, url);
        using (var tooShort = await SignIn.PostFormAsync(outside, url, token, [new("Input.Reason", "short"), new("Input.Confirm", "true")]))
        {
            var html = SignIn.Html(await tooShort.Content.ReadAsStringAsync());
            Assert.DoesNotContain("Meikäläinen", html, StringComparison.Ordinal);
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
        }

        const string reason = "Päivystys soitti, tarvitsen aiemmat yhteydenotot";
        using (var opened = await SignIn.PostFormAsync(outside, url, token, [new("Input.Reason", reason), new("Input.Confirm", "true")]))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            var html = SignIn.Html(await opened.Content.ReadAsStringAsync());
            Assert.Contains("Maija Meikäläinen", html, StringComparison.Ordinal);
            Assert.Contains("Reseptin uusiminen", html, StringComparison.Ordinal);
        }

        using var check = factory.Services.CreateScope();
        var row = await check.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries
            .SingleAsync(a => a.ActorId == loviisaNurse && a.Action == "contacts.resident.timeline.read");
        Assert.True(row.Emergency);
        Assert.Equal(reason, row.Reason);
        Assert.Equal(maija, row.SubjectPersonId);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task With_a_care_relationship_the_timeline_merges_every_module_newest_first_and_the_resident_sees_the_opening(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var maija = await MaijaAsync(factory);
        Guid porvooNurse;
        using (var scope = factory.Services.CreateScope())
        {
            porvooNurse = (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("hoitaja.porvoo"))!.Id;
            Assert.True(await scope.ServiceProvider.GetRequiredService<ICareRelationship>().ExistsAsync(porvooNurse, maija));
        }

        var assessmentTitle = await OtherModulesAsync(factory, maija);
        var nurse = await StaffAsync(factory, "hoitaja.porvoo");

        // The task page and the resident's cases lead to the timeline.
        var cases = await nurse.GetStringAsync(new Uri(ContactsRoutes.DeskResident(maija), UriKind.Relative));
        Assert.Contains($"href=\"{ContactsRoutes.DeskResidentTimeline(maija)}\"", cases, StringComparison.Ordinal);
        Guid taskId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            taskId = await db.Set<WorkTask>().Where(t => t.Type == TaskType.Message && db.Set<Case>().Any(c => c.Id == t.CaseId && c.ResidentId == maija))
                .Select(t => t.Id).FirstAsync();
        }

        var task = await nurse.GetStringAsync(new Uri(ContactsRoutes.DeskTask(taskId), UriKind.Relative));
        Assert.Contains($"href=\"{ContactsRoutes.DeskResidentTimeline(maija)}\"", task, StringComparison.Ordinal);

        using var response = await nurse.GetAsync(new Uri(ContactsRoutes.DeskResidentTimeline(maija), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = SignIn.Html(await response.Content.ReadAsStringAsync());
        Assert.Contains("Palveluhistoria: Maija Meikäläinen", html, StringComparison.Ordinal);

        // Newest first: the coming appointment (Appointments), the message and its case today (Contacts), the
        // assessment sent three days ago (Assessments).
        var appointment = html.IndexOf("Vastaanottoaika (vastaanotolla)", StringComparison.Ordinal);
        var message = html.IndexOf("Reseptin uusiminen", StringComparison.Ordinal);
        var assessment = html.IndexOf(assessmentTitle, html.IndexOf("<ol class=\"timeline\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(appointment > 0 && message > appointment && assessment > message, $"appointment {appointment}, message {message}, assessment {assessment}");
        Assert.Contains("Varattu", html, StringComparison.Ordinal);
        Assert.Contains("Lähetetty ammattilaiselle", html, StringComparison.Ordinal);
        Assert.Contains("Viimeisin viesti", html, StringComparison.Ordinal);
        Assert.Contains("<ol class=\"timeline\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("contacts.timeline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("test-service", html, StringComparison.Ordinal);

        // A filter by kind shows only that kind.
        var onlyAppointments = SignIn.Html(await nurse.GetStringAsync(new Uri(ContactsRoutes.DeskResidentTimeline(maija) + "?kind=appointment", UriKind.Relative)));
        Assert.Contains("Vastaanottoaika (vastaanotolla)", onlyAppointments, StringComparison.Ordinal);
        Assert.DoesNotContain("Reseptin uusiminen", onlyAppointments, StringComparison.Ordinal);

        using (var scope = factory.Services.CreateScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries
                .Where(a => a.ActorId == porvooNurse && a.Action == "contacts.resident.timeline.read").ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(maija, r.SubjectPersonId));
            Assert.All(rows, r => Assert.False(r.Emergency));
        }

        var resident = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        var log = SignIn.Html(await resident.GetStringAsync(new Uri("/me/access-log", UriKind.Relative)));
        Assert.Contains("Avasi palveluhistoriasi (aikajanan)", log, StringComparison.Ordinal);
        var swedish = SignIn.Html(await resident.GetStringAsync(new Uri("/me/access-log?lang=sv", UriKind.Relative)));
        Assert.Contains("Öppnade din servicehistorik (tidslinjen)", swedish, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_filter_refuses_an_unknown_kind_in_the_readers_language_and_shows_nothing_of_the_resident(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var maija = await MaijaAsync(factory);
        var nurse = await StaffAsync(factory, "hoitaja.porvoo");
        var url = ContactsRoutes.DeskResidentTimeline(maija);
        foreach (var (query, message) in new[]
                 {
                     ("?kind=nonsense", "Valitse näytettävät tapahtumat listasta."),
                     ("?kind=CASE&lang=sv", "Välj vilka händelser som visas i listan."),
                     ("?kind=%3Cscript%3E&lang=en", "Choose which events to show from the list."),
                 })
        {
            using var response = await nurse.GetAsync(new Uri(url + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = SignIn.Html(await response.Content.ReadAsStringAsync());
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.DoesNotContain("Meikäläinen", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }
    }
}
