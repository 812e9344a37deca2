using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Signs in through the real user interface, the way a person would: residents through the test
/// identity provider (choosing a demo person by name), professionals with the demo account button
/// on <c>/login</c>. Selectors do not depend on the UI language.
/// </summary>
public static class SignIn
{
    /// <summary>Demo residents (names as shown on the test identity provider page).</summary>
    public const string Maija = "Maija Meikäläinen";
    public const string Ville = "Ville Vanhempi";
    public const string Onni = "Onni Vanhempi";

    /// <summary>Demo staff logins.</summary>
    public const string Nurse = "hoitaja.porvoo";
    public const string Coordinator = "koordinaattori";
    public const string ServiceManager = "palvelupaallikko";

    /// <summary>
    /// Opens <c>/login</c>, continues to the test identity provider and returns the response of
    /// its authorize page (reached through the real OIDC redirect).
    /// </summary>
    public static async Task<IResponse?> OpenTestProviderAsync(IPage page, string returnUrl = "/me")
    {
        await GotoAsync(page, "login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var response = await Navigation.ClickAsync(page, page.Locator("main a[href^='/login/test']"));
        Assert.Contains("/test-idp/authorize", page.Url, StringComparison.Ordinal);
        return response;
    }

    /// <summary>Opens the test identity provider and searches people; returns the response of the results page.</summary>
    public static async Task<IResponse?> SearchTestProviderAsync(IPage page, string query, string returnUrl = "/me")
    {
        await OpenTestProviderAsync(page, returnUrl);
        await page.Locator("main input#q").FillAsync(query);
        return await Navigation.ClickAsync(page, page.Locator("main form[role='search'] button[type='submit']"));
    }

    /// <summary>Signs in a demo resident: searches their name on the test identity provider page and clicks it.</summary>
    public static async Task<IResponse?> ResidentAsync(IPage page, string personName, string returnUrl = "/me")
    {
        await SearchTestProviderAsync(page, personName, returnUrl);
        var response = await Navigation.ClickAsync(page, page.GetByRole(AriaRole.Button, new() { Name = personName, Exact = true }));
        await AssertSignedInAsync(page, personName);
        return response;
    }

    /// <summary>Signs in a professional with the demo account's button on <c>/login</c>.</summary>
    public static async Task<IResponse?> StaffAsync(IPage page, string login, string returnUrl = "/desk")
    {
        await GotoAsync(page, "login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var row = page.Locator("main tr").Filter(new() { Has = page.Locator($"input[name='login'][value='{login}']") });
        var response = await Navigation.ClickAsync(page, row.GetByRole(AriaRole.Button));
        Assert.False(page.Url.Contains("/login", StringComparison.Ordinal), $"Signing in as {login} stayed on {page.Url}.");
        Assert.True(await page.Locator("header form[action='/logout']").CountAsync() == 1, $"Signing in as {login} did not show the log-out button.");
        return response;
    }

    private static async Task AssertSignedInAsync(IPage page, string personName)
    {
        Assert.False(page.Url.Contains("/login", StringComparison.Ordinal), $"Signing in as {personName} ended on {page.Url}.");
        var shownName = await page.Locator("header .user-name").InnerTextAsync();
        Assert.Contains(personName.Split(' ')[0], shownName, StringComparison.Ordinal);
    }

    private static async Task GotoAsync(IPage page, string relativeUrl)
    {
        var response = await page.GotoAsync(relativeUrl);
        Assert.True(response is { Status: < 400 }, $"GET /{relativeUrl} returned HTTP {response?.Status}.");
    }
}
