using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>Every anonymous page, in every language, loads and passes WCAG 2.1 A/AA checks.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(PolkuServerFixture server, BrowserFixture browser)
{
    /// <summary>
    /// Whether pages must declare their language in <c>&lt;html lang&gt;</c>. The real application
    /// does; an early stub may not, and then only this check fails.
    /// </summary>
    private const bool ExpectLangAttribute = true;

    public static TheoryData<string, string> Pages => PageCatalog.AnonymousPagesInAllLanguages();

    [BrowserTheory]
    [MemberData(nameof(Pages))]
    public async Task Page_loads_and_is_accessible(string url, string language)
    {
        await using var browserPage = await browser.NewPageAsync(server.BaseUrl, language);
        var page = browserPage.Page;

        var response = await page.GotoAsync(url.TrimStart('/'));
        Assert.NotNull(response);
        Assert.True(response.Status < 400, $"GET {url} ({language}) returned HTTP {response.Status}.");

        // Collect every problem before failing, so one run shows all that needs fixing.
        var problems = new List<string>();

        // The page must declare the language it is shown in (WCAG 3.1.1); checked separately
        // from axe, which only checks that some valid lang exists.
        if (ExpectLangAttribute)
        {
            var lang = await page.GetAttributeAsync("html", "lang");
            if (!string.Equals(lang, language, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"<html lang> is \"{lang ?? "(missing)"}\" but the page was requested in \"{language}\".");
            }
        }

        if (await Accessibility.FindViolationsAsync(page) is { } violations)
        {
            problems.Add(violations);
        }

        Assert.True(problems.Count == 0,
            $"GET {url} ({language}):{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
    }
}
