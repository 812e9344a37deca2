using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06: disruption notices. A published notice reaches the public status API, the status page and the
/// residents' front page in fi/sv/en; drafts and ended notices never do; a planned break is shown as planned; texts are
/// text, never markup; bad input is a localised form error.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class NoticeTests
{
    /// <summary>Tuesday 10 March 2026, 12:00 in Helsinki (UTC+2, before summer time).</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    internal static async Task<HttpClient> DeskAsync(PolkuAppFactory factory)
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "tukipalvelu");
        return client;
    }

    private static Dictionary<string, string> Form(string kind, string suffix, string startDate, string startTime, string endDate = "", string endTime = "", string service = "omaolo") => new()
    {
        ["Input.Kind"] = kind,
        ["Input.Service"] = service,
        ["Input.TitleFi"] = "Häiriö " + suffix,
        ["Input.TitleSv"] = "Störning " + suffix,
        ["Input.TitleEn"] = "Disruption " + suffix,
        ["Input.BodyFi"] = "Palvelu ei toimi.\n\nKorjaamme vikaa.",
        ["Input.BodySv"] = "Tjänsten fungerar inte.\n\nVi åtgärdar felet.",
        ["Input.BodyEn"] = "The service does not work.\n\nWe are fixing it.",
        ["Input.StartDate"] = startDate,
        ["Input.StartTime"] = startTime,
        ["Input.EndDate"] = endDate,
        ["Input.EndTime"] = endTime,
    };

    /// <summary>Creates a draft through the staff form; returns the notice's id.</summary>
    internal static async Task<Guid> CreateAsync(HttpClient desk, Dictionary<string, string> fields)
    {
        var (_, token) = await SignIn.GetFormAsync(desk, "/service/notices/new");
        using var response = await SignIn.PostFormAsync(desk, "/service/notices/new", token, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var match = IdRegex().Match(response.Headers.Location!.ToString());
        Assert.True(match.Success, response.Headers.Location!.ToString());
        return Guid.Parse(match.Groups[1].Value);
    }

    private static async Task PostHandlerAsync(HttpClient desk, Guid id, string handler)
    {
        var url = $"/service/notices/{id:D}";
        var (_, token) = await SignIn.GetFormAsync(desk, url);
        using var response = await SignIn.PostFormAsync(desk, url + "?handler=" + handler, token, []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, string? lang)
    {
        using var response = await client.GetAsync(new Uri("/api/status" + (lang is null ? "" : "?lang=" + lang), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Titles(JsonElement status, string list) =>
        [.. status.GetProperty(list).EnumerateArray().Select(n => n.GetProperty("title").GetString()!)];

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_published_notice_reaches_the_status_api_the_status_page_and_the_front_page_in_three_languages_until_it_ends(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var desk = await DeskAsync(factory);
        var anonymous = factory.CreateClient();

        // Started at 11:00 Helsinki time, an hour ago; the title carries a script, which must stay text.
        var id = await CreateAsync(desk, Form("disruption", "<script>alert(1)</script>", "2026-03-10", "11:00"));

        // A draft: nowhere for residents.
        Assert.Empty(Titles(await StatusAsync(anonymous, null), "disruptions"));
        var statusPage = await PageAsync(anonymous, "/status?lang=fi");
        Assert.Contains("Ei tiedossa olevia häiriöitä.", SignIn.Html(statusPage), StringComparison.Ordinal);
        Assert.DoesNotContain("Häiriö <script>", SignIn.Html(statusPage), StringComparison.Ordinal);
        Assert.DoesNotContain("disruptions-heading", await PageAsync(anonymous, "/?lang=fi"), StringComparison.Ordinal);
        Assert.Contains("Häiriö <script>alert(1)</script>", SignIn.Html(await PageAsync(desk, "/service/notices")), StringComparison.Ordinal);

        await PostHandlerAsync(desk, id, "Publish");

        foreach (var (lang, title, service) in new[]
        {
            ("fi", "Häiriö <script>alert(1)</script>", "Omaolo-oirearvio"),
            ("sv", "Störning <script>alert(1)</script>", "Omaolo-symtombedömning"),
            ("en", "Disruption <script>alert(1)</script>", "Omaolo symptom assessment"),
        })
        {
            var status = await StatusAsync(anonymous, lang);
            var notice = Assert.Single(status.GetProperty("disruptions").EnumerateArray());
            Assert.Equal(title, notice.GetProperty("title").GetString());
            Assert.Equal(service, notice.GetProperty("service").GetString());
            Assert.Equal("disruption", notice.GetProperty("kind").GetString());
            Assert.Equal("2026-03-10T11:00:00+02:00", notice.GetProperty("start").GetString());
            Assert.Equal(JsonValueKind.Null, notice.GetProperty("end").ValueKind);
            Assert.Contains("\n\n", notice.GetProperty("body").GetString(), StringComparison.Ordinal);

            // The page shows the script as text: encoded in the HTML, never a tag.
            var page = await PageAsync(anonymous, "/status?lang=" + lang);
            Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
            Assert.Contains(title, SignIn.Html(page), StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"no-disruptions\"", page, StringComparison.Ordinal);

            var front = await PageAsync(anonymous, "/?lang=" + lang);
            Assert.Contains("disruptions-heading", front, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)", front, StringComparison.Ordinal);
            Assert.Contains(title, SignIn.Html(front), StringComparison.Ordinal);
            Assert.Contains("href=\"/status\"", front, StringComparison.Ordinal);
        }

        // Default language is Finnish.
        Assert.Equal(["Häiriö <script>alert(1)</script>"], Titles(await StatusAsync(anonymous, null), "disruptions"));

        await PostHandlerAsync(desk, id, "End");
        Assert.Empty(Titles(await StatusAsync(anonymous, "en"), "disruptions"));
        Assert.Contains("No known disruptions.", await PageAsync(anonymous, "/status?lang=en"), StringComparison.Ordinal);
        Assert.DoesNotContain("disruptions-heading", await PageAsync(anonymous, "/?lang=en"), StringComparison.Ordinal);
        Assert.Contains("id=\"notice-state\"", await PageAsync(desk, $"/service/notices/{id:D}"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_planned_break_is_shown_as_planned_and_a_disruption_not_yet_started_is_not_shown(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var desk = await DeskAsync(factory);
        var anonymous = factory.CreateClient();

        // A maintenance window on Thursday 12.3.2026 08:00–10:00 (Finnish date format), and one on 29.3.2026 across the
        // change to summer time (02:00–05:00 Helsinki is only two hours of real time; the offsets say so).
        var planned = await CreateAsync(desk, Form("planned", "huolto", "12.3.2026", "8.00", "2026-03-12", "10:00", service: "video"));
        var dst = await CreateAsync(desk, Form("planned", "kesäaika", "2026-03-29", "02:00", "2026-03-29", "05:00", service: ""));
        var future = await CreateAsync(desk, Form("disruption", "tuleva", "2026-03-11", "09:00"));
        foreach (var id in new[] { planned, dst, future })
        {
            await PostHandlerAsync(desk, id, "Publish");
        }

        var status = await StatusAsync(anonymous, "fi");
        Assert.Empty(Titles(status, "disruptions"));
        var list = status.GetProperty("planned").EnumerateArray().ToList();
        Assert.Equal(["Häiriö huolto", "Häiriö kesäaika"], list.Select(n => n.GetProperty("title").GetString()));
        Assert.All(list, n => Assert.Equal("planned", n.GetProperty("kind").GetString()));
        Assert.Equal("Videovastaanottopalvelu", list[0].GetProperty("service").GetString());
        Assert.Equal("2026-03-12T08:00:00+02:00", list[0].GetProperty("start").GetString());
        Assert.Equal("2026-03-12T10:00:00+02:00", list[0].GetProperty("end").GetString());
        Assert.Equal(JsonValueKind.Null, list[1].GetProperty("service").ValueKind);
        Assert.Equal("2026-03-29T02:00:00+02:00", list[1].GetProperty("start").GetString());
        Assert.Equal("2026-03-29T05:00:00+03:00", list[1].GetProperty("end").GetString());

        var page = SignIn.Html(await PageAsync(anonymous, "/status?lang=sv"));
        Assert.Contains("Inga kända störningar.", page, StringComparison.Ordinal);
        var plannedSection = page[page.IndexOf("planned-heading", StringComparison.Ordinal)..];
        Assert.Contains("Planerat avbrott: Videomottagningstjänst · 12.3.2026 8.00 – 12.3.2026 10.00", plannedSection, StringComparison.Ordinal);
        Assert.Contains("Störning huolto", plannedSection, StringComparison.Ordinal);
        Assert.DoesNotContain("Störning tuleva", page, StringComparison.Ordinal);
        Assert.Contains("Planerat avbrott:", SignIn.Html(await PageAsync(anonymous, "/?lang=sv")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Bad_input_is_a_localised_form_error_and_saves_nothing(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var desk = await DeskAsync(factory);

        var missingSwedish = Form("disruption", "x", "2026-03-10", "11:00");
        missingSwedish["Input.TitleSv"] = "  ";
        var endBeforeStart = Form("disruption", "y", "2026-03-10", "11:00", "10.3.2026", "10:59");
        var badDate = Form("disruption", "z", "31.2.2026", "25:00");
        var plannedWithoutEnd = Form("planned", "w", "2026-03-12", "08:00");
        var unknownService = Form("disruption", "v", "2026-03-10", "11:00", service: "no-such-service");
        foreach (var (fields, lang, field, message) in new[]
        {
            (missingSwedish, "sv", "Input_TitleSv-error", "Skriv rubriken på alla tre språken."),
            (missingSwedish, "fi", "Input_TitleSv-error", "Kirjoita otsikko kaikilla kolmella kielellä."),
            (endBeforeStart, "en", "Input_EndDate-error", "The end must be after the start."),
            (badDate, "en", "Input_StartDate-error", "Enter the date as yyyy-mm-dd or d.m.yyyy."),
            (badDate, "en", "Input_StartTime-error", "Enter the time as hh:mm."),
            (plannedWithoutEnd, "fi", "Input_EndDate-error", "Suunnitellulla käyttökatkolla pitää olla päättymisaika."),
            (unknownService, "en", "Input_Service-error", "Choose a service from the list."),
        })
        {
            var (_, token) = await SignIn.GetFormAsync(desk, "/service/notices/new?lang=" + lang);
            using var response = await SignIn.PostFormAsync(desk, "/service/notices/new?lang=" + lang, token, fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = SignIn.Html(await response.Content.ReadAsStringAsync());
            Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Matches($"id=\"{field}\">[^<]*{Regex.Escape(message)}", html);
            Assert.DoesNotContain("sm.notices.", html, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"no-disruptions\"", await PageAsync(factory.CreateClient(), "/status"), StringComparison.Ordinal);
        Assert.DoesNotContain("notice-row", await PageAsync(desk, "/service/notices"), StringComparison.Ordinal);

        using var badLang = await factory.CreateClient().GetAsync(new Uri("/api/status?lang=de", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badLang.StatusCode);
        var problem = await badLang.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sm.notices.error.lang", problem.GetProperty("code").GetString());
        Assert.Equal("Kielen pitää olla fi, sv tai en.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Residents_and_anonymous_users_reach_the_status_page_but_not_the_staff_pages()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(Now) };
        var anonymous = factory.CreateBrowserLikeClient();
        var resident = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        foreach (var client in new[] { anonymous, resident })
        {
            using (var status = await client.GetAsync(new Uri("/status", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            }

            foreach (var url in new[] { "/service/notices", "/service/notices/new", "/service/knowledge", "/service/knowledge/KB-0001", "/api/service-management/knowledge" })
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{url}: {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Matches("/login|/forbidden", response.Headers.Location!.ToString());
                }
            }
        }
    }

    [GeneratedRegex("^/service/notices/([0-9a-f-]{36})\\?done=saved$")]
    private static partial Regex IdRegex();
}
