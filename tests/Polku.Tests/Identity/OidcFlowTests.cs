using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.Data;
using Polku.Identity.TestIdp;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// The whole authorization code flow through the standard OpenID Connect handler against the built-in test
/// provider: residents (provider <c>test</c>) and professionals (provider <c>county</c>, the same test provider
/// configured as a staff directory), what the session holds, tampering, logout, errors and the provider's page.
/// </summary>
public sealed class OidcFlowTests : IAsyncLifetime
{
    private readonly PolkuAppFactory _factory = new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Identity:Oidc:Providers:county:Authority"] = "http://localhost/test-idp",
            ["Identity:Oidc:Providers:county:ClientId"] = "polku-test-client",
            ["Identity:Oidc:Providers:county:Kind"] = "staff",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_resident_signs_in_with_code_PKCE_nonce_and_state_and_the_session_holds_only_Polkus_principal()
    {
        var cookies = new CookieContainer();
        var client = Client(cookies);
        var start = await client.GetAsync(new Uri("/login/test?returnUrl=%2Fme%2Fmessages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith("http://localhost/test-idp/authorize?", authorize.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.NotEmpty(query["nonce"].ToString());
        Assert.NotEmpty(query["state"].ToString());
        Assert.False(query.ContainsKey("response_mode"));
        Assert.Equal("http://localhost/signin-oidc/test", query["redirect_uri"]);
        Assert.Equal("fi", query["ui_locales"]);
        // Correlation and nonce cookies: HttpOnly, SameSite=Lax, only for the callback path (plain http in Development).
        var setCookies = start.Headers.GetValues("Set-Cookie").ToList();
        Assert.Equal(2, setCookies.Count(c => c.StartsWith(".polku.oidc.", StringComparison.Ordinal) && c.Contains("path=/signin-oidc/test", StringComparison.Ordinal)
            && c.Contains("samesite=lax", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.Ordinal)));

        var callback = await PickAsync(client, authorize, "Maija Meikäläinen");
        var done = await client.GetAsync(callback);
        Assert.Equal("/me/messages", done.Headers.Location!.ToString());

        var ticket = SessionTicket(cookies);
        Assert.Equal("resident", ticket.Principal.FindFirst(PolkuClaims.Kind)?.Value);
        Assert.Equal("test", ticket.Principal.FindFirst(PolkuClaims.Provider)?.Value);
        string code;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            code = (await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().SingleAsync(p => p.LastName == "Meikäläinen")).IdentityCode!;
        }

        Assert.DoesNotContain(ticket.Principal.Claims, c => c.Value.Contains(code, StringComparison.Ordinal) || c.Type == "sub" || c.Type == "nonce");
        // Nothing of the provider's travels in the cookie: the ID token (the logout hint) is in the session row.
        Assert.Empty(ticket.Properties.GetTokens());
        Assert.DoesNotContain(ticket.Properties.Items.Keys, k => k.Contains("code_verifier", StringComparison.Ordinal) || k.Contains("RedirectUri", StringComparison.Ordinal));
        Assert.Equal(200, (int)(await client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_professional_signs_in_through_the_staff_provider_by_subject_and_an_unknown_one_is_refused()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var code = (await db.Set<Person>().SingleAsync(p => p.LastName == "Exempelsson")).IdentityCode!;
            var nurse = await db.Set<StaffMember>().SingleAsync(s => s.Login == "laakari.porvoo");
            nurse.ExternalSubject = TestIdentityProvider.SubjectFor(code);
            await db.SaveChangesAsync();
        }

        var client = _factory.CreateBrowserLikeClient();
        var start = await client.GetAsync(new Uri("/login/county", UriKind.Relative));
        var done = await client.GetAsync(await PickAsync(client, start.Headers.Location!, "Erik Exempelsson"));
        Assert.Equal("/desk", done.Headers.Location!.ToString());
        Assert.Contains("Lauri Lääkäri", SignIn.Html(await client.GetStringAsync(new Uri("/desk", UriKind.Relative))), StringComparison.Ordinal);

        var stranger = _factory.CreateBrowserLikeClient();
        start = await stranger.GetAsync(new Uri("/login/county", UriKind.Relative));
        done = await stranger.GetAsync(await PickAsync(stranger, start.Headers.Location!, "Lotta Testinen"));
        Assert.Equal("/login?error=signin.unknown_staff", done.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Tampered_state_another_browsers_callback_a_missing_nonce_and_a_replayed_code_are_refused()
    {
        // Altered state.
        var cookies = new CookieContainer();
        var client = Client(cookies);
        var callback = await StartAndPickAsync(client, "Lotta Testinen");
        var state = Query(callback, "state");
        var tampered = callback.AbsoluteUri.Replace(Uri.EscapeDataString(state), Uri.EscapeDataString(state[..^4] + "AAAA"), StringComparison.Ordinal);
        Assert.Equal("/login?error=signin.state", (await client.GetAsync(new Uri(tampered))).Headers.Location!.ToString());

        // The callback opened in another browser (login CSRF): no correlation cookie there.
        callback = await StartAndPickAsync(client, "Lotta Testinen");
        var other = Client(new CookieContainer());
        Assert.Equal("/login?error=signin.expired", (await other.GetAsync(callback)).Headers.Location!.ToString());

        // The nonce cookie is gone: the ID token's nonce cannot be matched.
        callback = await StartAndPickAsync(client, "Lotta Testinen");
        foreach (Cookie cookie in cookies.GetCookies(new Uri("http://localhost/signin-oidc/test")))
        {
            if (cookie.Name.StartsWith(".polku.oidc.nonce.", StringComparison.Ordinal))
            {
                cookie.Expired = true;
            }
        }

        Assert.Equal("/login?error=signin.failed", (await client.GetAsync(callback)).Headers.Location!.ToString());

        // A code works once: a second browser replaying the whole callback with its own cookies still fails.
        callback = await StartAndPickAsync(client, "Lotta Testinen");
        Assert.Equal("/me", (await client.GetAsync(callback)).Headers.Location!.ToString());
        Assert.StartsWith("/login?error=", (await client.GetAsync(callback)).Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_from_a_provider_session_goes_to_its_end_session_endpoint_with_the_id_token_and_back_to_the_front_page()
    {
        var client = _factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        var me = await client.GetStringAsync(new Uri("/me", UriKind.Relative));
        var form = Regex.Match(me, "<form method=\"post\" action=\"/logout\"[^>]*>(.*?)</form>", RegexOptions.Singleline).Groups[1].Value;
        var logout = await SignIn.PostFormAsync(client, "/logout", SignIn.Token(form), []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var endSession = logout.Headers.Location!;
        Assert.StartsWith("http://localhost/test-idp/endsession?", endSession.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("http://localhost/signout-callback-oidc/test", Query(endSession, "post_logout_redirect_uri"));
        var hint = new JsonWebToken(Query(endSession, "id_token_hint"));
        Assert.Equal("polku-test-client", hint.Audiences.Single());
        Assert.NotEmpty(hint.Subject);

        // A hint the provider did not issue is refused.
        var forged = endSession.AbsoluteUri.Replace(Uri.EscapeDataString(hint.EncodedToken), "x.y.z", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri(forged))).StatusCode);

        var back = await client.GetAsync(endSession);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("http://localhost/signout-callback-oidc/test?state=", back.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var home = await client.GetAsync(back.Headers.Location);
        Assert.Equal("/", home.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// The logout request is a URL (browser history, proxy and provider logs): the ID token in it, as the test
    /// provider issues it like Suomi.fi, holds only the pairwise subject and protocol claims. The identity code and
    /// names reached Polku from the userinfo endpoint over the back channel.
    /// </summary>
    [Fact]
    public async Task The_ID_token_sent_at_logout_holds_no_identity_code_or_names_as_those_come_from_userinfo()
    {
        string code;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            code = (await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().SingleAsync(p => p.LastName == "Meikäläinen")).IdentityCode!;
        }

        var client = _factory.CreateBrowserLikeClient();
        Assert.Equal("/me", (await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen")).Headers.Location!.ToString());
        // Found by the identity code the userinfo endpoint gave: the known person, not a new one.
        Assert.Contains("Maija Meikäläinen", SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative))), StringComparison.Ordinal);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().CountAsync(p => p.IdentityCode == code));
        }

        var (_, token) = await SignIn.GetFormAsync(client, "/logout");
        var endSession = (await SignIn.PostFormAsync(client, "/logout", token, [])).Headers.Location!;
        Assert.StartsWith("http://localhost/test-idp/endsession?", endSession.AbsoluteUri, StringComparison.Ordinal);
        var hint = new JsonWebToken(Query(endSession, "id_token_hint"));
        Assert.Equal(TestIdentityProvider.SubjectFor(code), hint.Subject);
        Assert.Empty(hint.Claims.Select(c => c.Type).Except(["iss", "aud", "sub", "nonce", "at_hash", "iat", "nbf", "exp"]));

        // Nowhere in the URL, whether read as it is, unescaped, or with every base64url part of every value decoded.
        var texts = new List<string> { endSession.AbsoluteUri, Uri.UnescapeDataString(endSession.AbsoluteUri) };
        foreach (var (_, value) in QueryHelpers.ParseQuery(endSession.Query))
        {
            foreach (var part in value.ToString().Split('.'))
            {
                try
                {
                    texts.Add(System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(part)));
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    // Not base64url: already checked as it is.
                }
            }
        }

        Assert.Contains(texts, t => t.Contains(hint.Subject, StringComparison.Ordinal));
        foreach (var personal in new[] { code, code.Replace("-", "", StringComparison.Ordinal), "Meikäläinen", "Maija" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_cancelled_or_stale_sign_in_lands_on_the_login_page_with_the_message()
    {
        var client = _factory.CreateBrowserLikeClient();
        var start = await client.GetAsync(new Uri("/login/test", UriKind.Relative));
        var state = Query(start.Headers.Location!, "state");
        var cancelled = await client.GetAsync(new Uri($"/signin-oidc/test?error=access_denied&state={Uri.EscapeDataString(state)}", UriKind.Relative));
        Assert.Equal("/login?error=signin.cancelled", cancelled.Headers.Location!.ToString());
        Assert.Contains("Kirjautuminen keskeytettiin.", SignIn.Html(await client.GetStringAsync(cancelled.Headers.Location)), StringComparison.Ordinal);

        var stale = await client.GetAsync(new Uri("/signin-oidc/test?code=abc", UriKind.Relative));
        Assert.Equal("/login?error=signin.expired", stale.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/login/nobody", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_test_provider_page_searches_test_people_by_name_or_identity_code()
    {
        string maijaCode;
        Guid realPerson;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            maijaCode = (await db.Set<Person>().SingleAsync(p => p.LastName == "Meikäläinen")).IdentityCode!;
            // An ordinary identity code (not 900–999): never found nor accepted by the test provider.
            var person = new Person { Id = Guid.NewGuid(), IdentityCode = "131052-308T", FirstName = "Oona", LastName = "Oikea", CreatedUtc = DateTime.UnixEpoch };
            db.Set<Person>().Add(person);
            await db.SaveChangesAsync();
            realPerson = person.Id;
        }

        var client = _factory.CreateBrowserLikeClient();
        var authorize = (await client.GetAsync(new Uri("/login/test", UriKind.Relative))).Headers.Location!;
        var first = SignIn.Html(await client.GetStringAsync(authorize));
        Assert.DoesNotContain("name=\"pick\"", first, StringComparison.Ordinal);
        Assert.Contains("<label for=\"q\">Nimi tai henkilötunnus</label>", first, StringComparison.Ordinal);

        Assert.Contains(">Maija Meikäläinen</button>", await SearchAsync(client, authorize, first, "meikäläinen"), StringComparison.Ordinal);
        var byCode = await SearchAsync(client, authorize, first, maijaCode);
        Assert.Contains(">Maija Meikäläinen</button>", byCode, StringComparison.Ordinal);
        Assert.Contains("Löytyi: 1.", byCode, StringComparison.Ordinal);
        Assert.Contains(">Onni Vanhempi</button>", await SearchAsync(client, authorize, first, "Vanhempi Onni"), StringComparison.Ordinal);
        var none = await SearchAsync(client, authorize, first, "Oikea");
        Assert.DoesNotContain("Oona", none, StringComparison.Ordinal);
        Assert.Contains("Testihenkilöitä ei löytynyt.", none, StringComparison.Ordinal);
        Assert.DoesNotContain("Oona", await SearchAsync(client, authorize, first, "131052-308T"), StringComparison.Ordinal);

        using var pick = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = SignIn.Token(first), ["pick"] = realPerson.ToString() });
        var refused = await client.PostAsync(authorize, pick);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
    }

    [Fact]
    public async Task Two_instances_of_the_test_provider_share_the_signing_key_and_codes_through_the_database()
    {
        _ = _factory.Services;
        var node1 = _factory.Services.GetRequiredService<TestIdentityProvider>();
        using var node2 = ActivatorUtilities.CreateInstance<TestIdentityProvider>(_factory.Services);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var jwks1 = System.Text.Json.JsonSerializer.Serialize(await node1.JwksAsync(db, default));
        Assert.Equal(jwks1, System.Text.Json.JsonSerializer.Serialize(await node2.JwksAsync(db, default)));

        var verifier = Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        var request = new TestAuthorizeRequest("polku-test-client", "http://localhost/signin-oidc/test", "nonce-1", challenge);
        var code = await node1.IssueCodeAsync(db, request, new TestIdentity("010101A900R", "Testi", "Henkilö", "638"), default);
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["code"] = code, ["client_id"] = "polku-test-client", ["redirect_uri"] = request.RedirectUri, ["code_verifier"] = verifier,
        });
        var (tokens, error) = await node2.RedeemAsync(db, form, "http://localhost/test-idp", default);
        Assert.Null(error);
        var keys = new JsonWebKeySet(jwks1).GetSigningKeys();
        var valid = await new JsonWebTokenHandler().ValidateTokenAsync(tokens!.IdToken, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/test-idp", ValidAudience = "polku-test-client", IssuerSigningKeys = keys, ValidateLifetime = false,
        });
        Assert.True(valid.IsValid);
        // The access token one node issued opens the other node's userinfo: no node keeps it in memory.
        Assert.Equal("010101A900R", node1.UserInfo(tokens.AccessToken)!["national_identification_number"]);
        Assert.Equal("invalid_grant", (await node1.RedeemAsync(db, form, "http://localhost/test-idp", default)).Error);
    }

    private HttpClient Client(CookieContainer cookies) =>
        _factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));

    private static async Task<Uri> PickAsync(HttpClient client, Uri authorize, string person)
    {
        var (pick, token) = await SignIn.FindTestPersonAsync(client, authorize, person);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = token, ["pick"] = pick });
        var chosen = await client.PostAsync(authorize, form);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return chosen.Headers.Location!;
    }

    private static async Task<Uri> StartAndPickAsync(HttpClient client, string person)
    {
        var start = await client.GetAsync(new Uri("/login/test", UriKind.Relative));
        return await PickAsync(client, start.Headers.Location!, person);
    }

    private static async Task<string> SearchAsync(HttpClient client, Uri authorize, string page, string query)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [SignIn.TokenField] = SignIn.Token(page), ["q"] = query });
        var response = await client.PostAsync(new Uri(authorize.AbsoluteUri + "&handler=Search"), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SignIn.Html(await response.Content.ReadAsStringAsync());
    }

    private static string Query(Uri uri, string name) => QueryHelpers.ParseQuery(uri.Query)[name].ToString();

    /// <summary>The session cookie (joined from its chunks) opened with the app's own ticket format.</summary>
    private AuthenticationTicket SessionTicket(CookieContainer cookies)
    {
        var all = cookies.GetCookies(new Uri("http://localhost/")).Cast<Cookie>().ToDictionary(c => c.Name, c => c.Value);
        var value = all[".polku.session"];
        if (value.StartsWith("chunks-", StringComparison.Ordinal))
        {
            var count = int.Parse(value["chunks-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            value = string.Concat(Enumerable.Range(1, count).Select(i => all[$".polku.sessionC{i}"]));
        }

        var options = _factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        return options.TicketDataFormat.Unprotect(value) ?? throw new InvalidOperationException("The session cookie could not be read.");
    }
}
