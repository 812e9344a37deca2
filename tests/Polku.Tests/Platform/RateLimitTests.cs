using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>One application with low limits and one trusted proxy (10.0.0.1), shared by <see cref="RateLimitTests"/>.</summary>
public sealed class LimitedApp : IAsyncDisposable
{
    public const string Proxy = "10.0.0.1";

    public PolkuAppFactory App { get; } = new()
    {
        TestPeerAddresses = true,
        Settings = new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = Proxy,
            ["RateLimits:SignIn:PermitLimit"] = "3",
            ["RateLimits:SignIn:Window"] = "00:01:00",
            ["RateLimits:AnonymousSubmission:PermitLimit"] = "2",
            ["RateLimits:ChatStart:PermitLimit"] = "2",
            ["RateLimits:ChatMessage:PermitLimit"] = "3",
        },
    };

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

/// <summary>
/// The framework's rate limiter on sign-in and anonymous submissions: 429 with <c>Retry-After</c>, a localised page or
/// ProblemDetails, partitioned by the real client address — the one a trusted proxy forwards, never one an unknown
/// sender claims. Forwarded headers also give the audit log its address and OpenID Connect its https redirect.
/// </summary>
public sealed class RateLimitTests(LimitedApp limited) : IClassFixture<LimitedApp>
{
    private PolkuAppFactory App => limited.App;

    private HttpClient Client(string peer, string? forwardedFor = null, string? language = null)
    {
        var client = App.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(PolkuAppFactory.TestPeerHeader, peer);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (language is not null)
        {
            client.DefaultRequestHeaders.Add("Accept-Language", language);
        }

        return client;
    }

