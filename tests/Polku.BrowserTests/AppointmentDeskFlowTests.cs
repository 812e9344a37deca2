using System.Text.Json;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// The appointment desk end to end: a resident writes, the nurse opens the task, books an appointment on the resident's
/// behalf (the resident has no booking right, so with a reason), and the resident finds it among their appointments.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AppointmentDeskFlowTests(PolkuServerFixture server, BrowserFixture browser)
{
    [BrowserFact]
    public async Task A_professional_books_on_behalf_of_a_resident_from_a_task_and_the_resident_sees_it()
    {
        await using var residentContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        await using var nurseContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        var resident = residentContext.Page;
        var nurse = nurseContext.Page;

        await SignIn.ResidentAsync(resident, SignIn.Maija);
        var before = await MineAsync(resident);
        var subject = "Aika " + Guid.NewGuid().ToString("N")[..8];
        await resident.GotoAsync("me/messages/new");
        await resident.Locator("#Input_Subject").FillAsync(subject);
        await resident.Locator("#Input_Body").FillAsync("Tarvitsisin ajan terveysasemalle.");
        await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));

        await SignIn.StaffAsync(nurse, SignIn.Nurse);
        await Navigation.ClickAsync(nurse, nurse.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Porvoon terveysasema", Exact = true }));
        await Navigation.ClickAsync(nurse, nurse.Locator("main tr").Filter(new() { HasText = subject }).Locator("a[href^='/desk/tasks/']"));
        await Navigation.ClickAsync(nurse, nurse.Locator("main a[href^='/desk/appointments/book']"));
        await Assertions.Expect(nurse.Locator("h1")).ToContainTextAsync(SignIn.Maija);

        // Without a booking right the form asks for a reason first.
        var firstSlot = nurse.Locator("main input[name='Input.SlotId']").First;
        var slotId = await firstSlot.GetAttributeAsync("value");
        await firstSlot.CheckAsync();
        await Navigation.ClickAsync(nurse, nurse.Locator("main form[method='post'] button.primary"));
        await Assertions.Expect(nurse.Locator(".error-summary")).ToBeVisibleAsync();
        await nurse.Locator($"main input[value='{slotId}']").CheckAsync();
        await nurse.Locator("#Input_OverrideReason").FillAsync("Sovittu puhelimessa");
        await Navigation.ClickAsync(nurse, nurse.Locator("main form[method='post'] button.primary"));
        Assert.Matches("/desk/appointments/[0-9a-f-]{36}", new Uri(nurse.Url).AbsolutePath);
        await Assertions.Expect(nurse.Locator("main .notice.ok")).ToBeVisibleAsync();
        await Assertions.Expect(nurse.Locator("main")).ToContainTextAsync("Sovittu puhelimessa");

        var after = await MineAsync(resident);
        Assert.Equal(before.Count + 1, after.Count);
        var booked = after.Single(a => a.GetProperty("slotId").GetString() == slotId);
        Assert.Equal("booked", booked.GetProperty("status").GetString());
    }

    private static async Task<List<JsonElement>> MineAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("api/appointments/mine");
        Assert.Equal(200, response.Status);
        using var doc = JsonDocument.Parse(await response.TextAsync());
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
