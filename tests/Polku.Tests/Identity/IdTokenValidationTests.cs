using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// The standard OpenID Connect handler, as Polku configures it, accepts only an ID token signed by the provider's
/// key, for this client, with our nonce, in time by the app's clock; anything else ends on the login page. The
/// provider is an external one the test plays (<see cref="ExternalProvider"/>), so each token can be made wrong.
/// </summary>
public sealed class IdTokenValidationTests : IAsyncLifetime
{
    // The app's clock is a year and more behind real time: a token is judged by it, not by the machine's clock.
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 3, 10, 8, 0, 0, TimeSpan.Zero));
    private readonly ExternalProvider _provider;
    private readonly PolkuAppFactory _factory;
    private readonly RSA _attackerKey = RSA.Create(2048);

    public IdTokenValidationTests()
    {
        _provider = new ExternalProvider(_clock);
        _factory = ExternalProvider.Factory(_provider);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _provider.Dispose();
        _attackerKey.Dispose();
    }

    [Fact]
    public async Task A_good_token_signs_the_resident_in_by_the_app_clock()
    {
        var client = _factory.CreateBrowserLikeClient();
        Assert.Equal("/me", await _provider.SignInAsync(client));
        Assert.Contains("Ulla Ulkoinen", SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative))), StringComparison.Ordinal);
        // The client authenticated with its secret (client_secret_post) and proved the PKCE verifier.
        Assert.Equal("broker-secret", _provider.LastTokenRequest["client_secret"]);
        Assert.True(_provider.LastTokenRequest["code_verifier"].Length >= 43);
        Assert.False(_provider.LastTokenRequest.ContainsKey("client_assertion"));
        // A provider not set to use userinfo: the identity code came from the ID token, though discovery lists the endpoint.
        Assert.Empty(_provider.UserInfoRequests);
    }

    [Fact]
    public async Task A_provider_set_to_use_userinfo_gives_the_code_there_and_an_answer_for_another_subject_is_refused()
    {
        await using var factory = ExternalProvider.Factory(_provider, new Dictionary<string, string?>
        {
            [$"Identity:Oidc:Providers:{ExternalProvider.Name}:UserInfo"] = "true",
        });
        _provider.IdToken = n => _provider.Token(n, personal: false);
        var subject = "someone-else";
        _provider.UserInfo = () => new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["urn:oid:1.2.246.21"] = "010101A900R",
            ["given_name"] = "Ulla",
            ["family_name"] = "Ulkoinen",
            ["home_municipality"] = "638",
            ["email"] = "ulla@example.test",
        };

        // The answer's sub must be the ID token's (OIDC Core 5.3.2): another person's data never signs anyone in.
        var refused = factory.CreateBrowserLikeClient();
        Assert.Equal("/login?error=signin.failed", await _provider.SignInAsync(refused));
        Assert.Equal(HttpStatusCode.Redirect, (await refused.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().AnyAsync(p => p.LastName == "Ulkoinen"));
        }

        subject = ExternalProvider.Subject;
        var client = factory.CreateBrowserLikeClient();
        Assert.Equal("/me", await _provider.SignInAsync(client));
        Assert.Equal([$"Bearer {ExternalProvider.AccessToken}", $"Bearer {ExternalProvider.AccessToken}"], _provider.UserInfoRequests);
        Assert.Contains("Ulla Ulkoinen", SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative))), StringComparison.Ordinal);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var person = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().SingleAsync(p => p.LastName == "Ulkoinen");
            Assert.Equal(("010101A900R", "Ulla", "638"), (person.IdentityCode, person.FirstName, person.HomeMunicipalityCode));
        }
    }

    [Fact]
    public async Task Wrong_signature_issuer_audience_nonce_or_lifetime_is_rejected()
    {
        var cases = new (string Name, Func<string, string> Token)[]
        {
            ("signature", n => _provider.Token(n, key: _attackerKey)),
            ("issuer", n => _provider.Token(n, issuer: "https://evil.example")),
            ("audience", n => _provider.Token(n, audience: "someone-else")),
            ("nonce", n => _provider.Token("replayed-" + n)),
            ("expired by the app clock", n => _provider.Token(n, expiresIn: TimeSpan.FromMinutes(-5), issuedAgo: TimeSpan.FromMinutes(10))),
            ("valid by real time only", n => TokenAtRealTime(n)),
        };
        foreach (var (name, token) in cases)
        {
            _provider.IdToken = token;
            var client = _factory.CreateBrowserLikeClient();
            Assert.True("/login?error=signin.failed" == await _provider.SignInAsync(client), name);
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);
        }

        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().AnyAsync(p => p.LastName == "Ulkoinen"));
    }

    [Fact]
    public async Task A_token_whose_payload_was_edited_or_that_is_unsigned_is_rejected()
    {
        _provider.IdToken = n =>
        {
            var parts = _provider.Token(n).Split('.');
            var payload = Base64UrlEncoder.Decode(parts[1]).Replace("010101A900R", "131052-308T", StringComparison.Ordinal);
            return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        };
        Assert.Equal("/login?error=signin.failed", await _provider.SignInAsync(_factory.CreateBrowserLikeClient()));

        _provider.IdToken = n =>
        {
            var parts = _provider.Token(n).Split('.');
            return $"{Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";
        };
        Assert.Equal("/login?error=signin.failed", await _provider.SignInAsync(_factory.CreateBrowserLikeClient()));
    }

    [Fact]
    public async Task Provider_errors_and_stale_callbacks_end_on_the_login_page_with_a_message()
    {
        var client = _factory.CreateBrowserLikeClient();
        var callback = await _provider.AuthorizeAsync(client);
        var state = ExternalProvider.Query(callback, "state");
        var cancelled = await client.GetAsync(new Uri($"/signin-oidc/broker?error=access_denied&state={Uri.EscapeDataString(state)}", UriKind.Relative));
        Assert.Equal("/login?error=signin.cancelled", cancelled.Headers.Location!.ToString());
        var page = SignIn.Html(await client.GetStringAsync(cancelled.Headers.Location));
        Assert.Contains("Kirjautuminen keskeytettiin.", page, StringComparison.Ordinal);

        _provider.Down = true;
        Assert.Equal("/login?error=signin.unavailable", await _provider.SignInAsync(_factory.CreateBrowserLikeClient()));
        _provider.Down = false;

        var direct = await _factory.CreateBrowserLikeClient().GetAsync(new Uri("/signin-oidc/broker", UriKind.Relative));
        Assert.Equal("/login?error=signin.expired", direct.Headers.Location!.ToString());
    }

    /// <summary>A token that is valid now by the machine's clock, but issued in the app's future.</summary>
    private string TokenAtRealTime(string nonce)
    {
        var provider = new ExternalProvider(TimeProvider.System);
        try
        {
            var token = provider.Token(nonce);
            // Re-sign with the real provider's key: only the times differ from a good token.
            var parts = token.Split('.');
            var payload = Base64UrlEncoder.Decode(parts[1]);
            var claims = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object>>(payload)!;
            return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
                System.Text.Json.JsonSerializer.Serialize(claims), new SigningCredentials(_provider.SigningKey, SecurityAlgorithms.RsaSha256));
        }
        finally
        {
            provider.Dispose();
        }
    }
}
