using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Reports;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>Rows for the service-management tests: outages and tickets at given instants.</summary>
internal static class SmTestData
{
    public static DateTime Utc(string iso) => DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static Outage AddOutage(PolkuDb db, string service, string start, string? end, string? reason = null)
    {
        var outage = new Outage
        {
            Id = Guid.NewGuid(), ServiceId = service, StartUtc = Utc(start), EndUtc = end is null ? null : Utc(end), Source = "manual",
            ExcludedReason = reason, CreatedUtc = Utc(start),
        };
        db.Set<Outage>().Add(outage);
        return outage;
    }

    public static Ticket AddTicket(PolkuDb db, string number, string kind, string service, string opened, string priority = "P3", string status = "in-progress")
    {
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(), Number = number, Kind = kind, ServiceId = service, Category = "test", Title = "Testi " + number, Description = "",
            ReporterName = "Testi", Status = status, Impact = "local", Urgency = "normal", MatrixPriority = priority, Priority = priority,
            OpenedUtc = Utc(opened), UpdatedUtc = Utc(opened), Version = 1,
        };
        db.Set<Ticket>().Add(ticket);
        return ticket;
    }

    public static Ticket AddChange(PolkuDb db, string number, string service, string opened, string type, string approval, string windowStart, string windowEnd)
    {
        var change = AddTicket(db, number, "change", service, opened);
        change.ChangeType = type;
        change.ChangeApproval = approval;
        change.WindowStartUtc = Utc(windowStart);
        change.WindowEndUtc = Utc(windowEnd);
        return change;
    }
}

