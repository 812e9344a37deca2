using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>Who can see a page.</summary>
public enum Audience
{
    Anonymous,
    Resident,
    Staff,
    Coordinator,
    Dev,
}

/// <summary>
/// One page of the catalog: a name (used as test data), who can see it and how to reach it in a
/// fresh browser context. <see cref="OpenAsync"/> signs in when needed — through the UI the first
/// time, then with the session an earlier catalog page got, while it is valid — and returns the
/// response of the page itself.
/// </summary>
public sealed record CatalogPage(string Name, Audience Audience, Func<IPage, Task<IResponse?>> OpenAsync, int ExpectedStatus = 200)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every page built so far, grouped by who can see it. Page-level tests (status, language, title,
/// one h1, axe) run over every entry in every language, so a new page only needs a line here.
/// </summary>
public static class PageCatalog
{
    /// <summary>UI languages: Finnish, Swedish, English.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["fi", "sv", "en"];

    /// <summary>A municipality with an external self-booking service (Loviisa).</summary>
    public const string Loviisa = "434";

    /// <summary>A municipality whose self-booking is built into Polku (Porvoo).</summary>
    public const string Porvoo = "638";

    /// <summary>Every page, grouped by audience.</summary>
    public static IReadOnlyList<CatalogPage> Pages { get; } =
    [
        // Anonymous
        Get("front-page", Audience.Anonymous, "/"),
        Get("services", Audience.Anonymous, "/services"),
        Get("services-search", Audience.Anonymous, "/services?q=hammas"),
        Get("service", Audience.Anonymous, "/services/health-station"),
        Get("service-municipality", Audience.Anonymous, $"/services/health-station?municipality={Loviisa}"),
        Get("accessibility", Audience.Anonymous, "/accessibility"),
        Get("login", Audience.Anonymous, "/login"),
        new("test-idp-authorize", Audience.Anonymous, page => SignIn.OpenTestProviderAsync(page)),
        new("test-idp-search", Audience.Anonymous, page => SignIn.SearchTestProviderAsync(page, "Vanhempi")),
        Get("not-found", Audience.Anonymous, "/no-such-page", 404),
        Get("chat", Audience.Anonymous, $"/chat?municipality={Porvoo}"),
        new("chat-session", Audience.Anonymous, async page =>
        {
            // A chat with the bot: the page after starting one (the browser's chat cookie is its key). A browser that
            // already holds an open chat is taken back to it.
            var front = await page.GotoAsync("chat");
            return page.Url.Contains("/chat/", StringComparison.Ordinal)
                ? front
                : await Navigation.ClickAsync(page, page.Locator("main form[action*='handler=Start'] button.primary"));
        }),

        // Resident
        new("me", Audience.Resident, async page =>
        {
            return await SignIn.ResidentAsync(page, SignIn.Maija, "/me", reuseSession: true);
        }),
        new("me-access-log", Audience.Resident, async page =>
        {
            return await SignIn.ResidentAsync(page, SignIn.Maija, "/me/access-log", reuseSession: true);
        }),
        new("guardian-acting-for-child", Audience.Resident, async page =>
        {
            // A fresh session: acting for a child changes the session, so it is never reused.
            await SignIn.ResidentAsync(page, SignIn.Ville);
            await page.GotoAsync("me");
            return await Navigation.ClickAsync(page, page.Locator("main li.card").Filter(new() { HasText = SignIn.Onni })
                    .Locator("form:has(input[name='wardId']) button"));
        }),

        Get("assessments", Audience.Anonymous, "/assessments"),
        Get("assessment-start", Audience.Anonymous, "/assessments/respiratory-infection"),
        Get("assessment-page", Audience.Anonymous, "/assessments/respiratory-infection/answer?municipality=638"),
        new("assessment-result", Audience.Anonymous, async page => await page.GotoAsync("assessments/results/" + await SelfCareResultAsync(page))),
        // The survey after an anonymous assessment (the result's id is its key).
        new("feedback-assessment", Audience.Anonymous, async page => await page.GotoAsync("feedback/assessment/" + await SelfCareResultAsync(page))),
        AsResident("me-messages", "/me/messages"),
        AsResident("me-messages-new", "/me/messages/new"),
        new("me-message-thread", Audience.Resident, async page =>
        {
            await SignIn.ResidentAsync(page, SignIn.Maija, "/me/messages", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/me/messages/']:not([href$='/new'])").First);
        }),
        AsResident("me-callbacks", "/me/callbacks"),
        AsResident("me-callbacks-new", "/me/callbacks/new?service=health-station"),
        AsResident("me-cases", "/me/cases"),
        AsResident("me-chats", "/me/chats"),
        // Every question page of the wellbeing check and of a form: long Finnish words meet a 320 px screen here.
        Get("answer-wellbeing-1", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=1"),
        Get("answer-wellbeing-2", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=2"),
        Get("answer-wellbeing-3", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=3"),
        Get("answer-wellbeing-4", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=4"),
        Get("answer-wellbeing-5", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=5"),
        Get("answer-wellbeing-6", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=6"),
        Get("answer-wellbeing-7", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=7"),
        Get("answer-wellbeing-8", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=8"),
        Get("answer-wellbeing-9", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=9"),
        Get("answer-wellbeing-10", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=10"),
        Get("answer-wellbeing-11", Audience.Anonymous, "/assessments/wellbeing-check/answer?municipality=" + Porvoo + "&step=11"),
        AsResident("answer-ask-for-help-1", "/assessments/ask-for-help/answer?municipality=" + Porvoo + "&step=1"),
        AsResident("answer-ask-for-help-2", "/assessments/ask-for-help/answer?municipality=" + Porvoo + "&step=2"),
        AsResident("answer-ask-for-help-3", "/assessments/ask-for-help/answer?municipality=" + Porvoo + "&step=3"),
        AsResident("answer-ask-for-help-4", "/assessments/ask-for-help/answer?municipality=" + Porvoo + "&step=4"),
        AsResident("answer-ask-for-help-5", "/assessments/ask-for-help/answer?municipality=" + Porvoo + "&step=5"),
        Get("forms", Audience.Anonymous, "/forms"),
        Get("form-start", Audience.Anonymous, "/forms/ask-for-help"),
        AsResident("me-forms", "/forms"),
        AsResident("form-start-signed-in", "/forms/disability-services-application"),
        new("form-submission", Audience.Resident, async page =>
        {
            // A sent "Ask for help" form: the status timeline and the answers.
            await SignIn.ResidentAsync(page, SignIn.Maija, "/forms", reuseSession: true);
            var sent = await page.APIRequest.PostAsync("api/forms/ask-for-help/submissions", new()
            {
                // The signed-in API takes requests from Polku's own pages only: the browser's origin.
                Headers = new Dictionary<string, string> { ["Origin"] = new Uri(page.Url).GetLeftPart(UriPartial.Authority) },
                DataObject = new
                {
                    municipality = Porvoo,
                    answers = new Dictionary<string, object> { ["areas"] = new[] { "coping" }, ["situation"] = "Väsyttää.", ["how-urgent"] = "soon", ["contact"] = "message" },
                },
            });
            Assert.True(sent.Status == 201, $"{sent.Status}: {await sent.TextAsync()}");
            using var body = System.Text.Json.JsonDocument.Parse(await sent.TextAsync());
            return await page.GotoAsync("forms/submissions/" + body.RootElement.GetProperty("submissionId").GetString());
        }),
        AsResident("me-follow-up", "/me/follow-up"),
        new("me-follow-up-plan", Audience.Resident, async page =>
        {
            // The demo resident's blood-pressure plan: the form, the chart and the table.
            await SignIn.ResidentAsync(page, SignIn.Maija, "/me/follow-up", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/me/follow-up/']").First);
        }),
        new("me-follow-up-plan-invalid", Audience.Resident, async page =>
        {
            // An impossible value: the error summary names the field and its range.
            await SignIn.ResidentAsync(page, SignIn.Maija, "/me/follow-up", reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/me/follow-up/']").First);
            await page.Locator("main input[name='Input.Values[systolic]']").FillAsync("999");
            var response = await Navigation.ClickAsync(page, page.Locator("main form[method='post'] button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The measurement form did not show an error summary.");
            return response;
        }, ExpectedStatus: 400),
        AsResident("me-appointments", "/me/appointments"),
        AsResident("appointments-book-place", "/appointments/book?service=oral-health"),
        new("appointments-book-times", Audience.Resident, async page =>
        {
            await SignIn.ResidentAsync(page, SignIn.Maija, "/appointments/book?service=oral-health", reuseSession: true);
            await page.Locator("main input[name='place']").First.CheckAsync();
            await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            await page.Locator("main input[name='day']").Last.CheckAsync();
            return await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
        }),
        new("appointments-confirm", Audience.Resident, async page =>
        {
            // Holds the last time of the furthest day for five minutes (released by itself).
            await SignIn.ResidentAsync(page, SignIn.Maija, "/appointments/book?service=oral-health", reuseSession: true);
            await page.Locator("main input[name='place']").First.CheckAsync();
            await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            await page.Locator("main input[name='day']").Last.CheckAsync();
            await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            return await Navigation.ClickAsync(page, page.Locator("main .slot-list button").Last);
        }),

        // Staff
        AsStaff("desk", "/desk"),
        AsStaff("desk-profile", "/desk/profile"),
        AsStaff("desk-templates", "/desk/templates"),
        AsStaff("desk-chats", "/desk/chats"),
        new("desk-queue", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/queues/']").First);
        }),
        AsStaff("desk-calendar-feed", "/desk/calendar-feed"),
        new("desk-calendar-feed-address", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            return await CalendarFeedAsync(page);
        }),
        new("desk-calendar-feed-invalid", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            await CalendarFeedAsync(page);

            // Asking for a new address without ticking the confirmation: an error summary, the old address kept.
            var response = await Navigation.ClickAsync(page, page.Locator("main form[action*='handler=Rotate'] button[type='submit']"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The rotate form did not show an error summary.");
            return response;
        }),
        FromTask("desk-task", null),
        FromTask("desk-thread", "main a[href^='/desk/threads/']:not([href*='/new'])", type: "message"),
        FromTask("desk-thread-new", "main a[href^='/desk/threads/new']"),
        FromTask("desk-resident", "main a[href^='/desk/residents/']:not([href$='/timeline'])"),
        FromTask("desk-resident-timeline", "main a[href^='/desk/residents/'][href$='/timeline']"),
        FromTask("desk-follow-up-enrol", "main a[href^='/desk/follow-up/enrol']"),
        new("desk-follow-up-plan", Audience.Staff, async page =>
        {
            // The task's resident's plan: an existing one from the enrolment page, or one started there.
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/queues/']").First);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/tasks/']").First);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/follow-up/enrol']").First);
            var existing = page.Locator("main a[href^='/desk/follow-up/']:not([href*='enrol'])");
            return await existing.CountAsync() > 0
                ? await Navigation.ClickAsync(page, existing.First)
                : await Navigation.ClickAsync(page, page.Locator("main form[method='post'] button.primary"));
        }),
        AsStaff("desk-waiting-room", "/desk/waiting-room?unit=hs-638"),
        AsStaff("desk-appointments", "/desk/appointments"),
        new("desk-appointments-week", Audience.Staff, async page =>
        {
            // Next week: it always has weekday slots (the demo schedules run three weeks ahead), so the grid is full.
            await SignIn.StaffAsync(page, SignIn.Nurse, "/desk/appointments?view=week", reuseSession: true);
            var next = await page.Locator("main ul.actions a").Nth(1).GetAttributeAsync("href");
            return await page.GotoAsync(next!.TrimStart('/'));
        }),
        FromTask("desk-appointments-book", "main a[href^='/desk/appointments/book']"),
        FromTask("desk-appointments-invite", "main a[href^='/desk/appointments/invite']"),
        AsStaff("desk-appointments-block", "/desk/appointments/block?unit=hs-638"),
        AsStaff("desk-appointments-schedules", "/desk/appointments/schedules"),
        new("desk-appointments-schedule-exceptions", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, "/desk/appointments/schedules", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/appointments/schedules/']").First);
        }),
        new("desk-appointment", Audience.Staff, async page =>
        {
            // Book on behalf from the first task: the appointment page follows.
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/queues/']").First);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/tasks/']").First);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/appointments/book']").First);
            await page.Locator("main input[name='Input.SlotId']").First.CheckAsync();
            await page.Locator("#Input_OverrideReason").FillAsync("Saavutettavuustesti");
            return await Navigation.ClickAsync(page, page.Locator("main form[method='post'] button.primary"));
        }),

        // Control tower: the organiser (and, for the unit view, the service manager); names only, so the code check applies.
        AsStaff("tower", SignIn.Organiser, "/tower"),
        AsStaff("tower-invalid", SignIn.Organiser, "/tower?from=31.13.2026&to=2026-01-31"),
        AsStaff("tower-definitions", SignIn.Organiser, "/tower/definitions?kpi=nps"),
        AsStaff("tower-savings", SignIn.Organiser, "/tower/savings"),
        AsStaff("tower-imports", SignIn.Organiser, "/tower/imports"),
        AsStaff("tower-unit-view", SignIn.ServiceManager, "/tower?view=unit"),
        // Service management (issue 15): the service desk's pages with the demo tickets.
        AsStaff("sm-desk", SignIn.ServiceDesk, "/service/desk"),
        AsStaff("sm-my-requests", SignIn.Nurse, "/service-requests"),
        AsStaff("sm-tickets", SignIn.ServiceDesk, "/service/tickets"),
        AsStaff("sm-tickets-search", SignIn.ServiceDesk, "/service/tickets?q=kirjautuminen&open=false"),
        AsStaff("sm-ticket-new", SignIn.ServiceDesk, "/service/tickets/new"),
        AsStaff("sm-ticket", SignIn.ServiceDesk, "/service/tickets/INC-000001"),
        AsStaff("sm-ticket-problem", SignIn.ServiceDesk, "/service/tickets/PRB-000001"),
        AsStaff("sm-ticket-change", SignIn.ServiceManager, "/service/tickets/CHG-000001"),
        AsStaff("sm-catalogue", SignIn.ServiceDesk, "/service/catalogue"),
        AsStaff("sm-catalogue-edit", SignIn.ServiceManager, "/service/catalogue/polku-desk"),
        new("sm-catalogue-edit-invalid", Audience.Staff, async page =>
        {
            // A negative monthly fee: an error summary, what was typed kept.
            await SignIn.StaffAsync(page, SignIn.ServiceManager, "/service/catalogue/polku-desk", reuseSession: true);
            await page.Locator("#MonthlyFee").FillAsync("-5");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), $"The catalogue form did not show an error summary (HTTP {response.Status}).");
            Assert.Equal("-5", await page.Locator("#MonthlyFee").InputValueAsync());
            return response;
        }),
        // Service management: the service manager's priority matrix, and a change without its reason.
        AsStaff("sm-priority-matrix", SignIn.ServiceManager, "/service/priority-matrix"),
        new("sm-priority-matrix-invalid", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.ServiceManager, "/service/priority-matrix", reuseSession: true);
            await page.Locator("#cell-local-normal").SelectOptionAsync("P3");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The matrix form did not show an error summary.");
            return response;
        }),
        // The demo nurse's resolved request (REQ-000002): she rates its handling.
        AsStaff("sm-request-rating", SignIn.Nurse, "/service-requests/REQ-000002/rating"),
        new("sm-request-rating-invalid", Audience.Staff, async page =>
        {
            // Sent without choosing a rating: an error summary, the comment kept.
            await SignIn.StaffAsync(page, SignIn.Nurse, "/service-requests/REQ-000002/rating", reuseSession: true);
            await page.Locator("#comment").FillAsync("Nopea korjaus.");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), $"The rating form did not show an error summary (HTTP {response.Status}).");
            Assert.Equal("Nopea korjaus.", await page.Locator("#comment").InputValueAsync());
            return response;
        }),
        AsStaff("sm-problems", SignIn.ServiceDesk, "/service/problems"),
        AsStaff("sm-changes", SignIn.ServiceDesk, "/service/changes"),

        // Service management: disruption notices and the knowledge base (service manager); the public status page.
        Get("status", Audience.Anonymous, "/status"),
        AsStaff("sm-notices", SignIn.ServiceManager, "/service/notices"),
        AsStaff("sm-notice-new", SignIn.ServiceManager, "/service/notices/new"),
        AsStaff("sm-knowledge", SignIn.ServiceManager, "/service/knowledge"),
        AsStaff("sm-knowledge-article", SignIn.ServiceManager, "/service/knowledge/KB-0001"),
        AsStaff("sm-knowledge-new", SignIn.ServiceManager, "/service/knowledge/new"),

        // Training (issue 16): a nurse finds a programme, its course and group pages and the exam; the trainer's pages; the public check.
        AsStaff("training", SignIn.Nurse, "/training"),
        AsStaff("training-search", SignIn.Nurse, "/training?q=chat&title=nurse"),
        new("training-search-invalid", Audience.Staff, page => SignIn.StaffAsync(page, SignIn.Nurse, "/training?q=" + new string('a', 101), reuseSession: true), 400),
        AsStaff("training-programme", SignIn.Nurse, "/training/programmes/DIGI-CHAT"),
        new("training-course", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, "/training/programmes/DIGI-CHAT", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/courses/']").First);
        }),
        new("training-group", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, "/training/programmes/DIGI-CHAT", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/groups/']").First);
        }),
        new("training-exam", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, "hoitaja.digi", "/training/programmes/DIGI-CHAT", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href$='/exam']").First);
        }),
        AsStaff("training-my", "hoitaja.digi", "/training/my"),
        AsStaff("training-trainer", "kouluttaja", "/training/trainer"),
        new("training-trainer-group", Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, "kouluttaja", "/training/trainer", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/trainer/groups/']").First);
        }),
        Get("training-verify", Audience.Anonymous, "/training/certificates/verify"),
        Get("training-verify-unknown", Audience.Anonymous, "/training/certificates/verify/ABCDE23456", 404),

        // Coordinator
        AsCoordinator("admin", "/admin"),
        AsCoordinator("admin-chat-faq", "/admin/chat-faq"),
        AsCoordinator("admin-feedback-questions", "/admin/feedback-questions"),
        AsCoordinator("admin-queues", "/admin/queues"),
        AsCoordinator("admin-queues-filtered", "/admin/queues?municipality=638&channel=chat"),
        AsCoordinator("admin-queue-new", "/admin/queues/new"),
        new("admin-queue-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/queues/new", reuseSession: true);
            // A code with capitals, no names and P2 shorter than P1: the form comes back with an error summary, values kept.
            await page.Locator("#Input_Code").FillAsync("Uusi Jono");
            await page.Locator("#Input_TargetP1").FillAsync("60");
            await page.Locator("#Input_TargetP2").FillAsync("30");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button[type='submit']").First);
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The queue form did not show an error summary.");
            return response;
        }),
        AsCoordinator("admin-queue", "/admin/queues/hs-638"),
        AsCoordinator("admin-queue-members", "/admin/queues/hs-638/members?q=hoitaja"),
        AsCoordinator("admin-services", "/admin/services"),
        AsCoordinator("admin-service", "/admin/services/health-station"),
        new("admin-channel-edit", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/services/health-station", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/admin/channels/']:not([href*='new'])").First);
        }),
        AsCoordinator("admin-channel-new", "/admin/channels/new?service=health-station"),
        new("admin-channel-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/channels/new?service=health-station", reuseSession: true);
            await page.Locator("#mode-external").CheckAsync();
            await page.Locator("#Input_Url").FillAsync("not a web address");
            var response = await Navigation.ClickAsync(page, page.Locator("main form:not([action*='handler']) button[type='submit']").First);
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The channel form did not show an error summary.");
            return response;
        }),

        AsCoordinator("admin-municipalities", "/admin/municipalities"),
        AsCoordinator("admin-municipality", "/admin/municipalities/638"),
        AsCoordinator("admin-units", "/admin/units"),
        AsCoordinator("admin-unit", "/admin/units/hs-638"),
        AsCoordinator("admin-unit-hours", "/admin/units/hs-638/hours"),
        new("admin-unit-hours-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/units/hs-638/hours", reuseSession: true);
            // Monday's first period closing before it opens must come back with an error summary, values kept.
            var monday = page.Locator("main input[type='time']");
            await monday.Nth(0).FillAsync("16:00");
            await monday.Nth(1).FillAsync("08:00");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button[type='submit']").First);
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The hours form did not show an error summary.");
            return response;
        }),

        // Staff administration: the county-wide coordinator, and the coordinator of one health station.
        AsCoordinator("admin-staff", "/admin/staff"),
        AsCoordinator("admin-staff-search", "/admin/staff?q=hoitaja&status=all"),
        AsCoordinator("admin-staff-new", "/admin/staff/new"),
        new("admin-staff-new-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/staff/new", reuseSession: true);
            await page.Locator("#Input_Login").FillAsync("Not A Login!");
            // No name and a login of spaces and capitals: the browser lets it through, the server explains both.
            var response = await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The staff form did not show an error summary.");
            return response;
        }),
        new("admin-staff-person", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/staff?q=hoitaja", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main table a[href^='/admin/staff/']").First);
        }),
        new("admin-staff-edit", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/staff?q=hoitaja", reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main table a[href^='/admin/staff/']").First);
            return await Navigation.ClickAsync(page, page.Locator("main a[href$='/edit']"));
        }),
        AsCoordinator("admin-staff-import", "/admin/staff/import"),
        AsCoordinator("admin-staff-roles", "/admin/staff/roles"),
        new("admin-staff-import-checked", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/staff/import", reuseSession: true);
            await page.Locator("#Csv").FillAsync("login;name;units;roles\nuusi.hoitaja;Ulla Uusi;hs-638;professional\nvirhe;;no-such-unit;wizard\n");
            return await Navigation.ClickAsync(page, page.Locator("main form button.primary").First);
        }),
        new("admin-staff-unit-coordinator", Audience.Coordinator, async page =>
        {
            return await SignIn.StaffAsync(page, SignIn.UnitCoordinator, "/admin/staff", reuseSession: true);
        }),
        AsCoordinator("admin-routing", "/admin/routing"),
        AsCoordinator("admin-schedules", "/admin/schedules"),
        AsCoordinator("admin-schedule-new", "/admin/schedules/new"),
        new("admin-schedule-edit", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/schedules", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/admin/schedules/']:not([href$='/new'])").First);
        }),
        new("admin-schedule-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/schedules/new", reuseSession: true);
            await page.Locator("#Input_Pattern").FillAsync("Mon-Fri 8-11");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The schedule form did not show an error summary.");
            return response;
        }, 400),
        AsCoordinator("admin-routing-simulate", "/admin/routing/simulate?urgency=P3&service=&municipality=638&date=2026-06-16&time=10:00"),
        AsCoordinator("admin-routing-simulate-invalid", "/admin/routing/simulate?urgency=P9&service=&municipality=638&date=2026-13-45&time=10:00"),
        AsCoordinator("admin-routing-week", "/admin/routing/week?municipality=638&urgency=P3&service=&week=2026-06-15"),
        AsCoordinator("admin-routing-row", "/admin/routing/rows/p3-638-booking"),
        AsCoordinator("admin-routing-row-new", "/admin/routing/rows/new"),
        new("admin-routing-row-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin/routing/rows/p3-638-booking", reuseSession: true);
            // A start time that is not a time and no reason for the change: an error summary, values kept.
            await page.Locator("#Input_From").FillAsync("8");
            var response = await Navigation.ClickAsync(page, page.Locator("main form:not([action*='handler']) button[type='submit']").First);
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The routing row form did not show an error summary.");
            return response;
        }),

        // Service management (the service manager and the coordinator)
        new("service-outbox", Audience.Staff, async page =>
        {
            return await SignIn.StaffAsync(page, SignIn.ServiceManager, "/service/outbox", reuseSession: true);
        }),

        // Control tower: the feedback views as the organiser sees them, with a search and with an invalid date.
        AsStaff("tower-feedback", SignIn.Organiser, "/tower/feedback"),
        AsStaff("tower-feedback-search", SignIn.Organiser, "/tower/feedback?q=hyv%C3%A4"),
        AsStaff("tower-feedback-invalid", SignIn.Organiser, "/tower/feedback?from=2026-13-45&q=" + new string('a', 101)),
        AsStaff("service-monitoring", SignIn.ServiceManager, "/service/monitoring"),
        // Service management: availability explained outage by outage, the monthly reports and one report (live draft).
        AsStaff("sm-availability", SignIn.ServiceDesk, "/service/availability?service=polku-front&month=2026-03"),
        AsStaff("sm-availability-invalid", SignIn.ServiceDesk, "/service/availability?service=nope&month=2026-13"),
        AsStaff("sm-reports", SignIn.ServiceManager, "/service/reports"),
        AsStaff("sm-report-view", SignIn.ServiceManager, "/service/reports/polku-front/2026/3"),

        // Development tools (open to anyone in the Development environment)
        Get("dev-outbox", Audience.Dev, "/dev/outbox"),
        Get("dev-design", Audience.Dev, "/dev/design"),

        // Training coordinator (issue 16, part 6)
        AsCoordinator("training-admin", "/training/admin"),
        AsCoordinator("training-admin-messages", "/training/admin/messages"),
        AsCoordinator("training-admin-message-edit", "/training/admin/messages/waiting"),
        new("training-admin-group-message", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/trainer", reuseSession: true);
            var href = await page.Locator("main a[href^='/training/trainer/groups/']").First.GetAttributeAsync("href");
            return await page.GotoAsync(href!.Replace("/training/trainer/groups/", "training/admin/groups/", StringComparison.Ordinal) + "/message");
        }),
        AsCoordinator("training-admin-import", "/training/admin/import"),
        new("training-admin-import-checked", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/import", reuseSession: true);
            await page.Locator("#Csv").FillAsync("type;programme;course;name_fi;name_sv;name_en;position\nprogramme;DIGI-CHAT;;Chat-palvelun koulutus (uusi nimi);Utbildning i chattjänsten;Chat service training;\n"
                + "course;DIGI-CHAT;CHAT-9;;Kurs;Course;0\nkurssi;DIGI-CHAT;CHAT-8;Kurssi;Kurs;Course;1\n");
            return await Navigation.ClickAsync(page, page.Locator("main form button.primary").First);
        }),
        AsCoordinator("training-admin-programme-new", "/training/admin/programmes/new"),
        AsCoordinator("training-admin-programme", "/training/admin/programmes/DIGI-CHAT"),
        AsCoordinator("training-admin-course-new", "/training/admin/programmes/DIGI-CHAT/courses/new"),
        new("training-admin-course", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/programmes/DIGI-CHAT", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/admin/courses/']").First);
        }),
        new("training-admin-group-new", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/programmes/DIGI-CHAT", reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/admin/courses/']").First);
            return await Navigation.ClickAsync(page, page.Locator("main a[href$='/groups/new']").First);
        }),
        new("training-admin-group", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/programmes/DIGI-CHAT", reuseSession: true);
            return await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/admin/groups/']").First);
        }),
        new("training-admin-group-invalid", Audience.Coordinator, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/programmes/DIGI-CHAT", reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/training/admin/groups/']").First);
            // A session ending before it starts and no places: the form comes back with an error summary, values kept.
            await page.Locator("#session-0-end").FillAsync("07:00");
            await page.Locator("#Input_Capacity").FillAsync("0");
            var response = await Navigation.ClickAsync(page, page.Locator("main form button[type='submit']").First);
            Assert.True(await page.Locator(".error-summary").IsVisibleAsync(), "The group form did not show an error summary.");
            return response;
        }),
        AsCoordinator("training-admin-rooms", "/training/admin/rooms"),

        // Training reports (issue 16, parts 6 and 9): the tables, and a bad period answered next to its field.
        AsCoordinator("training-reports", "/training/admin/reports"),
        new("training-reports-invalid", Audience.Coordinator, page => SignIn.StaffAsync(page, SignIn.Coordinator, "/training/admin/reports?from=2026-05-01&to=2026-04-01", reuseSession: true), 400),
    ];

    /// <summary>Finds a page by name.</summary>
    public static CatalogPage Find(string name) =>
        Pages.SingleOrDefault(p => p.Name == name) ?? throw new ArgumentException($"No catalog page named {name}.", nameof(name));

    /// <summary>Stores an anonymous respiratory-infection result with the self-care answer set; returns its id.</summary>
    private static async Task<string?> SelfCareResultAsync(IPage page)
    {
        var answers = new Dictionary<string, object>
        {
            ["breathless-rest"] = false, ["chest-pain"] = "no", ["confusion"] = false, ["breathless-exertion"] = false, ["fever"] = false,
            ["duration"] = 2, ["symptoms"] = new[] { "runny-nose", "sore-throat" }, ["risk-group"] = new[] { "none" },
        };
        var created = await page.APIRequest.PostAsync("api/assessments/respiratory-infection/responses", new()
        {
            DataObject = new { answers, context = new { municipality = "638" } },
        });
        return System.Text.Json.JsonDocument.Parse(await created.TextAsync()).RootElement.GetProperty("id").GetString();
    }

    private static CatalogPage Get(string name, Audience audience, string url, int expectedStatus = 200) =>
        new(name, audience, page => page.GotoAsync(url.TrimStart('/')), expectedStatus);

    private static CatalogPage AsResident(string name, string url) =>
        new(name, Audience.Resident, async page =>
        {
            return await SignIn.ResidentAsync(page, SignIn.Maija, url, reuseSession: true);
        });

    private static CatalogPage AsStaff(string name, string url) => AsStaff(name, SignIn.Nurse, url);

    /// <summary>The first message task of the nurse's health-station queue, then (optionally) a link on the task page.</summary>
    /// <summary>A page reached from the first task (of <paramref name="type"/>, when given) in the nurse's first queue.</summary>
    private static CatalogPage FromTask(string name, string? link, string? type = null) =>
        new(name, Audience.Staff, async page =>
        {
            await SignIn.StaffAsync(page, SignIn.Nurse, reuseSession: true);
            await Navigation.ClickAsync(page, page.Locator("main a[href^='/desk/queues/']").First);
            var row = type is null ? "main" : $"main tr[data-type='{type}']";
            var response = await Navigation.ClickAsync(page, page.Locator($"{row} a[href^='/desk/tasks/']").First);
            return link is null ? response : await Navigation.ClickAsync(page, page.Locator(link).First);
        });

    /// <summary>The nurse's calendar feed page with an address (created on the page when there is none yet).</summary>
    private static async Task<IResponse?> CalendarFeedAsync(IPage page)
    {
        var response = await page.GotoAsync("desk/calendar-feed");
        var create = page.Locator("main form[action*='handler=Create'] button[type='submit']");
        return await create.CountAsync() > 0 ? await Navigation.ClickAsync(page, create) : response;
    }

    /// <summary>A staff page as <paramref name="login"/> sees it (names only, so the internal-code check applies).</summary>
    private static CatalogPage AsStaff(string name, string login, string url) =>
        new(name, Audience.Staff, page => SignIn.StaffAsync(page, login, url, reuseSession: true));

    private static CatalogPage AsCoordinator(string name, string url) =>
        new(name, Audience.Coordinator, async page =>
        {
            return await SignIn.StaffAsync(page, SignIn.Coordinator, url, reuseSession: true);
        });
}
