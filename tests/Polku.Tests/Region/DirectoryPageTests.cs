using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Region;

/// <summary>The server-rendered front page and service directory, as a resident without JavaScript uses them.</summary>
public sealed class DirectoryPageTests
{
    [Theory]
    [InlineData("fi", "Palveluhakemisto", "lang=\"fi\"")]
    [InlineData("sv", "Tjänstekatalog", "lang=\"sv\"")]
    [InlineData("en", "Service directory", "lang=\"en\"")]
    public async Task Directory_is_served_in_each_language_and_the_choice_is_remembered(string lang, string heading, string htmlLang)
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateBrowserLikeClient();
        var switched = await client.GetAsync($"/language/{lang}?returnUrl=%2Fservices");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/services", switched.Headers.Location?.OriginalString);
        var html = await client.GetStringAsync("/services");
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(htmlLang, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switch_never_redirects_off_site()
    {
        await using var app = new PolkuAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync("/language/sv?returnUrl=https%3A%2F%2Fevil.example%2F");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Following_an_external_channel_records_a_pseudonymous_service_event_and_redirects()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateBrowserLikeClient();
        var page = await client.GetStringAsync("/services/health-station?municipality=434");
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(/go/[^\"]+)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.NotEmpty(link);
        var response = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var e = await db.ServiceEvents.SingleAsync(x => x.Type == "channel.followed");
        Assert.Equal("434", e.MunicipalityCode);
        Assert.Equal("health-station", e.ServiceCode);
        Assert.Null(e.ResidentKey);
    }

    /// <summary>
    /// The front page gives 112 and 116117 first; symptom cards say what each assessment is about, and the note that the
    /// demo content is not clinically validated is said once, not on every card (issue 12).
    /// </summary>
    [Fact]
    public async Task The_front_page_gives_the_emergency_numbers_and_says_the_demo_note_once()
    {
        await using var app = new PolkuAppFactory();
        var front = SignIn.Html(await app.CreateBrowserLikeClient().GetStringAsync("/"));
        Assert.Contains("href=\"tel:112\"", front, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:116117\"", front, StringComparison.Ordinal);
        Assert.Contains("<p>Äkillinen tai pitkittynyt yskä.</p>", front, StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(front, "kliinisesti", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    /// <summary>
    /// No dead ends or look-alikes (issue 12): before a municipality is chosen the page lists only county-wide channels;
    /// the remote appointment, which Polku books, links to booking; booking a service that needs an assessment first
    /// links to the assessments.
    /// </summary>
    [Fact]
    public async Task A_service_page_shows_county_wide_channels_until_a_municipality_is_chosen_and_booking_never_dead_ends()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateBrowserLikeClient();
        var county = SignIn.Html(await client.GetStringAsync("/services/health-station"));
        var porvoo = SignIn.Html(await client.GetStringAsync("/services/health-station?municipality=638"));
        int Cards(string html) => System.Text.RegularExpressions.Regex.Count(html[html.IndexOf("class=\"channel-list\"", StringComparison.Ordinal)..], "<li>");
        Assert.True(Cards(county) < Cards(porvoo), $"county {Cards(county)} cards, Porvoo {Cards(porvoo)}");
        var remote = porvoo[porvoo.IndexOf("<h3>Etävastaanotto</h3>", StringComparison.Ordinal)..];
        remote = remote[..remote.IndexOf("</li>", StringComparison.Ordinal)];
        Assert.Contains("href=\"/appointments/book?service=health-station&municipality=638\"", remote, StringComparison.Ordinal);
        Assert.DoesNotContain("myöhemmin", remote, StringComparison.Ordinal);

        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        using var booking = await client.GetAsync("/appointments/book?service=health-station&municipality=638");
        var book = SignIn.Html(await booking.Content.ReadAsStringAsync());
        Assert.Contains("Tähän palveluun ei voi varata aikaa suoraan.", book, StringComparison.Ordinal);
        Assert.Contains("id=\"assessment-first\" href=\"/assessments\"", book, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/services?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/services?q=%00%01%02")]
    [InlineData("/services/health-station?municipality=%27%3B%20DROP%20TABLE%20units%3B--")]
    [InlineData("/services/%E2%80%AE%F0%9F%98%80")]
    [InlineData("/go/00000000-0000-0000-0000-000000000000")]
    [InlineData("/language/xx")]
    public async Task Hostile_input_is_never_a_500_and_never_echoed_as_markup(string url)
    {
        await using var app = new PolkuAppFactory();
        var response = await app.CreateBrowserLikeClient().GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} gave {(int)response.StatusCode}");
        Assert.DoesNotContain("<script>alert(1)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
