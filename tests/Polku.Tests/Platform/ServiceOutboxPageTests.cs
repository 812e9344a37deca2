using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// <c>/service/outbox</c>: the service manager and the coordinator see the outbox's state in any environment, with
/// failures masked, and can send a dead letter again; nobody else can.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ServiceOutboxPageTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private const string Url = "/service/outbox";

    private static async Task<(Guid Failed, Guid Retrying)> FailuresAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var failed = outbox.EnqueueEmail("maija.meikalainen@example.fi", "Uusi viesti", "SECRET-BODY-TEXT", "page-test:1").Id;
        var retrying = outbox.EnqueueSms("+358401234567", "SECRET-SMS-TEXT", "page-test:2").Id;
        await db.SaveChangesAsync();
        await db.Set<OutboxMessage>().Where(m => m.Id == failed).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.Attempts, 10)
            .SetProperty(m => m.LastError, "SmtpCommandException: 550 5.1.1 <maija.meikalainen@example.fi>: Recipient address rejected (131052-308T)"));
        await db.Set<OutboxMessage>().Where(m => m.Id == retrying).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Attempts, 2)
            .SetProperty(m => m.LastError, "HttpRequestException: gateway refused +358 40 1234567"));
        return (failed, retrying);
    }

    [Fact]
    public async Task Only_the_service_manager_and_the_coordinator_may_open_it()
    {
        await using var app = new PolkuAppFactory();

        var anonymous = app.CreateBrowserLikeClient();
        using (var response = await anonymous.GetAsync(new Uri(Url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        var resident = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        using (var response = await resident.GetAsync(new Uri(Url, UriKind.Relative)))
        {
            Assert.Contains("/forbidden", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using (var response = await nurse.GetAsync(new Uri(Url, UriKind.Relative)))
        {
            Assert.Contains("/forbidden", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }

        Assert.DoesNotContain("href=\"/service/outbox\"", await nurse.GetStringAsync(new Uri("/desk", UriKind.Relative)), StringComparison.Ordinal);

        foreach (var login in new[] { "palvelupaallikko", "koordinaattori" })
        {
            var staff = app.CreateBrowserLikeClient();
            await SignIn.SignInAsStaffAsync(staff, login);
            using var response = await staff.GetAsync(new Uri(Url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("href=\"/service/outbox\"", await staff.GetStringAsync(new Uri("/desk", UriKind.Relative)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Failures_are_shown_masked_and_a_dead_letter_can_be_sent_again(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var (failed, retrying) = await FailuresAsync(app);
        var manager = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(manager, "palvelupaallikko");

        var (html, token) = await SignIn.GetFormAsync(manager, Url + "?lang=en");
        var page = SignIn.Html(html);
        Assert.Contains("m•••@e•••.fi", page, StringComparison.Ordinal);
        Assert.Contains("+358•••••67", page, StringComparison.Ordinal);
        Assert.Contains("Recipient address rejected", page, StringComparison.Ordinal);
        foreach (var secret in new[] { "maija.meikalainen", "SECRET-BODY-TEXT", "SECRET-SMS-TEXT", "Uusi viesti", "401234567", "131052-308T" })
        {
            Assert.DoesNotContain(secret, page, StringComparison.Ordinal);
        }

        // One "send again" button: for the dead letter, not for the message that is still being retried.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "name=\"id\" value=\"([0-9a-f-]+)\""), m => m.Groups[1].Value == failed.ToString());
        Assert.DoesNotContain(retrying.ToString(), html, StringComparison.Ordinal);

        using (var retried = await SignIn.PostFormAsync(manager, Url + "?handler=Retry", token, [new("id", failed.ToString())]))
        {
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
            Assert.Equal(Url + "?retried=true", retried.Headers.Location!.ToString());
        }

        using (var scope = app.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == failed);
            Assert.Equal(OutboxStatus.Pending, row.Status);
            Assert.Equal(10, row.Attempts);
        }

        Assert.Contains("The message is back in the queue", SignIn.Html(await manager.GetStringAsync(new Uri(Url + "?retried=true&lang=en", UriKind.Relative))), StringComparison.Ordinal);

        // The same message again (another tab): no longer a dead letter, said in the error summary.
        using var again = await SignIn.PostFormAsync(manager, Url + "?handler=Retry&lang=en", token, [new("id", failed.ToString())]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var error = SignIn.Html(await again.Content.ReadAsStringAsync());
        Assert.Contains("class=\"error-summary\"", error, StringComparison.Ordinal);
        Assert.Contains("no longer waiting to be sent again", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrying_needs_the_antiforgery_token()
    {
        await using var app = new PolkuAppFactory();
        var (failed, _) = await FailuresAsync(app);
        var manager = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(manager, "palvelupaallikko");
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("id", failed.ToString())]);
        using var response = await manager.PostAsync(new Uri(Url + "?handler=Retry", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.Equal(OutboxStatus.Failed, (await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().SingleAsync(m => m.Id == failed)).Status);
    }

    [Theory]
    [InlineData(OutboxChannel.Email, "maija@example.fi", "m•••@e•••.fi")]
    [InlineData(OutboxChannel.Email, "x@localhost", "x•••@l•••")]
    [InlineData(OutboxChannel.Email, "not-an-address", "•••")]
    [InlineData(OutboxChannel.Sms, "+358401234567", "+358•••••67")]
    [InlineData(OutboxChannel.Sms, "0401234567", "040•••••67")]
    [InlineData(OutboxChannel.Sms, "112", "•••")]
    [InlineData(OutboxChannel.Webhook, "https://hooks.example.fi/secret/path?token=1", "https://hooks.example.fi/•••")]
    public void Recipients_are_masked(OutboxChannel channel, string recipient, string masked) =>
        Assert.Equal(masked, OutboxMonitor.MaskRecipient(channel, recipient));
}
