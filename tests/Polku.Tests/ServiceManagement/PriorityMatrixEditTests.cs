using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Catalogue;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Reports;
using Polku.ServiceManagement.Sla;
using Polku.ServiceManagement.Tickets;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06 "the matrix is data (changeable)": the service manager changes cells of the priority matrix with a
/// reason, recorded with who and when; new tickets and the priority API follow at once, existing tickets keep their
/// priority; bad input is a localised error that keeps what was typed; the service desk may neither open nor change it —
/// on both engines.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PriorityMatrixEditTests
{
    /// <summary>Tuesday 10 March 2026, 10:00 in Helsinki.</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Seed 002's table, written out here — rows impact, columns urgency.</summary>
    private static readonly Dictionary<(string Impact, string Urgency), string> Seed002 = new()
    {
        [("wide", "critical")] = "P1", [("wide", "serious")] = "P1", [("wide", "normal")] = "P2", [("wide", "minor")] = "P4",
        [("significant", "critical")] = "P1", [("significant", "serious")] = "P2", [("significant", "normal")] = "P3", [("significant", "minor")] = "P4",
        [("limiting", "critical")] = "P2", [("limiting", "serious")] = "P2", [("limiting", "normal")] = "P4", [("limiting", "minor")] = "P4",
        [("local", "critical")] = "P2", [("local", "serious")] = "P3", [("local", "normal")] = "P4", [("local", "minor")] = "P4",
    };

    /// <summary>The matrix form as the page posts it: every cell with the priority seen and the one chosen.</summary>
    private static List<KeyValuePair<string, string>> Form(string? reason, params (string Impact, string Urgency, string? Chosen, string? Seen)[] changes)
    {
        var form = new List<KeyValuePair<string, string>>();
        foreach (var ((impact, urgency), stored) in Seed002)
        {
            var change = changes.FirstOrDefault(c => c.Impact == impact && c.Urgency == urgency);
            form.Add(new($"seen-cell-{impact}-{urgency}", change.Seen ?? stored));
            form.Add(new($"cell-{impact}-{urgency}", change.Chosen ?? stored));
        }

        if (reason is not null)
        {
            form.Add(new("reason", reason));
        }

        return form;
    }

    private static async Task<string> PriorityAsync(HttpClient client, string impact, string urgency) =>
        (await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/priority?impact={impact}&urgency={urgency}", UriKind.Relative))).GetProperty("priority").GetString()!;

    private static async Task<(List<PriorityCell> Cells, List<PriorityMatrixChange> Changes)> StoredAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return (await db.Set<PriorityCell>().AsNoTracking().ToListAsync(), await db.Set<PriorityMatrixChange>().AsNoTracking().ToListAsync());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_change_is_recorded_with_who_when_and_why_and_new_tickets_follow_it_while_existing_ones_keep_theirs(string engine)
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var manager = await TicketTests.DeskAsync(app, "palvelupaallikko");
        var desk = await TicketTests.DeskAsync(app);
        var before = await TicketTests.OpenAsync(desk, new { kind = "incident", serviceId = "omaolo", category = "x", title = "Ennen muutosta", description = "", impact = "local", urgency = "normal" });
        Assert.Equal("P4", before.GetProperty("priority").GetString());

        // The page shows the stored table (and no history yet), and the navigation leads to it for the manager only.
        var (html, token) = await SignIn.GetFormAsync(manager, "/service/priority-matrix");
        Assert.Matches("id=\"cell-local-normal\"[^>]*>\\s*<option value=\"P1\">P1</option>\\s*<option value=\"P2\">P2</option>\\s*<option value=\"P3\">P3</option>\\s*<option value=\"P4\" selected=\"selected\">", html);
        Assert.Contains("Matriisia ei ole muutettu", SignIn.Html(html), StringComparison.Ordinal);
        Assert.Contains("href=\"/service/priority-matrix\"", await manager.GetStringAsync(new Uri("/service/desk", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/service/priority-matrix\"", await desk.GetStringAsync(new Uri("/service/desk", UriKind.Relative)), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(5));
        using (var saved = await SignIn.PostFormAsync(manager, "/service/priority-matrix", token,
            Form("Palvelusopimuksen muutos 3/2026: paikallinen normaali vika on P3.", ("local", "normal", "P3", null), ("wide", "minor", "P3", null))))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var (cells, changes) = await StoredAsync(app);
        Assert.Equal(16, cells.Count);
        Assert.All(cells, c => Assert.Equal(c is { Impact: "local", Urgency: "normal" } or { Impact: "wide", Urgency: "minor" } ? "P3" : Seed002[(c.Impact, c.Urgency)], c.Priority));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var paula = await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("palvelupaallikko");
            Assert.Equal(2, changes.Count);
            Assert.All(changes, c => Assert.Equal(
                (paula!.Id, "Paula Päällikkö", Now.AddMinutes(5).UtcDateTime, "Palvelusopimuksen muutos 3/2026: paikallinen normaali vika on P3.", "P4", "P3"),
                (c.ChangedBy!.Value, c.ChangedByName, c.ChangedUtc, c.Reason, c.OldPriority, c.NewPriority)));
            Assert.Equal([("local", "normal"), ("wide", "minor")], changes.Select(c => (c.Impact, c.Urgency)).Order().ToList());
        }

        // The history shows who, what and why.
        var page = SignIn.Html(await manager.GetStringAsync(new Uri("/service/priority-matrix?saved=true", UriKind.Relative)));
        Assert.Contains("Muutokset on tallennettu.", page, StringComparison.Ordinal);
        Assert.Contains("Paula Päällikkö", page, StringComparison.Ordinal);
        Assert.Contains("P4 → P3", page, StringComparison.Ordinal);
        Assert.Contains("Palvelusopimuksen muutos 3/2026", page, StringComparison.Ordinal);

        // The API and new tickets follow at once; the ticket opened before keeps its priority until it is re-prioritised.
        Assert.Equal("P3", await PriorityAsync(desk, "local", "normal"));
        Assert.Equal("P3", await PriorityAsync(desk, "wide", "minor"));
        Assert.Equal("P4", await PriorityAsync(desk, "local", "minor"));
        var after = await TicketTests.OpenAsync(desk, new { kind = "incident", serviceId = "omaolo", category = "x", title = "Muutoksen jälkeen", description = "", impact = "local", urgency = "normal" });
        Assert.Equal("P3", after.GetProperty("priority").GetString());
        var number = before.GetProperty("number").GetString()!;
        var old = await desk.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/tickets/{number}", UriKind.Relative));
        Assert.Equal(("P4", "P4"), (old.GetProperty("priority").GetString(), old.GetProperty("matrixPriority").GetString()));
        using (var reprioritised = await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/priority", UriKind.Relative), new { impact = "local", urgency = "normal" }))
        {
            Assert.Equal("P3", (await reprioritised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("priority").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Bad_input_is_a_localised_error_that_keeps_what_was_typed_and_saves_nothing(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var manager = await TicketTests.DeskAsync(app, "palvelupaallikko");
        var (_, token) = await SignIn.GetFormAsync(manager, "/service/priority-matrix");
        foreach (var (form, message) in new[]
        {
            (Form(null, ("local", "normal", "P3", null)), "Kirjoita muutoksen syy."),
            (Form("   ", ("local", "normal", "P3", null)), "Kirjoita muutoksen syy."),
            (Form(new string('x', PriorityMatrixEditor.ReasonMax + 1), ("local", "normal", "P3", null)), "Syy on liian pitkä"),
            (Form("Ei muutosta"), "Et muuttanut yhtään solua."),
            (Form("Väärä arvo", ("local", "normal", "P9", null)), "Valitse prioriteetti P1–P4."),
            (Form("Tyhjä arvo", ("local", "normal", "", null)), "Valitse prioriteetti P1–P4."),
            // Someone else changed local × normal meanwhile: the valid change of wide × minor is not saved either.
            (Form("Rinnakkainen muutos", ("wide", "minor", "P3", null), ("local", "normal", "P1", "P2")), "Joku muu muutti matriisia sillä välin."),
        })
        {
            using var response = await SignIn.PostFormAsync(manager, "/service/priority-matrix", token, form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Contains(message, SignIn.Html(html), StringComparison.Ordinal);
            var reason = form.FirstOrDefault(f => f.Key == "reason").Value;
            if (!string.IsNullOrWhiteSpace(reason) && reason.Length < 100)
            {
                Assert.Contains(">" + reason + "</textarea>", SignIn.Html(html), StringComparison.Ordinal);
            }

            var chosen = form.First(f => f.Key == "cell-local-normal").Value;
            if (chosen is "P1" or "P3")
            {
                Assert.Matches($"id=\"cell-local-normal\"[^>]*>((?!</select>)[\\s\\S])*<option value=\"{chosen}\" selected=\"selected\">", html);
            }
        }

        var (cells, changes) = await StoredAsync(app);
        Assert.Empty(changes);
        Assert.All(cells, c => Assert.Equal(Seed002[(c.Impact, c.Urgency)], c.Priority));

        // The reader's language: Swedish.
        var swedish = await TicketTests.DeskAsync(app, "palvelupaallikko");
        await swedish.GetAsync(new Uri("/language/sv", UriKind.Relative));
        (_, token) = await SignIn.GetFormAsync(swedish, "/service/priority-matrix");
        using var sv = await SignIn.PostFormAsync(swedish, "/service/priority-matrix", token, Form(null, ("local", "normal", "P3", null)));
        Assert.Contains("Skriv orsaken till ändringen.", SignIn.Html(await sv.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // After a conflict the page carries the table as it now is, beside what was typed: saving that again is a
        // decision made with the other change in view, and succeeds.
        (_, token) = await SignIn.GetFormAsync(manager, "/service/priority-matrix");
        using var stale = await SignIn.PostFormAsync(manager, "/service/priority-matrix", token, Form("Rinnakkainen muutos", ("local", "normal", "P1", "P2")));
        var again = SignIn.Html(await stale.Content.ReadAsStringAsync());
        Assert.Contains("name=\"seen-cell-local-normal\" value=\"P4\"", again, StringComparison.Ordinal);
        Assert.Contains("Tallennettu: P4", again, StringComparison.Ordinal);
        using var resaved = await SignIn.PostFormAsync(manager, "/service/priority-matrix", token, Form("Rinnakkainen muutos", ("local", "normal", "P1", "P4")));
        Assert.Equal(HttpStatusCode.Redirect, resaved.StatusCode);
        Assert.Equal("P1", (await StoredAsync(app)).Cells.Single(c => c is { Impact: "local", Urgency: "normal" }).Priority);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_service_desk_may_neither_open_nor_change_the_matrix(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var desk = await TicketTests.DeskAsync(app);
        using (var page = await desk.GetAsync(new Uri("/service/priority-matrix", UriKind.Relative)))
        {
            Assert.True(page.StatusCode == HttpStatusCode.Forbidden || page.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true,
                $"the service desk got {(int)page.StatusCode}");
        }

        // A post with the desk's own anti-forgery token is refused before the handler runs.
        var (_, token) = await SignIn.GetFormAsync(desk, "/service/desk");
        using (var post = await SignIn.PostFormAsync(desk, "/service/priority-matrix", token, Form("Tukipalvelun muutos", ("local", "normal", "P1", null))))
        {
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden || post.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true,
                $"the service desk's post got {(int)post.StatusCode}");
        }

        // The editor refuses anyone but the service manager on its own as well.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<PriorityMatrixEditor>().ChangeAsync(
                [new MatrixCellEdit("local", "normal", "P4", "P1")], "Tukipalvelun muutos", new TicketActor(Guid.NewGuid(), "Tuomas Tukipalvelu", false), CancellationToken.None);
            Assert.Equal((PriorityMatrixEditor.ManagerOnly, 403), (result.Error?.Code, result.Error?.Status));
        }

        var (cells, changes) = await StoredAsync(app);
        Assert.Empty(changes);
        Assert.Equal("P4", cells.Single(c => c is { Impact: "local", Urgency: "normal" }).Priority);
        Assert.Equal("P4", await PriorityAsync(desk, "local", "normal"));
    }
}

/// <summary>
/// Issue 15: the service manager edits a service's contract on the catalogue page — the monthly fee, the satisfaction
/// target and the sanction table (per cent of the fee per missed target); bad values are localised errors that keep
/// what was typed and save nothing; the live report uses the new table, a frozen version keeps its own.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SanctionTableEditTests
{
    /// <summary>10 April 2026: March has ended.</summary>
    private static readonly DateTimeOffset April10 = new(2026, 4, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>polku-front's catalogue form as the page posts it, with the contract's part and any changes.</summary>
    private static Dictionary<string, string> Form(Dictionary<string, string>? changes = null)
    {
        var form = new Dictionary<string, string>
        {
            ["NameFi"] = "Polku: etuovi ja palveluhakemisto", ["NameSv"] = "Polku: ingång och servicekatalog", ["NameEn"] = "Polku: front door and service directory",
            ["Owner"] = "Digipalvelut", ["Supplier"] = "Hyvinvointialueen ICT", ["Tier"] = "L", ["Calendar"] = "24x7", ["Lifecycle"] = "in-use",
            ["AvailabilityTarget"] = "99,5", ["MaxUnplannedOutages"] = "4", ["HealthUrl"] = "/health/ready", ["ProbeIntervalSeconds"] = "60",
            ["ProbeTimeoutSeconds"] = "5", ["FailuresToOpen"] = "2",
            ["ResponseP1"] = "15", ["ResolutionP1"] = "240", ["ResponseP2"] = "60", ["ResolutionP2"] = "480",
            ["ResponseP3"] = "240", ["ResolutionP3"] = "2400", ["ResponseP4"] = "480", ["ResolutionP4"] = "4800",
            ["MonthlyFee"] = "1 000,50", ["SatisfactionTarget"] = "4",
            ["SanctionMeasure0"] = "availability", ["SanctionPriority0"] = "", ["SanctionPercent0"] = "10",
            ["SanctionMeasure1"] = "response", ["SanctionPriority1"] = "P1", ["SanctionPercent1"] = "5",
            ["SanctionMeasure2"] = "satisfaction", ["SanctionPriority2"] = "", ["SanctionPercent2"] = "2,5",
            ["SanctionMeasure3"] = "", ["SanctionPriority3"] = "", ["SanctionPercent3"] = "",
        };
        foreach (var (k, v) in changes ?? [])
        {
            form[k] = v;
        }

        return form;
    }

    private static async Task<SmService> ServiceAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<SmService>().AsNoTracking().SingleAsync(s => s.Id == "polku-front");
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Sanction_edits_are_validated_and_the_live_report_uses_them_while_a_frozen_one_keeps_its_own(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(April10) };

        // March: a 10-hour outage (availability missed) and polku-front's incidents rated 4 and 2 (mean 3, below a target of 4).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            SmTestData.AddOutage(db, "polku-front", "2026-03-10T06:00:00Z", "2026-03-10T16:00:00Z");
            foreach (var (number, rating) in new[] { ("INC-930001", 4), ("INC-930002", 2) })
            {
                var t = SmTestData.AddTicket(db, number, "incident", "polku-front", "2026-03-11T09:00:00Z", "P3", "closed");
                t.ResolvedUtc = SmTestData.Utc("2026-03-11T12:00:00Z");
                db.Set<TicketRating>().Add(new TicketRating { TicketId = t.Id, Rating = rating, RatedBy = Guid.NewGuid(), RatedUtc = April10.UtcDateTime, UpdatedUtc = April10.UtcDateTime });
            }

            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ReportStore>().FreezeAsync("polku-front", 2026, 3, null, CancellationToken.None);
        }

        var manager = await TicketTests.DeskAsync(app, "palvelupaallikko");
        var (html, token) = await SignIn.GetFormAsync(manager, "/service/catalogue/polku-front");
        // The seeded table: five rules and two empty rows to add more.
        Assert.Contains("value=\"4000\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"SanctionMeasure6\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"SanctionMeasure7\"", html, StringComparison.Ordinal);
        var seeded = (await ServiceAsync(app)).SanctionsJson;

        foreach (var (field, value, message, at) in new[]
        {
            ("MonthlyFee", "-5", "Anna kuukausimaksu euroina", "MonthlyFee"),
            ("MonthlyFee", "neljätuhatta", "Anna kuukausimaksu euroina", "MonthlyFee"),
            ("MonthlyFee", "10000000,01", "Anna kuukausimaksu euroina", "MonthlyFee"),
            ("MonthlyFee", "100,005", "Anna kuukausimaksu euroina", "MonthlyFee"),
            ("SatisfactionTarget", "6", "Anna tavoite keskiarvona 1–5", "SatisfactionTarget"),
            ("SanctionPercent0", "0", "Anna osuus prosentteina", "SanctionPercent0"),
            ("SanctionPercent0", "150", "Anna osuus prosentteina", "SanctionPercent0"),
            ("SanctionPercent0", "-3", "Anna osuus prosentteina", "SanctionPercent0"),
            ("SanctionMeasure3", "availability", "Anna osuus prosentteina", "SanctionPercent3"),
            ("SanctionPriority0", "P1", "Prioriteetin voi valita vain vaste- ja ratkaisuaikasäännöille.", "SanctionPriority0"),
            ("SanctionPriority1", "P7", "Prioriteetin voi valita vain vaste- ja ratkaisuaikasäännöille.", "SanctionPriority1"),
            ("SanctionMeasure1", "bogus", "Valitse säännön mittari luettelosta.", "SanctionMeasure1"),
            ("SanctionMeasure2", "availability", "Samalla mittarilla ja prioriteetilla on jo sääntö.", "SanctionMeasure2"),
            ("SanctionPercent0", "95", "Sääntöjen osuudet ovat yhteensä yli 100 %", "SanctionPercent2"),
        })
        {
            using var bad = await SignIn.PostFormAsync(manager, "/service/catalogue/polku-front", token, Form(new() { [field] = value }));
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var page = await bad.Content.ReadAsStringAsync();
            Assert.Contains(message, SignIn.Html(page), StringComparison.Ordinal);
            Assert.Contains($"<a href=\"#{at}\">", page, StringComparison.Ordinal);
            if (field.StartsWith("SanctionMeasure", StringComparison.Ordinal) || field.StartsWith("SanctionPriority", StringComparison.Ordinal))
            {
                if (value is not ("bogus" or "P7"))
                {
                    Assert.Matches($"id=\"{field}\"[^>]*>((?!</select>)[\\s\\S])*<option value=\"{value}\" selected=\"selected\">", page);
                }
            }
            else
            {
                Assert.Contains($"id=\"{field}\" name=\"{field}\" value=\"{value}\"", SignIn.Html(page), StringComparison.Ordinal);
            }
        }

        // A satisfaction rule needs its target.
        using (var noTarget = await SignIn.PostFormAsync(manager, "/service/catalogue/polku-front", token, Form(new() { ["SatisfactionTarget"] = "" })))
        {
            Assert.Contains("Asiakastyytyväisyyden sääntö tarvitsee tavoitteen", SignIn.Html(await noTarget.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Equal(seeded, (await ServiceAsync(app)).SanctionsJson);

        using (var saved = await SignIn.PostFormAsync(manager, "/service/catalogue/polku-front", token, Form()))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var service = await ServiceAsync(app);
        Assert.Equal(4d, service.SatisfactionTarget);
        var table = ReportBuilder.SanctionsOf(service.SanctionsJson);
        Assert.Equal(1000.50m, table.MonthlyFeeEur);
        Assert.Equal([("availability", null, 10m), ("response", "P1", 5m), ("satisfaction", null, 2.5m)], table.Rules.Select(r => (r.Measure, r.Priority, r.PercentOfFee)).ToList());

        // The live report (a correction) charges 10 % for availability and 2.5 % for satisfaction (mean 3 < 4): 100.05 + 25.01.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var live = (await scope.ServiceProvider.GetRequiredService<ReportBuilder>().BuildAsync("polku-front", 2026, 3, CancellationToken.None))!;
            Assert.Equal((3m, 2, 4m, false), (live.CustomerSatisfaction.Value!.Value, live.CustomerSatisfaction.Ratings, live.CustomerSatisfaction.Target!.Value, live.CustomerSatisfaction.Met!.Value));
            Assert.Equal([("availability", 100.05m), ("satisfaction", 25.01m)], live.Sanctions.Lines.Where(l => l.Missed).Select(l => (l.Measure, l.AmountEur)).ToList());
            Assert.Equal(125.06m, live.Sanctions.TotalEur);
        }

        var frozen = await manager.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/3", UriKind.Relative));
        Assert.Equal(4000m, frozen.GetProperty("content").GetProperty("sanctions").GetProperty("monthlyFeeEur").GetDecimal());
        Assert.Equal(200m, frozen.GetProperty("content").GetProperty("sanctions").GetProperty("totalEur").GetDecimal());
        var (_, reportToken) = await SignIn.GetFormAsync(manager, "/service/reports");
        using (var corrected = await SignIn.PostFormAsync(manager, "/service/reports?handler=Correct", reportToken,
            [new("Service", "polku-front"), new("Month", "2026-03"), new("Reason", "Uusi sanktiotaulukko")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        }

        var page2 = SignIn.Html(await manager.GetStringAsync(new Uri("/service/reports/polku-front/2026/3", UriKind.Relative)));
        Assert.Contains("125,06 €", page2, StringComparison.Ordinal);
        Assert.Contains("Asiakastyytyväisyyden tavoite (2,50 %)", page2, StringComparison.Ordinal);
        Assert.Contains("3,00 / 5", page2, StringComparison.Ordinal);

        // The catalogue shows the new table in words.
        var catalogue = SignIn.Html(await manager.GetStringAsync(new Uri("/service/catalogue", UriKind.Relative)));
        Assert.Contains("Asiakastyytyväisyys alle tavoitteen: 2,5 % kuukausimaksusta", catalogue, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_reader_skips_empty_rows_reads_a_decimal_comma_and_names_the_first_problem()
    {
        static SanctionInput Input(string fee, string? target, params (string? M, string? P, string? Pct)[] rows) =>
            new(fee, target, [.. rows.Select(r => new SanctionRowInput(r.M, r.P, r.Pct))]);

        var ok = SanctionTableInput.Read(Input("2 500,5", "3,75", (null, null, null), ("resolution", "P2", "2,25"), ("resolution", null, "1"), (" ", "", " ")));
        Assert.Null(ok.Error);
        Assert.Equal(2500.5m, ok.Value.Table.MonthlyFeeEur);
        Assert.Equal(3.75d, ok.Value.SatisfactionTarget);
        Assert.Equal([("resolution", "P2", 2.25m), ("resolution", null, 1m)], ok.Value.Table.Rules.Select(r => (r.Measure, r.Priority, r.PercentOfFee)).ToList());
        Assert.Null(SanctionTableInput.Read(Input("0", "")).Value.SatisfactionTarget);

        foreach (var (input, code, field) in new[]
        {
            (Input("", null), SanctionTableInput.FeeInvalid, "MonthlyFee"),
            (Input("1e3", null), SanctionTableInput.FeeInvalid, "MonthlyFee"),
            (Input("100", "0,5"), SanctionTableInput.TargetInvalid, "SatisfactionTarget"),
            (Input("100", null, (null, "P1", null)), SanctionTableInput.MeasureInvalid, "SanctionMeasure0"),
            (Input("100", null, ("outages", "P1", "1")), SanctionTableInput.PriorityInvalid, "SanctionPriority0"),
            (Input("100", null, ("outages", null, "1"), ("outages", null, "2")), SanctionTableInput.Duplicate, "SanctionMeasure1"),
            (Input("100", null, ("outages", null, "60"), ("availability", null, "40,01")), SanctionTableInput.TotalTooHigh, "SanctionPercent1"),
            (Input("100", null, ("satisfaction", null, "1")), SanctionTableInput.SatisfactionNeedsTarget, "SanctionMeasure0"),
            (Input("100", null, ("response", "P1", "1,234")), SanctionTableInput.PercentInvalid, "SanctionPercent0"),
        })
        {
            var error = SanctionTableInput.Read(input).Error;
            Assert.Equal((code, field), (error?.Code, error?.Field));
        }
    }
}
