using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15 item 3: a member of staff reports a fault to the service desk and follows it — sees what the desk wrote for
/// them and not its internal comments, answers when the desk waits for them (which ends the SLA clock's pause), and
/// cannot see another person's ticket.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ReporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_nurse_reports_a_fault_follows_it_and_answers_the_desk(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");

        var (_, token) = await SignIn.GetFormAsync(nurse, "/service-requests");
        using (var empty = await SignIn.PostFormAsync(nurse, "/service-requests", token, new Dictionary<string, string> { ["Kind"] = "incident", ["ServiceId"] = "video", ["Title"] = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Contains("Kirjoita otsikko.", SignIn.Html(await empty.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using var sent = await SignIn.PostFormAsync(nurse, "/service-requests", token, new Dictionary<string, string>
        {
            ["Kind"] = "incident", ["ServiceId"] = "video", ["Title"] = "Kuva jäätyy <script>x</script>", ["Description"] = "Etävastaanotolla klo 10.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var location = sent.Headers.Location!.ToString();
        var number = location[(location.LastIndexOf('/') + 1)..];
        Assert.Matches("^INC-[0-9]{6}$", number);

        // The desk sees who reported it, writes one comment for the reporter and one for itself, and waits for the reporter.
        var desk = await TicketTests.DeskAsync(factory);
        var ticket = await desk.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/tickets/{number}", UriKind.Relative));
        Assert.Equal("Hanna Hoitaja", ticket.GetProperty("reporter").GetString());
        Assert.Equal("P4", ticket.GetProperty("priority").GetString());
        await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/comments", UriKind.Relative), new { text = "Millä laitteella?", visibleToReporter = true });
        await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/comments", UriKind.Relative), new { text = "Sisäinen: sama kuin viime viikolla", visibleToReporter = false });
        using (var waiting = await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/status", UriKind.Relative), new { status = "waiting-reporter" }))
        {
            Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        }

        var page = SignIn.Html(await nurse.GetStringAsync(new Uri($"/service-requests/{number}", UriKind.Relative)));
        Assert.Contains("Millä laitteella?", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Sisäinen", page, StringComparison.Ordinal);
        Assert.Contains("Palvelupiste odottaa vastaustasi.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>x", await nurse.GetStringAsync(new Uri($"/service-requests/{number}", UriKind.Relative)), StringComparison.Ordinal);

        // The answer ends the wait: the ticket is back in progress and the pause is closed.
        (_, token) = await SignIn.GetFormAsync(nurse, $"/service-requests/{number}");
        using (var answer = await SignIn.PostFormAsync(nurse, $"/service-requests/{number}", token, new Dictionary<string, string> { ["text"] = "Työaseman selaimella." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }

        ticket = await desk.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/tickets/{number}", UriKind.Relative));
        Assert.Equal("in-progress", ticket.GetProperty("status").GetString());
        Assert.Contains(ticket.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "reporter-comment" && e.GetProperty("text").GetString() == "Työaseman selaimella.");

        // Another professional does not find it, and sees only their own list.
        var doctor = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(doctor, "laakari.porvoo");
        using var other = await doctor.GetAsync(new Uri($"/service-requests/{number}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain(number, await doctor.GetStringAsync(new Uri("/service-requests", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(number, await nurse.GetStringAsync(new Uri("/service-requests", UriKind.Relative)), StringComparison.Ordinal);
    }
}
