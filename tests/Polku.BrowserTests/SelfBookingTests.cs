using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Reference path 1 to the end in a real browser: from the respiratory infection result a Porvoo resident books a
/// remote (video) appointment inside the urgency window and finds it, with its calendar file, on their own page; and
/// the same time chosen in two tabs ends as one appointment and one clear message.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfBookingTests(PolkuServerFixture server, BrowserFixture browser)
{
    internal static DateTimeOffset NextTuesdayTen()
    {
        var helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), helsinki).DateTime).AddDays(1);
        while (date.DayOfWeek != DayOfWeek.Tuesday || AssessmentFlowTests.Holiday(date) || AssessmentFlowTests.Holiday(date.AddDays(1)))
        {
            date = date.AddDays(1);
        }

        var local = date.ToDateTime(new TimeOnly(10, 0));
        return new DateTimeOffset(local, helsinki.GetUtcOffset(local));
    }

    [BrowserFact]
    public async Task From_the_respiratory_result_Maija_books_a_video_appointment_inside_the_window_and_sees_it_on_her_page()
    {
        await using var context = await browser.NewPageAsync(server.BaseUrl, "fi");
        var page = context.Page;
        var tuesday = NextTuesdayTen();
        try
        {
            server.Clock.SetNow(tuesday);
            await SignIn.ResidentAsync(page, SignIn.Maija);
            await page.GotoAsync("assessments/respiratory-infection");
            var action = await AssessmentFlowTests.AnswerAsync(page, AssessmentFlowTests.NonUrgent);
            await Assertions.Expect(action).ToHaveTextAsync("Varaa aika");
            await Assertions.Expect(page.Locator("#first-slots li")).ToHaveCountAsync(3);

            await Navigation.ClickAsync(page, action);
            var video = page.Locator("main input[name='place'][value$='.video']").First;
            await video.CheckAsync();
            await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            await page.Locator("main input[name='day']").First.CheckAsync();
            await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
            await Accessibility.AssertNoViolationsAsync(page);
            var first = page.Locator("main .slot-list button").First;
            await Navigation.ClickAsync(page, first);

            await Assertions.Expect(page.Locator("#held-until")).ToContainTextAsync("Aika on varattu sinulle klo");
            await Accessibility.AssertNoViolationsAsync(page);
            await Navigation.ClickAsync(page, page.Locator("#confirm"));
            await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Aika on varattu");
            Assert.Contains("etävastaanotto (video)", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            var ics = await page.Locator("#ics").GetAttributeAsync("href");
            Assert.Matches("^/api/appointments/[0-9a-f-]{36}/ics$", ics);

            // The calendar file is a real iCalendar event.
            var file = await page.APIRequest.GetAsync(ics!.TrimStart('/'));
            Assert.Equal(200, file.Status);
            Assert.Contains("BEGIN:VEVENT", await file.TextAsync(), StringComparison.Ordinal);

            await page.GotoAsync("me");
            await Navigation.ClickAsync(page, page.Locator("main a[href='/me/appointments']"));
            var card = page.Locator("main li.appointment").Filter(new() { Has = page.Locator($"a[href='{ics}']") });
            await Assertions.Expect(card).ToHaveCountAsync(1);
            await Assertions.Expect(card).ToContainTextAsync("etävastaanotto (video)");

            // Inside the urgency window: no later than a day after the result.
            var appointmentId = Guid.Parse(ics.Split('/')[3]);
            using var scope = server.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Polku.Platform.Persistence.PolkuDb>();
            var start = db.Database.SqlQueryRaw<string>("SELECT start_utc AS \"Value\" FROM appointment_bookings WHERE lower(id) = lower({0})", appointmentId.ToString()).AsEnumerable().Single();
            var startUtc = DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.True(startUtc > tuesday && startUtc <= tuesday.AddDays(1), $"{startUtc:o} is outside the window");
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }

    [BrowserFact]
    public async Task The_same_time_chosen_in_two_tabs_gives_one_appointment_and_one_clear_message()
    {
        await using var context = await browser.NewPageAsync(server.BaseUrl, "fi");
        var tab1 = context.Page;
        await SignIn.ResidentAsync(tab1, SignIn.Maija);
        await tab1.GotoAsync("appointments/book?service=oral-health");
        await tab1.Locator("main input[name='place']").First.CheckAsync();
        await Navigation.ClickAsync(tab1, tab1.Locator("main form button.primary"));
        await tab1.Locator("main input[name='day']").Last.CheckAsync();
        await Navigation.ClickAsync(tab1, tab1.Locator("main form button.primary"));
        var tab2 = await context.Context.NewPageAsync();
        await tab2.GotoAsync(tab1.Url);

        var slotId = await tab1.Locator("main .slot-list button").Last.GetAttributeAsync("value");
        await Navigation.ClickAsync(tab1, tab1.Locator($"main .slot-list button[value='{slotId}']"));
        await Navigation.ClickAsync(tab2, tab2.Locator($"main .slot-list button[value='{slotId}']"));

        await Assertions.Expect(tab1.Locator("#held-until")).ToBeVisibleAsync();
        await Assertions.Expect(tab2.Locator("#taken")).ToHaveCountAsync(1);
        await Assertions.Expect(tab2.Locator("#taken h2")).ToHaveTextAsync("Joku ehti varata juuri tuon ajan.");
        await Assertions.Expect(tab2.Locator("#taken .slot-list button").First).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(tab2);

        await Navigation.ClickAsync(tab1, tab1.Locator("#confirm"));
        await Assertions.Expect(tab1.Locator("main h1")).ToHaveTextAsync("Aika on varattu");

        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Polku.Platform.Persistence.PolkuDb>();
        var count = db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM appointment_bookings WHERE lower(slot_id) = lower({0})", slotId!).AsEnumerable().Single();
        Assert.Equal(1, count);
    }
}
