using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.BrowserTests.Infrastructure;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;

namespace Polku.BrowserTests;

/// <summary>
/// The service manager finds a dead letter on <c>/service/outbox</c> from the staff navigation, at 320 px and in every
/// language without accessibility violations, and sends it again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServiceOutboxTests(PolkuServerFixture server, BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_dead_letter_is_shown_masked_at_320_px_and_can_be_sent_again()
    {
        Guid id;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            id = scope.ServiceProvider.GetRequiredService<Outbox>()
                .EnqueueEmail("browser.test@example.fi", "Aihe", "Sisältö", "browser-test:" + Guid.NewGuid().ToString("N")).Id;
            await db.SaveChangesAsync();
            await db.Set<OutboxMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.Attempts, 10)
                .SetProperty(m => m.LastError, "SmtpCommandException: 550 5.1.1 <browser.test@example.fi>: Recipient address rejected; a long diagnostic text that has to wrap on a narrow screen without scrolling the page sideways"));
        }

        foreach (var language in PageCatalog.Languages)
        {
            await using var browserPage = await browser.NewPageAsync(server.BaseUrl, language);
            var page = browserPage.Page;
            await page.SetViewportSizeAsync(320, 640);
            await SignIn.StaffAsync(page, SignIn.ServiceManager);
            await Navigation.ClickAsync(page, page.Locator("header nav a[href='/service/outbox']"));

            var card = page.Locator("ul.outbox-failures > li").Filter(new() { Has = page.Locator($"input[name='id'][value='{id}']") });
            Assert.Equal(1, await card.CountAsync());
            Assert.Contains("b•••@e•••.fi", await card.InnerTextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("browser.test", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
                $"/service/outbox scrolls sideways at 320 px ({language}).");
            await Accessibility.AssertNoViolationsAsync(page);
        }

        await using (var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi"))
        {
            var page = browserPage.Page;
            await SignIn.StaffAsync(page, SignIn.ServiceManager, "/service/outbox");
            await page.GotoAsync("service/outbox");
            var card = page.Locator("ul.outbox-failures > li").Filter(new() { Has = page.Locator($"input[name='id'][value='{id}']") });
            await Navigation.ClickAsync(page, card.Locator("button[type='submit']"));
            Assert.Contains("retried=true", page.Url, StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator("main p.notice.ok[role='status']").CountAsync());
            await Accessibility.AssertNoViolationsAsync(page);
        }

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var status = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().Where(m => m.Id == id).Select(m => m.Status).SingleAsync();
            Assert.NotEqual(OutboxStatus.Failed, status);
        }
    }
}
