using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Reference path 1 up to the booking step in a real browser: a Porvoo resident finds the respiratory infection
/// assessment on the front page, answers page by page, and the result leads with the routed action — self-booking
/// on a weekday morning, something else on a Saturday night as the routing table says, and 112 for a red flag.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AssessmentFlowTests(PolkuServerFixture server, BrowserFixture browser)
{
    /// <summary>Fever over 39 °C for three days with a cough and no red flags (P3).</summary>
    internal static readonly Dictionary<string, string[]> NonUrgent = new()
    {
        ["breathless-rest"] = ["false"],
        ["chest-pain"] = ["no"],
        ["confusion"] = ["false"],
        ["breathless-exertion"] = ["false"],
        ["fever"] = ["true"],
        ["temperature"] = ["39,5"],
        ["fever-days"] = ["3"],
        ["duration"] = ["4"],
        ["symptoms"] = ["cough", "runny-nose"],
        ["risk-group"] = ["none"],
        ["worse-again"] = ["false"],
    };

    [BrowserFact]
    public async Task Reference_path_1_routes_by_weekday_and_time_and_a_red_flag_to_112()
    {
        var helsinki = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), helsinki).DateTime);
        DateTimeOffset Next(DayOfWeek day, int hour)
        {
            var date = today.AddDays(1);
            while (date.DayOfWeek != day || Holiday(date))
            {
                date = date.AddDays(1);
            }

            var local = date.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, helsinki.GetUtcOffset(local));
        }

        await using var context = await browser.NewPageAsync(server.BaseUrl, "fi");
        var page = context.Page;
        try
        {
            server.Clock.SetNow(Next(DayOfWeek.Tuesday, 10));
            await page.GotoAsync("");
            await Navigation.ClickAsync(page, page.Locator("main a[href='/assessments/respiratory-infection']").First);
            var weekday = await AnswerAsync(page, NonUrgent);
            // Self-booking is built in: an anonymous resident signs in and comes back to the result to book.
            await Assertions.Expect(weekday).ToHaveTextAsync("Kirjaudu ja varaa aika");
            Assert.StartsWith("/login?returnUrl=%2Fassessments%2Fresults%2F", await weekday.GetAttributeAsync("href"), StringComparison.Ordinal);
            await Accessibility.AssertNoViolationsAsync(page);

            server.Clock.SetNow(Next(DayOfWeek.Saturday, 23));
            await page.GotoAsync("assessments/respiratory-infection");
            var night = await AnswerAsync(page, NonUrgent);
            await Assertions.Expect(night).Not.ToHaveTextAsync("Varaa aika");
            Assert.Contains("116117", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

            var redFlag = new Dictionary<string, string[]>(NonUrgent) { ["breathless-rest"] = ["true"] };
            await page.GotoAsync("assessments/respiratory-infection");
            var emergency = await AnswerAsync(page, redFlag);
            await Assertions.Expect(emergency).ToHaveTextAsync("Soita 112");
            Assert.Equal("tel:112", await emergency.GetAttributeAsync("href"));
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }

    /// <summary>
    /// A Finnish public or de-facto holiday (Easter, Ascension Day and Midsummer move from year to year), so the dates the
    /// tests pick from today's date stay ordinary working days whatever the calendar says.
    /// </summary>
    internal static bool Holiday(DateOnly date) => Polku.Platform.Time.FinnishCalendar.IsNonWorkingDay(date);

    /// <summary>From the start page: Porvoo, then every page as a resident clicks it, then the summary; returns the routed action.</summary>
    /// <summary>
    /// From an assessment's (or a form's) start page: chooses Porvoo, answers page by page from <paramref name="answers"/>
    /// (name → values) and presses the summary's main button; <paramref name="eachPage"/> runs on every page on the way
    /// (e.g. the accessibility check of a reference path).
    /// </summary>
    internal static async Task<ILocator> AnswerAsync(IPage page, Dictionary<string, string[]> answers, Func<IPage, Task>? eachPage = null)
    {
        await page.Locator("#municipality").SelectOptionAsync("638");
        await Navigation.ClickAsync(page, page.Locator("main form button.primary"));
        for (var step = 0; step < 30; step++)
        {
            if (eachPage is not null)
            {
                await eachPage(page);
            }

            if (await page.Locator("input[name='shown'][value='-1']").CountAsync() > 0)
            {
                await Navigation.ClickAsync(page, page.Locator("main button[value='result']"));
                return page.Locator("#routed-action");
            }

            foreach (var input in await page.Locator("main [name^='a.']").AllAsync())
            {
                var name = (await input.GetAttributeAsync("name"))![2..];
                if (!answers.TryGetValue(name, out var values))
                {
                    continue;
                }

                var type = await input.GetAttributeAsync("type");
                if (type is "radio" or "checkbox")
                {
                    var value = await input.GetAttributeAsync("value");
                    if (Array.IndexOf(values, value) >= 0)
                    {
                        await input.CheckAsync();
                    }
                }
                else
                {
                    await input.FillAsync(values[0]);
                }
            }

            await Navigation.ClickAsync(page, page.Locator("main button[value='next']"));
            Assert.Equal(0, await page.Locator(".field-error").CountAsync());
        }

        throw new InvalidOperationException("The assessment did not reach its summary.");
    }
}
