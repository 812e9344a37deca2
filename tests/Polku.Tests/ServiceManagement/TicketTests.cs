using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06: tickets through the API as the service desk uses them — numbers, the matrix's priority and the
/// customer's override, the SLA clock's pause and a retroactive priority change, major incidents with their RCA,
/// problems and changes, full-text search — on both engines.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TicketTests
{
    /// <summary>Thursday 2 April 2026, 14:00 in Helsinki (11:00 UTC), the spec's Easter example.</summary>
    private static readonly DateTimeOffset Easter = new(2026, 4, 2, 11, 0, 0, TimeSpan.Zero);

    internal static async Task<HttpClient> DeskAsync(PolkuAppFactory factory, string login = "tukipalvelu")
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    internal static async Task<JsonElement> OpenAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/service-management/tickets", UriKind.Relative), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string number, string action, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/{action}", UriKind.Relative), body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static DateTimeOffset Due(JsonElement ticket, string clock) => ticket.GetProperty(clock).GetProperty("due").GetDateTimeOffset();

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_incident_gets_the_matrix_priority_and_due_times_in_the_service_calendar_and_a_priority_raised_mid_ticket_applies_from_the_start_keeping_the_pause(string engine)
    {
        var clock = new ManualTimeProvider(Easter);
        await using var factory = new PolkuAppFactory(engine) { Time = clock };
        var desk = await DeskAsync(factory);

        // significant x normal = P3 in seed 002's table. polku-desk runs office hours; its P3 targets are 240 / 2400 min.
        var ticket = await OpenAsync(desk, new { kind = "incident", serviceId = "polku-desk", category = "työjonot", title = "Työjono ei päivity", description = "Tehtävät näkyvät viiveellä.", impact = "significant", urgency = "normal" });
        var number = ticket.GetProperty("number").GetString()!;
        Assert.Matches("^INC-[0-9]{6}$", number);
        Assert.Equal("P3", ticket.GetProperty("priority").GetString());
        Assert.Equal("P3", ticket.GetProperty("matrixPriority").GetString());

        // 240 service minutes from Thu 2.4. 14:00: Thu 14–16 (2 h), Good Friday to Easter Monday closed, Tue 8–10 (2 h).
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 10, 0, 0, TimeSpan.FromHours(3)), Due(ticket, "response"));

        // One hour of work, then two hours waiting for the reporter (the clock stands still), then back to work.
        clock.Advance(TimeSpan.FromHours(1));
        desk = await DeskAsync(factory); // a new sign-in: the hour idle ended the session
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, number, "status", new { status = "waiting-reporter", note = "Missä selaimessa?" })).Status);
        clock.Advance(TimeSpan.FromMinutes(30));
        desk = await DeskAsync(factory);
        var (status, back) = await PostAsync(desk, number, "status", new { status = "in-progress" });
        Assert.Equal(HttpStatusCode.OK, status);

        // 30 minutes of pause inside service time moves the resolution due time by 30 service minutes.
        // 2400 min = 40 h: Thu 2 h, Tue–Fri 4 × 8 h = 32 h, Mon 13.4. 6 h → 14:00, plus the pause → 14:30.
        Assert.Equal(new DateTimeOffset(2026, 4, 13, 14, 30, 0, TimeSpan.FromHours(3)), Due(back, "resolution"));

        // Raised to P1 by the customer: the P1 targets (30 / 240 min) count from the opening, the pause kept:
        // 240 min from Thu 14:00 = Tue 7.4. 10:00, plus 30 min of pause = 10:30.
        var (raised, p1) = await PostAsync(desk, number, "priority", new { impact = "significant", urgency = "normal", priority = "P1", reason = "Asiakas: koko päivystys käyttää työjonoa" });
        Assert.Equal(HttpStatusCode.OK, raised);
        Assert.Equal("P1", p1.GetProperty("priority").GetString());
        Assert.Equal("P3", p1.GetProperty("matrixPriority").GetString());
        Assert.Equal("Asiakas: koko päivystys käyttää työjonoa", p1.GetProperty("priorityReason").GetString());
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 10, 30, 0, TimeSpan.FromHours(3)), Due(p1, "resolution"));
        Assert.Equal(60, p1.GetProperty("resolution").GetProperty("elapsedMinutes").GetDouble(), 3); // 14:00–15:30 less the 30-minute pause
        Assert.Contains(p1.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "priority-override");

        // The override needs a reason; codes are checked.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(desk, number, "priority", new { impact = "wide", urgency = "critical", priority = "P2" })).Status);
        var (bad, problem) = await PostAsync(desk, number, "priority", new { impact = "huge", urgency = "critical" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("sm.error.unknown_impact", problem.GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_major_incident_cannot_close_without_its_root_cause_analysis_and_its_children_are_resolved_with_it(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Easter) };
        var desk = await DeskAsync(factory);
        var major = (await OpenAsync(desk, new { kind = "incident", serviceId = "polku-appointments", category = "ajanvaraus", title = "Ajanvaraus ei toimi", description = "Kukaan ei pääse varaamaan.", impact = "wide", urgency = "critical" })).GetProperty("number").GetString()!;
        var child = (await OpenAsync(desk, new { kind = "incident", serviceId = "polku-appointments", category = "ajanvaraus", title = "Varaus epäonnistuu Loviisassa", description = "", impact = "local", urgency = "serious" })).GetProperty("number").GetString()!;
        var minor = (await OpenAsync(desk, new { kind = "incident", serviceId = "polku-appointments", category = "ajanvaraus", title = "Kirjoitusvirhe", description = "", impact = "local", urgency = "minor" })).GetProperty("number").GetString()!;

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(desk, minor, "major", new { declare = true, communicationPlan = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(desk, major, "major", new { declare = true })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, major, "major", new { declare = true, communicationPlan = "Tiedote etusivulle 15 min välein." })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, child, "link", new { number = major })).Status);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Declaring drafted the room's public disruption notice in three languages.
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var id = (await db.Set<Ticket>().SingleAsync(t => t.Number == major)).Id;
            var notice = await db.Set<Notice>().SingleAsync(n => n.IncidentId == id);
            Assert.Equal(("disruption", "draft", "Störning: Polku: tidsbokning och distansmottagningar"), (notice.Kind, notice.State, notice.TitleSv));
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, major, "room", new { text = "Tietokantapalvelin käynnistetään uudelleen.", @public = true })).Status);

        var (refused, why) = await PostAsync(desk, major, "status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal("sm.error.rca_required", why.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(desk, major, "rca", new { rootCause = "Levy täyttyi", corrective = "Levytilaa lisättiin" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, major, "rca", new { rootCause = "Levy täyttyi", corrective = "Levytilaa lisättiin", prevention = "Levytilan hälytys 80 %:ssa" })).Status);
        var (closed, body) = await PostAsync(desk, major, "status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.OK, closed);
        Assert.Equal([child], body.GetProperty("children").EnumerateArray().Select(c => c.GetString()!).ToArray());

        using var childResponse = await desk.GetAsync(new Uri($"/api/service-management/tickets/{child}", UriKind.Relative));
        var childBody = await childResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("closed", childBody.GetProperty("status").GetString());
        Assert.Equal(major, childBody.GetProperty("parent").GetString());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_normal_change_waits_for_the_service_managers_cab_decision_and_a_standard_change_is_pre_approved(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Easter) };
        var desk = await DeskAsync(factory);
        var manager = await DeskAsync(factory, "palvelupaallikko");
        var change = (await OpenAsync(desk, new { kind = "change", serviceId = "polku-contacts", category = "päivitys", title = "Päivitys", description = "", impact = "wide", urgency = "minor", changeType = "normal" })).GetProperty("number").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(desk, change, "status", new { status = "in-progress" })).Status);
        var (forbidden, code) = await PostAsync(desk, change, "decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal("sm.error.cab_only", code.GetProperty("code").GetString());

        var window = new { approve = true, note = "CAB 8.4.", windowStart = "2026-04-12T22:00:00+03:00", windowEnd = "2026-04-12T23:00:00+03:00" };
        var (approved, body) = await PostAsync(manager, change, "decision", window);
        Assert.Equal(HttpStatusCode.OK, approved);
        Assert.Equal("approved", body.GetProperty("changeApproval").GetString());
        Assert.Equal(new DateTimeOffset(2026, 4, 12, 19, 0, 0, TimeSpan.Zero), body.GetProperty("windowStart").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(manager, change, "decision", window)).Status);

        // The approved window is drafted as a planned break for residents, in three languages, for the desk to publish.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var id = (await db.Set<Ticket>().SingleAsync(t => t.Number == change)).Id;
            var notice = await db.Set<Notice>().SingleAsync(n => n.ChangeId == id);
            Assert.Equal(("planned", "draft"), (notice.Kind, notice.State));
            Assert.Equal(new DateTime(2026, 4, 12, 19, 0, 0, DateTimeKind.Utc), notice.StartsUtc);
            Assert.Contains("12.4.2026 22.00–12.4.2026 23.00", notice.BodyFi, StringComparison.Ordinal);
            Assert.StartsWith("Underhållsavbrott: Polku", notice.TitleSv, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, change, "status", new { status = "in-progress" })).Status);

        var standard = await OpenAsync(desk, new { kind = "change", serviceId = "polku-front", category = "sisältö", title = "Tekstimuutos", description = "", impact = "local", urgency = "minor", changeType = "standard" });
        Assert.Equal("approved", standard.GetProperty("changeApproval").GetString());

        // A problem gathers its incidents and becomes a known error with a workaround.
        var problem = (await OpenAsync(desk, new { kind = "problem", serviceId = "video", category = "ääni", title = "Ääni katkeaa", description = "", impact = "limiting", urgency = "normal" })).GetProperty("number").GetString()!;
        var incident = (await OpenAsync(desk, new { kind = "incident", serviceId = "video", category = "ääni", title = "Ei ääntä", description = "", impact = "local", urgency = "normal" })).GetProperty("number").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, incident, "link", new { number = problem })).Status);
        var (known, problemBody) = await PostAsync(desk, problem, "workaround", new { workaround = "Toinen selain", knownError = true });
        Assert.Equal(HttpStatusCode.OK, known);
        Assert.True(problemBody.GetProperty("knownError").GetBoolean());
        Assert.Equal([incident], problemBody.GetProperty("linkedIncidents").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(desk, incident, "link", new { number = "PRB-999999" })).Status);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Search_finds_tickets_by_word_prefix_and_number_and_bad_input_is_a_localised_400(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Easter) };
        var desk = await DeskAsync(factory);
        var target = (await OpenAsync(desk, new { kind = "incident", serviceId = "omaolo", category = "oirearvio", title = "Oirearvion tulossivu jumittuu", description = "Hengitystieoireiden arvio ei valmistu.", impact = "limiting", urgency = "normal" })).GetProperty("number").GetString()!;
        await OpenAsync(desk, new { kind = "request", serviceId = "polku-front", category = "sisältö", title = "Palvelukuvauksen päivitys", description = "Uusi aukioloaika.", impact = "local", urgency = "minor" });

        async Task<string[]> Search(string query)
        {
            using var response = await desk.GetAsync(new Uri("/api/service-management/tickets?q=" + Uri.EscapeDataString(query), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()!)];
        }

        Assert.Equal([target], await Search("hengitysti"));
        Assert.Equal([target], await Search("oirearvion jumittuu"));
        Assert.Equal([target], await Search(target));
        Assert.Empty(await Search("hengitystie palvelukuvaus"));
        Assert.Empty(await Search("\"* OR 1=1 --"));

        using var badKind = await desk.GetAsync(new Uri("/api/service-management/tickets?kind=bug", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        using var badPage = await desk.GetAsync(new Uri("/api/service-management/tickets?page=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        using var noService = await desk.PostAsJsonAsync(new Uri("/api/service-management/tickets", UriKind.Relative), new { kind = "incident", serviceId = "nope", category = "x", title = "x", impact = "local", urgency = "minor" });
        Assert.Equal(HttpStatusCode.BadRequest, noService.StatusCode);
        Assert.Equal("sm.error.unknown_service", (await noService.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var noTitle = await desk.PostAsJsonAsync(new Uri("/api/service-management/tickets", UriKind.Relative), new { kind = "incident", serviceId = "omaolo", category = "x", impact = "local", urgency = "minor" });
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Tickets_opened_at_the_same_time_get_different_numbers(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Easter) };
        var desks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeskAsync(factory)));
        var opened = await Task.WhenAll(desks.SelectMany(d => Enumerable.Range(0, 5).Select(i => OpenAsync(d, new { kind = "request", serviceId = "polku-front", category = "x", title = "Pyyntö " + i, description = "", impact = "local", urgency = "minor" }))));
        var numbers = opened.Select(o => o.GetProperty("number").GetString()).ToList();
        Assert.Equal(20, numbers.Distinct().Count());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var count = await db.Set<Ticket>().CountAsync(t => t.Kind == "request");
        var counter = await db.Set<Counter>().SingleAsync(c => c.Kind == "request");
        Assert.Equal(count, counter.Last);
    }

    [Fact]
    public async Task The_pages_show_tickets_and_their_history_as_text_and_a_form_error_in_the_readers_language()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(Easter) };
        var desk = await DeskAsync(factory);
        var number = (await OpenAsync(desk, new { kind = "incident", serviceId = "polku-front", category = "etusivu", title = "<script>alert(1)</script>", description = "<b>lihava</b>", impact = "wide", urgency = "critical" })).GetProperty("number").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(desk, number, "comments", new { text = "<img src=x onerror=alert(2)>", visibleToReporter = true })).Status);

        var page = await desk.GetStringAsync(new Uri($"/service/tickets/{number}", UriKind.Relative));
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("Onko tämä suurhäiriö?", page, StringComparison.Ordinal);

        foreach (var url in new[] { "/service/desk", "/service/tickets", "/service/tickets?q=script", "/service/tickets/new", "/service/catalogue", "/service/problems", "/service/changes", "/service/changes?month=2026-13" })
        {
            using var response = await desk.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, url);
        }

        using var missing = await desk.GetAsync(new Uri("/service/tickets/INC-999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var (_, token) = await SignIn.GetFormAsync(desk, "/service/tickets/new");
        using var post = await SignIn.PostFormAsync(desk, "/service/tickets/new", token, new Dictionary<string, string>
        {
            ["Kind"] = "incident", ["ServiceId"] = "omaolo", ["Title"] = "", ["Category"] = "x", ["Impact"] = "local", ["Urgency"] = "minor",
        });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Kirjoita otsikko.", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
