using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>A resident asks to be called back; a member of the queue records the call; the resident sees the result.</summary>
[Trait("Category", "Postgres")]
public sealed class CallbackFlowTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_request_becomes_a_P2_task_in_the_health_station_queue_and_the_call_completes_it(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var queueId = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638", "hoitaja.porvoo");
        var (from, to) = await CallbackTestData.OpenWindowAsync(factory, queueId);

        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (html, token) = await SignIn.GetFormAsync(maija, "/me/callbacks/new?service=health-station");
        Assert.Contains("value=\"638\"", html, StringComparison.Ordinal);
        using var posted = await SignIn.PostFormAsync(maija, "/me/callbacks/new", token, CallbackTestData.Form("health-station", "638", "040 123 4567", from, to));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var confirmation = SignIn.Html(await maija.GetStringAsync(posted.Headers.Location));
        Assert.Contains("Pyyntö vastaanotettu", confirmation, StringComparison.Ordinal);
        Assert.Contains("+358401234567", confirmation, StringComparison.Ordinal);

        Guid requestId, residentId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var request = await db.Set<CallbackRequest>().SingleAsync();
            (requestId, residentId) = (request.Id, request.ResidentId);
            Assert.Equal(from.UtcDateTime, request.WindowFromUtc);
            var task = await db.Set<WorkTask>().SingleAsync(t => t.SourceId == request.Id);
            Assert.Equal((TaskType.Callback, Urgency.P2, TaskState.New, queueId), (task.Type, task.Urgency, task.State, task.QueueId));
            Assert.Equal(request.CaseId, task.CaseId);
            Assert.Equal(residentId, (await db.Set<Case>().SingleAsync(c => c.Id == request.CaseId)).ResidentId);
            var requested = await db.ServiceEvents.SingleAsync(e => e.Type == "callback.requested");
            Assert.Equal(("callback", true, "first-line", "638"), (requested.Channel, requested.Digital, requested.ContactKind, requested.MunicipalityCode));
        }

        // Another resident gets nothing of it.
        var erik = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri($"/api/callbacks/{requestId}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("+358401234567", await erik.GetStringAsync(new Uri("/me/callbacks", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain(requestId.ToString(), await erik.GetStringAsync(new Uri("/api/me/cases", UriKind.Relative)), StringComparison.Ordinal);

        // A professional outside the queue is refused; a member records the call.
        var loviisa = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(loviisa, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.Forbidden, (await loviisa.GetAsync(new Uri($"/desk/callbacks/{requestId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await loviisa.GetAsync(new Uri($"/desk/callbacks/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);

        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var (deskHtml, deskToken) = await SignIn.GetFormAsync(nurse, $"/desk/callbacks/{requestId}");
        Assert.Contains("Maija Meikäläinen", SignIn.Html(deskHtml), StringComparison.Ordinal);
        using var bad = await SignIn.PostFormAsync(nurse, $"/desk/callbacks/{requestId}", deskToken,
            [new("Input.Result", "maybe"), new("Input.Date", "2026-01-01"), new("Input.Time", "10:00"), new("Input.Note", new string('x', 1001))]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("error-summary", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var now = Polku.Platform.Time.HelsinkiTime.InHelsinki(factory.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        using var done = await SignIn.PostFormAsync(nurse, $"/desk/callbacks/{requestId}", deskToken,
            [new("Input.Result", "reached"), new("Input.Date", now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
             new("Input.Time", now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)), new("Input.Note", "<b>Ohjattu omahoitoon</b>")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = await nurse.GetStringAsync(done.Headers.Location);
        Assert.Contains("&lt;b&gt;Ohjattu", after, StringComparison.Ordinal);

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().SingleAsync(t => t.SourceId == requestId);
            Assert.Equal((TaskState.Done, "handled-digitally"), (task.State, task.Outcome));
            var completed = await db.ServiceEvents.SingleAsync(e => e.Type == "callback.completed");
            Assert.Equal("handled-digitally", completed.Outcome);
            Assert.NotNull(completed.WaitingSeconds);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == residentId && a.Action == "contacts.callbacks.handle" && a.Access == "change"));
        }

        // The resident sees the result on their pages, and a second recording is refused.
        Assert.Contains("Tavoitettiin", SignIn.Html(await maija.GetStringAsync(new Uri("/me/callbacks", UriKind.Relative))), StringComparison.Ordinal);
        var cases = SignIn.Html(await maija.GetStringAsync(new Uri("/me/cases", UriKind.Relative)));
        Assert.Contains("Päättyneet asiat", cases, StringComparison.Ordinal);
        Assert.Contains("Valmis", cases, StringComparison.Ordinal);
        using var again = await SignIn.PostFormAsync(nurse, $"/desk/callbacks/{requestId}", deskToken,
            [new("Input.Result", "no-answer"), new("Input.Date", now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("Input.Time", "00:00")]);
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_API_creates_a_request_and_names_the_field_of_each_bad_value(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var queueId = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638");
        var (from, to) = await CallbackTestData.OpenWindowAsync(factory, queueId);
        var anonymous = factory.CreateBrowserLikeClient();
        using (var refused = await anonymous.PostAsJsonAsync("/api/callbacks", new { municipality = "638" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        object Body(string municipality = "638", string service = "health-station", string phone = "+358 40 1234567", string? f = null, string? t = null) =>
            new { municipality, serviceCode = service, phone, window = new { from = f ?? CallbackTestData.Iso(from), to = t ?? CallbackTestData.Iso(to) } };

        using (var created = await client.PostAsJsonAsync("/api/callbacks", Body()))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            Assert.Equal("+358401234567", json.RootElement.GetProperty("phone").GetString());
            Assert.Equal("received", json.RootElement.GetProperty("status").GetString());
            var id = json.RootElement.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/callbacks/{id}", UriKind.Relative))).StatusCode);
        }

        var night = CallbackTestData.NightWindow(factory.Services.GetRequiredService<TimeProvider>());
        var cases = new (object Body, string Field)[]
        {
            (Body(municipality: "999"), "municipality"),
            (Body(service: "<script>"), "serviceCode"),
            (Body(phone: "call me maybe"), "phone"),
            (Body(f: "tomorrow"), "window.from"),
            (Body(f: "2026-05-04T10:00:00"), "window.from"),
            (Body(t: CallbackTestData.Iso(from.AddMinutes(10))), "window"),
            (Body(f: CallbackTestData.Iso(from.AddDays(-20)), t: CallbackTestData.Iso(from.AddDays(-20).AddHours(1))), "window"),
            (Body(f: CallbackTestData.Iso(from.AddDays(15)), t: CallbackTestData.Iso(from.AddDays(15).AddHours(1))), "window"),
            (Body(f: CallbackTestData.Iso(night.From), t: CallbackTestData.Iso(night.To)), "window"),
            (new { municipality = 638, phone = new[] { 1 } }, ""),
        };
        foreach (var (body, field) in cases)
        {
            using var response = await client.PostAsJsonAsync("/api/callbacks", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {text}");
            if (field.Length > 0)
            {
                using var json = JsonDocument.Parse(text);
                Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
            }
        }

        using var garbage = new StringContent("{\"municipality\":", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(new Uri("/api/callbacks", UriKind.Relative), garbage)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_window_outside_opening_hours_says_when_the_queue_is_open(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638");
        var night = CallbackTestData.NightWindow(factory.Services.GetRequiredService<TimeProvider>());
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        var (_, token) = await SignIn.GetFormAsync(client, "/me/callbacks/new?service=health-station");
        using var response = await SignIn.PostFormAsync(client, "/me/callbacks/new", token, CallbackTestData.Form("health-station", "638", "040 123 4567", night.From, night.To));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = SignIn.Html(await response.Content.ReadAsStringAsync());
        Assert.Contains("Jono ei ole auki", html, StringComparison.Ordinal);
        Assert.Contains("seuraavan kerran auki", html, StringComparison.Ordinal);
    }
}
