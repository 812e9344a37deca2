using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Assessments;

/// <summary>The coordinator's local service routing pages, used as a browser without JavaScript does.</summary>
[Trait("Category", "Postgres")]
public sealed partial class RoutingPagesTests
{
    private static readonly string[] MondayToFriday = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    // 2026-06-16 is a Tuesday, 2026-06-13 a Saturday and 2026-06-12 a Friday; none is a holiday.
    private const string TuesdayMorning = "/admin/routing/simulate?urgency=P3&service=&municipality=638&date=2026-06-16&time=10:00";
    private const string SaturdayNight = "/admin/routing/simulate?urgency=P3&service=&municipality=638&date=2026-06-13&time=23:00";
    private const string FridayEvening = "/admin/routing/simulate?urgency=P3&service=&municipality=638&date=2026-06-12&time=18:00";

    [Theory]
    [InlineData("/admin/routing")]
    [InlineData("/admin/routing/simulate")]
    [InlineData("/admin/routing/week")]
    [InlineData("/admin/routing/rows/p3-638-booking")]
    [InlineData("/admin/routing/rows/new")]
    public async Task Anonymous_visitor_is_sent_to_sign_in_and_a_nurse_is_refused(string url)
    {
        await using var app = new PolkuAppFactory();
        var anonymous = await app.CreateBrowserLikeClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var refused = await nurse.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(
            refused.StatusCode == HttpStatusCode.Forbidden
            || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/forbidden", StringComparison.Ordinal)),
            $"{url} gave {(int)refused.StatusCode} {refused.Headers.Location} to a nurse");

        // A form post is refused before anything is read from it: no new version.
        var (_, token) = await SignIn.GetFormAsync(nurse, "/login");
        var post = await SignIn.PostFormAsync(nurse, "/admin/routing/rows/p3-638-booking?handler=Delete", token, [F("DeleteVersion", "0"), F("DeleteNote", "x")]);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.True((int)post.StatusCode < 500);
        Assert.Equal(1, await VersionCountAsync(app));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Coordinator_sees_the_table_in_force_and_its_history(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await CoordinatorAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();

        var admin = await client.GetStringAsync(new Uri("/admin", UriKind.Relative));
        Assert.Contains("href=\"/admin/routing\"", admin, StringComparison.Ordinal);

        var html = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing", UriKind.Relative)));
        Assert.Contains(texts.Get("fi", "assessments.routing.title"), html, StringComparison.Ordinal);
        Assert.Matches("id=\"routing-version\">Versio 1, tallentanut demo ", html);
        Assert.Contains("<tr id=\"row-p3-638-booking\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/routing/rows/p3-638-booking\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/routing/rows/new\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/routing/simulate\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/routing/week\"", html, StringComparison.Ordinal);
        Assert.Contains("Demo county routing", html, StringComparison.Ordinal);

        // Grouped by urgency (P0 first), county-wide before the municipalities.
        Assert.True(html.IndexOf("id=\"urgency-P0\"", StringComparison.Ordinal) < html.IndexOf("id=\"urgency-P3\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("row-p3-county-116117", StringComparison.Ordinal) < html.IndexOf("row-p3-018-booking", StringComparison.Ordinal));
        Assert.Contains("7 = kunta 4 + pyhäpäiväsääntö 2 + aikaväli 1", html, StringComparison.Ordinal);

        // Filtered to P3 in Porvoo: Porvoo's rows and the county-wide ones that apply there, no other municipality's.
        var porvoo = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing?urgency=P3&municipality=638", UriKind.Relative)));
        Assert.Contains("<tr id=\"row-p3-638-booking\">", porvoo, StringComparison.Ordinal);
        Assert.Contains("row-p3-county-116117", porvoo, StringComparison.Ordinal);
        Assert.DoesNotContain("row-p3-018-booking", porvoo, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"urgency-P0\"", porvoo, StringComparison.Ordinal);
        Assert.Matches("id=\"routing-count\">Näytetään \\d+/\\d+ riviä", porvoo);
        Assert.True(porvoo.Length * 3 < html.Length, $"filtered page {porvoo.Length} chars, whole table {html.Length}");

        var sv = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing?lang=sv", UriKind.Relative)));
        Assert.Contains(texts.Get("sv", "assessments.routing.title"), sv, StringComparison.Ordinal);
        Assert.DoesNotContain("[assessments.", sv, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Simulator_names_the_destination_the_row_and_every_candidate(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await CoordinatorAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();

        var tuesday = SignIn.Html(await client.GetStringAsync(new Uri(TuesdayMorning, UriKind.Relative)));
        Assert.Equal("p3-638-booking", ChosenRow(tuesday));
        Assert.Contains(texts.Get("fi", "assessments.routing.not_holiday"), tuesday, StringComparison.Ordinal);
        Assert.Contains("href=\"/services/health-station?municipality=638\"", tuesday, StringComparison.Ordinal);

        // Every candidate, in order: the booking chosen, the call-back behind it and the county-wide phone not reached.
        var candidates = Candidates(tuesday);
        Assert.Equal(["p3-638-booking", "p3-638-callback", "p3-county-116117"], candidates.Select(c => c.Row));
        Assert.Equal(
            [texts.Get("fi", "assessments.routing.outcome.Chosen"), texts.Get("fi", "assessments.routing.outcome.NotReached"), texts.Get("fi", "assessments.routing.outcome.NotReached")],
            candidates.Select(c => c.Outcome));

        var saturday = SignIn.Html(await client.GetStringAsync(new Uri(SaturdayNight, UriKind.Relative)));
        Assert.Equal("p3-county-116117", ChosenRow(saturday));
        Assert.Contains("href=\"tel:116117\"", saturday, StringComparison.Ordinal);

        // Midsummer Eve is named as a non-working day.
        var eve = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing/simulate?urgency=P3&municipality=638&date=2026-06-19&time=10:00", UriKind.Relative)));
        Assert.Contains("Vapaapäivä käytännössä: Juhannusaatto", eve, StringComparison.Ordinal);
        Assert.Equal("p3-county-116117", ChosenRow(eve));

        // Nonsense is answered with localised field errors, never a server error.
        var bad = await client.GetAsync(new Uri("/admin/routing/simulate?urgency=P9&municipality=000&date=2026-13-45&time=25:99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = SignIn.Html(await bad.Content.ReadAsStringAsync());
        Assert.Contains("class=\"error-summary\"", badHtml, StringComparison.Ordinal);
        foreach (var key in new[] { "assessments.routing.error.urgency", "assessments.routing.error.municipality", "error.invalid_date", "error.invalid_time" })
        {
            Assert.Contains(texts.Get("fi", key), badHtml, StringComparison.Ordinal);
        }

        Assert.Contains("id=\"date-error\"", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"chosen-row\"", badHtml, StringComparison.Ordinal);
        var english = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing/simulate?lang=en&urgency=S&municipality=638&date=x&time=10:00", UriKind.Relative)));
        Assert.Contains(texts.Get("en", "assessments.routing.error.urgency"), english, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Week_view_shows_seven_days_and_marks_midsummer_eve(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await CoordinatorAsync(app);

        var html = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing/week?municipality=638&urgency=P3&service=&week=2026-06-15", UriKind.Relative)));
        Assert.Equal(7, Regex.Count(html, "<section class=\"routing-day\""));
        Assert.Contains("Perjantai 19.6.2026 — Vapaapäivä käytännössä: Juhannusaatto", html, StringComparison.Ordinal);
        Assert.Contains("Lauantai 20.6.2026 — Pyhäpäivä: Juhannuspäivä", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Ohjaus perjantai 19.6.2026 (pyhäpäivä)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Ohjaus torstai 18.6.2026 (tavallinen päivä)</caption>", html, StringComparison.Ordinal);

        // A working day: booking with the call-back behind it 08–15; the fallback chain is spelled out.
        Assert.Contains("Ajanvaraus (p3-638-booking), sitten Takaisinsoittopyyntö (p3-638-callback)", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/routing/week?municipality=638&amp;urgency=P3&amp;service=&amp;week=2026-06-08\"", await client.GetStringAsync(new Uri("/admin/routing/week?municipality=638&urgency=P3&service=&week=2026-06-17", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("week=2026-06-22", html, StringComparison.Ordinal);

        var bad = await client.GetAsync(new Uri("/admin/routing/week?municipality=638&urgency=X&week=soon", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("class=\"error-summary\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_edit_that_leaves_a_hole_is_refused_with_the_first_gap_named_and_the_typed_values_kept(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await CoordinatorAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();

        var (form, token) = await SignIn.GetFormAsync(client, "/admin/routing/rows/p3-county-116117");
        var fields = FormFields(form, "Input.Version");
        Assert.Equal("1", Single(fields, "Input.Version"));
        Assert.Equal(7, fields.Count(f => f.Key == "Input.Days"));

        // Weekdays only: nothing would cover P3 on Saturdays anywhere.
        fields = [.. fields.Where(f => f.Key is not ("Input.Days" or "Input.Note" or "Input.InstructionsFi")),
            .. MondayToFriday.Select(d => F("Input.Days", d)),
            F("Input.InstructionsFi", "Soita Päivystysapuun <116117>."), F("Input.Note", "Viikonloput pois")];
        var refused = await SignIn.PostFormAsync(client, "/admin/routing/rows/p3-county-116117", token, fields);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var raw = await refused.Content.ReadAsStringAsync();
        var html = SignIn.Html(raw);
        var summary = Regex.Match(html, "<div class=\"error-summary\".*?</div>", RegexOptions.Singleline).Value;
        Assert.Contains("Aukko: kiireellisyysluokalle P3 ei ole kohdetta kunnassa", summary, StringComparison.Ordinal);
        Assert.Contains("(018): lauantai, tavallinen päivä, klo 00:00–24:00", summary, StringComparison.Ordinal);

        // Everything typed comes back as typed.
        var kept = FormFields(raw, "Input.Version");
        Assert.Equal(MondayToFriday, kept.Where(f => f.Key == "Input.Days").Select(f => f.Value));
        Assert.Equal("Viikonloput pois", Single(kept, "Input.Note"));
        Assert.Equal("Soita Päivystysapuun <116117>.", Single(kept, "Input.InstructionsFi"));
        Assert.Equal("1", Single(kept, "Input.Version"));
        Assert.Equal(1, await VersionCountAsync(app));

        // In English the same gap is named in English.
        var en = SignIn.Html(await (await SignIn.PostFormAsync(client, "/admin/routing/rows/p3-county-116117?lang=en", token, fields)).Content.ReadAsStringAsync());
        Assert.Contains("Gap: urgency P3 has no destination in", en, StringComparison.Ordinal);
        Assert.Contains("Saturday, ordinary day, 00:00–24:00", en, StringComparison.Ordinal);

        // A form-level mistake is named at its field.
        var badTime = fields.Where(f => f.Key is not ("Input.From" or "Input.To")).Append(F("Input.From", "8")).Append(F("Input.To", "25:00")).ToList();
        var badHtml = SignIn.Html(await (await SignIn.PostFormAsync(client, "/admin/routing/rows/p3-county-116117", token, badTime)).Content.ReadAsStringAsync());
        Assert.Contains("id=\"Input_To-error\"", badHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "assessments.routing.error.time"), badHtml, StringComparison.Ordinal);

        // Deleting the only P0 row would leave emergencies without 112: refused, gap named.
        var delete = await SignIn.PostFormAsync(client, "/admin/routing/rows/p0-county?handler=Delete", token, [F("DeleteVersion", "1"), F("DeleteNote", "Kokeilu")]);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Contains("Aukko: kiireellisyysluokalle P0", SignIn.Html(await delete.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await VersionCountAsync(app));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_valid_edit_saves_version_2_used_at_once_and_a_stale_form_is_refused(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await CoordinatorAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();
        Assert.Equal("p3-county-116117", ChosenRow(SignIn.Html(await client.GetStringAsync(new Uri(FridayEvening, UriKind.Relative)))));
        Assert.Equal("p3-county-116117", await ResolveAsync(client));

        // Evening call-backs on Fridays too.
        var (form, token) = await SignIn.GetFormAsync(client, "/admin/routing/rows/p3-638-evening-callback");
        var loaded = FormFields(form, "Input.Version");
        List<KeyValuePair<string, string>> Friday(string note) =>
            [.. loaded.Where(f => f.Key is not ("Input.Days" or "Input.Note")),
             .. MondayToFriday.Select(d => F("Input.Days", d)), F("Input.Note", note)];
        var saved = await SignIn.PostFormAsync(client, "/admin/routing/rows/p3-638-evening-callback", token, Friday("Perjantai-illat mukaan"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/admin/routing?saved=2#row-p3-638-evening-callback", saved.Headers.Location!.OriginalString);

        Assert.Equal("p3-638-evening-callback", ChosenRow(SignIn.Html(await client.GetStringAsync(new Uri(FridayEvening, UriKind.Relative)))));
        Assert.Equal("p3-638-evening-callback", await ResolveAsync(client));
        var list = SignIn.Html(await client.GetStringAsync(new Uri("/admin/routing?saved=2", UriKind.Relative)));
        Assert.Contains(texts.Get("fi", "assessments.routing.saved").Replace("{0}", "2", StringComparison.Ordinal), list, StringComparison.Ordinal);
        Assert.Contains("Versio 2, tallentanut ", list, StringComparison.Ordinal);
        Assert.Contains("Perjantai-illat mukaan", list, StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            var v2 = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<RoutingTableVersion>().AsNoTracking().SingleAsync(v => v.Number == 2);
            Assert.Equal("Perjantai-illat mukaan", v2.Note);
            Assert.NotNull(v2.SavedById);
            Assert.False(string.IsNullOrEmpty(v2.SavedByName));
            var row = RoutingTableJson.Read(v2.TableJson).Table!.Rows.Single(r => r.Id == "p3-638-evening-callback");
            Assert.Equal(5, row.Weekdays.Count);
        }

        // The same form again, still based on version 1: refused as stale (409), the typed values kept, nothing saved.
        var stale = await SignIn.PostFormAsync(client, "/admin/routing/rows/p3-638-evening-callback", token, Friday("Toinen yritys"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var staleRaw = await stale.Content.ReadAsStringAsync();
        var staleHtml = SignIn.Html(staleRaw);
        Assert.Contains(texts.Get("fi", "assessments.routing.error.stale").Replace("{0}", "1", StringComparison.Ordinal).Replace("{1}", "2", StringComparison.Ordinal), staleHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"stale-notice\"", staleHtml, StringComparison.Ordinal);
        Assert.Contains("Perjantai-illat mukaan", staleHtml, StringComparison.Ordinal);
        Assert.Equal("Toinen yritys", Single(FormFields(staleRaw, "Input.Version"), "Input.Note"));
        Assert.Equal("2", Single(FormFields(staleRaw, "Input.Version"), "Input.Version"));
        Assert.Equal(2, await VersionCountAsync(app));

        // A new row, then its deletion: versions 3 and 4.
        var (newForm, newToken) = await SignIn.GetFormAsync(client, "/admin/routing/rows/new");
        var fresh = FormFields(newForm, "Input.Version");
        Assert.Equal("2", Single(fresh, "Input.Version"));
        fresh = [.. fresh.Where(f => f.Key is not ("Input.Id" or "Input.Urgency" or "Input.Service" or "Input.Municipality" or "Input.Kind" or "Input.Unit"
                                                  or "Input.InstructionsFi" or "Input.InstructionsSv" or "Input.InstructionsEn" or "Input.Note")),
            F("Input.Id", "p4-638-home-care"), F("Input.Urgency", "P4"), F("Input.Service", "home-care"), F("Input.Municipality", "638"),
            F("Input.Kind", "WorkQueue"), F("Input.Unit", "hs-638"), F("Input.InstructionsFi", "Ohje"), F("Input.InstructionsSv", "Anvisning"),
            F("Input.InstructionsEn", "Instruction"), F("Input.Note", "Kotihoito")];
        var created = await SignIn.PostFormAsync(client, "/admin/routing/rows/new", newToken, fresh);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/routing?saved=3#row-p4-638-home-care", created.Headers.Location!.OriginalString);
        var duplicate = await SignIn.PostFormAsync(client, "/admin/routing/rows/new", newToken, fresh.Select(f => f.Key == "Input.Version" ? F(f.Key, "3") : f));
        Assert.Contains(texts.Get("fi", "assessments.routing.problem.duplicate_id"), SignIn.Html(await duplicate.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var deleted = await SignIn.PostFormAsync(client, "/admin/routing/rows/p4-638-home-care?handler=Delete", newToken, [F("DeleteVersion", "3"), F("DeleteNote", "Ei tarvita")]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/admin/routing?saved=4&deleted=p4-638-home-care", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/admin/routing/rows/p4-638-home-care", UriKind.Relative))).StatusCode);
        Assert.Equal(4, await VersionCountAsync(app));
    }

    private static async Task<HttpClient> CoordinatorAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        return client;
    }

    private static async Task<string?> ResolveAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/routing/resolve", UriKind.Relative),
            new { urgency = "P3", serviceCode = (string?)null, municipality = "638", at = "2026-06-12T18:00:00+03:00" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["rowId"]!.GetValue<string>();
    }

    private static async Task<int> VersionCountAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<RoutingTableVersion>().CountAsync();
    }

    private static string ChosenRow(string html) => ChosenRowRegex().Match(html).Groups[1].Value;

    private static List<(string Row, string Outcome)> Candidates(string html) =>
        [.. CandidateRegex().Matches(html).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    private static string Single(IEnumerable<KeyValuePair<string, string>> fields, string key) => Assert.Single(fields, f => f.Key == key).Value;

    /// <summary>What a browser would submit from the form that holds <paramref name="marker"/>: inputs, checked boxes, selected options, text areas.</summary>
    private static List<KeyValuePair<string, string>> FormFields(string html, string marker)
    {
        var form = FormRegex().Matches(html).Select(m => m.Value).First(f => f.Contains("name=\"" + marker + "\"", StringComparison.Ordinal));
        var fields = new List<(int At, KeyValuePair<string, string> Field)>();
        foreach (Match input in InputRegex().Matches(form))
        {
            var tag = input.Value;
            var type = Attr(tag, "type") ?? "text";
            var name = Attr(tag, "name");
            if (name is null || name == SignIn.TokenField || type is "submit" or "button" || (type is "checkbox" or "radio" && !CheckedRegex().IsMatch(tag)))
            {
                continue;
            }

            fields.Add((input.Index, F(name, Attr(tag, "value") ?? "")));
        }

        foreach (Match select in SelectRegex().Matches(form))
        {
            var options = OptionRegex().Matches(select.Groups[2].Value);
            var chosen = options.FirstOrDefault(o => SelectedRegex().IsMatch(o.Groups[1].Value)) ?? options.First();
            fields.Add((select.Index, F(WebUtility.HtmlDecode(select.Groups[1].Value), Attr(chosen.Value, "value") ?? "")));
        }

        foreach (Match area in TextAreaRegex().Matches(form))
        {
            var content = area.Groups[2].Value;
            fields.Add((area.Index, F(WebUtility.HtmlDecode(area.Groups[1].Value), WebUtility.HtmlDecode(content.StartsWith('\n') ? content[1..] : content))));
        }

        return [.. fields.OrderBy(f => f.At).Select(f => f.Field)];
    }

    private static string? Attr(string tag, string name)
    {
        var m = Regex.Match(tag, "\\s" + name + "=\"([^\"]*)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    private static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    [GeneratedRegex("id=\"chosen-row\"><a [^>]*>([^<]+)</a>")]
    private static partial Regex ChosenRowRegex();

    [GeneratedRegex("<tr class=\"candidate\">\\s*<th scope=\"row\">([^<]+)</th>\\s*<td>[^<]*</td>\\s*<td>[^<]*</td>\\s*<td>([^<]+)</td>")]
    private static partial Regex CandidateRegex();

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputRegex();

    [GeneratedRegex("\\schecked(=\"checked\")?[\\s>]")]
    private static partial Regex CheckedRegex();

    [GeneratedRegex("<select\\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectRegex();

    [GeneratedRegex("<option\\b([^>]*)>")]
    private static partial Regex OptionRegex();

    [GeneratedRegex("\\sselected(=\"selected\")?(\\s|$)")]
    private static partial Regex SelectedRegex();

    [GeneratedRegex("<textarea\\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextAreaRegex();
}
