using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Web;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// The one input policy (<see cref="RequestJson"/>, <see cref="InputPolicyMiddleware"/>): the two kinds of input that
/// gave 1,176 server errors — a JSON object naming a property twice and a lone UTF-16 surrogate — are the caller's
/// error on every POST operation and in the assessment pages' hidden answers field; an unexpected API error is
/// ProblemDetails too. The generated sweep over everything is <c>Fuzz/InputFuzzTests</c>; these are the named cases.
/// Parsing happens before any data is touched, so these run on SQLite only.
/// </summary>
public sealed partial class InputPolicyTests
{
    private const string Tuesday10 = "2026-12-01T10:00:00+02:00";

    private static PolkuAppFactory App() =>
        new() { Time = new ManualTimeProvider(DateTimeOffset.Parse(Tuesday10, System.Globalization.CultureInfo.InvariantCulture)) };

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "request.invalid", "a")]
    [InlineData("""{"answers":{"fever":true,"fever":false}}""", "request.invalid", "answers.fever")]
    [InlineData("""{"items":[{"x":1},{"x":1,"x":2}]}""", "request.invalid", "items[1].x")]
    [InlineData("""{"a":"x\ud800y"}""", "request.invalid", "a")]
    [InlineData("""{"a":["ok","\udc00"]}""", "request.invalid", "a[1]")]
    [InlineData("""{"\ud800":1}""", "request.invalid", "body")]
    [InlineData("""{"a":"\ufffe"}""", "request.invalid", "a")]
    [InlineData("""{"note":"a\u0000b"}""", "request.text_invalid", "note")]
    [InlineData("""{"a":""", "request.invalid", "a")]
    [InlineData("""[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]""", "request.invalid", "body[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]")]
    public void The_policy_refuses_repeated_names_lone_surrogates_noncharacters_NUL_and_deep_nesting_naming_the_member(string json, string code, string field)
    {
        var error = RequestJson.Check(Encoding.UTF8.GetBytes(json));
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.Equal(field, error.Field);
        Assert.Equal(400, error.Status);
    }

    [Theory]
    [InlineData("""{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}""")]
    [InlineData("""{"name":"Åsa Öberg 👩‍⚕️","escaped":"\ud83d\ude00","control":"tab\tand\u0001"}""")]
    [InlineData("""[]""")]
    public void The_policy_accepts_ordinary_JSON(string json) =>
        Assert.Null(RequestJson.Check(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void JSON_text_in_a_form_field_is_read_under_the_same_policy()
    {
        Assert.Equal("answers.fever", RequestJson.ParseObject("""{"fever":true,"fever":false}""", "answers").Error?.Field);
        Assert.Equal("answers.fever", RequestJson.ParseObject("""{"fever":"\ud800"}""", "answers").Error?.Field);
        Assert.Equal("answers", RequestJson.ParseObject("x\uD800", "answers").Error?.Field);
        Assert.Equal("answers", RequestJson.ParseObject("[1]", "answers").Error?.Field);
        Assert.True(RequestJson.ParseObject("""{"fever":true}""", "answers").Value!["fever"]!.GetValue<bool>());
        Assert.False(RequestJson.IsValidText("a\uDC00"));
        Assert.True(RequestJson.IsValidText("a\uD83D\uDE00"));
    }

    [Fact]
    public async Task The_hidden_answers_field_of_every_assessment_refuses_repeated_names_and_lone_surrogates_on_the_page()
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        var texts = app.Services.GetRequiredService<Texts>();
        var ids = (await client.GetFromJsonAsync<JsonArray>(new Uri("/api/assessments", UriKind.Relative)))!.Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(9, ids.Count);
        foreach (var id in ids)
        {
            var (html, token) = await SignIn.GetFormAsync(client, $"/assessments/{id}/answer?municipality=638");
            var shown = ShownRegex().Match(html).Groups[1].Value;
            foreach (var (kind, answers) in new[] { ("repeated name", """{"x":true,"x":false}"""), ("lone surrogate", """{"x":"\ud800"}""") })
            {
                using var response = await SignIn.PostFormAsync(client, $"/assessments/{id}/answer", token,
                    [new("answers", answers), new("municipality", "638"), new("shown", shown), new("key", "k"), new("nav", "next")]);
                var page = SignIn.Html(await response.Content.ReadAsStringAsync());
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{id} ({kind}): {(int)response.StatusCode}");
                Assert.Contains("class=\"error-summary\"", page, StringComparison.Ordinal);
                Assert.Contains(texts.Get("fi", "assessments.error.answers_unreadable"), page, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task What_was_typed_on_the_page_survives_an_unreadable_answers_field()
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        var (html, token) = await SignIn.GetFormAsync(client, "/assessments/respiratory-infection/answer?municipality=638");
        Assert.Contains("name=\"a.breathless-rest\"", html, StringComparison.Ordinal);
        using var response = await SignIn.PostFormAsync(client, "/assessments/respiratory-infection/answer", token,
            [new("answers", """{"fever":true,"fever":false}"""), new("municipality", "638"), new("shown", "0"), new("key", "k"), new("nav", "next"), new("a.breathless-rest", "true")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();

        // The same page again, with the resident's answer in the carried answers and the radio still chosen.
        Assert.Contains("name=\"shown\" value=\"0\"", page, StringComparison.Ordinal);
        Assert.Contains("{&quot;breathless-rest&quot;:true}", page, StringComparison.Ordinal);
        Assert.Matches("name=\"a.breathless-rest\" value=\"true\"[^>]*checked", page);
    }

    /// <summary>Every POST operation of the API, the audience that may call it and a property its body has.</summary>
    public static TheoryData<string, string, string> PostOperations => new()
    {
        { "/api/identity/validate-hetu", "anonymous", "hetu" },
        { "/api/routing/resolve", "anonymous", "urgency" },
        { "/api/assessments/respiratory-infection/evaluate", "anonymous", "answers" },
        { "/api/assessments/respiratory-infection/responses", "anonymous", "answers" },
        { "/api/assessments/respiratory-infection/responses", "resident", "answers" },
        { "/api/messages/threads", "resident", "subject" },
        { "/api/messages/threads/00000000-0000-0000-0000-000000000000/messages", "resident", "body" },
        { "/api/callbacks", "resident", "phone" },
        { "/api/follow-up/plans/00000000-0000-0000-0000-000000000000/measurements", "resident", "note" },
        { "/api/appointments", "resident", "slotId" },
        { "/api/appointments/00000000-0000-0000-0000-000000000000/cancel", "resident", "reason" },
        { "/api/messages/threads", "staff", "residentId" },
        { "/api/messages/threads/00000000-0000-0000-0000-000000000000/messages", "staff", "body" },
        { "/api/desk/tasks/00000000-0000-0000-0000-000000000000/claim", "staff", "note" },
        { "/api/desk/tasks/00000000-0000-0000-0000-000000000000/release", "staff", "note" },
        { "/api/desk/tasks/00000000-0000-0000-0000-000000000000/transfer", "staff", "queueId" },
        { "/api/desk/tasks/00000000-0000-0000-0000-000000000000/reassign", "staff", "assigneeId" },
        { "/api/desk/tasks/00000000-0000-0000-0000-000000000000/complete", "staff", "outcome" },
        { "/api/chat/sessions", "anonymous", "language" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/messages", "anonymous", "text" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/handover", "anonymous", "queue" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/typing", "anonymous", "typing" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/leave", "anonymous", "reason" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/identify", "resident", "reason" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/transfer", "staff", "queue" },
        { "/api/chat/sessions/00000000-0000-0000-0000-000000000000/end", "staff", "outcome" },
        { "/api/desk/chats/availability", "staff", "available" },
        { "/api/desk/chats/00000000-0000-0000-0000-000000000000/take", "staff", "note" },
        { "/api/feedback", "anonymous", "score" },
        { "/api/forms/ask-for-help/submissions", "resident", "answers" },
        { "/api/service-management/tickets", "service-desk", "title" },
        { "/api/service-management/tickets/INC-000001/status", "service-desk", "status" },
        { "/api/service-management/tickets/INC-000001/comments", "service-desk", "text" },
        { "/api/service-management/tickets/INC-000001/assign", "service-desk", "group" },
        { "/api/service-management/tickets/INC-000001/priority", "service-desk", "impact" },
        { "/api/service-management/tickets/INC-000001/major", "service-desk", "communicationPlan" },
        { "/api/service-management/tickets/INC-000001/room", "service-desk", "text" },
        { "/api/service-management/tickets/INC-000001/link", "service-desk", "number" },
        { "/api/service-management/tickets/INC-000001/rca", "service-desk", "rootCause" },
        { "/api/service-management/tickets/INC-000001/workaround", "service-desk", "workaround" },
        { "/api/service-management/tickets/INC-000001/decision", "service-desk", "note" },
        { "/api/service-management/availability/compute", "service-desk", "outages" },
        { "/api/service-management/sla/due", "service-desk", "start" },
        { "/api/admin/queues", "coordinator", "code" },
        { "/api/admin/queues/00000000-0000-0000-0000-000000000000/members", "coordinator", "staffId" },
        { "/api/training/groups/00000000-0000-0000-0000-000000000000/enrolments", "staff", "waitingList" },
        { "/api/training/exams/00000000-0000-0000-0000-000000000000/attempts", "staff", "answers" },
    };

    /// <summary>
    /// POST operations whose body is CSV, not JSON (the control tower's imports, the staff import, the training import): their
    /// rows are checked one by one by the import itself, which reports each bad row (ControlTowerTests, StaffImportTests,
    /// TrainingImportTests).
    /// </summary>
    public static readonly IReadOnlySet<string> CsvOperations = new HashSet<string>(StringComparer.Ordinal) { "/api/control-tower/imports/contacts", "/api/admin/staff/import", "/api/training/admin/import" };

    [Fact]
    public async Task The_list_of_POST_operations_is_complete()
    {
        await using var app = App();
        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var documented = doc.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("post", out _))
            .Select(p => Regex.Replace(p.Name, "\\{[^}]+\\}", "{}"))
            .ToHashSet(StringComparer.Ordinal);
        var listed = PostOperations.Select(row => Regex.Replace((string)row[0], "[0-9a-f]{8}-[0-9a-f-]{27}|respiratory-infection|ask-for-help|INC-000001", "{}")).Concat(CsvOperations).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(documented.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PostOperations))]
    public async Task Every_POST_operation_answers_a_repeated_name_or_a_lone_surrogate_with_a_localised_400_naming_the_field(string path, string audience, string member)
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        if (audience == "resident")
        {
            await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        }
        else if (audience == "staff")
        {
            await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        }
        else if (audience == "service-desk")
        {
            await SignIn.SignInAsStaffAsync(client, "tukipalvelu");
        }
        else if (audience == "coordinator")
        {
            await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        }

        var texts = app.Services.GetRequiredService<Texts>();
        string[] bodies =
        [
            "{\"" + member + "\":\"a\",\"" + member + "\":\"b\"}",
            "{\"" + member + "\":\"\\ud800\"}",
            "{\"" + member + "\":{\"x\":\"\\udfff\"}}",
        ];
        foreach (var body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Origin", "http://localhost");
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {body}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("request.invalid", problem!["code"]!.GetValue<string>());
            Assert.StartsWith(member, problem["field"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(texts.Get("fi", "request.invalid"), problem["title"]!.GetValue<string>());
        }
    }

    /// <summary>A typed body binds names case-insensitively, so "queueId" and "QueueId" are the same name twice.</summary>
    [Fact]
    public async Task Names_differing_only_in_case_are_a_repeated_name_for_a_typed_body()
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/desk/tasks/00000000-0000-0000-0000-000000000000/transfer", UriKind.Relative))
        {
            Content = new StringContent($$"""{"queueId":"{{Guid.Empty}}","QueueId":"{{Guid.Empty}}","note":"Siirto."}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://localhost");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task NUL_anywhere_is_request_text_invalid_naming_the_field_on_the_API_and_a_localised_400_page()
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        var texts = app.Services.GetRequiredService<Texts>();

        using var body = new StringContent("""{"urgency":"P3","municipality":"6\u00008","at":"2026-12-01T10:00:00+02:00"}""", Encoding.UTF8, "application/json");
        using var json = await client.PostAsync(new Uri("/api/routing/resolve", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var problem = await json.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("request.text_invalid", problem!["code"]!.GetValue<string>());
        Assert.Equal("municipality", problem["field"]!.GetValue<string>());

        using var query = await client.GetAsync(new Uri("/api/region/services/health-station?municipality=6%008", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Equal("municipality", (await query.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());

        using var page = await client.GetAsync(new Uri("/services/health-station?municipality=6%008", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(texts.Get("fi", "request.text_invalid"), SignIn.Html(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>The policy reads the form before MVC's filters run; a page's own [RequestFormLimits] must still hold.</summary>
    [Fact]
    public async Task A_page_s_own_form_limits_still_apply_when_the_policy_reads_the_form()
    {
        await using var app = App();
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        var (_, token) = await SignIn.GetFormAsync(client, "/me/messages/new");
        HttpContent Form(int bytes)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in new[] { (SignIn.TokenField, token), ("Input.Subject", "Liite"), ("Input.Body", "Katso liite.") })
            {
                var part = new ByteArrayContent(Encoding.UTF8.GetBytes(value));
                form.Add(part, name);
            }

            var file = new ByteArrayContent([.. "%PDF-1.4\n"u8, .. new byte[bytes]]);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            form.Add(file, "Input.Attachment", "liite.pdf");
            return form;
        }

        using (var small = Form(1024))
        {
            using var accepted = await client.PostAsync(new Uri("/me/messages/new", UriKind.Relative), small);
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        // Larger than a file may be but within the form's own limit: the page's own check answers, on the page.
        using (var large = Form(6 * 1024 * 1024))
        {
            using var refused = await client.PostAsync(new Uri("/me/messages/new", UriKind.Relative), large);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("class=\"error-summary\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Beyond the form's limit: the framework refuses to read it, a localised 400 page.
        using var big = Form((int)Polku.Contacts.Contracts.AttachmentLimits.RequestLimitBytes);
        using var response = await client.PostAsync(new Uri("/me/messages/new", UriKind.Relative), big);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// The service-management pages that take ticket attachments keep the messages' request limits: a file within them
    /// but above the largest file is the page's own localised answer (the typed text kept), a form beyond them the
    /// framework's refusal as a localised 400 page.
    /// </summary>
    [Fact]
    public async Task The_ticket_upload_pages_keep_the_messages_request_limits()
    {
        await using var app = App();
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var desk = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(desk, "tukipalvelu");
        HttpContent Form(string token, IEnumerable<(string Name, string Value)> fields, int bytes)
        {
            var form = new MultipartFormDataContent { { new StringContent(token), SignIn.TokenField } };
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value), name);
            }

            form.Add(new ByteArrayContent([.. "%PDF-1.4\n"u8, .. new byte[bytes]]), "files", "liite.pdf");
            return form;
        }

        string[] report = ["Kind=incident", "ServiceId=video", "Title=Kuva jäätyy", "Description=Kirjoitettu kuvaus"];
        var (_, nurseToken) = await SignIn.GetFormAsync(nurse, "/service-requests");
        string number;
        using (var small = Form(nurseToken, report.Select(f => (f.Split('=')[0], f.Split('=')[1])), 1024))
        {
            using var accepted = await nurse.PostAsync(new Uri("/service-requests", UriKind.Relative), small);
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            number = accepted.Headers.Location!.ToString().Split('/')[^1];
        }

        var (_, deskToken) = await SignIn.GetFormAsync(desk, "/service/tickets/new");
        var pages = new (HttpClient Client, string Url, string Token, string[] Fields)[]
        {
            (nurse, "/service-requests", nurseToken, report),
            (nurse, $"/service-requests/{number}", nurseToken, ["text=Kirjoitettu vastaus"]),
            (desk, $"/service/tickets/{number}?handler=Comment", deskToken, ["text=Kirjoitettu kommentti"]),
            (desk, "/service/tickets/new", deskToken, ["Kind=incident", "ServiceId=video", "Category=kuva", "Impact=local", "Urgency=normal", "Title=Kirjoitettu otsikko"]),
        };
        foreach (var (client, url, token, fields) in pages)
        {
            var typed = fields.Select(f => (f.Split('=')[0], f.Split('=')[1])).ToList();
            using (var large = Form(token, typed, 6 * 1024 * 1024))
            {
                using var refused = await client.PostAsync(new Uri(url, UriKind.Relative), large);
                var html = SignIn.Html(await refused.Content.ReadAsStringAsync());
                Assert.True(refused.StatusCode == HttpStatusCode.OK, $"{url}: {(int)refused.StatusCode}");
                Assert.Contains("Tiedosto liite.pdf on liian suuri", html, StringComparison.Ordinal);
                Assert.Contains(typed[^1].Item2, html, StringComparison.Ordinal); // what was typed last is on the page again
            }

            using var big = Form(token, typed, (int)Polku.Platform.Uploads.UploadLimits.RequestLimitBytes);
            using var response = await client.PostAsync(new Uri(url, UriKind.Relative), big);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_JSON_body_must_be_UTF_8()
    {
        await using var app = App();
        var client = app.CreateClient();
        using var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("""{"hetu":"131052-308T"}"""));
        latin1.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=iso-8859-1");
        using var response = await client.PostAsync(new Uri("/api/identity/validate-hetu", UriKind.Relative), latin1);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());

        using var utf8 = new StringContent("""{"hetu":"131052-308T"}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(new Uri("/api/identity/validate-hetu", UriKind.Relative), utf8)).StatusCode);
    }

    [Fact]
    public async Task An_unexpected_API_error_is_ProblemDetails_without_details_and_a_page_error_is_the_HTML_error_page()
    {
        await using var app = App();
        await using var broken = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => Failing.Decorate<IUnitDirectory>(s, nameof(IUnitDirectory.MunicipalityExistsAsync))));
        var client = broken.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var texts = broken.Services.GetRequiredService<Texts>();

        using var api = await client.PostAsJsonAsync(new Uri("/api/routing/resolve", UriKind.Relative), new { urgency = "P3", municipality = "638", at = Tuesday10 });
        var text = await api.Content.ReadAsStringAsync();
        Assert.True(api.StatusCode == HttpStatusCode.InternalServerError, text);
        Assert.True("application/problem+json" == api.Content.Headers.ContentType?.MediaType, text);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal("error.unexpected", problem["code"]!.GetValue<string>());
        Assert.Equal(texts.Get("fi", "error.unexpected"), problem["title"]!.GetValue<string>());
        Assert.Equal(500, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain(Failing.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);

        using var page = await client.GetAsync(new Uri("/assessments/respiratory-infection/answer?municipality=638", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = SignIn.Html(await page.Content.ReadAsStringAsync());
        Assert.Contains(texts.Get("fi", "error.unexpected"), html, StringComparison.Ordinal);
        Assert.DoesNotContain(Failing.Secret, html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"shown\" value=\"(-?\\d+)\"")]
    private static partial Regex ShownRegex();
}

/// <summary>A service one of whose methods fails, standing in for a bug anywhere behind an endpoint.</summary>
public class Failing : DispatchProxy
{
    public const string Secret = "internal detail that must not leave the server";

    private object _inner = null!;
    private string _method = "";

    /// <summary>Replaces the registration of <typeparamref name="T"/> with one whose <paramref name="method"/> throws.</summary>
    public static void Decorate<T>(IServiceCollection services, string method)
        where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Remove(original);
        services.Add(new ServiceDescriptor(typeof(T), sp =>
        {
            var inner = original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            var proxy = Create<T, Failing>();
            var failing = (Failing)(object)proxy;
            failing._inner = inner;
            failing._method = method;
            return proxy;
        }, original.Lifetime));
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod!.Name == _method ? throw new InvalidOperationException(Secret) : targetMethod.Invoke(_inner, args);
}
