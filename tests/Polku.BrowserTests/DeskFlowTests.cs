using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;

namespace Polku.BrowserTests;

/// <summary>
/// The desk end to end in real browsers: a resident's message appears live on two professionals' queue pages, both
/// claim it at the same moment and exactly one wins, the winner replies with a template in Swedish, the resident sees
/// the reply appear and is notified by SMS without the content.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DeskFlowTests(PolkuServerFixture server, BrowserFixture browser)
{
    private const string Erik = "Erik Exempelsson";
    private const string Doctor = "laakari.porvoo";

    [BrowserFact]
    public async Task A_message_reaches_the_desk_live_one_claim_wins_and_a_Swedish_template_reply_reaches_the_resident()
    {
        await using var nurseContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        await using var doctorContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        await using var residentContext = await browser.NewPageAsync(server.BaseUrl, "sv");
        var nurse = nurseContext.Page;
        var doctor = doctorContext.Page;
        var resident = residentContext.Page;

        // Both professionals watch the Porvoo health station's queue.
        foreach (var (page, login) in new[] { (nurse, SignIn.Nurse), (doctor, Doctor) })
        {
            await SignIn.StaffAsync(page, login);
            await Navigation.ClickAsync(page, page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Porvoon terveysasema", Exact = true }));
        }

        // The resident writes; nobody reloads the desk.
        var subject = "Fråga " + Guid.NewGuid().ToString("N")[..8];
        await SignIn.ResidentAsync(resident, Erik);
        await resident.GotoAsync("me/messages/new");
        await resident.Locator("#Input_Subject").FillAsync(subject);
        await resident.Locator("#Input_Body").FillAsync("Hej, jag har haft feber i tre dagar. Vad ska jag göra?");
        await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
        var threadUrl = resident.Url;
        Assert.Matches(ThreadPath(), new Uri(threadUrl).AbsolutePath);

        var nurseRow = nurse.Locator("main tr").Filter(new() { HasText = subject });
        var doctorRow = doctor.Locator("main tr").Filter(new() { HasText = subject });
        await Assertions.Expect(nurseRow).ToBeVisibleAsync();
        await Assertions.Expect(doctorRow).ToBeVisibleAsync();
        await Assertions.Expect(nurse.Locator("#live-status")).Not.ToBeEmptyAsync();

        // Both claim at the same moment: exactly one gets the task, the other is told and stays on the queue.
        await Task.WhenAll(
            Navigation.ClickAsync(nurse, nurseRow.Locator("form button")),
            Navigation.ClickAsync(doctor, doctorRow.Locator("form button")));
        var winners = new[] { nurse, doctor }.Where(p => p.Url.Contains("/desk/tasks/", StringComparison.Ordinal)).ToList();
        var losers = new[] { nurse, doctor }.Where(p => p.Url.Contains("notice=claimed", StringComparison.Ordinal)).ToList();
        Assert.Single(winners);
        Assert.Single(losers);
        await Assertions.Expect(losers[0].Locator("main .notice")).ToBeVisibleAsync();
        var winner = winners[0];
        var winnerName = winner == nurse ? "Hanna Hoitaja" : "Lauri Lääkäri";
        await Assertions.Expect(losers[0].Locator("main tr").Filter(new() { HasText = subject })).ToContainTextAsync(winnerName);

        // The winner answers with the greeting template in Swedish.
        await Navigation.ClickAsync(winner, winner.Locator("main a[href^='/desk/threads/']:not([href*='/new'])"));
        await winner.Locator("#Input_TemplateId").SelectOptionAsync(new SelectOptionValue { Label = "Tervehdys" });
        await winner.Locator("#Input_Language").SelectOptionAsync("sv");
        await Navigation.ClickAsync(winner, winner.Locator("main button[formaction*='handler=Insert']"));
        await Assertions.Expect(winner.Locator("#Input_Body")).ToHaveValueAsync(new Regex("^Hej Erik,"));
        await Navigation.ClickAsync(winner, winner.Locator("main form button.primary"));
        await Assertions.Expect(winner.Locator("#conversation")).ToContainTextAsync("tack för ditt meddelande");

        // The resident's open thread shows the reply without a reload.
        await Assertions.Expect(resident.Locator("#conversation")).ToContainTextAsync("tack för ditt meddelande");
        Assert.Equal(threadUrl, resident.Url);

        // The SMS says only that a message is waiting.
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var sms = await db.Set<OutboxMessage>().Where(m => m.Channel == OutboxChannel.Sms && m.DedupeKey.StartsWith("message:")).OrderByDescending(m => m.CreatedUtc).FirstAsync();
        Assert.DoesNotContain("tack", sms.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("feber", sms.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(subject, sms.Body, StringComparison.Ordinal);
        Assert.Contains("/me/messages", sms.Body, StringComparison.Ordinal);
    }

    [GeneratedRegex("^/me/messages/[0-9a-f-]{36}$")]
    private static partial Regex ThreadPath();
}
