using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>Helpers for actions that load a new page.</summary>
public static class Navigation
{
    /// <summary>
    /// How long a click may take to lead to its page. A sign-in is four or five requests (the identity provider's
    /// form, the authorisation response, the callback, the page), and in the first minute of a CI run both test
    /// assemblies start their servers and warm up on the same two cores: Playwright's 30 s was exceeded there now and
    /// then (one sign-in in several runs) while the same click takes about a second on a settled machine. A page that
    /// never comes still fails, after this long.
    /// </summary>
    public const float NavigationTimeoutMs = 60_000;

    /// <summary>
    /// Clicks <paramref name="target"/> and returns the response of the page it leads to (after any
    /// redirects), once that page has loaded.
    /// </summary>
    public static async Task<IResponse> ClickAsync(IPage page, ILocator target)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => target.ClickAsync(new LocatorClickOptions { Timeout = NavigationTimeoutMs }),
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400,
            new PageRunAndWaitForResponseOptions { Timeout = NavigationTimeoutMs });
        // The document's own readyState rather than Playwright's lifecycle events: a page that reloads itself just after
        // loading (the chat follows a change of state that way) once left the lifecycle wait hanging for its whole timeout
        // with "networkidle" fired and "domcontentloaded" never seen again, while the page was in fact there. The function
        // is polled in whichever document is current, so a reload in between is simply waited through.
        await page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null,
            new PageWaitForFunctionOptions { Timeout = NavigationTimeoutMs, PollingInterval = 50 });
        return response;
    }
}
