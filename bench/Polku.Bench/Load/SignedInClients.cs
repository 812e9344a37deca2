using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Polku.Bench.Load;

/// <summary>
/// One <see cref="HttpClient"/> per signed-in user, each with its own cookies and its own connection, signed in the
/// way a browser without JavaScript does: professionals through the demo staff form on <c>/login</c>, residents
/// through the whole OpenID Connect code flow against the app's built-in test identity provider.
/// </summary>
public static partial class SignedInClients
{
    private const string TokenField = "__RequestVerificationToken";
    private static readonly ConditionalWeakTable<HttpClient, CookieContainer> Cookies = new();

    /// <summary>Clients with their own cookie jar and (by default) a single connection each; no redirects followed.</summary>
    public static HttpClient[] Create(Uri baseAddress, int count, TimeSpan requestTimeout, int maxConnections = 1)
    {
        LoopbackGuard.EnsureLoopback(baseAddress);
        var clients = new HttpClient[count];
        for (var i = 0; i < count; i++)
        {
            var handler = new SocketsHttpHandler
            {
                CookieContainer = new CookieContainer(),
                UseCookies = true,
                AllowAutoRedirect = false,
                UseProxy = false,
                MaxConnectionsPerServer = maxConnections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
            clients[i] = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = requestTimeout };
            Cookies.Add(clients[i], handler.CookieContainer);
            // As a browser does: signed-in API changes must come from Polku's own origin.
            clients[i].DefaultRequestHeaders.Add("Origin", baseAddress.GetLeftPart(UriPartial.Authority));
        }

        return clients;
    }

    /// <summary>
    /// The <c>Cookie</c> header a browser would send to the app with this client's cookies (session, anti-forgery,
    /// language), e.g. to replay a signed-in user's requests over a shared connection pool that keeps no cookies.
    /// </summary>
    public static string CookieHeader(HttpClient client)
    {
        if (!Cookies.TryGetValue(client, out var container) || client.BaseAddress is null)
        {
            throw new ArgumentException("The client was not created by SignedInClients.Create.", nameof(client));
        }

        return container.GetCookieHeader(client.BaseAddress);
    }

    public static void DisposeAll(IEnumerable<HttpClient> clients)
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Signs every client in with <paramref name="signIn"/>, at most <paramref name="parallelism"/> at a time; returns the time taken.</summary>
    public static async Task<TimeSpan> SignInAllAsync(
        IReadOnlyList<HttpClient> clients, int parallelism, Func<HttpClient, int, CancellationToken, Task> signIn, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(clients.Select(async (client, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await signIn(client, i, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return watch.Elapsed;
    }

    /// <summary>A professional through the demo staff form on <c>/login</c> (needs <c>Identity:DemoStaffLogin:Enabled</c>).</summary>
    public static async Task SignInStaffAsync(HttpClient client, string login, CancellationToken cancellationToken)
    {
        var (status, html) = await GetAsync(client, new Uri("login", UriKind.Relative), cancellationToken);
        var token = TokenRegex().Match(html);
        if (status != HttpStatusCode.OK || !token.Success)
        {
            throw new InvalidOperationException($"GET /login gave {(int)status} without an anti-forgery token.");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TokenField] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["login"] = login,
            ["returnUrl"] = "/desk",
        });
        using var response = await client.PostAsync(new Uri("login?handler=Staff", UriKind.Relative), form, cancellationToken);
        if (!IsRedirect(response.StatusCode))
        {
            throw new InvalidOperationException($"Signing in as {login} gave {(int)response.StatusCode}, expected a redirect.");
        }
    }

    /// <summary>
    /// A resident through OpenID Connect against the test identity provider (needs <c>Identity:TestProvider:Enabled</c>):
    /// <c>/login/test</c>, the provider's page, the typed test identity code (individual number 900–999), the
    /// callback. The app creates the person on the first sign-in with an unknown code.
    /// </summary>
    public static async Task SignInResidentAsync(HttpClient client, string identityCode, CancellationToken cancellationToken)
    {
        using var start = await client.GetAsync(new Uri("login/test?returnUrl=%2Fme", UriKind.Relative), cancellationToken);
        var authorize = start.Headers.Location;
        if (!IsRedirect(start.StatusCode) || authorize is null)
        {
            throw new InvalidOperationException($"GET /login/test gave {(int)start.StatusCode}, expected a redirect to the test identity provider.");
        }

        authorize = Absolute(client, authorize);
        var (status, html) = await GetAsync(client, authorize, cancellationToken);
        var token = TokenRegex().Match(html);
        if (status != HttpStatusCode.OK || !token.Success)
        {
            throw new InvalidOperationException($"GET {authorize.AbsolutePath} gave {(int)status} without an anti-forgery token.");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [TokenField] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Hetu"] = identityCode,
        });
        using var chosen = await client.PostAsync(authorize, form, cancellationToken);
        var callback = chosen.Headers.Location;
        if (!IsRedirect(chosen.StatusCode) || callback is null || !callback.ToString().Contains("/signin-oidc/", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The test identity provider answered {(int)chosen.StatusCode} for a test identity code, expected a redirect to the callback.");
        }

        using var done = await client.GetAsync(Absolute(client, callback), cancellationToken);
        var target = done.Headers.Location?.ToString() ?? "";
        if (!IsRedirect(done.StatusCode) || target.Contains("error", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The sign-in callback gave {(int)done.StatusCode} to '{target}', expected a redirect to /me.");
        }
    }

    /// <summary>
    /// Submits a page's form as a browser does: GETs <paramref name="page"/> for its anti-forgery token, then POSTs the
    /// fields with it to <paramref name="action"/>. Returns the POST's status (a redirect when the page accepted it).
    /// </summary>
    public static async Task<HttpStatusCode> PostFormAsync(
        HttpClient client, string page, string action, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var (status, html) = await GetAsync(client, new Uri(page, UriKind.Relative), cancellationToken);
        var token = TokenRegex().Match(html);
        if (status != HttpStatusCode.OK || !token.Success)
        {
            throw new InvalidOperationException($"GET {page} gave {(int)status} without an anti-forgery token.");
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { [TokenField] = WebUtility.HtmlDecode(token.Groups[1].Value) });
        using var response = await client.PostAsync(new Uri(action, UriKind.Relative), form, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Whether a status is a redirect (how a page answers a form it accepted).</summary>
    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.RedirectKeepVerb;

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var page = await client.GetAsync(uri, cancellationToken);
        return (page.StatusCode, await page.Content.ReadAsStringAsync(cancellationToken));
    }

    private static Uri Absolute(HttpClient client, Uri uri)
    {
        var absolute = uri.IsAbsoluteUri ? uri : new Uri(client.BaseAddress!, uri);
        LoopbackGuard.EnsureLoopback(absolute);
        return absolute;
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
