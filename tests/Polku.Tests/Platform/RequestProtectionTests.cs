using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// What a browser on another site cannot make a signed-in user's browser do (cross-site API calls), what a proxy or a
/// forged <c>Host</c> cannot put into Polku's links, and what no cache may keep (personal data).
/// </summary>
public sealed partial class RequestProtectionTests(PolkuAppFactory factory) : IClassFixture<PolkuAppFactory>
{
    private const string Evil = "https://evil.example";

    private async Task<Guid> NewTaskAsync()
    {
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        using var sent = await maija.PostAsJsonAsync(new Uri("/api/messages/threads", UriKind.Relative), new { subject = "Kysymys", body = "Tarvitsen neuvoa." });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var threadId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => t.Id).SingleAsync();
    }

    private async Task<TaskState> StateAsync(Guid taskId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.Id == taskId).Select(t => t.State).SingleAsync();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, HttpContent content, string? origin, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task A_cookie_alone_cannot_claim_a_task_from_another_site()
    {
        var taskId = await NewTaskAsync();
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var claim = $"/api/desk/tasks/{taskId}/claim";

        // What a page on another site can send without a preflight: text/plain and form bodies, from its own origin.
        using (var plain = await PostAsync(nurse, claim, new StringContent("{}", Encoding.UTF8, "text/plain"), Evil))
        {
            Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
            Assert.Equal("request.cross_site", await CodeAsync(plain));
            Assert.Equal("application/problem+json", plain.Content.Headers.ContentType!.MediaType);
        }

        using (var form = await PostAsync(nurse, claim, new FormUrlEncodedContent([new("x", "1")]), Evil))
        {
            Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
            Assert.Equal("request.cross_site", await CodeAsync(form));
        }

        // A sibling subdomain is the same site (SameSite=Lax sends the cookie) but not the same origin.
        using (var sibling = await PostAsync(nurse, claim, JsonContent.Create(new { }), "http://other.localhost"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
        }

        using (var fetchMetadata = await PostAsync(nurse, claim, JsonContent.Create(new { }), PolkuAppFactory.PublicBaseUrl, "same-site"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, fetchMetadata.StatusCode);
        }

        // Even from Polku's own origin a form body is refused: no API takes one.
        using (var ownForm = await PostAsync(nurse, claim, new FormUrlEncodedContent([new("x", "1")]), PolkuAppFactory.PublicBaseUrl))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, ownForm.StatusCode);
            Assert.Equal("request.json_required", await CodeAsync(ownForm));
        }

        Assert.Equal(TaskState.New, await StateAsync(taskId));

        using (var own = await PostAsync(nurse, claim, JsonContent.Create(new { }), PolkuAppFactory.PublicBaseUrl))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        Assert.Equal(TaskState.Claimed, await StateAsync(taskId));
    }

    [Fact]
    public async Task Without_an_origin_only_fetch_metadata_can_vouch_for_the_caller()
    {
        var taskId = await NewTaskAsync();
        var nurse = factory.CreateBrowserLikeClient();
        nurse.DefaultRequestHeaders.Remove("Origin");
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var release = $"/api/desk/tasks/{taskId}/claim";

        using (var bare = await PostAsync(nurse, release, JsonContent.Create(new { }), origin: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        }

        using (var crossSite = await PostAsync(nurse, release, JsonContent.Create(new { }), origin: null, fetchSite: "cross-site"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }

        // A command without a body needs no content type, as fetch sends it.
        using (var sameOrigin = await PostAsync(nurse, release, new ByteArrayContent([]), origin: null, fetchSite: "same-origin"))
        {
            Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_calls_carry_no_authority_and_are_not_checked()
    {
        var anonymous = factory.CreateClient();
        using var response = await PostAsync(anonymous, "/api/identity/validate-hetu", JsonContent.Create(new { hetu = "131052-308T" }), Evil);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Forms_may_post_only_to_Polku_itself()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/login", UriKind.Relative));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is for Production only.");
    }

    [Fact]
    public async Task A_configured_identity_provider_may_receive_the_sign_out_redirect()
    {
        await using var app = new PolkuAppFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Identity:Oidc:Providers:county:Authority"] = "https://login.county.example/realms/staff",
                ["Identity:Oidc:Providers:county:ClientId"] = "polku",
                ["Identity:Oidc:Providers:county:Kind"] = "staff",
            },
        };
        using var response = await app.CreateClient().GetAsync(new Uri("/", UriKind.Relative));
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("form-action 'self' https://login.county.example", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personal_data_is_never_stored_by_a_cache()
    {
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        foreach (var (client, url) in new[] { (maija, "/api/me"), (maija, "/me"), (maija, "/me/messages"), (nurse, "/api/desk/queues"), (nurse, "/desk") })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: Cache-Control is '{response.Headers.CacheControl}'");
        }

        // Static files stay cacheable; an anonymous public page has nothing personal.
        using var css = await maija.GetAsync(new Uri("/css/site.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
        using var front = await factory.CreateClient().GetAsync(new Uri("/services", UriKind.Relative));
        Assert.NotEqual(true, front.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task A_request_for_another_host_is_refused()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Host = "evil.example";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Links_use_the_configured_public_address_whatever_host_the_request_named()
    {
        await using var app = new PolkuAppFactory
        {
            Settings = new Dictionary<string, string?> { ["Site:PublicBaseUrl"] = "https://polku.example.fi" },
        };
        var nurse = app.CreateBrowserLikeClient();
        // The test server answers at localhost; 127.0.0.1 is another allowed name for it in Development.
        nurse.DefaultRequestHeaders.Host = "127.0.0.1";
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var (_, token) = await SignIn.GetFormAsync(nurse, "/desk/calendar-feed");
        using (var created = await SignIn.PostFormAsync(nurse, "/desk/calendar-feed?handler=Create", token, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var (html, _) = await SignIn.GetFormAsync(nurse, "/desk/calendar-feed");
        Assert.Matches(FeedUrl(), html);
        Assert.DoesNotContain("127.0.0.1", html, StringComparison.Ordinal);

        using var fhir = await app.CreateClient().GetAsync(new Uri("/api/appointments/slots/fhir?serviceCode=health-station&municipality=638", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, fhir.StatusCode);
        Assert.Contains("\"https://polku.example.fi/api/appointments/slots/fhir?", await fhir.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("value=\"https://polku\\.example\\.fi/calendar/[A-Za-z0-9_-]{43}\\.ics\"")]
    private static partial Regex FeedUrl();
}
