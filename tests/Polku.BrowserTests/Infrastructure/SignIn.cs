using System.Collections.Concurrent;
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

    /// <summary>The coordinator of the Porvoo health station's staff only.</summary>
    public const string UnitCoordinator = "koordinaattori.porvoo";
    public const string ServiceManager = "palvelupaallikko";
    public const string ServiceDesk = "tukipalvelu";
    public const string Organiser = "jarjestaja";

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
    /// <param name="reuseSession">
    /// When true, a session this person already got (in another test) is put into the browser instead,
    /// if the server still accepts it; only for tests that check pages, not signing in, and that
    /// leave the session as they found it.
    /// </param>
    public static async Task<IResponse?> ResidentAsync(IPage page, string personName, string returnUrl = "/me", bool reuseSession = false)
    {
        var key = SessionKey("resident", personName);
        if (reuseSession && await TryReuseAsync(page, key, returnUrl, () => IsSignedInAsync(page, personName)) is { } reused)
        {
            return reused;
        }

        await SearchTestProviderAsync(page, personName, returnUrl);
        var response = await Navigation.ClickAsync(page, page.GetByRole(AriaRole.Button, new() { Name = personName, Exact = true }));
        Assert.True(await IsSignedInAsync(page, personName), $"Signing in as {personName} ended on {page.Url} without the person's name in the header.");
        await RememberAsync(page, key);
        return response;
    }

    /// <summary>Signs in a professional with the demo account's button on <c>/login</c>.</summary>
    /// <param name="reuseSession">As for <see cref="ResidentAsync"/>.</param>
    public static async Task<IResponse?> StaffAsync(IPage page, string login, string returnUrl = "/desk", bool reuseSession = false)
    {
        var key = SessionKey("staff", login);
        if (reuseSession && await TryReuseAsync(page, key, returnUrl, () => IsStaffSignedInAsync(page)) is { } reused)
        {
            return reused;
        }

        await GotoAsync(page, "login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var row = page.Locator("main tr").Filter(new() { Has = page.Locator($"input[name='login'][value='{login}']") });
        var response = await Navigation.ClickAsync(page, row.GetByRole(AriaRole.Button));
        Assert.False(page.Url.Contains("/login", StringComparison.Ordinal), $"Signing in as {login} stayed on {page.Url}.");
        Assert.True(await IsStaffSignedInAsync(page), $"Signing in as {login} did not show the log-out button.");
        await RememberAsync(page, key);
        return response;
    }

    // Session cookies by person. The culture cookie is left out: each test's context sets its own language.
    private static readonly ConcurrentDictionary<string, Cookie[]> Sessions = new(StringComparer.Ordinal);

    // Keyed by person only: a session from another server (another fixture) fails the check in TryReuseAsync and is replaced.
    private static string SessionKey(string kind, string who) => $"{kind}|{who}";

    private static async Task<IResponse?> TryReuseAsync(IPage page, string key, string returnUrl, Func<Task<bool>> isSignedIn)
    {
        if (!Sessions.TryGetValue(key, out var cookies))
        {
            return null;
        }

        await page.Context.AddCookiesAsync(cookies);
        var response = await page.GotoAsync(returnUrl);
        if (response is { Status: < 400 } && await isSignedIn())
        {
            return response;
        }

        // Ended or expired (another test signed out, or moved the clock): sign in again through the UI.
        Sessions.TryRemove(key, out _);
        return null;
    }

    private static async Task RememberAsync(IPage page, string key)
    {
        var cookies = await page.Context.CookiesAsync();
        Sessions[key] = [.. cookies
            .Where(c => c.Name != BrowserFixture.CultureCookieName)
            .Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite })];
    }

    private static async Task<bool> IsStaffSignedInAsync(IPage page) =>
        await page.Locator("header form[action='/logout']").CountAsync() == 1;

    private static async Task<bool> IsSignedInAsync(IPage page, string personName)
    {
        if (page.Url.Contains("/login", StringComparison.Ordinal) || await page.Locator("header .user-name").CountAsync() == 0)
        {
            return false;
        }

        return (await page.Locator("header .user-name").InnerTextAsync()).Contains(personName.Split(' ')[0], StringComparison.Ordinal);
    }

    private static async Task GotoAsync(IPage page, string relativeUrl)
    {
        var response = await page.GotoAsync(relativeUrl);
        Assert.True(response is { Status: < 400 }, $"GET /{relativeUrl} returned HTTP {response?.Status}.");
    }
}
