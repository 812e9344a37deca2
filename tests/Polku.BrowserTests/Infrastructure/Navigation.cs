using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>Helpers for actions that load a new page.</summary>
public static class Navigation
{
    /// <summary>
    /// Clicks <paramref name="target"/> and returns the response of the page it leads to (after any
    /// redirects), once that page has loaded.
    /// </summary>
    public static async Task<IResponse> ClickAsync(IPage page, ILocator target)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => target.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return response;
    }
}
