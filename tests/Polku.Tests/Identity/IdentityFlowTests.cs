using Polku.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Persistence;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Polku.Tests.Identity;

public sealed class IdentityFlowTests(PolkuAppFactory factory) : IClassFixture<PolkuAppFactory>
{
    [Fact]
    public async Task Resident_signs_in_through_the_test_provider_and_sees_own_page()
    {
        var client = factory.CreateBrowserLikeClient();
        var login = await client.GetStringAsync(new Uri("/login", UriKind.Relative));
        Assert.Contains("/login/test", login, StringComparison.Ordinal);

        var callback = await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/me", callback.Headers.Location!.ToString());

        var me = SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Contains("Maija Meikäläinen", me, StringComparison.Ordinal);
        Assert.Contains("140580-****", me, StringComparison.Ordinal);
        Assert.Contains("Esimerkkikatu", me, StringComparison.Ordinal);

        var log = SignIn.Html(await client.GetStringAsync(new Uri("/me/access-log", UriKind.Relative)));
        Assert.Contains("Maija Meikäläinen", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Protected_address_never_appears()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Tuula Turvattu");
        var me = SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Contains("Tuula Turvattu", me, StringComparison.Ordinal);
        Assert.DoesNotContain("Salainen osoite", me, StringComparison.Ordinal);
        Assert.DoesNotContain("04130", me, StringComparison.Ordinal);
        var api = await client.GetStringAsync(new Uri("/api/me", UriKind.Relative));
        Assert.DoesNotContain("Salainen", api, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guardian_acts_for_young_child_but_not_for_older_one()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Ville Vanhempi");
        var me = SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Contains("Onni Vanhempi", me, StringComparison.Ordinal);
        Assert.DoesNotContain("Ella Vanhempi", me, StringComparison.Ordinal);
        var onni = Regex.Match(me, "name=\"wardId\" value=\"([0-9a-f-]+)\"").Groups[1].Value;

        // Ella is the guardian's ward too, but over the age limit; a random id is nobody's ward. Both are refused.
        Guid ella;
        using (var scope = factory.Services.CreateScope())
        {
            ella = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>()
                .Where(p => p.FirstName == "Ella" && p.LastName == "Vanhempi").Select(p => p.Id).SingleAsync();
        }

        foreach (var refused in new[] { ella, Guid.NewGuid() })
        {
            using var bad = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SignIn.Token(me), ["wardId"] = refused.ToString() });
            var denied = await client.PostAsync(new Uri("/me?handler=Act", UriKind.Relative), bad);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using var good = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = SignIn.Token(me), ["wardId"] = onni });
        var acted = await client.PostAsync(new Uri("/me?handler=Act", UriKind.Relative), good);
        Assert.Equal(HttpStatusCode.Redirect, acted.StatusCode);
        var wardPage = SignIn.Html(await client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Contains("Onni Vanhempi", wardPage, StringComparison.Ordinal);
        Assert.Contains("Toimit henkilön Onni Vanhempi puolesta", wardPage, StringComparison.Ordinal);
        Assert.Matches("\\d{6}A\\*\\*\\*\\*", wardPage);
    }

    [Fact]
    public async Task Wrong_code_verifier_is_invalid_grant()
    {
        var client = factory.CreateBrowserLikeClient();
        var start = await client.GetAsync(new Uri("/login/test", UriKind.Relative));
        var authorize = start.Headers.Location!;
        var (pick, antiforgery) = await SignIn.FindTestPersonAsync(client, authorize, "Maija Meikäläinen");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["pick"] = pick });
        var chosen = await client.PostAsync(authorize, form);
        var code = Regex.Match(chosen.Headers.Location!.Query, "code=([^&]+)").Groups[1].Value;
        var redirect = Regex.Match(authorize.Query, "redirect_uri=([^&]+)").Groups[1].Value;
        using var token = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = Uri.UnescapeDataString(code),
            ["client_id"] = "polku-test-client",
            ["redirect_uri"] = Uri.UnescapeDataString(redirect),
            ["code_verifier"] = new string('x', 60),
        });
        var response = await client.PostAsync(new Uri("/test-idp/token", UriKind.Relative), token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_grant", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("131052-308T", true, null)]
    [InlineData("131052-308U", false, "hetu.check_character")]
    [InlineData("131052308T", false, "hetu.length")]
    [InlineData("", false, "hetu.required")]
    [InlineData("311152-308T", false, "hetu.date_invalid")]
    [InlineData("131052-308t", false, "hetu.lowercase")]
    public async Task Validate_hetu(string hetu, bool valid, string? error)
    {
        var client = factory.CreateBrowserLikeClient();
        var response = await client.PostAsJsonAsync(new Uri("/api/identity/validate-hetu", UriKind.Relative), new { hetu });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(valid, json.RootElement.GetProperty("valid").GetBoolean());
        if (valid)
        {
            Assert.Equal("1952-10-13", json.RootElement.GetProperty("birthDate").GetString());
        }
        else
        {
            Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"hetu\":123}")]
    [InlineData("{\"hetu\":{\"x\":\"131052-308T\"}}")]
    [InlineData("[\"131052-308T\"]")]
    [InlineData("{}")]
    public async Task Validate_hetu_bad_bodies_are_400(string body)
    {
        var client = factory.CreateBrowserLikeClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/identity/validate-hetu", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Demo_staff_signs_in_to_desk()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        var desk = SignIn.Html(await client.GetStringAsync(new Uri("/desk", UriKind.Relative)));
        Assert.Contains("Hanna Hoitaja", desk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_from_the_page_header_ends_the_session()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Lotta Testinen");
        var me = await client.GetStringAsync(new Uri("/me", UriKind.Relative));
        var logoutForm = Regex.Match(me, "<form method=\"post\" action=\"/logout\"[^>]*>(.*?)</form>", RegexOptions.Singleline).Groups[1].Value;
        var token = SignIn.Token(logoutForm);
        Assert.NotEmpty(token);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var posted = await client.PostAsync(new Uri("/logout", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await client.GetAsync(new Uri("/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
