using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Contracts;
using Polku.Contacts.Feedback;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ControlTower;

/// <summary>
/// The control tower's feedback views (issue 17 item 5, spec 05): feedback given through the real path after anonymous
/// assessments, then read by the organiser — NPS and the share satisfied computed by hand, split per municipality, the
/// monthly trend by Helsinki month, a free-text search shown as text, localised errors, and no access for others.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class FeedbackViewsTests
{
    /// <summary>20 February 2026, 12:00 in Helsinki.</summary>
    private static readonly DateTimeOffset February = new(2026, 2, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>28 February 2026 22:30 UTC: already 1 March, 00:30, in Helsinki.</summary>
    private static readonly DateTimeOffset MarchInHelsinki = new(2026, 2, 28, 22, 30, 0, TimeSpan.Zero);

    private static readonly CultureInfo Finnish = CultureInfo.GetCultureInfo("fi-FI");

    private const string Period = "from=2026-02-01&to=2026-03-31";

    private static async Task<Guid> AnonymousAssessmentAsync(HttpClient client, string municipality)
    {
        var answers = new Dictionary<string, object>
        {
            ["breathless-rest"] = false, ["chest-pain"] = "no", ["confusion"] = false, ["breathless-exertion"] = false, ["fever"] = false,
            ["duration"] = 2, ["symptoms"] = new[] { "runny-nose", "sore-throat" }, ["risk-group"] = new[] { "none" },
        };
        using var created = await client.PostAsJsonAsync(new Uri("/api/assessments/respiratory-infection/responses", UriKind.Relative),
            new { answers, context = new { municipality } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An anonymous assessment in the municipality and the feedback on it (a score with an optional text, or a skip).</summary>
    private static async Task<Guid> GiveAsync(HttpClient client, string municipality, int? score, string? text = null)
    {
        var id = await AnonymousAssessmentAsync(client, municipality);
        object body = score is { } s
            ? new { transaction = new { kind = "assessment", id }, score = s, text }
            : new { transaction = new { kind = "assessment", id }, skip = true };
        using var given = await client.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        return id;
    }

    private static string Number(decimal value) => value.ToString("0.#", Finnish);

    /// <summary>The cells (as text, trimmed and decoded) of the row named <paramref name="name"/> in the table <paramref name="tableId"/>.</summary>
    private static IReadOnlyList<string> Row(string html, string tableId, string name)
    {
        var table = Regex.Match(html, "<table class=\"data-table\" id=\"" + tableId + "\">(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {tableId}");
        foreach (Match row in RowRegex().Matches(table.Groups[1].Value))
        {
            var cells = CellRegex().Matches(row.Groups[1].Value)
                .Select(c => WebUtility.HtmlDecode(TagRegex().Replace(c.Groups[1].Value, "")).Trim())
                .ToList();
            if (cells.Count > 0 && cells[0] == name)
            {
                return [.. cells.Skip(1)];
            }
        }

        throw new Xunit.Sdk.XunitException($"no row {name} in {tableId}");
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_organiser_sees_nps_per_municipality_the_trend_and_free_texts_as_text(string engine)
    {
        var time = new ManualTimeProvider(February);
        await using var factory = new PolkuAppFactory(engine) { Time = time };
        var resident = factory.CreateBrowserLikeClient();

        // February (Helsinki): Loviisa 8 and 0.
        var ids = new List<Guid>
        {
            await GiveAsync(resident, "434", 8),
            await GiveAsync(resident, "434", 0, "Odotin liian kauan."),
        };

        // 1 March in Helsinki (still 28 February in UTC): Porvoo 10, 9 and 3, and a skip in Sipoo.
        time.Advance(MarchInHelsinki - February);
        ids.Add(await GiveAsync(resident, "638", 10, "Palvelu oli 100% hyvää"));
        ids.Add(await GiveAsync(resident, "638", 9));
        ids.Add(await GiveAsync(resident, "638", 3, "<script>alert(1)</script> Jonotus oli PITKÄ ja_hidas"));
        ids.Add(await GiveAsync(resident, "753", null));

        // The contract itself: every month the period touches (zeros included), Helsinki days, bounded search pages.
        using (var scope = factory.Services.CreateScope())
        {
            var report = scope.ServiceProvider.GetRequiredService<IFeedbackReport>();
            var months = await report.TrendAsync(new FeedbackReportFilter(new DateOnly(2025, 12, 15), new DateOnly(2026, 3, 31)));
            Assert.Equal([(new DateOnly(2025, 12, 1), 0), (new DateOnly(2026, 1, 1), 0), (new DateOnly(2026, 2, 1), 2), (new DateOnly(2026, 3, 1), 3)],
                months.Select(m => (m.Month, m.Answers)));
            Assert.Equal(3, Assert.Single(await report.TrendAsync(new FeedbackReportFilter(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)))).Answers);
            Assert.Empty(await report.SummaryAsync(new FeedbackReportFilter(new DateOnly(2026, 2, 21), new DateOnly(2026, 2, 28))));
            var inPorvoo = Assert.Single(await report.SummaryAsync(new FeedbackReportFilter(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 31), "638")));
            Assert.Equal(("assessment", 3, 2, 0, 1, 0), (inPorvoo.Stage, inPorvoo.Answers, inPorvoo.Promoters, inPorvoo.Passives, inPorvoo.Detractors, inPorvoo.Skipped));
            var all = new FeedbackReportFilter(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 31));
            var first = await report.SearchAsync(all, "OLI", 1);
            Assert.Equal((2, 2, 1), (first.Total, first.Hits.Count, first.Pages));
            var past = await report.SearchAsync(all, "oli", 2);
            Assert.Equal((2, 0), (past.Total, past.Hits.Count));
            Assert.Equal(0, (await report.SearchAsync(all, "  ", 1)).Total);
            Assert.Equal(1, (await report.SearchAsync(all, "pitkä", 1)).Total);
            Assert.Equal(0, (await report.SearchAsync(all with { MunicipalityCode = "434" }, "oli", 1)).Total);
        }

        var organiser = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(organiser, "jarjestaja");
        using var response = await organiser.GetAsync(new Uri("/tower/feedback?" + Period, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        // Per municipality: answers, NPS (% promoters − % detractors), satisfied (9–10), detractors, skipped.
        Assert.Equal(["3", Number(100m * (2 - 1) / 3), Number(66.7m) + " %", Number(33.3m) + " %", "0"], Row(html, "feedback-municipalities", "Porvoo"));
        Assert.Equal(["2", Number(-50m), "0 %", "50 %", "0"], Row(html, "feedback-municipalities", "Loviisa"));
        Assert.Equal(["0", "ei vastauksia", "ei vastauksia", "ei vastauksia", "1"], Row(html, "feedback-municipalities", "Sipoo"));
        Assert.Equal(["5", "0", "40 %", "40 %", "1"], Row(html, "feedback-municipalities", "Yhteensä"));

        // Per stage: every answer here followed an assessment; per service the same total.
        Assert.Equal(["5", "0", "40 %", "40 %", "1"], Row(html, "feedback-stages", "Oirearvio"));
        Assert.Equal(["5", "0", "40 %", "40 %", "1"], Row(html, "feedback-services", "Yhteensä"));

        // The trend by Helsinki month: the answers of 28 February 22:30 UTC belong to March.
        Assert.Equal(["2", "0", "1", Number(-50m)], Row(html, "feedback-trend", new DateOnly(2026, 2, 1).ToString("MMMM yyyy", Finnish)));
        Assert.Equal(["3", "2", "1", Number(33.3m)], Row(html, "feedback-trend", new DateOnly(2026, 3, 1).ToString("MMMM yyyy", Finnish)));
        Assert.Contains("<svg class=\"chart\" id=\"chart-feedback-trend\"", html, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-feedback-trend-title\">", html, StringComparison.Ordinal);

        // Names, never codes or ids.
        foreach (var id in ids)
        {
            Assert.DoesNotContain(id.ToString(), html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(">638<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tower.feedback.", html, StringComparison.Ordinal);

        // Filtered to one municipality: only its rows.
        var porvoo = await organiser.GetStringAsync(new Uri("/tower/feedback?" + Period + "&municipality=638", UriKind.Relative));
        Assert.Equal(["3", Number(33.3m), Number(66.7m) + " %", Number(33.3m) + " %", "0"], Row(porvoo, "feedback-municipalities", "Yhteensä"));
        Assert.DoesNotContain(">Loviisa</th>", porvoo, StringComparison.Ordinal);

        // The free-text search: case-insensitive, every word, shown as text (encoded), with score, stage, municipality, date.
        var found = await organiser.GetStringAsync(new Uri("/tower/feedback?" + Period + "&q=" + Uri.EscapeDataString("jonotus pitkä"), UriKind.Relative));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Jonotus oli PITK", found, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", found, StringComparison.Ordinal);
        Assert.Contains("Osumia: 1", SignIn.Html(found), StringComparison.Ordinal);
        Assert.Contains("Arvio 3/10", SignIn.Html(found), StringComparison.Ordinal);
        Assert.Contains("Oirearvio · Porvoo · " + new DateOnly(2026, 3, 1).ToString("d", Finnish), SignIn.Html(found), StringComparison.Ordinal);

        // LIKE's wildcards are matched as themselves.
        Assert.Contains("Osumia: 1", SignIn.Html(await organiser.GetStringAsync(new Uri("/tower/feedback?" + Period + "&q=%25", UriKind.Relative))), StringComparison.Ordinal);
        Assert.Contains("Osumia: 1", SignIn.Html(await organiser.GetStringAsync(new Uri("/tower/feedback?" + Period + "&q=_", UriKind.Relative))), StringComparison.Ordinal);
        Assert.Contains("Osumia: 0", SignIn.Html(await organiser.GetStringAsync(new Uri("/tower/feedback?" + Period + "&q=oli+kauan", UriKind.Relative))), StringComparison.Ordinal);

        // The CSV has the same rows as the table.
        using var csv = await organiser.GetAsync(new Uri("/tower/feedback?handler=Csv&table=feedback-municipalities&" + Period, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Loviisa,2,-50,0 %,50 %,0", (await csv.Content.ReadAsStringAsync()).Replace('\u2212', '-'), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Bad_search_words_and_dates_give_a_localised_error_and_others_get_no_access(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(February) };
        var organiser = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(organiser, "jarjestaja");

        using (var tooLong = await organiser.GetAsync(new Uri("/tower/feedback?q=" + new string('a', 101), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
            var html = SignIn.Html(await tooLong.Content.ReadAsStringAsync());
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains("Hakusanat voivat olla enintään 100 merkkiä pitkät.", html, StringComparison.Ordinal);
        }

        using (var badDate = await organiser.GetAsync(new Uri("/tower/feedback?from=2026-13-45&q=x", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, badDate.StatusCode);
            var html = SignIn.Html(await badDate.Content.ReadAsStringAsync());
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains("Anna päivämäärä muodossa 31.1.2026.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("feedback-municipalities", html, StringComparison.Ordinal);

            // The search form is still there, keeping what was typed, so the summary's link to the field leads somewhere.
            Assert.Contains("id=\"q\" name=\"q\" value=\"x\"", html, StringComparison.Ordinal);
        }

        using (var unknown = await organiser.GetAsync(new Uri("/tower/feedback?municipality=999&service=rocket", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
            Assert.Contains("error-summary", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // In Swedish the error is Swedish.
        (await organiser.GetAsync(new Uri("/language/sv", UriKind.Relative))).Dispose();
        using (var swedish = await organiser.GetAsync(new Uri("/tower/feedback?q=" + new string('a', 101), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, swedish.StatusCode);
            Assert.Contains("Sökorden får vara högst 100 tecken långa.", SignIn.Html(await swedish.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The service manager and the coordinator may look; a resident, a nurse and an anonymous visitor may not.
        foreach (var login in new[] { "palvelupaallikko", "koordinaattori" })
        {
            var staff = factory.CreateBrowserLikeClient();
            await SignIn.SignInAsStaffAsync(staff, login);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(new Uri("/tower/feedback", UriKind.Relative))).StatusCode);
        }

        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        Assert.True(Refused(await nurse.GetAsync(new Uri("/tower/feedback", UriKind.Relative))));
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        Assert.True(Refused(await maija.GetAsync(new Uri("/tower/feedback", UriKind.Relative))));
        Assert.True(Refused(await maija.GetAsync(new Uri("/tower/feedback?handler=Csv&table=feedback-stages", UriKind.Relative))));
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(new Uri("/tower/feedback", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("100%", "100\\%")]
    [InlineData("a_b", "a\\_b")]
    [InlineData("c:\\x", "c:\\\\x")]
    public void Search_words_are_escaped_for_like(string word, string pattern) => Assert.Equal(pattern, FeedbackReport.EscapeLike(word));

    [Theory]
    [InlineData("Äiti", "*[äÄ][iI][tT][iI]*")]
    [InlineData("a*?[]1", "*[aA][*][?][[]]1*")]
    public void Search_words_are_caseless_globs_on_sqlite(string word, string glob) => Assert.Equal(glob, "*" + FeedbackReport.CaselessGlob(word) + "*");

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/forbidden", StringComparison.Ordinal) == true);

    [GeneratedRegex("<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowRegex();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();
}
