using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.ControlTower.Data;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ControlTower;

/// <summary>
/// Issue 17, spec 05: the control tower's KPIs equal a count by hand of the same events and imported calls, for the
/// county and for each municipality, whatever mix of daily and monthly rollups a period is read from.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ControlTowerTests
{
    /// <summary>10 February 2026, 12:00 in Helsinki: January is over and has settled.</summary>
    private static readonly DateTimeOffset February = new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);

    internal static async Task<GeneratedActivity> GenerateAsync(PolkuAppFactory factory, DateOnly from, DateOnly to, int perDay = 12, int seed = 17)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var shape = await DemoActivity.ShapeAsync(scope.ServiceProvider, CancellationToken.None) ?? throw new InvalidOperationException("The demo county is not seeded.");
        var activity = new ActivityGenerator(shape, seed).Generate(from, to, perDay);
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        db.ServiceEvents.AddRange(activity.Events);
        await db.SaveChangesAsync();
        return activity;
    }

    internal static string Csv(IEnumerable<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)> rows) =>
        "date,municipality,channel,kind,count\n" + string.Join("\n", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Day:yyyy-MM-dd},{r.Municipality},{r.Channel},{r.Kind},{r.Count}")));

    internal static async Task<HttpClient> OrganiserAsync(PolkuAppFactory factory)
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "jarjestaja");
        return client;
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, bool dryRun = false) =>
        client.PostAsync(new Uri("/api/control-tower/imports/contacts" + (dryRun ? "?dryRun=true" : ""), UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static async Task<JsonElement> KpisAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/control-tower/kpis?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Kpi(JsonElement report, string code, string? municipality) =>
        report.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("code").GetString() == code
            && (k.GetProperty("municipality").ValueKind == JsonValueKind.Null ? null : k.GetProperty("municipality").GetString()) == municipality);

    /// <summary>The hand count: the three headline KPIs straight from the events and the imported rows, by the spec's definitions.</summary>
    private static (decimal Num, decimal Den) ByHand(string code, IEnumerable<ServiceEvent> events, IEnumerable<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)> imported)
    {
        var list = events.ToList();
        bool Contact(ServiceEvent e) => e.Type is "assessment.completed" or "chat.offered" or "form.submitted" or "callback.requested" or "appointment.completed"
            || (e.Type == "message.sent" && e.Detail == "resident");
        switch (code)
        {
            case "digital-first-line":
            case "digital-other":
                var kind = code == "digital-first-line" ? "first-line" : "other";
                var contacts = list.Where(e => Contact(e) && e.ContactKind == kind).ToList();
                return (contacts.Count(e => e.Digital), contacts.Count + imported.Where(i => i.Kind == kind).Sum(i => i.Count));
            case "nps":
                var scores = list.Where(e => e.Type == "feedback.given").Select(e => int.Parse(e.Outcome!, CultureInfo.InvariantCulture)).ToList();
                return (scores.Count(s => s >= 9) - scores.Count(s => s <= 6), scores.Count);
            case "e-booking":
                var booked = list.Where(e => e.Type == "appointment.booked").ToList();
                return (booked.Count(e => e.Digital), booked.Count);
            default:
                throw new ArgumentOutOfRangeException(nameof(code));
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_generated_month_with_imported_calls_gives_the_hand_counted_kpis_for_the_county_and_each_municipality(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(February) };
        var activity = await GenerateAsync(factory, new DateOnly(2025, 12, 20), new DateOnly(2026, 2, 5), perDay: 40);
        var organiser = await OrganiserAsync(factory);

        // Phone and walk-in counts for January; then 14 January again with other counts, which replaces the day.
        var january = activity.Imported.Where(i => i.Day.Month == 1 && i.Day.Year == 2026).ToList();
        using (var first = await ImportAsync(organiser, Csv(january)))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var day14 = new DateOnly(2026, 1, 14);
        var again = january.Where(i => i.Day == day14).Select(i => (i.Day, i.Municipality, i.Channel, i.Kind, Count: i.Count + 7)).ToList();
        using (var second = await ImportAsync(organiser, Csv(again)))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            var body = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(2, body.GetProperty("version").GetInt32());
            Assert.Equal(["2026-01-14"], body.GetProperty("replaces").EnumerateArray().Select(d => d.GetString()));
        }

        var imported = january.Where(i => i.Day != day14).Concat(again).ToList();
        var municipalities = activity.Events.Select(e => e.MunicipalityCode!).Distinct().ToList();
        Assert.True(municipalities.Count >= 5);

        // A whole month (read from monthly rollups) and a period across months (days at both ends, no whole month).
        foreach (var (from, to) in new[] { (new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), (new DateOnly(2025, 12, 28), new DateOnly(2026, 1, 9)) })
        {
            var report = await KpisAsync(organiser, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
            var inPeriod = activity.Events.Where(e => HelsinkiTime.LocalDate(new DateTimeOffset(e.AtUtc, TimeSpan.Zero)) is var d && d >= from && d <= to).ToList();
            var importedInPeriod = imported.Where(i => i.Day >= from && i.Day <= to).ToList();
            foreach (var code in new[] { "digital-first-line", "digital-other", "nps", "e-booking" })
            {
                foreach (var municipality in municipalities.Prepend(null))
                {
                    var (num, den) = ByHand(code, inPeriod.Where(e => municipality is null || e.MunicipalityCode == municipality),
                        importedInPeriod.Where(i => municipality is null || i.Municipality == municipality));
                    var kpi = Kpi(report, code, municipality);
                    var where = $"{code} {municipality ?? "county"} {from}–{to}";
                    Assert.True(num == kpi.GetProperty("numerator").GetDecimal(), where + " numerator");
                    Assert.True(den == kpi.GetProperty("denominator").GetDecimal(), where + " denominator");
                    if (municipality is null)
                    {
                        Assert.True(den > 0, where + " has data");
                    }

                    // No answers at all in a small municipality over a short period: no value, never a zero.
                    if (den == 0)
                    {
                        Assert.Equal(JsonValueKind.Null, kpi.GetProperty("value").ValueKind);
                    }
                    else
                    {
                        Assert.Equal(Math.Round(100m * num / den, 1, MidpointRounding.AwayFromZero), kpi.GetProperty("value").GetDecimal());
                    }
                }
            }
        }

        // The backlog at the end of January: every task created up to then less every one completed, though the journal
        // goes on into February (read as all-time rows less the days after the period).
        var endOfJanuary = await KpisAsync(organiser, "from=2026-01-01&to=2026-01-31");
        foreach (var municipality in municipalities.Prepend(null))
        {
            var upTo = activity.Events.Where(e => (municipality is null || e.MunicipalityCode == municipality)
                && HelsinkiTime.LocalDate(new DateTimeOffset(e.AtUtc, TimeSpan.Zero)) <= new DateOnly(2026, 1, 31)).ToList();
            var open = upTo.Count(e => e.Type == "task.created") - upTo.Count(e => e.Type == "task.completed");
            Assert.Equal(open, Kpi(endOfJanuary, "backlog", municipality).GetProperty("value").GetDecimal());
        }

        // The targets travel with the values: more than 50 % for the digital share of first-line contacts.
        var any = await KpisAsync(organiser, "from=2026-01-01&to=2026-01-31&municipality=638");
        Assert.Equal("> 50 %", Kpi(any, "digital-first-line", null).GetProperty("target").GetString());
        Assert.Equal(2, any.GetProperty("kpis").EnumerateArray().Select(k => k.GetProperty("municipality").ToString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Rollups_caught_up_in_steps_equal_a_rebuild_from_the_journal(string engine)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 10, 10, 0, 0, TimeSpan.Zero));
        await using var factory = new PolkuAppFactory(engine) { Time = clock };
        await GenerateAsync(factory, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 9), perDay: 6);

        static async Task<List<string>> FactsAsync(PolkuAppFactory f)
        {
            await using var scope = f.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var rows = await db.Set<Fact>().AsNoTracking().ToListAsync();
            return [.. rows.Select(r => string.Join('|', r.Grain, r.Period, r.MunicipalityCode, r.ServiceCode, r.UnitId, r.Type, r.Channel, r.Digital, r.ContactKind, r.Facet,
                r.Events, r.WaitingSum, r.WaitingN, r.HandlingSum, r.HandlingN)).Order(StringComparer.Ordinal)];
        }

        async Task<long> CatchUpAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Polku.ControlTower.Rollups.Rollups>().CatchUpAsync(CancellationToken.None);
        }

        // In steps: the first catch-up takes what is there, later ones only what arrived since (here: more generated days
        // as the clock moves on, across the end of a day so that the ended day is recounted too).
        Assert.True(await CatchUpAsync() > 0);
        clock.Advance(TimeSpan.FromDays(2));
        await GenerateAsync(factory, new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 11), perDay: 6, seed: 18);
        Assert.True(await CatchUpAsync() > 0);
        Assert.Equal(0, await CatchUpAsync());
        var stepped = await FactsAsync(factory);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Polku.ControlTower.Rollups.Rollups>().RebuildAsync(CancellationToken.None);
        }

        Assert.Equal(await FactsAsync(factory), stepped);
        Assert.Contains(stepped, r => r.StartsWith("m|", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_dry_run_reports_every_bad_row_by_line_and_imports_nothing_and_a_bad_file_is_refused_whole(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(February) };
        var organiser = await OrganiserAsync(factory);
        const string csv = "date,municipality,channel,kind,count\n2026-01-05,638,phone,first-line,412\n2026-13-01,638,phone,first-line,1\n"
            + "2026-01-05,999,fax,first-line,-3\n2026-01-05,638,phone,first-line,9\n5.1.2026;434;walk-in;other;20\n";
        using (var dry = await ImportAsync(organiser, csv, dryRun: true))
        {
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var body = await dry.Content.ReadFromJsonAsync<JsonElement>();
            var errors = body.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("code").GetString())).ToList();
            Assert.Equal(
                [(3, "date", "tower.import.error.date"), (4, "municipality", "tower.import.error.municipality"), (4, "channel", "tower.import.error.channel"),
                    (4, "count", "tower.import.error.count"), (5, "", "tower.import.error.duplicate")],
                errors);
            Assert.All(body.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
            Assert.False(body.GetProperty("imported").GetBoolean());
        }

        using (var refused = await ImportAsync(organiser, csv))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<ImportedContact>().AnyAsync());
        }

        using var ok = await ImportAsync(organiser, "2026-01-05,638,phone,first-line,412\n5.1.2026;434;walk-in;other;20\n");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(1, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Only_the_organiser_service_manager_and_coordinator_reach_the_control_tower(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(February) };
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using (var api = await nurse.GetAsync(new Uri("/api/control-tower/kpis", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        }

        using (var page = await nurse.GetAsync(new Uri("/tower", UriKind.Relative)))
        {
            Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
        }

        foreach (var login in new[] { "jarjestaja", "palvelupaallikko", "koordinaattori" })
        {
            var client = factory.CreateBrowserLikeClient();
            await SignIn.SignInAsStaffAsync(client, login);
            using var page = await client.GetAsync(new Uri("/tower", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_dashboard_shows_every_municipality_side_by_side_exports_each_table_and_answers_a_bad_filter_with_a_message(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(February) };
        await GenerateAsync(factory, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), perDay: 6);
        var organiser = await OrganiserAsync(factory);

        var html = SignIn.Html(await organiser.GetStringAsync(new Uri("/tower?from=2026-01-01&to=2026-01-31", UriKind.Relative)));
        foreach (var name in new[] { "Porvoo", "Loviisa", "Koko alue", "Digitaalisten yhteydenottojen osuus (ensikontaktit)", "> 50 %", "<svg" })
        {
            Assert.Contains(name, html, StringComparison.Ordinal);
        }

        Assert.Contains("/tower/definitions?kpi=digital-first-line&amp;from=2026-01-01", await organiser.GetStringAsync(new Uri("/tower?from=2026-01-01&to=2026-01-31", UriKind.Relative)), StringComparison.Ordinal);

        using (var csv = await organiser.GetAsync(new Uri("/tower?handler=Csv&table=group-contacts&from=2026-01-01&to=2026-01-31", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var text = await csv.Content.ReadAsStringAsync();
            Assert.Contains("Porvoo", text, StringComparison.Ordinal);
        }

        using (var xlsx = await organiser.GetAsync(new Uri("/tower?handler=Xlsx&table=breakdown-bookings-by-source&from=2026-01-01&to=2026-01-31", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
            using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
            var cells = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToList();
            Assert.Contains(cells, c => c.InnerText == "Arvion perusteella");
            Assert.Contains(cells, c => c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.Number);
        }

        using (var definitions = await organiser.GetAsync(new Uri("/tower/definitions?kpi=nps&from=2026-01-01&to=2026-01-31", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, definitions.StatusCode);
            Assert.Contains("Osoittaja", await definitions.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var bad = await organiser.GetAsync(new Uri("/tower?from=31.13.2026&municipality=999", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("Anna päivämäärä muodossa 31.1.2026.", SignIn.Html(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var api = await organiser.GetAsync(new Uri("/api/control-tower/kpis?from=2026-02-01&to=2026-01-01", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        }

        using (var savings = await organiser.GetAsync(new Uri("/tower/savings?from=2026-01-01&to=2026-01-31&avoidedCall=4,5&guidance=140", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, savings.StatusCode);
            Assert.Contains(">Anna luku väliltä 0–600 minuuttia tai 0–100 prosenttia.<", await savings.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var estimate = SignIn.Html(await organiser.GetStringAsync(new Uri("/tower/savings?from=2026-01-01&to=2026-01-31&avoidedCall=4,5", UriKind.Relative)));
        Assert.Contains("vältetyt × 4,5 min ÷ 60", estimate, StringComparison.Ordinal);
    }
}
