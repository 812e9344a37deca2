using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Data;
using Polku.Contacts.Data;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.Contacts;
using Polku.Tests.Contacts.Chat;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Assessments;

/// <summary>
/// E-forms (issue 14 item 1, spec 04 "E-forms"): a form goes to the queue of the unit serving the municipality, the
/// resident follows the status timeline as the desk claims, asks and completes, a key sends once, a draft survives
/// signing out, a guardian sends for a child, a required file is required, and answers reach the desk as text.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class FormsTests
{
    internal static readonly Dictionary<string, object> AskForHelp = new()
    {
        ["areas"] = new[] { "income", "housing" },
        ["situation"] = "<script>alert('x')</script> Vuokra on maksamatta kahdelta kuukaudelta.",
        ["how-urgent"] = "this-week",
        ["contact"] = "message",
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private static async Task<string> StatusAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync(new Uri($"/api/forms/submissions/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    private static async Task<T> InDbAsync<T>(PolkuAppFactory factory, Func<PolkuDb, Task<T>> read)
    {
        using var scope = factory.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PolkuDb>());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Ask_for_help_goes_to_the_municipalitys_social_services_and_the_resident_follows_it_to_completed(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(ChatFlowTests.MondayMorning) };
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        Guid id;
        using (var sent = await PostAsync(maija, "/api/forms/ask-for-help/submissions", new { municipality = "638", answers = AskForHelp }, key: "form-1"))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
            id = body.GetProperty("submissionId").GetGuid();
            Assert.Equal("received", body.GetProperty("status").GetString());
        }

        // The same key sends once.
        using (var again = await PostAsync(maija, "/api/forms/ask-for-help/submissions", new { municipality = "638", answers = AskForHelp }, key: "form-1"))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid());
        }

        var (task, queue) = await InDbAsync(factory, async db =>
        {
            var t = await db.Set<WorkTask>().SingleAsync(x => x.SourceId == id);
            return (t, await db.Set<WorkQueue>().SingleAsync(q => q.Id == t.QueueId));
        });
        Assert.Equal(TaskType.Form, task.Type);
        Assert.Equal("ss-638", queue.Code);
        Assert.Equal(1, await InDbAsync(factory, db => db.Set<FormSubmission>().CountAsync()));

        var worker = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(worker, "sosiaalityo.porvoo");
        using (var claim = await PostAsync(worker, $"/api/desk/tasks/{task.Id}/claim", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        }

        Assert.Equal("in-process", await StatusAsync(maija, id));

        // The desk page shows the answers as text, never as markup.
        var desk = await worker.GetStringAsync(new Uri($"/desk/forms/{id}", UriKind.Relative));
        Assert.Contains("&lt;script&gt;", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", desk, StringComparison.Ordinal);

        // Asking for more information: the question goes as a message in the same case and the task waits.
        var (newThread, token) = await SignIn.GetFormAsync(worker, $"/desk/threads/new?caseId={task.CaseId}&waitTask={task.Id}");
        Assert.Contains("Input.WaitTaskId", newThread, StringComparison.Ordinal);
        using (var asked = await SignIn.PostFormAsync(worker, "/desk/threads/new", token,
            [new("Input.CaseId", task.CaseId.ToString()), new("Input.WaitTaskId", task.Id.ToString()), new("Input.Subject", "Lisätietoja"), new("Input.Body", "Mikä on vuokranantajasi nimi?")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        Assert.Equal("waiting-for-you", await StatusAsync(maija, id));
        var thread = await InDbAsync(factory, db => db.Set<MessageThread>().Where(t => t.CaseId == task.CaseId).Select(t => t.Id).SingleAsync());
        using (var reply = await PostAsync(maija, $"/api/messages/threads/{thread}/messages", new { body = "Vuokranantaja on Asunto Oy Esimerkki." }))
        {
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        // The answer brings the form's task back to the worker; no separate message task appears.
        Assert.Equal("in-process", await StatusAsync(maija, id));
        Assert.Equal(1, await InDbAsync(factory, db => db.Set<WorkTask>().CountAsync(t => t.CaseId == task.CaseId)));

        using (var done = await PostAsync(worker, $"/api/desk/tasks/{task.Id}/complete", new { outcome = "handled-digitally" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        using (var final = await maija.GetAsync(new Uri($"/api/forms/submissions/{id}", UriKind.Relative)))
        {
            var body = await final.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("completed", body.GetProperty("status").GetString());
            Assert.Equal("handled-digitally", body.GetProperty("outcome").GetString());
            Assert.Equal(["received", "in-process", "waiting-for-you", "in-process", "completed"],
                body.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()!).ToArray());
        }

        // The resident was told of each change without the form's content; the events carry municipality and service.
        var notices = await InDbAsync(factory, db => db.Set<OutboxMessage>().Where(m => m.DedupeKey.StartsWith("form:")).ToListAsync());
        Assert.Equal(4 * 2, notices.Count);
        Assert.All(notices, n => Assert.DoesNotContain("Vuokra", n.Body, StringComparison.Ordinal));
        var events = await InDbAsync(factory, db => db.ServiceEvents.Where(e => e.Type.StartsWith("form.")).ToListAsync());
        Assert.Single(events, e => e.Type == "form.submitted");
        Assert.Equal(4, events.Count(e => e.Type == "form.status_changed"));
        var completed = Assert.Single(events, e => e.Type == "form.completed");
        Assert.All(events, e => Assert.Equal(("638", "ask-for-help", "form"), (e.MunicipalityCode, e.ServiceCode, e.Channel)));
        Assert.NotNull(completed.HandlingSeconds);

        // The own page lists the form with its status and asks for feedback on it.
        var own = SignIn.Html(await maija.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Contains($"/forms/submissions/{id}", own, StringComparison.Ordinal);
        Assert.Contains($"/feedback/form/{id}", own, StringComparison.Ordinal);

        // Feedback after the form: once.
        using (var given = await PostAsync(maija, "/api/feedback", new { transaction = new { kind = "form", id }, score = 8 }))
        {
            Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        }

        using (var twice = await PostAsync(maija, "/api/feedback", new { transaction = new { kind = "form", id }, score = 8 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        Assert.DoesNotContain($"/feedback/form/{id}", await maija.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_answers_a_missing_file_and_someone_elses_form_are_refused_with_their_codes()
    {
        await using var factory = new PolkuAppFactory();
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        var missing = new Dictionary<string, object>(AskForHelp);
        missing.Remove("situation");
        using (var bad = await PostAsync(maija, "/api/forms/ask-for-help/submissions", new { municipality = "638", answers = missing }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("situation", problem.GetProperty("linkIds")[0].GetString());
        }

        using (var nowhere = await PostAsync(maija, "/api/forms/ask-for-help/submissions", new { municipality = "999", answers = AskForHelp }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
            Assert.Contains("forms.error.municipality", await nowhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var application = new Dictionary<string, object> { ["services"] = new[] { "transport" }, ["disability"] = "Liikuntavamma.", ["living"] = "alone" };
        using (var noFile = await PostAsync(maija, "/api/forms/disability-services-application/submissions", new { municipality = "638", answers = application }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
            Assert.Contains("forms.error.attachment_required", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An assessment is not a form, and a form has no assessment result.
        using (var notForm = await PostAsync(maija, "/api/forms/cough/submissions", new { municipality = "638", answers = AskForHelp }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notForm.StatusCode);
        }

        using (var asAssessment = await PostAsync(maija, "/api/assessments/ask-for-help/responses", new { answers = AskForHelp, context = new { municipality = "638" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, asAssessment.StatusCode);
            Assert.Contains("assessments.error.is_form", await asAssessment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Guid id;
        using (var sent = await PostAsync(maija, "/api/forms/ask-for-help/submissions", new { municipality = "638", answers = AskForHelp }))
        {
            id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();
        }

        var erik = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        using (var other = await erik.GetAsync(new Uri($"/api/forms/submissions/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var page = await erik.GetAsync(new Uri($"/forms/submissions/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        // A professional without a care relationship does not see it.
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.loviisa");
        using var desk = await nurse.GetAsync(new Uri($"/desk/forms/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, desk.StatusCode);
    }

    [Fact]
    public async Task A_draft_survives_signing_out_and_the_send_page_sends_once_with_its_key()
    {
        await using var factory = new PolkuAppFactory();
        var first = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(first, "Maija Meikäläinen");
        var (_, token) = await SignIn.GetFormAsync(first, "/assessments/ask-for-help/answer?municipality=638");
        using (var saved = await SignIn.PostFormAsync(first, "/assessments/ask-for-help/answer", token,
            [new("answers", JsonSerializer.Serialize(AskForHelp)), new("municipality", "638"), new("shown", "-1"), new("nav", "save"), new("key", "k1")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        // Signed in again in another session: the draft is on the forms page and leads to the send page.
        var again = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(again, "Maija Meikäläinen");
        var draftId = await InDbAsync(factory, db => db.Set<AssessmentResponse>().Where(r => r.State == ResponseState.Draft && r.AssessmentId == "ask-for-help").Select(r => r.Id).SingleAsync());
        var list = await again.GetStringAsync(new Uri("/forms", UriKind.Relative));
        Assert.Contains(draftId.ToString(), list, StringComparison.Ordinal);

        var (_, review) = await SignIn.GetFormAsync(again, $"/assessments/ask-for-help/answer?draft={draftId}");
        using (var toSend = await SignIn.PostFormAsync(again, "/assessments/ask-for-help/answer", review,
            [new("answers", JsonSerializer.Serialize(AskForHelp)), new("municipality", "638"), new("shown", "-1"), new("nav", "result"), new("key", "k2"), new("draft", draftId.ToString())]))
        {
            Assert.Equal(HttpStatusCode.Redirect, toSend.StatusCode);
            Assert.Equal($"/forms/ask-for-help/send/{draftId}", toSend.Headers.Location!.OriginalString);
        }

        var (sendPage, sendToken) = await SignIn.GetFormAsync(again, $"/forms/ask-for-help/send/{draftId}");
        Assert.Contains("Vuokra on maksamatta", SignIn.Html(sendPage), StringComparison.Ordinal);
        Uri? firstLocation;
        using (var sent = await SignIn.PostFormAsync(again, $"/forms/ask-for-help/send/{draftId}", sendToken, [new("key", "send-once")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            firstLocation = sent.Headers.Location;
        }

        using (var twice = await SignIn.PostFormAsync(again, $"/forms/ask-for-help/send/{draftId}", sendToken, [new("key", "send-once")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, twice.StatusCode);
            Assert.StartsWith(firstLocation!.OriginalString.Split('?')[0], twice.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(1, await InDbAsync(factory, db => db.Set<FormSubmission>().CountAsync()));
        Assert.False(await InDbAsync(factory, db => db.Set<AssessmentResponse>().AnyAsync(r => r.Id == draftId)));
        var status = await again.GetStringAsync(new Uri(firstLocation!.OriginalString, UriKind.Relative));
        Assert.Contains("aria-current=\"step\"", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guardian_sends_for_a_child_and_a_required_file_travels_with_the_form_by_the_message_rules()
    {
        await using var factory = new PolkuAppFactory();
        var ville = factory.CreateBrowserLikeClient();
        await CallbackTestData.ActForAsync(ville, "Ville Vanhempi", "Onni");
        var application = new Dictionary<string, object> { ["services"] = new[] { "transport" }, ["disability"] = "Liikuntavamma.", ["living"] = "with-family" };
        var (_, token) = await SignIn.GetFormAsync(ville, "/assessments/disability-services-application/answer?municipality=638");
        string location;
        using (var toSend = await SignIn.PostFormAsync(ville, "/assessments/disability-services-application/answer", token,
            [new("answers", JsonSerializer.Serialize(application)), new("municipality", "638"), new("shown", "-1"), new("nav", "result"), new("key", "k3")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, toSend.StatusCode);
            location = toSend.Headers.Location!.OriginalString;
        }

        var (page, sendToken) = await SignIn.GetFormAsync(ville, location);
        Assert.Contains("Onni Vanhempi", page, StringComparison.Ordinal);

        // A file that is not one of the allowed types is refused and nothing is sent.
        using (var wrong = await UploadAsync(ville, location, sendToken, "lausunto.exe", [0x4d, 0x5a, 0x90, 0x00]))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("field-error", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await InDbAsync(factory, db => db.Set<FormSubmission>().CountAsync()));
        using (var sent = await UploadAsync(ville, location, sendToken, "lausunto.pdf", "%PDF-1.4\n1 0 obj\n"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var submission = await InDbAsync(factory, db => db.Set<FormSubmission>().SingleAsync());
        var (onni, villeId) = await InDbAsync(factory, async db => (
            await db.Set<Polku.Identity.Data.Person>().Where(p => p.FirstName == "Onni").Select(p => p.Id).SingleAsync(),
            await db.Set<Polku.Identity.Data.Person>().Where(p => p.FirstName == "Ville").Select(p => p.Id).SingleAsync()));
        Assert.Equal((onni, villeId), (submission.ResidentId, submission.SubmittedById));
        Assert.NotNull(submission.AttachmentThreadId);
        var attachment = await InDbAsync(factory, db => db.Set<MessageAttachment>()
            .Where(a => db.Set<Message>().Any(m => m.Id == a.MessageId && m.ThreadId == submission.AttachmentThreadId)).SingleAsync());
        Assert.Equal("application/pdf", attachment.ContentType);

        var worker = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(worker, "sosiaalityo.porvoo");
        var desk = await worker.GetStringAsync(new Uri($"/desk/forms/{submission.Id}", UriKind.Relative));
        Assert.Contains("Ville Vanhempi", desk, StringComparison.Ordinal);
    }

    internal static Dictionary<string, object> WellbeingHighRisk(bool consent) => new()
    {
        ["age"] = 58, ["sex"] = "male", ["height"] = 178, ["weight"] = 98, ["waist"] = 104, ["activity"] = false, ["vegetables"] = true,
        ["bp-medication"] = true, ["high-glucose"] = false, ["family-diabetes"] = "first-degree",
        ["auditc-1"] = "0", ["send-consent"] = consent,
    };

    [Fact]
    public async Task Consent_in_the_wellbeing_check_puts_a_high_risk_result_in_the_health_stations_queue_without_a_send()
    {
        await using var factory = new PolkuAppFactory();
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        Guid consented, declined;
        using (var yes = await PostAsync(maija, "/api/assessments/wellbeing-check/responses", new { answers = WellbeingHighRisk(consent: true), context = new { municipality = "638" } }))
        {
            Assert.Equal(HttpStatusCode.Created, yes.StatusCode);
            consented = (await yes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        using (var no = await PostAsync(maija, "/api/assessments/wellbeing-check/responses", new { answers = WellbeingHighRisk(consent: false), context = new { municipality = "638" } }))
        {
            declined = (await no.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        var responses = await InDbAsync(factory, db => db.Set<AssessmentResponse>().Where(r => r.Id == consented || r.Id == declined).ToDictionaryAsync(r => r.Id));
        Assert.Equal((ResponseState.Sent, "hs-638"), (responses[consented].State, responses[consented].QueueCode));
        Assert.Equal(ResponseState.Completed, responses[declined].State);
        var task = await InDbAsync(factory, db => db.Set<WorkTask>().SingleAsync(t => t.SourceId == consented));
        Assert.Equal(TaskType.AssessmentResult, task.Type);
        Assert.False(await InDbAsync(factory, db => db.Set<WorkTask>().AnyAsync(t => t.SourceId == declined)));

        // Anonymous answers cannot consent for anyone: nothing is sent.
        using var anonymous = await PostAsync(factory.CreateBrowserLikeClient(), "/api/assessments/wellbeing-check/responses", new { answers = WellbeingHighRisk(consent: true), context = new { municipality = "638" } });
        var anonymousId = (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.False(await InDbAsync(factory, db => db.Set<WorkTask>().AnyAsync(t => t.SourceId == anonymousId)));
    }

    [Fact]
    public async Task The_booking_confirmation_asks_for_pre_information_and_the_professional_sees_it_in_the_appointment()
    {
        await using var app = Polku.Tests.Appointments.SelfBookingPagesTests.At("sqlite");
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var appointment = await Polku.Tests.Appointments.SelfBookingPagesTests.BookFromAssessmentAsync(maija);
        var booked = SignIn.Html(await maija.GetStringAsync(new Uri($"/appointments/{appointment}/booked", UriKind.Relative)));
        Assert.Contains($"/forms/visit-pre-information?appointment={appointment}", booked, StringComparison.Ordinal);

        var answers = new Dictionary<string, object> { ["reason"] = "Yskä on jatkunut kolme viikkoa.", ["allergies"] = true, ["allergy-details"] = "Penisilliini" };

        // Someone else's appointment is not theirs to fill in.
        var erik = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        using (var foreign = await PostAsync(erik, "/api/forms/visit-pre-information/submissions", new { municipality = "638", answers, appointmentId = appointment }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
            Assert.Contains("forms.error.appointment", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Guid id;
        using (var sent = await PostAsync(maija, "/api/forms/visit-pre-information/submissions", new { municipality = "638", answers, appointmentId = appointment }))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();
        }

        var after = SignIn.Html(await maija.GetStringAsync(new Uri($"/appointments/{appointment}/booked", UriKind.Relative)));
        Assert.DoesNotContain($"/forms/visit-pre-information?appointment={appointment}", after, StringComparison.Ordinal);

        // A professional of the appointment's unit sees the answers from the appointment.
        var unitId = await InDbAsync(app, db => db.Set<Polku.Appointments.Data.Appointment>().Where(a => a.Id == appointment).Select(a => a.UnitId).SingleAsync());
        using var scope = app.Services.CreateScope();
        var unit = (await scope.ServiceProvider.GetRequiredService<Polku.Region.Contracts.IUnitDirectory>().GetAsync([unitId])).Single();
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, unit.Code == "digi" ? "hoitaja.digi" : "hoitaja.porvoo");
        var desk = await nurse.GetStringAsync(new Uri($"/desk/appointments/{appointment}", UriKind.Relative));
        Assert.Contains($"/desk/forms/{id}", desk, StringComparison.Ordinal);
        var form = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/forms/{id}", UriKind.Relative)));
        Assert.Contains("Penisilliini", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_pages_lead_to_their_forms_and_a_municipalitys_own_form_stays_its_own()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateBrowserLikeClient();
        var porvoo = SignIn.Html(await client.GetStringAsync(new Uri(Polku.Region.Contracts.RegionRoutes.Service("ask-for-help", "638"), UriKind.Relative)));
        Assert.Contains("href=\"/forms/ask-for-help\"", porvoo, StringComparison.Ordinal);
        var disability = SignIn.Html(await client.GetStringAsync(new Uri(Polku.Region.Contracts.RegionRoutes.Service("disability-services", "638"), UriKind.Relative)));
        Assert.Contains("href=\"/forms/disability-services-application\"", disability, StringComparison.Ordinal);

        // Sipoo runs its own e-form service: its residents are sent there.
        var sipoo = SignIn.Html(await client.GetStringAsync(new Uri(Polku.Region.Contracts.RegionRoutes.Service("ask-for-help", "753"), UriKind.Relative)));
        Assert.Contains("Sipoon sähköiset lomakkeet", sipoo, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/forms/ask-for-help\"", sipoo, StringComparison.Ordinal);

        var list = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/forms", UriKind.Relative));
        Assert.Equal(["ask-for-help", "disability-services-application", "visit-pre-information"], list.EnumerateArray().Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray());
        using var fhir = await client.GetAsync(new Uri("/api/forms/ask-for-help/fhir", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, fhir.StatusCode);
        Assert.Contains("\"resourceType\":\"Questionnaire\"", await fhir.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask-for-help")]
    [InlineData("visit-pre-information")]
    [InlineData("disability-services-application")]
    public void A_demo_form_round_trips_through_a_FHIR_Questionnaire_and_keeps_its_items(string id)
    {
        var loaded = Polku.Assessments.Domain.Content.AssessmentLoader.LoadMany(Polku.Assessments.Catalog.AssessmentCatalog.Embedded());
        var form = loaded.Assessments.Single(a => a.Id == id).Definition;
        Assert.NotNull(form.Form);
        var exported = Polku.Assessments.Domain.Fhir.FhirQuestionnaire.Export(form);
        using var doc = JsonDocument.Parse(exported.ToJsonString());
        var imported = Polku.Assessments.Domain.Fhir.FhirQuestionnaire.Import(doc.RootElement, id + ".json");
        Assert.Empty(imported.Errors);
        Assert.Equal(Polku.Assessments.Domain.Content.AssessmentKind.Form, imported.Definition!.Kind);
        Assert.Equal(form.Items.Select(i => (i.LinkId, i.Type, i.Required)), imported.Definition.Items.Select(i => (i.LinkId, i.Type, i.Required)));

        // Without the form block an imported form is handled with the defaults: the health station, 14 days.
        Assert.Equal(Polku.Assessments.Domain.Content.FormSettings.Default, Polku.Assessments.Forms.FormService.SettingsOf(imported.Compiled!));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, string token, string fileName, byte[] content)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("upload-" + fileName), "key" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "attachment", fileName);
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }
}
