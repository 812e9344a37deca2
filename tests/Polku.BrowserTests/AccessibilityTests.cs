using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Every catalog page, in every language: loads with the expected status, declares its language,
/// has a title and exactly one h1, and passes WCAG 2.1 A/AA checks (axe).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(PolkuServerFixture server, BrowserFixture browser)
{
    public static TheoryData<string, string> Pages => PageCatalog.PagesInAllLanguages();

    [BrowserTheory]
    [MemberData(nameof(Pages))]
    public async Task Page_loads_and_is_accessible(string name, string language)
    {
        var entry = PageCatalog.Find(name);
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, language);
        var page = browserPage.Page;

        var response = await entry.OpenAsync(page);
        Assert.NotNull(response);
        var where = $"{name} ({page.Url}, {language})";
        if (entry.ExpectedStatus >= 400)
        {
            Assert.True(response.Status == entry.ExpectedStatus, $"{where} returned HTTP {response.Status}, expected {entry.ExpectedStatus}.");
        }
        else
        {
            Assert.True(response.Status < 400, $"{where} returned HTTP {response.Status}.");
        }

        // Collect every problem before failing, so one run shows all that needs fixing.
        var problems = new List<string>();

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

        Assert.True(problems.Count == 0, $"{where}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
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
