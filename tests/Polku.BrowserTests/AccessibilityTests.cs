using System.Globalization;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Every catalog page, in every language: loads with the expected status, declares its language,
/// has a title and exactly one h1, passes WCAG 2.1 A/AA checks (axe, at 1280 and 390 px), shows no error it was not asked for, shows a
/// resident or a professional no internal code, and lays out at 1280, 390 and 320 px without sideways scrolling,
/// spilling content or overlapping controls.
/// </summary>
/// <remarks>
/// One test per page visits it in Finnish, Swedish and English in one browser context, switching the
/// language with the culture cookie as the site's own language switch does. A fresh context for each
/// language cost a new renderer process and a cold compile of axe every time: about a second per page
/// and language on a two-core machine, with nothing more checked.
/// </remarks>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(PolkuServerFixture server, BrowserFixture browser)
{
    public static TheoryData<string> Pages => [.. PageCatalog.Pages.Select(p => p.Name)];

    [BrowserTheory]
    [MemberData(nameof(Pages))]
    public async Task Page_loads_is_accessible_and_lays_out_at_every_width_in_every_language(string name)
    {
        var entry = PageCatalog.Find(name);
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, PageCatalog.Languages[0]);

        // Collect every problem in every language before failing, so one run shows all that needs fixing.
        var problems = new List<string>();
        foreach (var language in PageCatalog.Languages)
        {
            await browserPage.SetLanguageAsync(language);
            await browserPage.Page.SetViewportSizeAsync(Layout.Widths[0], 720);
            var found = await CheckAsync(entry, browserPage.Page, language);
            if (found.Count > 0)
            {
                problems.Add($"{name} ({browserPage.Page.Url}, {language}):");
                problems.AddRange(found);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task<List<string>> CheckAsync(CatalogPage entry, IPage page, string language)
    {
        var problems = new List<string>();
        var response = await entry.OpenAsync(page);
        if (response is null)
        {
            problems.Add("The page gave no response.");
            return problems;
        }

        if (entry.ExpectedStatus >= 400 ? response.Status != entry.ExpectedStatus : response.Status >= 400)
        {
            problems.Add($"HTTP {response.Status}, expected {(entry.ExpectedStatus >= 400 ? entry.ExpectedStatus.ToString(CultureInfo.InvariantCulture) : "below 400")}.");
            return problems;
        }

        // The page must declare the language it is shown in (WCAG 3.1.1); axe only checks that some valid lang exists.
        var lang = await page.GetAttributeAsync("html", "lang");
        if (!string.Equals(lang, language, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"<html lang> is \"{lang ?? "(missing)"}\" but the page was requested in \"{language}\".");
        }

        var title = (await page.TitleAsync()).Trim();
        if (title.Length == 0 || title.StartsWith('–'))
        {
            problems.Add($"<title> is empty or has no page name: \"{title}\".");
        }

        var headings = await page.Locator("h1").CountAsync();
        if (headings != 1)
        {
            problems.Add($"The page has {headings} <h1> elements; expected exactly one.");
        }

        if (await Accessibility.FindViolationsAsync(page) is { } violations)
        {
            problems.Add(violations);
        }

        // An error summary belongs only to the pages that were sent something wrong on purpose.
        var expectsError = entry.Name.EndsWith("-invalid", StringComparison.Ordinal) || entry.ExpectedStatus >= 400;
        // The design system's living page shows a specimen (data-sample), which is not an error of that page.
        var summaries = page.Locator(".error-summary:not([data-sample] .error-summary)");
        if (!expectsError && await summaries.CountAsync() > 0)
        {
            problems.Add($"An error summary is shown: \"{(await summaries.First.InnerTextAsync()).ReplaceLineEndings(" ")}\"");
        }

        // Where there is one, it takes the focus, so a screen reader reads it and the keyboard starts from it.
        if (await summaries.CountAsync() > 0
            && !await page.EvaluateAsync<bool>("() => !!document.activeElement && !!document.activeElement.closest('.error-summary')"))
        {
            problems.Add("The error summary does not have the focus.");
        }

        // Residents and professionals see names; the coordinator's administration and the developer pages edit ids.
        if (entry.Audience is Audience.Anonymous or Audience.Resident or Audience.Staff)
        {
            problems.AddRange((await InternalCodes.FindAsync(page)).Select(c => "Internal code shown: " + c));
        }

        foreach (var width in Layout.Widths)
        {
            problems.AddRange(await Layout.CheckAsync(page, width));

            // axe once more on a phone: what is shown, hidden or reflowed there must pass too (the run above was at 1280 px).
            if (width == 390 && await Accessibility.FindViolationsAsync(page) is { } phoneViolations)
            {
                problems.Add("at 390 px: " + phoneViolations);
            }

            if (Screenshots.Folder is { } folder && width != 320 && language != "en")
            {
                // For a person to look at (docs/screenshots, a review): the whole page as laid out at this width.
                var path = Path.Combine(folder, language, width.ToString(CultureInfo.InvariantCulture), entry.Name + ".png");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            }
        }

        return problems;
    }

    /// <summary>The layout check must be able to fail: a page too wide for a phone, text out of its card, two buttons on top of each other.</summary>
    [BrowserFact]
    public async Task The_layout_check_reports_sideways_scrolling_spilling_text_and_overlapping_controls()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi");
        await browserPage.Page.SetContentAsync("""
            <!DOCTYPE html><html><head><title>x</title></head><body><main>
            <div class="card" style="width: 200px; border: 1px solid"><span style="display: inline-block; white-space: nowrap">Vastaanotto Porvoon terveysasemalla maanantaina</span></div>
            <div style="width: 700px">leveä</div>
            <div style="position: relative; height: 40px"><button>Yksi</button><button style="position: absolute; left: 0; top: 0">Kaksi</button></div>
            <div style="overflow-x: auto; max-width: 300px"><table><tr><td style="white-space: nowrap">Taulukko saa olla leveämpi omassa vierityssäiliössään</td></tr></table></div>
            </main></body></html>
            """);
        var wide = await Layout.CheckAsync(browserPage.Page, 1280);
        Assert.Contains(wide, p => p.Contains("spills out of div.card", StringComparison.Ordinal));
        Assert.Contains(wide, p => p.Contains("Controls overlap", StringComparison.Ordinal) && p.Contains("Kaksi", StringComparison.Ordinal));
        Assert.DoesNotContain(wide, p => p.Contains("scrolls sideways", StringComparison.Ordinal) || p.Contains("Taulukko", StringComparison.Ordinal));

        var phone = await Layout.CheckAsync(browserPage.Page, 390);
        Assert.Contains(phone, p => p.Contains("scrolls sideways", StringComparison.Ordinal) && p.Contains("leveä", StringComparison.Ordinal));
        Assert.DoesNotContain(phone, p => p.Contains("Taulukko", StringComparison.Ordinal));
    }

    /// <summary>The internal-code check must be able to fail, and must leave ordinary words and dates alone.</summary>
    [Fact]
    public void The_internal_code_check_finds_codes_and_leaves_words_and_dates_alone()
    {
        Assert.Single(InternalCodes.Find("Lähetetty ammattilaiselle (hs-638)."));
        Assert.Single(InternalCodes.Find("Luettu: contacts.messages.read"));
        var assessment = InternalCodes.Find("Arvio respiratory-infection, versio 1.0.0");
        Assert.Contains(assessment, c => c.Contains("\"respiratory-infection\"", StringComparison.Ordinal));
        Assert.Contains(assessment, c => c.Contains("\"1.0.0\"", StringComparison.Ordinal));
        Assert.Empty(InternalCodes.Find("Sote-keskus, avoinna ma–pe 8–16, maanantaina 7.12.2026 klo 16.15. Lisätietoja www.porvoo.fi ja 100-500 m."));
    }

    /// <summary>The check itself must be able to fail: a page with known WCAG faults is reported.</summary>
    [BrowserFact]
    public async Task The_accessibility_check_reports_a_page_with_known_faults()
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, "fi");
        await browserPage.Page.SetContentAsync("<!DOCTYPE html><html><head><title>x</title></head><body><main><img src=\"/x.png\"><input type=\"text\"></main></body></html>");
        var violations = await Accessibility.FindViolationsAsync(browserPage.Page);
        Assert.NotNull(violations);
        Assert.Contains("image-alt", violations, StringComparison.Ordinal);
        Assert.Contains("label", violations, StringComparison.Ordinal);
    }
}
