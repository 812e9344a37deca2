using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Data;
using Polku.Region.Directory;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Region;

/// <summary>The coordinator's pages for municipalities, units and opening hours, used as a browser without JavaScript does.</summary>
[Trait("Category", "Postgres")]
public sealed partial class AdminPagesTests
{
    private const string Unit = "hs-638";
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Current { get; set; } = "";

    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/municipalities")]
    [InlineData("/admin/municipalities/638")]
    [InlineData("/admin/units")]
    [InlineData("/admin/units/hs-638")]
    [InlineData("/admin/units/hs-638/hours")]
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

        // A form post is refused before anything is read from it.
        var (_, token) = await SignIn.GetFormAsync(nurse, "/login");
        var post = await SignIn.PostFormAsync(nurse, "/admin/municipalities", token, [F("Input.Code", "990"), F("Input.NameFi", "X"), F("Input.NameSv", "X"), F("Input.NameEn", "X"), F("Input.Languages", "fi")]);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.True((int)post.StatusCode < 500);
        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Municipality>().AnyAsync(m => m.Code == "990"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Coordinator_creates_and_edits_a_municipality(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        var texts = app.Services.GetRequiredService<Texts>();

        var (list, token) = await SignIn.GetFormAsync(client, "/admin/municipalities");
        Assert.Contains("Borgå", list, StringComparison.Ordinal);
        Assert.Contains("<caption>", list, StringComparison.Ordinal);

        var created = await SignIn.PostFormAsync(client, "/admin/municipalities", token,
            [F("Input.Code", "999"), F("Input.NameFi", "Testilä"), F("Input.NameSv", "Testby"), F("Input.NameEn", "Testville"),
             F("Input.Languages", "sv"), F("Input.Languages", "fi"), F("Input.RecordSystem", "Lifecare")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/municipalities/999?saved=true", created.Headers.Location!.OriginalString);
        var m = await FindAsync<Municipality>(app, x => x.Code == "999");
        Assert.Equal(("Testilä", "fi,sv", "Lifecare", 0), (m.NameFi, m.Languages, m.RecordSystem, m.Version));

        // The same code again, a malformed code and no language: the form comes back with messages, nothing is saved.
        var duplicate = await SignIn.PostFormAsync(client, "/admin/municipalities", token,
            [F("Input.Code", "999"), F("Input.NameFi", "Toinen"), F("Input.NameSv", "Annan"), F("Input.NameEn", "Other"), F("Input.Languages", "fi")]);
        await AssertErrorAsync(duplicate, texts, "region.admin.municipality_code_taken");
        var invalid = await SignIn.PostFormAsync(client, "/admin/municipalities", token,
            [F("Input.Code", "12a"), F("Input.NameFi", "A"), F("Input.NameSv", "B"), F("Input.NameEn", "C"), F("Input.Languages", "de")]);
        var invalidHtml = await AssertErrorAsync(invalid, texts, "region.admin.municipality_code_invalid");
        AssertContainsText(invalidHtml, texts.Get("fi", "region.admin.languages_required"));
        Assert.Contains("aria-describedby=\"municipality-code-hint Input_Code-error\"", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"Input_Code-error\"", invalidHtml, StringComparison.Ordinal);
        Assert.Equal(8, await CountAsync<Municipality>(app, _ => true));

        // Edit, then save again with the version the form was loaded with: the second save is refused.
        var (edit, editToken) = await SignIn.GetFormAsync(client, "/admin/municipalities/999?saved=true");
        Assert.Contains(texts.Get("fi", "region.admin.saved"), edit, StringComparison.Ordinal);
        var version = Version(edit);
        KeyValuePair<string, string>[] Fields(string name, int v) =>
            [F("Input.Version", v.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.NameFi", name), F("Input.NameSv", "Testby"),
             F("Input.NameEn", "Testville"), F("Input.Languages", "fi"), F("Input.RecordSystem", "")];
        var saved = await SignIn.PostFormAsync(client, "/admin/municipalities/999", editToken, Fields("Testilä 2", version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stale = await SignIn.PostFormAsync(client, "/admin/municipalities/999", editToken, Fields("Testilä 3", version));
        await AssertErrorAsync(stale, texts, "error.concurrency");
        m = await FindAsync<Municipality>(app, x => x.Code == "999");
        Assert.Equal(("Testilä 2", "fi", null, 1), (m.NameFi, m.Languages, m.RecordSystem, m.Version));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/admin/municipalities/000", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Coordinator_creates_a_unit_and_edits_a_units_phone_with_optimistic_concurrency(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        var texts = app.Services.GetRequiredService<Texts>();

        var (list, token) = await SignIn.GetFormAsync(client, "/admin/units");
        Assert.Contains(Unit, list, StringComparison.Ordinal);
        var created = await SignIn.PostFormAsync(client, "/admin/units", token,
            [F("Input.Code", "mobile-1"), F("Input.NameFi", "Terveysbussi"), F("Input.NameSv", "Hälsobussen"), F("Input.NameEn", "Health bus"),
             F("Input.Kind", "HealthStation"), F("Input.Municipality", ""), F("Input.Served", "018"), F("Input.Served", "504"),
             F("Input.Phone", "+358 40 123 4567"), F("Input.Address", "Kiertävä"), F("Input.OpenOnHolidays", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var bus = await FindAsync<Unit>(app, u => u.Code == "mobile-1");
        Assert.Equal((UnitKind.HealthStation, null, "018,504"), (bus.Kind, bus.MunicipalityCode, bus.ServedMunicipalities));

        var bad = await SignIn.PostFormAsync(client, "/admin/units", token,
            [F("Input.Code", "Bad Code"), F("Input.NameFi", "A"), F("Input.NameSv", "B"), F("Input.NameEn", "C"),
             F("Input.Kind", "1"), F("Input.Municipality", "000"), F("Input.Phone", "call me")]);
        var badHtml = await AssertErrorAsync(bad, texts, "region.admin.code_invalid");
        AssertContainsText(badHtml, texts.Get("fi", "region.invalid_phone"));
        AssertContainsText(badHtml, texts.Get("fi", "region.unknown_municipality"));

        var unit = await FindAsync<Unit>(app, u => u.Code == Unit);
        var (edit, editToken) = await SignIn.GetFormAsync(client, $"/admin/units/{Unit}");
        Assert.Equal(unit.Version, Version(edit));
        KeyValuePair<string, string>[] Fields(string phone, int version) =>
            [F("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.NameFi", unit.NameFi), F("Input.NameSv", unit.NameSv),
             F("Input.NameEn", unit.NameEn), F("Input.Kind", unit.Kind.ToString()), F("Input.Municipality", unit.MunicipalityCode ?? ""),
             .. unit.ServedMunicipalities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => F("Input.Served", s)),
             F("Input.Phone", phone), F("Input.Address", unit.Address ?? ""), F("Input.OpenOnHolidays", unit.OpenOnHolidays ? "true" : "false")];
        var saved = await SignIn.PostFormAsync(client, $"/admin/units/{Unit}", editToken, Fields("019 555 0100", unit.Version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/admin/units/{Unit}?saved=true", saved.Headers.Location!.OriginalString);
        var stale = await SignIn.PostFormAsync(client, $"/admin/units/{Unit}", editToken, Fields("019 555 0199", unit.Version));
        await AssertErrorAsync(stale, texts, "error.concurrency");
        var after = await FindAsync<Unit>(app, u => u.Code == Unit);
        Assert.Equal(("019 555 0100", unit.Version + 1, unit.NameFi, unit.ServedMunicipalities), (after.Phone, after.Version, after.NameFi, after.ServedMunicipalities));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Coordinator_sets_weekly_hours_and_a_closed_day(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        var texts = app.Services.GetRequiredService<Texts>();
        var unit = await FindAsync<Unit>(app, u => u.Code == Unit);
        var url = $"/admin/units/{Unit}/hours";

        var (page, token) = await SignIn.GetFormAsync(client, url);
        Assert.Contains(texts.Get("fi", "region.admin.weekday.Monday"), page, StringComparison.Ordinal);
        Assert.Contains(FinnishCalendar.Between(Today(), Today().AddYears(1)).First().Name.Fi, page, StringComparison.Ordinal);
        var before = await PeriodsAsync(app, unit.Id);

        // Monday closes before it opens: the page comes back with the message and nothing changes.
        var bad = await SignIn.PostFormAsync(client, url, token, Week(("16:00", "08:00"), (null, null), ("09:00", null)));
        var badHtml = await AssertErrorAsync(bad, texts, "region.admin.opening.close_before_open");
        AssertContainsText(badHtml, texts.Get("fi", "error.required"));
        Assert.Contains("href=\"#day0-close1\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"week-hint day0-close1-error\"", badHtml, StringComparison.Ordinal);
        Assert.Equal(before, await PeriodsAsync(app, unit.Id));

        // Monday to Friday 8–16, Thursday also 17–20, Sunday around the clock, Saturday closed.
        var week = Week(("08:00", "16:00"), ("08:00", "16:00"), ("08:00", "16:00"), ("08:00", "16:00"), ("08:00", "16:00"), (null, null), ("00:00", "00:00"))
            .Append(F("Week.Days[3].Open2", "17:00")).Append(F("Week.Days[3].Close2", "20:00"));
        var saved = await SignIn.PostFormAsync(client, url, token, week);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var periods = await PeriodsAsync(app, unit.Id);
        Assert.Equal(7, periods.Count);
        Assert.Contains((4, new TimeOnly(17, 0), new TimeOnly(20, 0)), periods);
        Assert.Contains((0, TimeOnly.MinValue, TimeOnly.MinValue), periods);
        Assert.DoesNotContain(periods, p => p.Day == 6);

        // A closed exception on a working day: closed that day, open the next.
        var day = Today().AddDays(14);
        while (!(FinnishCalendar.IsWorkingDay(day) && FinnishCalendar.IsWorkingDay(day.AddDays(1)) && day.DayOfWeek != DayOfWeek.Friday))
        {
            day = day.AddDays(1);
        }

        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (_, token) = await SignIn.GetFormAsync(client, url);
        var added = await SignIn.PostFormAsync(client, url + "?handler=AddException", token,
            [F("NewException.Date", date), F("NewException.Closed", "true"), F("NewException.Note", "Henkilökunnan koulutus")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var hours = await OpeningHoursReader.ForUnitAsync(scope.ServiceProvider.GetRequiredService<PolkuDb>(), Unit, CancellationToken.None);
            Assert.NotNull(hours);
            Assert.False(hours.IsOpenAt(HelsinkiTime.ToInstant(day, new TimeOnly(10, 0))));
            Assert.True(hours.IsOpenAt(HelsinkiTime.ToInstant(day.AddDays(1), new TimeOnly(10, 0))));
            Assert.False(hours.IsOpenAt(HelsinkiTime.ToInstant(day.AddDays(1), new TimeOnly(16, 30))));
        }

        var (listed, listToken) = await SignIn.GetFormAsync(client, url);
        Assert.Contains("Henkilökunnan koulutus", listed, StringComparison.Ordinal);

        // The same date again is refused; an exception with hours that close before they open too.
        var duplicate = await SignIn.PostFormAsync(client, url + "?handler=AddException", listToken,
            [F("NewException.Date", date), F("NewException.Opens", "10:00"), F("NewException.Closes", "12:00")]);
        await AssertErrorAsync(duplicate, texts, "region.admin.opening.duplicate_exception");
        var backwards = await SignIn.PostFormAsync(client, url + "?handler=AddException", listToken,
            [F("NewException.Date", day.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), F("NewException.Opens", "12:00"), F("NewException.Closes", "10:00")]);
        await AssertErrorAsync(backwards, texts, "region.admin.opening.close_before_open");
        var past = await SignIn.PostFormAsync(client, url + "?handler=AddException", listToken, [F("NewException.Date", "2001-01-01"), F("NewException.Closed", "true")]);
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Equal(1, await CountAsync<OpeningExceptionRow>(app, e => e.OwnerId == unit.Id));

        // Delete it again.
        var id = ExceptionId(listed);
        var deleted = await SignIn.PostFormAsync(client, url + "?handler=DeleteException", listToken, [F("id", id)]);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await CountAsync<OpeningExceptionRow>(app, e => e.OwnerId == unit.Id));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Hostile_input_is_refused_or_saved_safely_never_a_500(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        string[] hostile =
        [
            "<script>alert(1)</script>",
            new string('x', 10_000),
            "a\0b",
            "\u0001\u0002\u001b[31m",
            "line\r\nbreak",
            "\u202Eevil\u202C'\"; DROP TABLE units;--",
            "😀 Ääkköset & <b>",
        ];

        var code = 900;
        foreach (var text in hostile)
        {
            Current = text.Length > 30 ? text[..30] : text;
            code++;
            var (_, token) = await SignIn.GetFormAsync(client, "/admin/municipalities");
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, "/admin/municipalities", token,
                [F("Input.Code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.NameFi", text), F("Input.NameSv", "S"), F("Input.NameEn", text),
                 F("Input.Languages", "fi"), F("Input.RecordSystem", text)]));
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, "/admin/municipalities", token,
                [F("Input.Code", text), F("Input.Version", text), F("Input.Languages", text), F("Input.NameSv", text)]));

            var unit = await FindAsync<Unit>(app, u => u.Code == Unit);
            (_, token) = await SignIn.GetFormAsync(client, $"/admin/units/{Unit}");
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}", token,
                [F("Input.Version", unit.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.NameFi", unit.NameFi), F("Input.NameSv", unit.NameSv),
                 F("Input.NameEn", text), F("Input.Kind", text), F("Input.Municipality", text), F("Input.Served", text), F("Input.Phone", text),
                 F("Input.Address", text), F("Input.OpenOnHolidays", text)]));
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}", token,
                [F("Input.Version", unit.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.NameFi", unit.NameFi), F("Input.NameSv", unit.NameSv),
                 F("Input.NameEn", text), F("Input.Kind", unit.Kind.ToString()), F("Input.Address", text)]));

            (_, token) = await SignIn.GetFormAsync(client, $"/admin/units/{Unit}/hours");
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}/hours", token,
                [F("Week.Days[0].Open1", text), F("Week.Days[0].Close1", "16:00"), F("Week.Days[1].Open2", "08:00"), F("Week.Days[1].Close2", text)]));
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}/hours?handler=AddException", token,
                [F("NewException.Date", text), F("NewException.Closed", text), F("NewException.Opens", text), F("NewException.Closes", text), F("NewException.Note", text)]));
            var date = Today().AddDays(30 + code - 900).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}/hours?handler=AddException", token,
                [F("NewException.Date", date), F("NewException.Closed", "true"), F("NewException.Note", text)]));
            await AssertSafeAsync(client, await SignIn.PostFormAsync(client, $"/admin/units/{Unit}/hours?handler=DeleteException", token, [F("id", text)]));
        }

        // What was valid was saved as text and is shown encoded; what was not was refused.
        var list = await client.GetStringAsync(new Uri("/admin/municipalities", UriKind.Relative));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", list, StringComparison.Ordinal);
        Assert.Contains("Ääkköset &amp; &lt;b&gt;", list, StringComparison.Ordinal);
        Assert.DoesNotContain(await ListAsync<Municipality>(app), m => m.NameFi.Length > 100 || m.NameFi.Any(char.IsControl) || (m.RecordSystem ?? "").Any(char.IsControl));
        Assert.DoesNotContain(await ListAsync<Unit>(app), u => u.NameEn.Length > 200 || (u.Address ?? "").Length > 300 || (u.Address ?? "").Any(char.IsControl));
        var hoursPage = await client.GetStringAsync(new Uri($"/admin/units/{Unit}/hours", UriKind.Relative));
        Assert.DoesNotContain("<script>alert", hoursPage, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", hoursPage, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_and_over_long_texts_are_refused_by_the_rules()
    {
        Assert.Contains(("NameFi", "region.admin.control_characters"), Polku.Region.Domain.RegionRules.CheckUnit("a\0b", "S", "E", null, null));
        Assert.Contains(("Address", "error.too_long"), Polku.Region.Domain.RegionRules.CheckUnit("F", "S", "E", null, new string('x', 301)));
        Assert.Contains(("Languages", "region.admin.languages_required"), Polku.Region.Domain.RegionRules.CheckMunicipality("F", "S", "E", ["de"], null));
        Assert.False(Polku.Region.Domain.RegionRules.IsMunicipalityCode("638\n"));
        Assert.False(Polku.Region.Domain.RegionRules.IsUnitCode("hs-638\n"));
        Assert.True(Polku.Region.Domain.RegionRules.IsUnitCode("hs-638"));
    }

    private static async Task AssertSafeAsync(HttpClient client, HttpResponseMessage response, [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
    {
        var body = await response.Content.ReadAsStringAsync();
        var main = body.IndexOf("<main", StringComparison.Ordinal);
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} (line {line}, {Current}): {body[Math.Max(main, 0)..Math.Min(body.Length, Math.Max(main, 0) + 1500)]}");
        Assert.DoesNotContain("<script>alert(1)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", body, StringComparison.Ordinal);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("class=\"error-summary\"", body, StringComparison.Ordinal);
        }
        else if (Current.Contains('\0', StringComparison.Ordinal))
        {
            // ASP.NET Core cannot read a form containing NUL at all (no browser sends one): a localised 400 page.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Tarkista tiedot", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var next = await client.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.DoesNotContain("<script>alert(1)", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, Texts texts, string key)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        AssertContainsText(html, texts.Get("fi", key));
        return html;
    }

    private static void AssertContainsText(string html, string text) =>
        Assert.Contains(Encoder.Encode(text), html, StringComparison.Ordinal);

    private static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    private static IEnumerable<KeyValuePair<string, string>> Week(params (string? Open, string? Close)[] days)
    {
        for (var i = 0; i < days.Length; i++)
        {
            yield return F($"Week.Days[{i}].Open1", days[i].Open ?? "");
            yield return F($"Week.Days[{i}].Close1", days[i].Close ?? "");
        }
    }

    private static DateOnly Today() => HelsinkiTime.LocalDate(TimeProvider.System.GetUtcNow());

    private static int Version(string html) =>
        VersionRegex().Match(html) is { Success: true } m
            ? int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("No Input.Version on the page.");

    private static string ExceptionId(string html) => ExceptionIdRegex().Match(html).Groups[1].Value;

    private static async Task<T> FindAsync<T>(PolkuAppFactory app, System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<T>().AsNoTracking().SingleAsync(where);
    }

    private static async Task<int> CountAsync<T>(PolkuAppFactory app, System.Linq.Expressions.Expression<Func<T, bool>> where)
        where T : class
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<T>().CountAsync(where);
    }

    private static async Task<List<T>> ListAsync<T>(PolkuAppFactory app)
        where T : class
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<T>().AsNoTracking().ToListAsync();
    }

    private static async Task<List<(int Day, TimeOnly Open, TimeOnly Close)>> PeriodsAsync(PolkuAppFactory app, Guid unitId)
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OpeningPeriodRow>().AsNoTracking()
            .Where(p => p.OwnerKind == HoursOwner.Unit && p.OwnerId == unitId).ToListAsync();
        return [.. rows.Select(r => (r.Weekday, r.Opens, r.Closes)).Order()];
    }

    [GeneratedRegex("name=\"Input.Version\"[^>]*value=\"([0-9]+)\"|value=\"([0-9]+)\"[^>]*name=\"Input.Version\"")]
    private static partial Regex VersionRegex();

    [GeneratedRegex("name=\"id\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex ExceptionIdRegex();
}
