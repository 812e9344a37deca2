using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// What a newcomer does first: browse and search the service directory, choose a municipality,
/// sign in as a resident or a professional, change a channel as coordinator, use the keyboard,
/// switch language, and get by without JavaScript.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FlowTests(PolkuServerFixture server, BrowserFixture browser)
{
    private const string HealthStation = "services/health-station";
    private const string LoviisaBookingUrl = "https://ajanvaraus.loviisa.example/mediatri";

    public static TheoryData<string> Languages => [.. PageCatalog.Languages];

    /// <summary>A search word per language that finds the oral health service.</summary>
    private static readonly Dictionary<string, string> DentalSearch = new(StringComparer.Ordinal)
    {
        ["fi"] = "hammas",
        ["sv"] = "tandläkare",
        ["en"] = "dentist",
    };

    /// <summary>Name of Loviisa's external self-booking channel, as the resident sees it.</summary>
    private static readonly Dictionary<string, string> LoviisaBookingLabel = new(StringComparer.Ordinal)
    {
        ["fi"] = "Loviisan sähköinen ajanvaraus (Mediatri)",
        ["sv"] = "Lovisa elektroniska tidsbokning (Mediatri)",
        ["en"] = "Loviisa e-booking (Mediatri)",
    };

    /// <summary>The name of the self-booking channel kind.</summary>
    private static readonly Dictionary<string, string> SelfBooking = new(StringComparer.Ordinal)
    {
        ["fi"] = "Ajanvaraus verkossa",
        ["sv"] = "Tidsbokning på nätet",
        ["en"] = "Online booking",
    };

    /// <summary>How the own data page appears in the access log.</summary>
    private static readonly Dictionary<string, string> OwnPageAction = new(StringComparer.Ordinal)
    {
        ["fi"] = "Omat tiedot -sivu",
        ["sv"] = "Sidan Mina uppgifter",
        ["en"] = "Own data page",
    };

    [BrowserTheory]
    [MemberData(nameof(Languages))]
    public async Task Resident_browses_and_searches_the_directory_and_compares_municipalities(string language)
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, language);
        var page = browserPage.Page;

        // Browse: the front page lists services and links to the full directory.
        await page.GotoAsync("");
        await Navigation.ClickAsync(page, page.Locator("main a[href='/services']").Last);
        Assert.EndsWith("/services", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("main .cards a[href^='/services/']").CountAsync() >= 5, "The directory lists fewer than five services.");

        // Search from the front page, in the page's own language.
        await page.GotoAsync("");
        await page.Locator("main input[type='search']").FillAsync(DentalSearch[language]);
        await Navigation.ClickAsync(page, page.Locator("main form[role='search'] button[type='submit']"));
        Assert.Contains("q=", page.Url, StringComparison.Ordinal);
        var hits = page.Locator("main .cards a[href^='/services/']");
        Assert.Equal(["/services/oral-health"], await hits.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"));

        // Health station: in Loviisa self-booking is an external e-service reached through /go/{id}.
        await page.GotoAsync(HealthStation);
        await ChooseMunicipalityAsync(page, PageCatalog.Loviisa);
        var loviisa = SelfBookingChannel(page, language);
        await Assertions.Expect(loviisa).ToHaveCountAsync(1);
        await Assertions.Expect(loviisa.Locator(".badge.external")).ToBeVisibleAsync();
        await Assertions.Expect(loviisa.Locator("a[href^='/go/']")).ToHaveCountAsync(1);
        await Assertions.Expect(loviisa).ToContainTextAsync(LoviisaBookingLabel[language]);

        // In Porvoo it is built into Polku: a Polku badge and no link out.
        await ChooseMunicipalityAsync(page, PageCatalog.Porvoo);
        var porvoo = SelfBookingChannel(page, language);
        await Assertions.Expect(porvoo).ToHaveCountAsync(1);
        await Assertions.Expect(porvoo.Locator(".badge.builtin")).ToHaveTextAsync("Polku");
        await Assertions.Expect(porvoo.Locator(".badge.external")).ToHaveCountAsync(0);
        await Assertions.Expect(porvoo.Locator("a[href^='/go/']")).ToHaveCountAsync(0);
    }

    [BrowserTheory]
    [MemberData(nameof(Languages))]
    public async Task Resident_signs_in_and_sees_own_page_and_own_view_in_the_access_log(string language)
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, language);
        var page = browserPage.Page;

        await SignIn.ResidentAsync(page, SignIn.Maija);
        Assert.EndsWith("/me", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(SignIn.Maija);
        await Assertions.Expect(page.Locator("main dl.facts")).ToContainTextAsync("Porvoo");

        await Navigation.ClickAsync(page, page.Locator("main a[href='/me/access-log']"));
        var ownView = page.Locator("main table tbody tr")
            .Filter(new() { HasText = SignIn.Maija })
            .Filter(new() { HasText = OwnPageAction[language] });
        Assert.True(await ownView.CountAsync() >= 1, "The access log does not list the resident's own view of their page.");
    }

    [BrowserFact]
    public async Task Professional_signs_in_and_reaches_the_desk()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi");
        var page = browserPage.Page;

        await page.GotoAsync("");
        await Navigation.ClickAsync(page, page.Locator("header a[href^='/login']"));
        var row = page.Locator("main tr").Filter(new() { Has = page.Locator($"input[name='login'][value='{SignIn.Nurse}']") });
        await Navigation.ClickAsync(page, row.GetByRole(AriaRole.Button));

        Assert.EndsWith("/desk", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Työpöytä");
        await Assertions.Expect(page.Locator("main .lead")).ToContainTextAsync("Hanna Hoitaja");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Porvoon terveysasema");
        await Assertions.Expect(page.Locator("header nav a[href='/desk']")).ToHaveCountAsync(1);
    }

    [BrowserFact]
    public async Task Coordinator_changes_Loviisa_booking_address_and_the_service_page_follows()
    {
        var newUrl = $"https://ajanvaraus.loviisa.example/uusi-{Guid.NewGuid():N}";

        await using (var admin = await browser.NewPageAsync(server.BaseUrl, "fi"))
        {
            var page = admin.Page;
            await SignIn.StaffAsync(page, SignIn.Coordinator, "/admin");
            await Navigation.ClickAsync(page, page.Locator("main a[href='/admin/services']"));
            await Navigation.ClickAsync(page, page.Locator("main a[href='/admin/services/health-station']"));

            var row = page.Locator("main table tbody tr")
                .Filter(new() { Has = page.Locator("td", new() { HasTextRegex = new Regex("^434$") }) })
                .Filter(new() { HasText = LoviisaBookingUrl });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Navigation.ClickAsync(page, row.Locator("a[href^='/admin/channels/']"));

            await Assertions.Expect(page.Locator("#Input_Url")).ToHaveValueAsync(LoviisaBookingUrl);
            await page.Locator("#Input_Url").FillAsync(newUrl);
            await Navigation.ClickAsync(page, page.Locator("main form:not([action*='handler']) button[type='submit']"));

            Assert.Contains("/admin/services/health-station", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("main [role='status']")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("main table")).ToContainTextAsync(newUrl);
        }

        // A resident (not signed in) sees the new address as the link's target.
        await using var resident = await browser.NewPageAsync(server.BaseUrl, "fi");
        var residentPage = resident.Page;

        await residentPage.GotoAsync($"{HealthStation}?municipality={PageCatalog.Loviisa}");
        var link = SelfBookingChannel(residentPage, "fi").Locator("a[href^='/go/']");
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);

        // The redirect itself points to the new address...
        var redirect = await residentPage.APIRequest.GetAsync(href, new() { MaxRedirects = 0 });
        Assert.InRange(redirect.Status, 301, 308);
        Assert.Equal(newUrl, redirect.Headers["location"]);

        // ...and following the link in the browser goes there (the example host does not exist, so
        // the test checks the browser's request rather than the external page).
        var request = await residentPage.RunAndWaitForRequestAsync(() => link.ClickAsync(), newUrl);
        Assert.Equal(newUrl, request.Url);
        Assert.NotNull(request.RedirectedFrom);
        Assert.Contains("/go/", request.RedirectedFrom.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Skip_link_is_the_first_tab_stop_and_moves_focus_to_main()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "en");
        var page = browserPage.Page;
        await page.GotoAsync(HealthStation);

        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(":focus");
        await Assertions.Expect(focused).ToHaveAttributeAsync("href", "#main");
        await Assertions.Expect(focused).ToHaveTextAsync("Skip to content");

        // Visible while focused, not just present off-screen.
        var box = await focused.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.Y >= 0 && box.Width > 0, $"The focused skip link is off-screen at ({box.X}, {box.Y}).");

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main#main")).ToBeFocusedAsync();

        // The next Tab continues inside the main content, not back in the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
            "After the skip link, Tab did not move to the main content.");
    }

    [BrowserFact]
    public async Task Language_switch_keeps_the_page_and_is_remembered()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi");
        var page = browserPage.Page;
        var path = $"/{HealthStation}?municipality={PageCatalog.Loviisa}";
        await page.GotoAsync(path.TrimStart('/'));
        Assert.Equal("fi", await page.GetAttributeAsync("html", "lang"));

        await Navigation.ClickAsync(page, page.Locator("header nav.lang a[hreflang='sv']"));
        Assert.Equal(path, new Uri(page.Url).PathAndQuery);
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("header nav.lang a[hreflang='sv']")).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(page.Locator("#municipality")).ToHaveValueAsync(PageCatalog.Loviisa);
        await Assertions.Expect(SelfBookingChannel(page, "sv")).ToContainTextAsync(LoviisaBookingLabel["sv"]);

        // The next page, reached by an ordinary link, is still in Swedish.
        await Navigation.ClickAsync(page, page.Locator("header nav a[href='/services']"));
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Tjänstekatalog");
        await Assertions.Expect(page.Locator("header nav.main-nav a[href='/services']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("header nav.main-nav a[aria-current]")).ToHaveCountAsync(1);

        // And a fresh visit in the same browser too.
        await page.GotoAsync("");
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
    }

    [BrowserFact]
    public async Task Directory_search_and_municipality_choice_work_without_JavaScript()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi", javaScriptEnabled: false);
        var page = browserPage.Page;

        await page.GotoAsync("");
        await page.Locator("main input[type='search']").FillAsync("ajanvaraus");
        await Navigation.ClickAsync(page, page.Locator("main form[role='search'] button[type='submit']"));
        await Navigation.ClickAsync(page, page.Locator("main .cards a[href='/services/health-station']"));

        await page.Locator("#municipality").SelectOptionAsync(PageCatalog.Loviisa);
        await Navigation.ClickAsync(page, page.Locator("main form:has(#municipality) button[type='submit']"));
        Assert.Contains($"municipality={PageCatalog.Loviisa}", page.Url, StringComparison.Ordinal);
        var loviisa = SelfBookingChannel(page, "fi");
        await Assertions.Expect(loviisa.Locator("a[href^='/go/']")).ToContainTextAsync(LoviisaBookingLabel["fi"]);
    }

    private static async Task ChooseMunicipalityAsync(IPage page, string code)
    {
        await page.Locator("#municipality").SelectOptionAsync(code);
        await Navigation.ClickAsync(page, page.Locator("main form:has(#municipality) button[type='submit']"));
        Assert.Contains($"municipality={code}", page.Url, StringComparison.Ordinal);
    }

    /// <summary>The self-booking channel shown on a service page (its kind badge names it).</summary>
    private static ILocator SelfBookingChannel(IPage page, string language) =>
        page.Locator("main .channel-list > li").Filter(new() { Has = page.Locator(".badge", new() { HasTextRegex = new Regex("^" + Regex.Escape(SelfBooking[language]) + "$") }) });
}