/// <summary>
/// Issue 15 item 9, spec 06 "Monthly service-level report": the figures from seeded outages and tickets, the contract's
/// sanctions in euros for each missed target, freezing a closed month with a hash, no edit of a frozen version, and a
/// correction as version 2 carrying the first version's hash — on both engines.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ReportTests
{
    /// <summary>10 April 2026 in Helsinki: March has ended, April has not.</summary>
    private static readonly DateTimeOffset April10 = new(2026, 4, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task SeedMarchAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        // polku-front: target 99.5 %, at most 4 unplanned outages, fee 4,000 € (the demo catalogue).
        SmTestData.AddOutage(db, "polku-front", "2026-03-10T10:00:00Z", "2026-03-10T15:00:00Z");
        SmTestData.AddOutage(db, "polku-front", "2026-03-15T01:00:00Z", "2026-03-15T01:30:00Z");
        SmTestData.AddOutage(db, "polku-front", "2026-03-20T12:00:00Z", "2026-03-20T12:20:00Z", "customer");
        SmTestData.AddChange(db, "CHG-910001", "polku-front", "2026-03-02T08:00:00Z", "normal", "approved", "2026-03-15T00:30:00Z", "2026-03-15T02:00:00Z");
        SmTestData.AddChange(db, "CHG-910002", "polku-front", "2026-03-03T08:00:00Z", "standard", "pending", "2026-03-10T09:00:00Z", "2026-03-10T11:00:00Z");

        // P1: responded in time, resolved late (a major incident without its RCA). P2: both in time. P3: response flagged breached.
        var p1 = SmTestData.AddTicket(db, "INC-910001", "incident", "polku-front", "2026-03-10T10:05:00Z", "P1", "resolved");
        (p1.RespondedUtc, p1.ResponseDueUtc, p1.ResolvedUtc, p1.ResolutionDueUtc, p1.MajorState) =
            (SmTestData.Utc("2026-03-10T10:10:00Z"), SmTestData.Utc("2026-03-10T10:20:00Z"), SmTestData.Utc("2026-03-10T16:00:00Z"), SmTestData.Utc("2026-03-10T14:05:00Z"), "declared");
        var p2 = SmTestData.AddTicket(db, "INC-910002", "incident", "polku-front", "2026-03-11T09:00:00Z", "P2", "closed");
        (p2.RespondedUtc, p2.ResponseDueUtc, p2.ResolvedUtc, p2.ResolutionDueUtc) =
            (SmTestData.Utc("2026-03-11T09:30:00Z"), SmTestData.Utc("2026-03-11T10:00:00Z"), SmTestData.Utc("2026-03-11T12:00:00Z"), SmTestData.Utc("2026-03-11T17:00:00Z"));
        var p3 = SmTestData.AddTicket(db, "INC-910003", "incident", "polku-front", "2026-03-12T09:00:00Z", "P3");
        (p3.RespondedUtc, p3.ResponseDueUtc, p3.ResponseBreached) = (SmTestData.Utc("2026-03-12T12:00:00Z"), SmTestData.Utc("2026-03-12T13:00:00Z"), true);
        SmTestData.AddTicket(db, "INC-910004", "incident", "polku-front", "2026-03-25T09:00:00Z", "P4");
        // Outside the report: February's incident, another service's, a cancelled one.
        var february = SmTestData.AddTicket(db, "INC-910005", "incident", "polku-front", "2026-02-27T09:00:00Z", "P1");
        february.ResponseBreached = true;
        SmTestData.AddTicket(db, "INC-910006", "incident", "omaolo", "2026-03-12T09:00:00Z", "P1").ResolutionBreached = true;
        SmTestData.AddTicket(db, "INC-910007", "incident", "polku-front", "2026-03-13T09:00:00Z", "P1", "cancelled").ResolutionBreached = true;
        SmTestData.AddTicket(db, "PRB-910001", "problem", "polku-front", "2026-02-20T09:00:00Z", "P3", "new").KnownError = true;
        SmTestData.AddTicket(db, "PRB-910002", "problem", "polku-front", "2026-02-21T09:00:00Z", "P3", "closed");
        await db.SaveChangesAsync();
    }

    private static async Task<HttpClient> ManagerAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "palvelupaallikko");
        return client;
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_report_gives_the_months_figures_and_the_sanctions_for_the_missed_targets(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(April10) };
        await SeedMarchAsync(app);
        var client = await ManagerAsync(app);
        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/3", UriKind.Relative));
        Assert.False(body.GetProperty("frozen").GetBoolean());
        var c = body.GetProperty("content");

        // Ka 300 + 30 + 20; Eh 30 (the approved window; the pending one excludes nothing) + 20 (customer).
        var a = c.GetProperty("availability");
        Assert.Equal(350m, a.GetProperty("ka").GetDecimal());
        Assert.Equal(50m, a.GetProperty("eh").GetDecimal());
        Assert.Equal(99.327052m, a.GetProperty("percent").GetDecimal());
        Assert.False(a.GetProperty("met").GetBoolean());
        Assert.Equal(1, a.GetProperty("unplannedOutages").GetInt32());
        Assert.True(a.GetProperty("outagesMet").GetBoolean());

        var incidents = c.GetProperty("incidents").EnumerateArray().ToDictionary(p => p.GetProperty("priority").GetString()!);
        Assert.Equal(1, incidents["P1"].GetProperty("opened").GetInt32());
        Assert.Equal(1, incidents["P1"].GetProperty("responseMet").GetInt32());
        Assert.Equal(1, incidents["P1"].GetProperty("resolutionMissed").GetInt32());
        Assert.Equal(0m, incidents["P1"].GetProperty("resolutionCompliance").GetDecimal());
        Assert.Equal(100m, incidents["P2"].GetProperty("resolutionCompliance").GetDecimal());
        Assert.Equal(1, incidents["P3"].GetProperty("responseMissed").GetInt32());
        Assert.Equal(1, incidents["P4"].GetProperty("responsePending").GetInt32());
        Assert.Equal(JsonValueKind.Null, incidents["P4"].GetProperty("responseCompliance").ValueKind);

        var problems = c.GetProperty("problems");
        Assert.Equal(1, problems.GetProperty("openCount").GetInt32());
        Assert.True(problems.GetProperty("open")[0].GetProperty("knownError").GetBoolean());
        var major = Assert.Single(problems.GetProperty("majorIncidents").EnumerateArray());
        Assert.Equal("INC-910001", major.GetProperty("number").GetString());
        Assert.False(major.GetProperty("rcaDone").GetBoolean());
        Assert.Equal(2, c.GetProperty("changes").GetArrayLength());
        Assert.Equal("not-measured", c.GetProperty("customerSatisfaction").GetProperty("status").GetString());

        // Availability missed: 5 % of 4,000 €; P1 resolution missed: 5 %; nothing else.
        var sanctions = c.GetProperty("sanctions");
        var missed = sanctions.GetProperty("lines").EnumerateArray().Where(l => l.GetProperty("missed").GetBoolean())
            .Select(l => (l.GetProperty("measure").GetString(), l.GetProperty("amountEur").GetDecimal())).ToList();
        Assert.Equal([("availability", 200m), ("resolution", 200m)], missed);
        Assert.Equal(400m, sanctions.GetProperty("totalEur").GetDecimal());

        // The same in the page and in the CSV, in the reader's language.
        var page = SignIn.Html(await client.GetStringAsync(new Uri("/service/reports/polku-front/2026/3", UriKind.Relative)));
        Assert.Contains("99,327052 %", page, StringComparison.Ordinal);
        Assert.Contains("400,00 €", page, StringComparison.Ordinal);
        Assert.Contains("Ei mitattu", page, StringComparison.Ordinal);
        using var csv = await client.GetAsync(new Uri("/api/service-management/reports/polku-front/2026/3.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("400,00 €", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_closed_month_freezes_with_its_hash_cannot_be_edited_and_a_correction_is_version_2_with_both_hashes(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(April10) };
        await SeedMarchAsync(app);
        string firstHash;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ReportStore>();
            Assert.Equal("sm.reports.error.month_open", (await store.FreezeAsync("polku-front", 2026, 4, null, CancellationToken.None)).Error?.Code);
            Assert.Equal("sm.reports.error.not_frozen", (await store.CorrectAsync("polku-front", 2026, 3, "Korjaus", null, CancellationToken.None)).Error?.Code);

            var frozen = await store.FreezeAsync("polku-front", 2026, 3, null, CancellationToken.None);
            var v1 = frozen.Value!;
            Assert.Equal(1, v1.Version);
            Assert.Matches("^[0-9a-f]{64}$", v1.ContentHash);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(v1.ContentJson))), v1.ContentHash);
            Assert.Null(v1.PreviousHash);
            firstHash = v1.ContentHash;
            Assert.Equal("sm.reports.error.already_frozen", (await store.FreezeAsync("polku-front", 2026, 3, null, CancellationToken.None)).Error?.Code);
        }

        // A frozen version cannot be edited: the model refuses a change to any of its columns.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var stored = await db.Set<Report>().SingleAsync(r => r.ServiceId == "polku-front" && r.Year == 2026 && r.Month == 3);
            stored.ContentJson = stored.ContentJson.Replace("99.327052", "99.9", StringComparison.Ordinal);
            stored.ContentHash = new string('0', 64);
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Report>().AsNoTracking().SingleAsync(r => r.ServiceId == "polku-front");
            Assert.Equal(firstHash, stored.ContentHash);
            Assert.Contains("99.327052", stored.ContentJson, StringComparison.Ordinal);
        }

        // The long outage turns out to be the third party's: a correction (with its reason) is version 2.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var outage = await db.Set<Outage>().SingleAsync(o => o.ServiceId == "polku-front" && o.StartUtc == SmTestData.Utc("2026-03-10T10:00:00Z"));
            outage.ExcludedReason = "third-party";
            await db.SaveChangesAsync();
        }

        var client = await ManagerAsync(app);
        var (_, token) = await SignIn.GetFormAsync(client, "/service/reports");
        using (var noReason = await SignIn.PostFormAsync(client, "/service/reports?handler=Correct", token, [new("Service", "polku-front"), new("Month", "2026-03"), new("Reason", "  ")]))
        {
            Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
            Assert.Contains("Kirjoita korjauksen syy.", SignIn.Html(await noReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var corrected = await SignIn.PostFormAsync(client, "/service/reports?handler=Correct", token,
            [new("Service", "polku-front"), new("Month", "2026-03"), new("Reason", "Katko 10.3. oli kolmannen osapuolen aiheuttama.")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        }

        var body = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/3", UriKind.Relative));
        Assert.True(body.GetProperty("frozen").GetBoolean());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal(firstHash, body.GetProperty("previousHash").GetString());
        var secondHash = body.GetProperty("contentHash").GetString()!;
        Assert.NotEqual(firstHash, secondHash);
        Assert.Equal(100m, body.GetProperty("content").GetProperty("availability").GetProperty("percent").GetDecimal());
        Assert.Equal(200m, body.GetProperty("content").GetProperty("sanctions").GetProperty("totalEur").GetDecimal());

        // Version 1 is still there as it was, and the list shows both versions with both hashes.
        var first = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/3?version=1", UriKind.Relative));
        Assert.Equal(firstHash, first.GetProperty("contentHash").GetString());
        Assert.Equal(99.327052m, first.GetProperty("content").GetProperty("availability").GetProperty("percent").GetDecimal());
        var list = SignIn.Html(await client.GetStringAsync(new Uri("/service/reports", UriKind.Relative)));
        Assert.Equal(2, list.Split(firstHash).Length - 1); // version 1's hash, and version 2's previous hash
        Assert.Contains(secondHash, list, StringComparison.Ordinal);
        var view = SignIn.Html(await client.GetStringAsync(new Uri("/service/reports/polku-front/2026/3", UriKind.Relative)));
        Assert.Contains(firstHash, view, StringComparison.Ordinal);
        Assert.Contains(secondHash, view, StringComparison.Ordinal);
        Assert.Contains("Katko 10.3. oli kolmannen osapuolen aiheuttama.", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_report_addresses_are_a_localised_400_or_404()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(April10) };
        var client = await ManagerAsync(app);
        foreach (var (url, status, code) in new[]
        {
            ("/api/service-management/reports/polku-front/2026/13", HttpStatusCode.BadRequest, "sm.availability.error.month"),
            ("/api/service-management/reports/polku-front/19999/3", HttpStatusCode.BadRequest, "sm.availability.error.year"),
            ("/api/service-management/reports/polku-front/2026/3?version=x", HttpStatusCode.BadRequest, "sm.reports.error.version"),
            ("/api/service-management/reports/polku-front/2026/3?version=2", HttpStatusCode.NotFound, "sm.reports.error.unknown_version"),
            ("/api/service-management/reports/no-such/2026/3", HttpStatusCode.NotFound, "sm.reports.error.unknown_service"),
        })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(status == response.StatusCode, url);
            Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using var page = await client.GetAsync(new Uri("/service/reports/polku-front/2026/13", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
    }
}
