using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polku.Tests.TestSupport;
using Yarp.ReverseProxy.Configuration;

namespace Polku.Tests.Platform.Nodes;

/// <summary>
/// Two application nodes on one fresh PostgreSQL database behind an in-process YARP reverse proxy. The proxy sends a
/// request to node B when it carries <c>X-Polku-Node: b</c> and to node A otherwise — so requests the test does not
/// steer, such as the OIDC back channel of a sign-in, go to A. The proxy keeps the original <c>Host</c>, as a
/// production proxy must, so the address the nodes build into redirects is the proxy's.
/// </summary>
/// <remarks>
/// Present only with <c>POLKU_TEST_POSTGRES</c> (see <see cref="Available"/>); under <c>CI=true</c> a missing
/// connection string fails the fixture, like <see cref="PolkuAppFactory.Engines"/>.
/// </remarks>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    public const string NodeHeader = "X-Polku-Node";

    private string? _admin;
    private string? _database;
    private WebApplication? _proxy;
    private PolkuNode? _a;
    private PolkuNode? _b;

    public bool Available { get; private set; }

    internal PolkuNode A => _a ?? throw new InvalidOperationException("The cluster is not running.");

    internal PolkuNode B => _b ?? throw new InvalidOperationException("The cluster is not running.");

    /// <summary>The proxy's address; every request of the tests goes here.</summary>
    public Uri ProxyUrl { get; private set; } = new("http://127.0.0.1/");

    public async Task InitializeAsync()
    {
        if (PolkuAppFactory.PostgresConnectionString is null && !PolkuAppFactory.IsCi)
        {
            return;
        }

        _admin = PolkuAppFactory.PostgresConnectionString
            ?? throw new InvalidOperationException($"{PolkuAppFactory.PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
        _database = "polku_nodes_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(_admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {_database}", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var shared = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString;

        // The nodes must know the public (proxy) address before they start; the proxy takes that port after them.
        var proxyPort = AppProcess.FreePort();
        ProxyUrl = new Uri($"http://127.0.0.1:{proxyPort}/");

        // A first: it migrates and seeds the demo county; B then finds both done, as a node joining a running system does.
        _a = new PolkuNode("a", shared, ProxyUrl);
        _a.Start();
        _b = new PolkuNode("b", shared, ProxyUrl);
        _b.Start();
        _proxy = await StartProxyAsync(A.BaseUrl, B.BaseUrl, proxyPort);
        Available = true;
    }

    private static async Task<WebApplication> StartProxyAsync(Uri a, Uri b, int port)
    {
        // What a production proxy is told to do too: pass the Host through; YARP adds X-Forwarded-For/-Proto/-Host itself.
        IReadOnlyList<IReadOnlyDictionary<string, string>> transforms = [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }];
        var routes = new[]
        {
            new RouteConfig
            {
                RouteId = "to-b", ClusterId = "b", Order = 0, Transforms = transforms,
                Match = new RouteMatch
                {
                    Path = "{**rest}",
                    Headers = [new RouteHeader { Name = NodeHeader, Values = ["b"], Mode = HeaderMatchMode.ExactHeader }],
                },
            },
            new RouteConfig { RouteId = "to-a", ClusterId = "a", Order = 1, Transforms = transforms, Match = new RouteMatch { Path = "{**rest}" } },
        };
        var clusters = new[]
        {
            new ClusterConfig { ClusterId = "a", Destinations = new Dictionary<string, DestinationConfig> { ["a"] = new() { Address = a.ToString() } } },
            new ClusterConfig { ClusterId = "b", Destinations = new Dictionary<string, DestinationConfig> { ["b"] = new() { Address = b.ToString() } } },
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        var proxy = builder.Build();
        proxy.MapReverseProxy();
        await proxy.StartAsync();
        return proxy;
    }

    /// <summary>A browser: keeps cookies, does not follow redirects, talks only to the proxy.</summary>
    public HttpClient Browser()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = ProxyUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

        // Browsers send Origin with every POST; signed-in API changes must come from the public origin.
        client.DefaultRequestHeaders.Add("Origin", ProxyUrl.GetLeftPart(UriPartial.Authority));
        return client;
    }

    /// <summary>Sends the request through the proxy to the given node and checks that node answered.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, char node, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (node == 'b')
        {
            request.Headers.Add(NodeHeader, "b");
        }

        var response = await client.SendAsync(request, completion, cancellationToken);
        Assert.Equal(node.ToString(), response.Headers.GetValues(PolkuNode.ServedByHeader).Single());
        return response;
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, char node) =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute)), node);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, HttpContent content, char node) =>
        SendAsync(client, new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.RelativeOrAbsolute)) { Content = content }, node);

    /// <summary>A page from the node (200 expected) with its anti-forgery token.</summary>
    public static async Task<(string Html, string Token)> FormAsync(HttpClient client, string url, char node)
    {
        using var response = await GetAsync(client, url, node);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return (html, SignIn.Token(html));
    }

    /// <summary>
    /// Signs a resident in through the test identity provider with the steps spread over both nodes: the challenge on
    /// A, the provider's page on B, the search on A, the choice on B (which issues the code), the callback on B — whose
    /// back channel (token request, no steering header) redeems that code on A. The provider keeps codes and its
    /// signing key in the database and the correlation cookie is protected with the shared keys, so any node can take
    /// any step.
    /// </summary>
    public static async Task SignInResidentAcrossNodesAsync(HttpClient client, string personName)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var start = await GetAsync(client, "/login/test?returnUrl=%2Fme", 'a');
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        using var page = await GetAsync(client, authorize.ToString(), 'b');
        var html = SignIn.Html(await page.Content.ReadAsStringAsync());
        using var search = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = SignIn.Token(html), ["q"] = personName });
        using var found = await PostAsync(client, authorize.AbsoluteUri + "&handler=Search", search, 'a');
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var results = SignIn.Html(await found.Content.ReadAsStringAsync());
        var pick = Regex.Match(results, "name=\"pick\" value=\"([0-9a-f-]+)\">\\s*<button type=\"submit\" class=\"primary\">" + Regex.Escape(personName) + "</button>").Groups[1].Value;
        Assert.NotEmpty(pick);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = SignIn.Token(results), ["pick"] = pick });
        using var chosen = await PostAsync(client, authorize.ToString(), form, 'b');
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        using var callback = await GetAsync(client, chosen.Headers.Location!.ToString(), 'b');
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/me", callback.Headers.Location!.OriginalString);
    }

    /// <summary>Signs a professional in with the demo staff form on node A.</summary>
    public static async Task SignInStaffOnAAsync(HttpClient client, string login)
    {
        var (_, token) = await FormAsync(client, "/login", 'a');
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = token, ["login"] = login, ["returnUrl"] = "/" });
        using var response = await PostAsync(client, "/login?handler=Staff", form, 'a');
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