    private static async Task<HttpStatusCode> StartSignInAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/login/test", UriKind.Relative));
        return response.StatusCode;
    }

    [Fact]
    public async Task Too_many_sign_ins_get_429_with_retry_after_and_a_page_in_the_users_language()
    {
        var client = Client("192.0.2.10", language: "en");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, await StartSignInAsync(client));
        }

        using var refused = await client.GetAsync(new Uri("/login/test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        var page = SignIn.Html(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Too many attempts", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", page, StringComparison.Ordinal);

        var finnish = Client("192.0.2.10", language: "fi");
        using var refusedFi = await finnish.GetAsync(new Uri("/login/test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedFi.StatusCode);
        Assert.Contains("Liian monta yritystä", SignIn.Html(await refusedFi.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Another address has its own allowance.
        Assert.Equal(HttpStatusCode.Redirect, await StartSignInAsync(Client("192.0.2.11")));
    }

    [Fact]
    public async Task Viewing_the_sign_in_form_is_free_but_sending_it_counts()
    {
        var client = Client("192.0.2.20");
        for (var i = 0; i < 5; i++)
        {
            _ = await SignIn.GetFormAsync(client, "/login");
        }

        var (_, token) = await SignIn.GetFormAsync(client, "/login");
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await SignIn.PostFormAsync(client, "/login?handler=Staff", token, [new("login", "nobody")]);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var refused = await SignIn.PostFormAsync(client, "/login?handler=Staff", token, [new("login", "hoitaja.porvoo")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Liian monta yritystä", SignIn.Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain(".polku.session", string.Join(";", refused.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_submissions_get_problem_details_when_limited_and_signed_in_residents_do_not_count()
    {
        var body = new JsonObject { ["answers"] = new JsonObject(), ["context"] = new JsonObject { ["municipality"] = "638" } };
        var anonymous = Client("192.0.2.30");
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await anonymous.PostAsJsonAsync(new Uri("/api/assessments/respiratory-infection/evaluate", UriKind.Relative), body);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }

        using var refused = await anonymous.PostAsJsonAsync(new Uri("/api/assessments/respiratory-infection/evaluate", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("request.rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var maija = Client("192.0.2.31");
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        for (var i = 0; i < 4; i++)
        {
            using var signedIn = await maija.PostAsJsonAsync(new Uri("/api/assessments/respiratory-infection/evaluate", UriKind.Relative), body);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, signedIn.StatusCode);
        }
    }

    [Fact]
    public async Task The_address_a_trusted_proxy_forwards_is_the_one_limited()
    {
        var first = Client(LimitedApp.Proxy, forwardedFor: "203.0.113.5");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, await StartSignInAsync(first));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await StartSignInAsync(first));
        // Another client behind the same load balancer is not punished for the first one.
        Assert.Equal(HttpStatusCode.Redirect, await StartSignInAsync(Client(LimitedApp.Proxy, forwardedFor: "203.0.113.6")));
    }

    [Fact]
    public async Task A_forwarded_address_from_an_unknown_sender_is_ignored()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, await StartSignInAsync(Client("198.51.100.9", forwardedFor: $"203.0.113.{70 + i}")));
        }

        // Claiming yet another address does not buy a fresh allowance: the limit is on the real sender.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StartSignInAsync(Client("198.51.100.9", forwardedFor: "203.0.113.99")));
    }

    [Fact]
    public async Task Behind_the_proxy_the_audit_log_records_the_clients_address()
    {
        var maija = Client(LimitedApp.Proxy, forwardedFor: "203.0.113.50");
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        using var me = await maija.GetAsync(new Uri("/api/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var scope = App.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries.Where(a => a.Action == "identity.me.read").ToListAsync();
        Assert.Contains(rows, a => a.RemoteAddress == "203.0.113.50");
        Assert.DoesNotContain(rows, a => a.RemoteAddress == LimitedApp.Proxy);
    }

    [Fact]
    public async Task Behind_tls_termination_the_sign_in_redirect_uri_is_https_only_when_a_trusted_proxy_says_so()
    {
        var viaProxy = Client(LimitedApp.Proxy, forwardedFor: "203.0.113.60");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var trusted = await viaProxy.GetAsync(new Uri("/login/test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, trusted.StatusCode);
        Assert.StartsWith("https://localhost/", RedirectUri(trusted), StringComparison.Ordinal);

        var spoofed = Client("198.51.100.20", forwardedFor: "203.0.113.61");
        spoofed.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var untrusted = await spoofed.GetAsync(new Uri("/login/test", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, untrusted.StatusCode);
        Assert.StartsWith("http://localhost/", RedirectUri(untrusted), StringComparison.Ordinal);
    }

    private static string RedirectUri(HttpResponseMessage response) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query)["redirect_uri"].ToString();

    [Fact]
    public async Task Starting_anonymous_chats_is_limited_per_address_and_messages_per_chat()
    {
        async Task<(HttpStatusCode Status, JsonElement Body)> StartAsync(HttpClient client)
        {
            using var response = await client.PostAsJsonAsync(new Uri("/api/chat/sessions", UriKind.Relative), new { language = "fi" });
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
        }

        var a = Client("203.0.113.50");
        var first = await StartAsync(a);
        var second = await StartAsync(a);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, second.Status));
        var refused = await StartAsync(a);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("request.rate_limited", refused.Body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, (await StartAsync(Client("203.0.113.51"))).Status);

        // Three messages per chat and address in the window; the address's other chat has its own budget.
        async Task<HttpStatusCode> SayAsync(JsonElement chat, int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/chat/sessions/{chat.GetProperty("sessionId").GetGuid()}/messages", UriKind.Relative))
            {
                Content = JsonContent.Create(new { text = "viesti " + n }),
            };
            request.Headers.Add("X-Chat-Token", chat.GetProperty("token").GetString());
            using var response = await a.SendAsync(request);
            return response.StatusCode;
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, await SayAsync(first.Body, i));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SayAsync(first.Body, 3));
        Assert.Equal(HttpStatusCode.Created, await SayAsync(second.Body, 0));
    }
}
