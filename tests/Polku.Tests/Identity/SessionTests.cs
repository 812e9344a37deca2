using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// A session ends on the server: a cookie copied while the session was alive stops working after logout, after the idle
/// and the absolute timeout and after "sign out everywhere" — on the JSON API, the desk API and pages, on every node.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SessionTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly Uri Site = new(PolkuAppFactory.PublicBaseUrl);

    /// <summary>A client whose cookie jar the test can read, as someone copying the cookies out of a browser would.</summary>
    private sealed record Browser(HttpClient Client, CookieContainer Jar)
    {
        public string Cookies => Jar.GetCookieHeader(Site);
    }

    private static Browser Open(PolkuAppFactory app)
    {
        var jar = new CookieContainer();
        return new Browser(app.CreateDefaultClient(Site, new CookieContainerHandler(jar)), jar);
    }

    private static async Task<Browser> ResidentAsync(PolkuAppFactory app, string name)
    {
        var browser = Open(app);
        await SignIn.SignInAsResidentAsync(browser.Client, name);
        return browser;
    }

    private static async Task<Browser> StaffAsync(PolkuAppFactory app, string login)
    {
        var browser = Open(app);
        await SignIn.SignInAsStaffAsync(browser.Client, login);
        return browser;
    }

    /// <summary>A request carrying only the copied cookies, from a client that has never signed in.</summary>
    private static async Task<HttpResponseMessage> ReplayAsync(PolkuAppFactory app, string cookies, string url)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    private static async Task AssertWorksAsync(PolkuAppFactory app, string cookies, string apiUrl, string pageUrl)
    {
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, cookies, apiUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, cookies, pageUrl)).StatusCode);
    }

    private static async Task AssertRefusedAsync(PolkuAppFactory app, string cookies, string apiUrl, string pageUrl)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(app, cookies, apiUrl)).StatusCode);
        var page = await ReplayAsync(app, cookies, pageUrl);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task LogoutAsync(Browser browser)
    {
        var (_, token) = await SignIn.GetFormAsync(browser.Client, "/logout");
        using var response = await SignIn.PostFormAsync(browser.Client, "/logout", token, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<int> SessionRowsAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<UserSession>().CountAsync();
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Logout_ends_the_session_so_a_copied_cookie_is_refused_on_every_node(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        _ = app.Services;
        await using var otherNode = new PolkuAppFactory(app);
        var maija = await ResidentAsync(app, "Maija Meikäläinen");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var maijaCopy = maija.Cookies;
        var nurseCopy = nurse.Cookies;

        // While signed in, the copies work on both nodes: nothing about the session is held by one node.
        foreach (var node in new[] { app, otherNode })
        {
            await AssertWorksAsync(node, maijaCopy, "/api/me", "/me");
            await AssertWorksAsync(node, nurseCopy, "/api/desk/queues", "/desk");
        }

        await LogoutAsync(maija);
        await LogoutAsync(nurse);

        foreach (var node in new[] { app, otherNode })
        {
            await AssertRefusedAsync(node, maijaCopy, "/api/me", "/me");
            await AssertRefusedAsync(node, nurseCopy, "/api/desk/queues", "/desk");
        }

        Assert.Equal(0, await SessionRowsAsync(app));
    }

    [Fact]
    public async Task After_the_idle_timeout_the_session_is_over_even_though_the_cookie_has_not_expired()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await using var app = new PolkuAppFactory { Time = clock };
        var maija = await ResidentAsync(app, "Maija Meikäläinen");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");

        // Activity keeps the session: 29 minutes apart, three times, is 87 minutes in all.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(29));
            await AssertWorksAsync(app, maija.Cookies, "/api/me", "/me");
            await AssertWorksAsync(app, nurse.Cookies, "/api/desk/queues", "/desk");
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        await AssertRefusedAsync(app, maija.Cookies, "/api/me", "/me");
        await AssertRefusedAsync(app, nurse.Cookies, "/api/desk/queues", "/desk");

        // The session is gone, not just asleep: going back in time (or an old cookie) does not revive it.
        Assert.Equal(0, await SessionRowsAsync(app));
    }

    [Fact]
    public async Task After_the_absolute_timeout_even_an_active_session_is_over()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero));
        await using var app = new PolkuAppFactory { Time = clock };
        var maija = await ResidentAsync(app, "Maija Meikäläinen");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");

        // A request every 25 minutes for 11 h 40 min: never idle, still within the default 12 hours.
        for (var elapsed = TimeSpan.Zero; elapsed + TimeSpan.FromMinutes(25) < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(25))
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, maija.Cookies, "/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, nurse.Cookies, "/api/desk/queues")).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(25));
        await AssertRefusedAsync(app, maija.Cookies, "/api/me", "/me");
        await AssertRefusedAsync(app, nurse.Cookies, "/api/desk/queues", "/desk");
    }

    [Fact]
    public async Task The_configured_timeouts_are_the_ones_enforced()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero));
        await using var app = new PolkuAppFactory
        {
            Time = clock,
            Settings = new Dictionary<string, string?> { ["Session:IdleMinutes"] = "5", ["Session:AbsoluteHours"] = "1" },
        };
        var idle = await ResidentAsync(app, "Maija Meikäläinen");
        var active = await StaffAsync(app, "hoitaja.porvoo");
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, active.Cookies, "/api/desk/queues")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(app, idle.Cookies, "/api/me")).StatusCode);
        for (var minutes = 6; minutes < 60; minutes += 4)
        {
            Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, active.Cookies, "/api/desk/queues")).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(4));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(app, active.Cookies, "/api/desk/queues")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_session_of_that_person_and_no_one_elses()
    {
        await using var app = new PolkuAppFactory();
        var phone = await ResidentAsync(app, "Maija Meikäläinen");
        var laptop = await ResidentAsync(app, "Maija Meikäläinen");
        var erik = await ResidentAsync(app, "Erik Exempelsson");
        var laptopCopy = laptop.Cookies;

        var (_, token) = await SignIn.GetFormAsync(phone.Client, "/me");
        using (var everywhere = await SignIn.PostFormAsync(phone.Client, "/me?handler=SignOutEverywhere", token, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        }

        await AssertRefusedAsync(app, laptopCopy, "/api/me", "/me");
        await AssertRefusedAsync(app, phone.Cookies, "/api/me", "/me");
        await AssertWorksAsync(app, erik.Cookies, "/api/me", "/me");
    }

    [Fact]
    public async Task A_cookie_planted_before_sign_in_never_becomes_the_victims_session()
    {
        await using var app = new PolkuAppFactory();
        var attacker = await ResidentAsync(app, "Erik Exempelsson");
        var planted = attacker.Cookies;

        var victim = Open(app);
        victim.Jar.SetCookies(Site, planted.Replace("; ", ",", StringComparison.Ordinal));
        await SignIn.SignInAsResidentAsync(victim.Client, "Maija Meikäläinen");
        Assert.NotEqual(planted, victim.Cookies);

        // The planted cookie neither reaches Maija's data nor keeps the attacker's own session alive.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReplayAsync(app, planted, "/api/me")).StatusCode);
        var me = await ReplayAsync(app, victim.Cookies, "/api/me");
        Assert.Contains("Maija", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_carries_no_provider_token_and_logout_still_hands_the_provider_its_hint()
    {
        await using var app = new PolkuAppFactory();
        var maija = await ResidentAsync(app, "Maija Meikäläinen");

        // What the browser holds: Polku's principal and the session id, not the provider's ID token.
        var cookie = maija.Jar.GetCookies(Site)[".polku.session"]!.Value;
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie)!;
        Assert.NotNull(ticket);
        Assert.Empty(Microsoft.AspNetCore.Authentication.AuthenticationTokenExtensions.GetTokens(ticket.Properties));
        Assert.DoesNotContain(ticket.Properties.Items.Keys, k => k.Contains("Token", StringComparison.OrdinalIgnoreCase));

        // The session row keeps it, protected; logout sends it to the test provider's end-session endpoint.
        using (var scope = app.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<UserSession>().AsNoTracking().SingleAsync();
            Assert.NotNull(row.IdTokenProtected);
            Assert.DoesNotContain(".", row.IdTokenProtected, StringComparison.Ordinal);
        }

        var (_, token) = await SignIn.GetFormAsync(maija.Client, "/logout");
        using var logout = await SignIn.PostFormAsync(maija.Client, "/logout", token, []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Contains("/test-idp/endsession?", logout.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("id_token_hint=", logout.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await SessionRowsAsync(app));
    }
}
