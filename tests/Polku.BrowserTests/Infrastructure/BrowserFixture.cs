using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// One headless Chromium (the system one; Playwright never downloads a browser) shared by the
/// tests of a collection. Each test gets its own browser context, so cookies never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>ASP.NET Core's request-localization cookie (CookieRequestCultureProvider.DefaultCookieName).</summary>
    public const string CultureCookieName = ".AspNetCore.Culture";

    private static readonly string[] ChromiumArgs =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    /// <summary>How long an <c>Expect(...)</c> assertion waits for the page to reach the expected state.</summary>
    public const float ExpectTimeoutMs = 15_000;

    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser =>
        browser ?? throw new InvalidOperationException(
            BrowserEnvironment.SkipReason ?? "The browser has not been launched.");

    public async Task InitializeAsync()
    {
        if (BrowserEnvironment.SkipReason is not null)
        {
            // Every test using this fixture is skipped; nothing to launch.
            return;
        }

        // Throws with an explanation under CI=true when Chromium is missing.
        var chromium = BrowserEnvironment.RequireChromium();

        // Web-first assertions wait for the page; Playwright's 5 s default is too short on a two-core CI machine that
        // runs both test assemblies at once. A page that never gets there still fails, after this long.
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        playwright = await Playwright.CreateAsync();
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"Could not launch Chromium at {chromium}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Opens a page in a fresh browser context whose UI language is <paramref name="language"/>
    /// (fi, sv or en): the culture cookie is set for <paramref name="baseUrl"/> and the browser locale matches.
    /// Relative URLs passed to <c>GotoAsync</c> resolve against <paramref name="baseUrl"/>.
    /// With <paramref name="javaScriptEnabled"/> false the page runs no scripts at all.
    /// </summary>
    public async Task<BrowserPage> NewPageAsync(Uri baseUrl, string language, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            Locale = language,
            JavaScriptEnabled = javaScriptEnabled,
        });
        try
        {
            var browserPage = new BrowserPage(context, await context.NewPageAsync(), baseUrl);
            await browserPage.SetLanguageAsync(language);
            return browserPage;
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
            browser = null;
        }

        playwright?.Dispose();
        playwright = null;
    }
}

/// <summary>A page and its own browser context; disposing closes both.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page, Uri baseUrl) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>
    /// Shows the site in <paramref name="language"/> (fi, sv or en) from the next page load on, the way the language
    /// switch does: ASP.NET Core's culture cookie, which wins over the browser's Accept-Language.
    /// </summary>
    public Task SetLanguageAsync(string language) =>
        Context.AddCookiesAsync(
        [
            new Cookie
            {
                Name = BrowserFixture.CultureCookieName,
                // "c=sv|uic=sv", escaped the way ASP.NET Core writes it (it unescapes on read).
                Value = Uri.EscapeDataString($"c={language}|uic={language}"),
                Url = baseUrl.GetLeftPart(UriPartial.Authority) + "/",
            },
        ]);

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
