using System.Globalization;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Every catalog page, in every language: loads with the expected status, declares its language,
/// has a title and exactly one h1, and passes WCAG 2.1 A/AA checks (axe).
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
    public async Task Page_loads_and_is_accessible_in_every_language(string name)
    {
        var entry = PageCatalog.Find(name);
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, PageCatalog.Languages[0]);

        // Collect every problem in every language before failing, so one run shows all that needs fixing.
        var problems = new List<string>();
        foreach (var language in PageCatalog.Languages)
        {
            await browserPage.SetLanguageAsync(language);
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

        return problems;
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
