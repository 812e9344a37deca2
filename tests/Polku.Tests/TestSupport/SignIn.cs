using System.Net;
using System.Text.RegularExpressions;

namespace Polku.Tests.TestSupport;

/// <summary>Signing in and posting forms the way a browser without JavaScript does.</summary>
public static partial class SignIn
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>Signs the client in as a demo staff member (the demo staff form on <c>/login</c>); the client must keep cookies.</summary>
    public static async Task SignInAsStaffAsync(HttpClient client, string login)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (_, token) = await GetFormAsync(client, "/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TokenField] = token,
            ["login"] = login,
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync(new Uri("/login?handler=Staff", UriKind.Relative), form);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            throw new InvalidOperationException($"Signing in as {login} gave {(int)response.StatusCode}, expected a redirect.");
        }
    }

    /// <summary>
    /// Signs a resident in through the whole OpenID Connect code flow against the built-in test identity provider,
    /// finding the demo person by name on its page; returns the response of the callback.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsResidentAsync(HttpClient client, string personName)
    {
        ArgumentNullException.ThrowIfNull(client);
        var start = await client.GetAsync(new Uri("/login/test?returnUrl=%2Fme", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        var (pick, token) = await FindTestPersonAsync(client, authorize, personName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = token, ["pick"] = pick });
        var chosen = await client.PostAsync(authorize, form);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.StartsWith("http://localhost/signin-oidc/test?code=", chosen.Headers.Location!.ToString(), StringComparison.Ordinal);
        return await client.GetAsync(chosen.Headers.Location);
    }

    /// <summary>
    /// Searches the test identity provider's page (at <paramref name="authorize"/>, the provider's authorization
    /// request) for a person by name; returns the id to pick and the anti-forgery token of the results page.
    /// </summary>
    public static async Task<(string Pick, string Token)> FindTestPersonAsync(HttpClient client, Uri authorize, string personName)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(authorize);
        var page = Html(await client.GetStringAsync(authorize));
        using var search = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = Token(page), ["q"] = personName });
        using var found = await client.PostAsync(new Uri(authorize.AbsoluteUri + "&handler=Search"), search);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var results = Html(await found.Content.ReadAsStringAsync());
        var pick = Regex.Match(results, "name=\"pick\" value=\"([0-9a-f-]+)\">\\s*<button type=\"submit\" class=\"primary\">" + Regex.Escape(personName) + "</button>").Groups[1].Value;
        Assert.NotEmpty(pick);
        return (pick, Token(results));
    }

    /// <summary>HTML-decoded page text, for asserting on what a reader sees.</summary>
    public static string Html(string html) => WebUtility.HtmlDecode(html);

    /// <summary>Fetches a page (which must answer 200) and returns its HTML and the anti-forgery token of its forms.</summary>
    public static async Task<(string Html, string Token)> GetFormAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} gave {(int)response.StatusCode}, expected 200.");
        }

        return (html, Token(html));
    }

    /// <summary>The anti-forgery token in the page's first form.</summary>
    public static string Token(string html)
    {
        var match = TokenRegex().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The page has no anti-forgery token.");
    }

    /// <summary>Posts form fields with the token; the response is not followed.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string token, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var form = new FormUrlEncodedContent(fields.Append(new KeyValuePair<string, string>(TokenField, token)));
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
