using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.TestIdp;
using Polku.Platform.Observability;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// The test provider's userinfo endpoint, which alone gives the identity code and names (the ID token holds only the
/// subject and protocol claims, as Suomi.fi's does): what it answers for its access token, what it refuses, and that
/// neither the answer nor the token reaches a log, even at the most detailed level.
/// </summary>
public sealed class UserInfoTests : IAsyncLifetime
{
    private static readonly string[] PersonalClaims = ["national_identification_number", "given_name", "family_name", "name", "home_municipality"];

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _logs = new();
    private readonly PolkuAppFactory _factory;

    public UserInfoTests()
    {
        _factory = new PolkuAppFactory
        {
            Time = _clock,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
        };
    }

    public Task InitializeAsync()
    {
        _factory.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task A_resident_signs_in_with_the_identity_from_userinfo_and_nothing_of_it_is_logged()
    {
        var client = _factory.CreateBrowserLikeClient();
        Assert.Equal("/me", (await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen")).Headers.Location!.ToString());
        Assert.Contains("Maija Meikäläinen", SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative))), StringComparison.Ordinal);

        var text = _logs.Text;
        Assert.Contains("/test-idp/userinfo", text, StringComparison.Ordinal);
        // A code that had reached a log would show as the redactor's mark.
        foreach (var personal in new[] { "Meikäläinen", IdentityCodeRedactor.Replacement })
        {
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Userinfo_answers_for_the_access_token_and_the_ID_token_holds_only_protocol_claims()
    {
        var client = _factory.CreateBrowserLikeClient();
        using var discovery = JsonDocument.Parse(await client.GetStringAsync(new Uri("/test-idp/.well-known/openid-configuration", UriKind.Relative)));
        Assert.Equal("http://localhost/test-idp/userinfo", discovery.RootElement.GetProperty("userinfo_endpoint").GetString());

        var (idToken, accessToken, expiresIn) = await TokensAsync(client, "Lotta Testinen");
        Assert.Equal((int)TestIdentityProvider.AccessTokenLifetime.TotalSeconds, expiresIn);
        var jwt = new JsonWebToken(idToken);
        Assert.Empty(jwt.Claims.Select(c => c.Type).Intersect(PersonalClaims));
        Assert.Equal(Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken))[..16]), jwt.GetClaim("at_hash").Value);
        Assert.DoesNotContain("Testinen", accessToken, StringComparison.Ordinal);

        using var get = await UserInfoAsync(client, HttpMethod.Get, accessToken);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("no-store", get.Headers.CacheControl!.ToString());
        Assert.Equal("application/json", get.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
        var claims = body.RootElement;
        Assert.Equal(jwt.Subject, claims.GetProperty("sub").GetString());
        Assert.Equal(TestIdentityProvider.SubjectFor(claims.GetProperty("national_identification_number").GetString()!), jwt.Subject);
        Assert.Equal(("Lotta", "Testinen", "Lotta Testinen"),
            (claims.GetProperty("given_name").GetString(), claims.GetProperty("family_name").GetString(), claims.GetProperty("name").GetString()));
        Assert.Equal(3, claims.GetProperty("home_municipality").GetString()!.Length);

        // POST (OIDC Core 5.3.1) with the header, or with the token in the form body (RFC 6750 2.2), but not both.
        using var post = await UserInfoAsync(client, HttpMethod.Post, accessToken);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = accessToken }))
        {
            using var inBody = await client.PostAsync(new Uri("/test-idp/userinfo", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, inBody.StatusCode);
        }

        using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = accessToken }))
        {
            using var both = await UserInfoAsync(client, HttpMethod.Post, accessToken, form);
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        }

        Assert.DoesNotContain(accessToken, _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Testinen", _logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Userinfo_refuses_a_missing_forged_altered_misused_or_expired_access_token()
    {
        var client = _factory.CreateBrowserLikeClient();
        var (idToken, accessToken, _) = await TokensAsync(client, "Lotta Testinen");

        using (var missing = await UserInfoAsync(client, HttpMethod.Get, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
            Assert.Equal("no-store", missing.Headers.CacheControl!.ToString());
        }

        // Never from the query string: the token would be in a URL.
        using (var inQuery = await client.GetAsync(new Uri("/test-idp/userinfo?access_token=" + Uri.EscapeDataString(accessToken), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        }

        var middle = accessToken.Length / 2;
        var altered = accessToken[..middle] + (accessToken[middle] == 'A' ? 'B' : 'A') + accessToken[(middle + 1)..];
        var forged = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(accessToken.Length * 3 / 4));
        foreach (var (name, token) in new[] { ("forged", forged), ("altered", altered), ("the ID token", idToken), ("not base64url", "*%$") })
        {
            using var refused = await UserInfoAsync(client, HttpMethod.Get, token);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, name);
            Assert.Equal("Bearer error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
        }

        _clock.Advance(TestIdentityProvider.AccessTokenLifetime - TimeSpan.FromSeconds(1));
        using (var stillGood = await UserInfoAsync(client, HttpMethod.Get, accessToken))
        {
            Assert.Equal(HttpStatusCode.OK, stillGood.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await UserInfoAsync(client, HttpMethod.Get, accessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", expired.Headers.WwwAuthenticate.ToString());
    }

    /// <summary>An authorization code for the person, redeemed by hand as a client would: the ID token, access token and its lifetime.</summary>
    private static async Task<(string IdToken, string AccessToken, int ExpiresIn)> TokensAsync(HttpClient client, string person)
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var authorize = new Uri(QueryHelpers.AddQueryString("http://localhost/test-idp/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = "polku-test-client", ["redirect_uri"] = "http://localhost/signin-oidc/test", ["response_type"] = "code",
            ["state"] = "s-1", ["nonce"] = "n-1", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256", ["scope"] = "openid profile",
        }));
        var (pick, token) = await SignIn.FindTestPersonAsync(client, authorize, person);
        using var chosen = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = token, ["pick"] = pick });
        var code = QueryHelpers.ParseQuery((await client.PostAsync(authorize, chosen)).Headers.Location!.Query)["code"].ToString();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["client_id"] = "polku-test-client",
            ["redirect_uri"] = "http://localhost/signin-oidc/test", ["code_verifier"] = verifier,
        });
        using var response = await client.PostAsync(new Uri("/test-idp/token", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("Bearer", root.GetProperty("token_type").GetString());
        return (root.GetProperty("id_token").GetString()!, root.GetProperty("access_token").GetString()!, root.GetProperty("expires_in").GetInt32());
    }

    private static async Task<HttpResponseMessage> UserInfoAsync(HttpClient client, HttpMethod method, string? accessToken, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri("/test-idp/userinfo", UriKind.Relative)) { Content = content };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Every log entry the app writes, as text: message, exception and structured values.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly Lock _gate = new();
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lock (owner._gate)
                {
                    owner._text.Append(category).Append(": ").Append(formatter(state, exception)).Append(' ').Append(values).Append(' ').AppendLine(exception?.ToString());
                }
            }
        }
    }
}
