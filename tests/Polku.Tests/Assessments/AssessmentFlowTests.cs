using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Assessments;

/// <summary>
/// Assessments end to end in process: the public API (evaluate, store, route), the resident's pages as a browser
/// without JavaScript uses them, sending a result to the desk with consent, and the professional's result page.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class AssessmentFlowTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>Fever over 39 °C for three days with a cough, no red flags: a non-urgent result (P3, within a day).</summary>
    internal static readonly Dictionary<string, object> NonUrgent = new()
    {
        ["breathless-rest"] = false,
        ["chest-pain"] = "no",
        ["confusion"] = false,
        ["breathless-exertion"] = false,
        ["fever"] = true,
        ["temperature"] = 39.5,
        ["fever-days"] = 3,
        ["duration"] = 4,
        ["symptoms"] = new[] { "cough", "runny-nose" },
        ["risk-group"] = new[] { "none" },
        ["worse-again"] = false,
    };

    private const string Tuesday10 = "2026-12-01T10:00:00+02:00";
    private const string Saturday23 = "2026-12-05T23:00:00+02:00";

    /// <summary>
    /// The app's clock stands at the <see cref="Tuesday10"/> the requests ask about, so the demo slots (seeded ahead from
    /// the app's today) exist then and no test depends on the real date.
    /// </summary>
    private static PolkuAppFactory AtTuesdayMorning(string engine = "sqlite") =>
        new(engine) { Time = new ManualTimeProvider(DateTimeOffset.Parse(Tuesday10, System.Globalization.CultureInfo.InvariantCulture)) };

    private static JsonObject Body(IDictionary<string, object> answers, string at, string municipality = "638") => new()
    {
        ["answers"] = JsonSerializer.SerializeToNode(answers),
        ["context"] = new JsonObject { ["municipality"] = municipality, ["at"] = at },
    };

    [Fact]
    public async Task The_catalogue_lists_every_published_assessment_with_its_kind_and_titles()
    {
        await using var app = AtTuesdayMorning();
        var list = await app.CreateClient().GetFromJsonAsync<JsonArray>("/api/assessments");
        var ids = list!.Select(a => a!["id"]!.GetValue<string>()).ToList();
        foreach (var id in new[] { "respiratory-infection", "cough", "sore-throat", "urinary-tract-symptoms", "low-back-pain", "informal-care", "mobility-outside-home", "personal-assistance", "wellbeing-check" })
        {
            Assert.Contains(id, ids);
        }

        var wellbeing = list!.Single(a => a!["id"]!.GetValue<string>() == "wellbeing-check")!;
        Assert.Equal("wellbeing", wellbeing["kind"]!.GetValue<string>());
        Assert.Equal("1.1.0", wellbeing["version"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(wellbeing["title"]!["sv"]!.GetValue<string>()));

        var definition = await app.CreateClient().GetFromJsonAsync<JsonObject>("/api/assessments/respiratory-infection");
        Assert.Equal("respiratory-infection", definition!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(new Uri("/api/assessments/no-such", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_same_answers_route_differently_on_a_weekday_morning_and_a_Saturday_night_and_a_red_flag_routes_to_112()
    {
        await using var app = AtTuesdayMorning();
        var client = app.CreateClient();

        var weekday = await (await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(NonUrgent, Tuesday10))).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("P3", weekday!["recommendation"]!["urgency"]!.GetValue<string>());
        Assert.Equal("health-station", weekday["recommendation"]!["serviceCode"]!.GetValue<string>());
        Assert.Equal("SelfBooking", weekday["routing"]!["destination"]!["kind"]!.GetValue<string>());
        Assert.Contains("fever-days", weekday["trace"]!.AsArray().SelectMany(t => t!["answers"]!.AsArray()).Select(a => a!.GetValue<string>()));

        var night = await (await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(NonUrgent, Saturday23))).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("P3", night!["recommendation"]!["urgency"]!.GetValue<string>());
        Assert.NotEqual(weekday["routing"]!["rowId"]!.GetValue<string>(), night["routing"]!["rowId"]!.GetValue<string>());

        var redFlag = new Dictionary<string, object>(NonUrgent) { ["breathless-rest"] = true };
        redFlag.Remove("breathless-exertion");
        var emergency = await (await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(redFlag, Saturday23))).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("P0", emergency!["recommendation"]!["urgency"]!.GetValue<string>());
        Assert.Equal("Call112", emergency["routing"]!["destination"]!["kind"]!.GetValue<string>());
        Assert.Equal("tel:112", emergency["routing"]!["destination"]!["actionUrl"]!.GetValue<string>());

        var resolved = await (await client.PostAsJsonAsync("/api/routing/resolve", new JsonObject { ["urgency"] = "P3", ["serviceCode"] = "health-station", ["municipality"] = "638", ["at"] = Saturday23 })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(night["routing"]!["rowId"]!.GetValue<string>(), resolved!["rowId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_answers_and_context_are_400s_naming_what_is_wrong()
    {
        await using var app = AtTuesdayMorning();
        var client = app.CreateClient();
        var wrong = new Dictionary<string, object>(NonUrgent) { ["temperature"] = "hot", ["symptoms"] = new[] { "sneezing-fits" } };
        var response = await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(wrong, Tuesday10));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var linkIds = problem!["linkIds"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Contains("temperature", linkIds);
        Assert.Contains("symptoms", linkIds);

        var noOffset = await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(NonUrgent, "2026-12-01T10:00:00"));
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        var badMunicipality = await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(NonUrgent, Tuesday10, "999"));
        Assert.Equal(HttpStatusCode.BadRequest, badMunicipality.StatusCode);
        var badUrgency = await client.PostAsJsonAsync("/api/routing/resolve", new JsonObject { ["urgency"] = "P9", ["municipality"] = "638", ["at"] = Tuesday10 });
        Assert.Equal(HttpStatusCode.BadRequest, badUrgency.StatusCode);
        var farFuture = await client.PostAsJsonAsync("/api/routing/resolve", new JsonObject { ["urgency"] = "P3", ["municipality"] = "638", ["at"] = "9999-12-31T23:59:00+14:00" });
        Assert.Equal(HttpStatusCode.BadRequest, farFuture.StatusCode);
        var farPast = await client.PostAsJsonAsync("/api/assessments/respiratory-infection/evaluate", Body(NonUrgent, "0001-01-01T00:00:00-14:00"));
        Assert.Equal(HttpStatusCode.BadRequest, farPast.StatusCode);
        using var garbage = new StringContent("{\"answers\": [1,", System.Text.Encoding.UTF8, "application/json");
        var broken = await client.PostAsync(new Uri("/api/assessments/respiratory-infection/evaluate", UriKind.Relative), garbage);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_submitted_assessment_is_stored_once_per_idempotency_key_with_its_exact_version_and_service_events(string engine)
    {
        await using var app = AtTuesdayMorning(engine);
        var client = app.CreateClient();
        async Task<HttpResponseMessage> Submit()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assessments/respiratory-infection/responses") { Content = JsonContent.Create(Body(NonUrgent, Tuesday10)) };
            request.Headers.Add("Idempotency-Key", "test-key-1");
            return await client.SendAsync(request);
        }

        var first = await Submit();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var second = await Submit();
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonObject>();
        var b = await second.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(a!["id"]!.GetValue<string>(), b!["id"]!.GetValue<string>());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var stored = await db.Set<AssessmentResponse>().AsNoTracking().Where(r => r.AssessmentId == "respiratory-infection").ToListAsync();
        var row = Assert.Single(stored);
        Assert.Equal("1.0.0", row.AssessmentVersion);
        Assert.Equal("P3", row.Urgency);
        Assert.Equal("SelfBooking", row.DestinationKind);
        Assert.Null(row.ResidentId);
        var events = await db.ServiceEvents.AsNoTracking().Where(e => e.Channel == "assessment").Select(e => e.Type).ToListAsync();
        Assert.Contains("assessment.completed", events);
        Assert.Contains("assessment.routed", events);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_resident_answers_page_by_page_without_JavaScript_and_the_result_leads_with_the_routed_booking(string engine)
    {
        // Tuesday 1 December 2026 at 10:00 in Helsinki: the health station is open and self-booking applies.
        await using var app = AtTuesdayMorning(engine);
        var client = app.CreateBrowserLikeClient();
        var front = SignIn.Html(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Contains("href=\"/assessments/respiratory-infection\"", front, StringComparison.Ordinal);

        var result = await AnswerAsync(client, "respiratory-infection", NonUrgent, backOnce: true);
        Assert.Contains("Ota yhteyttä vuorokauden kuluessa", result, StringComparison.Ordinal);
        // Self-booking is built in: an anonymous resident signs in first and comes back to this result to book.
        Assert.Contains("Vapaat ajat suositellussa ajassa", result, StringComparison.Ordinal);
        Assert.Matches("id=\"routed-action\" href=\"/login\\?returnUrl=%2Fassessments%2Fresults%2F[0-9a-f-]{36}\"", result);
        Assert.Contains("Esittelysisältö", result, StringComparison.Ordinal);
        Assert.Contains("Miksi tämä suositus", result, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var types = await db.ServiceEvents.AsNoTracking().Where(e => e.Channel == "assessment").Select(e => e.Type).ToListAsync();
        Assert.Contains("assessment.started", types);
        Assert.Contains("assessment.completed", types);
    }

    [Fact]
    public async Task A_missing_required_answer_keeps_the_resident_on_the_page_with_a_localised_error_and_nothing_lost()
    {
        await using var app = AtTuesdayMorning();
        var client = app.CreateBrowserLikeClient();
        var (html, token) = await StartAsync(client, "respiratory-infection");
        var fields = Hidden(html).Append(new("a.breathless-rest", "maybe")).Append(new("nav", "next"));
        var response = await SignIn.PostFormAsync(client, "/assessments/respiratory-infection/answer", token, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = SignIn.Html(await response.Content.ReadAsStringAsync());
        Assert.Contains("Valitse jokin vaihtoehdoista.", page, StringComparison.Ordinal);
        Assert.Contains("name=\"shown\" value=\"0\"", page, StringComparison.Ordinal);

        var empty = await SignIn.PostFormAsync(client, "/assessments/respiratory-infection/answer", token, Hidden(html).Append(new("nav", "next")));
        Assert.Contains("Vastaa tähän kysymykseen.", SignIn.Html(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_signed_in_resident_sends_the_result_with_consent_and_it_lands_as_a_task_with_the_structured_summary(string engine)
    {
        await using var app = AtTuesdayMorning(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var result = await AnswerAsync(maija, "respiratory-infection", NonUrgent, backOnce: false);
        var resultUrl = Regex.Match(result, "action=\"(/assessments/results/[0-9a-f-]+)\\?handler=Send\"").Groups[1].Value;
        Assert.NotEmpty(resultUrl);
        var token = SignIn.Token(result);

        var noConsent = await SignIn.PostFormAsync(maija, resultUrl + "?handler=Send", token, []);
        Assert.Equal(HttpStatusCode.OK, noConsent.StatusCode);
        Assert.Contains("Anna suostumus ennen lähettämistä.", SignIn.Html(await noConsent.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var sent = await SignIn.PostFormAsync(maija, resultUrl + "?handler=Send", token, [new("consent", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("sent=hs-638", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // The confirmation names the unit, not its queue code.
        var confirmation = SignIn.Html(await maija.GetStringAsync(new Uri(sent.Headers.Location!.OriginalString, UriKind.Relative)));
        Assert.Contains("Tulos on lähetetty ammattilaiselle: Porvoon terveysasema.", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("(hs-638)", confirmation, StringComparison.Ordinal);
        var again = await SignIn.PostFormAsync(maija, resultUrl + "?handler=Send", token, [new("consent", "true")]);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode == HttpStatusCode.OK && SignIn.Html(await again.Content.ReadAsStringAsync()).Contains("Tulos on jo lähetetty.", StringComparison.Ordinal) ? HttpStatusCode.NotFound : again.StatusCode);

        var responseId = Guid.Parse(resultUrl["/assessments/results/".Length..]);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().AsNoTracking().SingleAsync(t => t.SourceId == responseId);
            Assert.Equal(TaskType.AssessmentResult, task.Type);
            Assert.Equal(Urgency.P3, task.Urgency);

            // The result told Maija "within a day" (P3): the nurse's task is due within that day too, not at the queue's slower target.
            var completed = await db.Set<AssessmentResponse>().AsNoTracking().Where(r => r.Id == responseId).Select(r => r.CompletedUtc!.Value).SingleAsync();
            Assert.True(task.DueUtc <= DateTime.SpecifyKind(completed, DateTimeKind.Utc).AddDays(1).AddSeconds(1), $"due {task.DueUtc:o}, result {completed:o}");
            var queue = await db.Set<WorkQueue>().AsNoTracking().SingleAsync(q => q.Id == task.QueueId);
            Assert.Equal("hs-638", queue.Code);
            Assert.Contains("assessment.sent", await db.ServiceEvents.AsNoTracking().Select(e => e.Type).ToListAsync());
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var desk = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/assessments/{responseId}", UriKind.Relative)));
        Assert.Contains("Rakenteinen yhteenveto potilaskertomukseen", desk, StringComparison.Ordinal);
        Assert.Contains("Hengitystieinfektio (arvion versio 1.0.0)", desk, StringComparison.Ordinal);
        var summary = desk[desk.IndexOf("id=\"structured-summary\"", StringComparison.Ordinal)..];
        summary = summary[..summary.IndexOf("</textarea>", StringComparison.Ordinal)];
        Assert.DoesNotContain("respiratory-infection", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("[", summary, StringComparison.Ordinal);
        Assert.Contains("Suositus: P3", desk, StringComparison.Ordinal);
        Assert.Contains("39,5 °C", desk, StringComparison.Ordinal);

        var outsider = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(outsider, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync(new Uri($"/desk/assessments/{responseId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserLikeClient().GetAsync(new Uri(resultUrl, UriKind.Relative))).StatusCode);
    }

    private static async Task<(string Html, string Token)> StartAsync(HttpClient client, string id)
    {
        var (start, token) = await SignIn.GetFormAsync(client, "/assessments/" + id);
        var started = await SignIn.PostFormAsync(client, "/assessments/" + id, token, [new("municipality", "638")]);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var (html, pageToken) = await SignIn.GetFormAsync(client, started.Headers.Location!.OriginalString);
        Assert.Contains(id, start, StringComparison.Ordinal);

        // A fresh start's first question shows no error (a handler parameter named "page" once bound the route value).
        Assert.DoesNotContain("error-summary", html, StringComparison.Ordinal);
        return (html, pageToken);
    }

    /// <summary>Answers every page from the answer set, as a browser without JavaScript does, and returns the result page.</summary>
    internal static async Task<string> AnswerAsync(HttpClient client, string id, IDictionary<string, object> answers, bool backOnce)
    {
        var (html, token) = await StartAsync(client, id);
        var wentBack = !backOnce;
        for (var step = 0; step < 40; step++)
        {
            var match = ShownRegex().Match(html);
            Assert.True(match.Success, "Not an assessment page: " + html[..Math.Min(html.Length, 3000)]);
            var shown = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var fields = Hidden(html).ToList();
            if (shown < 0)
            {
                fields.Add(new("nav", "result"));
                var done = await SignIn.PostFormAsync(client, $"/assessments/{id}/answer", token, fields);
                Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
                return SignIn.Html(await client.GetStringAsync(done.Headers.Location));
            }

            foreach (var name in FieldRegex().Matches(html).Select(m => m.Groups[1].Value).Distinct())
            {
                if (!answers.TryGetValue(name, out var value))
                {
                    continue;
                }

                foreach (var v in value is string[] many ? many : [Format(value)])
                {
                    fields.Add(new("a." + name, v));
                }
            }

            // Once, go forward and back again: the answers must survive.
            var nav = !wentBack && shown > 0 ? "back" : "next";
            wentBack |= nav == "back";
            fields.Add(new("nav", nav));
            var response = await SignIn.PostFormAsync(client, $"/assessments/{id}/answer", token, fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("field-error", html, StringComparison.Ordinal);
        }

        throw new InvalidOperationException("The assessment did not reach its summary.");
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static IEnumerable<KeyValuePair<string, string>> Hidden(string html) =>
        HiddenRegex().Matches(html).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)));

    [GeneratedRegex("name=\"shown\" value=\"(-?\\d+)\"")]
    private static partial Regex ShownRegex();

    [GeneratedRegex("name=\"a\\.([a-z0-9-]+)\"")]
    private static partial Regex FieldRegex();

    [GeneratedRegex("<input type=\"hidden\" name=\"(answers|municipality|shown|key|draft)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenRegex();
}
