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
using Polku.ServiceManagement.Satisfaction;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06 "customer satisfaction": the reporter of a resolved incident or request rates its handling 1–5 (only
/// they, only once it is resolved, changeable until it is closed); the monthly report gives the mean and the number of
/// ratings of the service's tickets resolved in the Helsinki month, not-measured without any, and a frozen version keeps
/// what it had — on both engines.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SatisfactionTests
{
    /// <summary>Tuesday 10 March 2026, 10:00 in Helsinki.</summary>
    private static readonly DateTimeOffset March10 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>10 June 2026: March, April and May have ended.</summary>
    private static readonly DateTimeOffset June10 = new(2026, 6, 10, 9, 0, 0, TimeSpan.Zero);

    private static async Task<string> ReportAsync(HttpClient nurse, string title)
    {
        var (_, token) = await SignIn.GetFormAsync(nurse, "/service-requests");
        using var sent = await SignIn.PostFormAsync(nurse, "/service-requests", token, new Dictionary<string, string>
        {
            ["Kind"] = "request", ["ServiceId"] = "polku-front", ["Title"] = title, ["Description"] = "Testi.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var location = sent.Headers.Location!.ToString();
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private static async Task StatusAsync(HttpClient desk, string number, string status)
    {
        using var response = await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/status", UriKind.Relative), new { status });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> RateAsync(HttpClient client, string number, string? rating, string comment = "")
    {
        var url = $"/service-requests/{number}/rating";
        using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
        if (get.StatusCode != HttpStatusCode.OK)
        {
            return new HttpResponseMessage(get.StatusCode);
        }

        var fields = new Dictionary<string, string> { ["comment"] = comment };
        if (rating is not null)
        {
            fields["rating"] = rating;
        }

        return await SignIn.PostFormAsync(client, url, SignIn.Token(await get.Content.ReadAsStringAsync()), fields);
    }

    private static async Task<TicketRating?> StoredAsync(PolkuAppFactory app, string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var id = await db.Set<Ticket>().Where(t => t.Number == number).Select(t => t.Id).SingleAsync();
        return await db.Set<TicketRating>().AsNoTracking().SingleOrDefaultAsync(r => r.TicketId == id);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Only_the_reporter_rates_a_resolved_ticket_from_1_to_5_and_may_change_it_until_it_is_closed(string engine)
    {
        var clock = new ManualTimeProvider(March10);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var desk = await TicketTests.DeskAsync(app);
        var number = await ReportAsync(nurse, "Etusivun haku ei löydä neuvolaa");

        // Before the desk has resolved it: the page says so, and a rating is refused.
        var waiting = SignIn.Html(await nurse.GetStringAsync(new Uri($"/service-requests/{number}/rating", UriKind.Relative)));
        Assert.Contains("Voit arvioida käsittelyn, kun palvelupiste on ratkaissut ilmoituksen.", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"rating\"", waiting, StringComparison.Ordinal);
        Assert.DoesNotContain($"/service-requests/{number}/rating\"", await nurse.GetStringAsync(new Uri($"/service-requests/{number}", UriKind.Relative)), StringComparison.Ordinal);
        using (var early = await RateAsync(nurse, number, "5"))
        {
            Assert.Equal(HttpStatusCode.OK, early.StatusCode);
            Assert.Contains("Ilmoitusta ei ole vielä ratkaistu", SignIn.Html(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        await StatusAsync(desk, number, "resolved");
        Assert.Contains($"/service-requests/{number}/rating\"", await nurse.GetStringAsync(new Uri($"/service-requests/{number}", UriKind.Relative)), StringComparison.Ordinal);

        // Nobody else: another professional and the service desk do not find the ticket to rate.
        var doctor = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(doctor, "laakari.porvoo");
        using (var other = await doctor.GetAsync(new Uri($"/service-requests/{number}/rating", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var deskRating = await desk.GetAsync(new Uri($"/service-requests/{number}/rating", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, deskRating.StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ratings = scope.ServiceProvider.GetRequiredService<TicketRatings>();
            Assert.Equal(TicketRatings.NotFound, (await ratings.RateAsync(number, 5, null, Guid.NewGuid(), CancellationToken.None)).Error?.Code);
            Assert.Equal(TicketRatings.NotFound, (await ratings.RateAsync(number, 5, null, null, CancellationToken.None)).Error?.Code);
        }

        // Out of the scale, missing, not a number, or a comment too long: a localised error, the comment kept, nothing saved.
        foreach (var bad in new[] { "0", "6", "-1", "kolme", null })
        {
            using var refused = await RateAsync(nurse, number, bad, "Nopeasti korjattu <b>kiitos</b>");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("Valitse arvio 1–5.", SignIn.Html(html), StringComparison.Ordinal);
            Assert.Contains("Nopeasti korjattu &lt;b&gt;kiitos&lt;/b&gt;", html, StringComparison.Ordinal);
        }

        using (var tooLong = await RateAsync(nurse, number, "4", new string('x', TicketRatings.CommentMax + 1)))
        {
            Assert.Contains("Kommentti on liian pitkä", SignIn.Html(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Null(await StoredAsync(app, number));

        using (var rated = await RateAsync(nurse, number, "4", "Nopeasti korjattu."))
        {
            Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        }

        var first = await StoredAsync(app, number);
        Assert.Equal((4, "Nopeasti korjattu."), (first!.Rating, first.Comment));
        Assert.Equal(March10.UtcDateTime, first.RatedUtc);

        // Changed while still resolved: the same row, the first rating's time kept.
        clock.Advance(TimeSpan.FromMinutes(20));
        using (var changed = await RateAsync(nurse, number, "2", "Ratkaisu ei sittenkään toiminut."))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        var second = await StoredAsync(app, number);
        Assert.Equal((2, "Ratkaisu ei sittenkään toiminut.", March10.UtcDateTime, March10.AddMinutes(20).UtcDateTime), (second!.Rating, second.Comment, second.RatedUtc, second.UpdatedUtc));
        var saved = SignIn.Html(await nurse.GetStringAsync(new Uri($"/service-requests/{number}/rating?saved=true", UriKind.Relative)));
        Assert.Contains("Kiitos! Arviosi on tallennettu.", saved, StringComparison.Ordinal);
        Assert.Matches("value=\"2\"[^>]*checked", saved);

        // The desk sees the rating on the ticket.
        var deskPage = SignIn.Html(await desk.GetStringAsync(new Uri($"/service/tickets/{number}", UriKind.Relative)));
        Assert.Contains("Ilmoittajan arvio", deskPage, StringComparison.Ordinal);
        Assert.Contains("2 / 5", deskPage, StringComparison.Ordinal);
        Assert.Contains("Ratkaisu ei sittenkään toiminut.", deskPage, StringComparison.Ordinal);

        // Closed: the rating stands.
        await StatusAsync(desk, number, "closed");
        using (var late = await RateAsync(nurse, number, "5"))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            Assert.Contains("Ilmoitus on suljettu, joten arviota ei voi enää muuttaa.", SignIn.Html(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await StoredAsync(app, number))!.Rating);

        // A ticket the desk closed at once may still be rated once; a cancelled one not at all.
        var closedAtOnce = await ReportAsync(nurse, "Tulostus ei toimi");
        await StatusAsync(desk, closedAtOnce, "closed");
        using (var once = await RateAsync(nurse, closedAtOnce, "5"))
        {
            Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
        }

        using (var twice = await RateAsync(nurse, closedAtOnce, "1"))
        {
            Assert.Contains("Ilmoitus on suljettu", SignIn.Html(await twice.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Equal(5, (await StoredAsync(app, closedAtOnce))!.Rating);
        var cancelled = await ReportAsync(nurse, "Turha ilmoitus");
        await StatusAsync(desk, cancelled, "cancelled");
        using (var none = await RateAsync(nurse, cancelled, "3"))
        {
            Assert.Contains("Tätä ilmoitusta ei voi arvioida.", SignIn.Html(await none.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Null(await StoredAsync(app, cancelled));
    }

    /// <summary>
    /// polku-front's tickets resolved around March 2026 in Helsinki time (UTC+2 until 29 March, UTC+3 after), each rated;
    /// plus ratings that must not count: a problem, a cancelled ticket, a reopened one, another service's.
    /// </summary>
    private static async Task SeedRatingsAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        void Rated(string number, string kind, string service, string? resolved, int rating, string status = "resolved")
        {
            var ticket = SmTestData.AddTicket(db, number, kind, service, "2026-02-20T09:00:00Z", "P3", status);
            ticket.ResolvedUtc = resolved is null ? null : SmTestData.Utc(resolved);
            db.Set<TicketRating>().Add(new TicketRating
            {
                TicketId = ticket.Id, Rating = rating, RatedBy = Guid.NewGuid(), RatedUtc = SmTestData.Utc("2026-04-01T09:00:00Z"), UpdatedUtc = SmTestData.Utc("2026-04-01T09:00:00Z"),
            });
        }

        Rated("INC-920001", "incident", "polku-front", "2026-02-28T21:30:00Z", 1);              // 28.2. 23.30 in Helsinki: February
        Rated("INC-920002", "incident", "polku-front", "2026-02-28T22:30:00Z", 5, "closed");    // 1.3. 00.30: March
        Rated("REQ-920001", "request", "polku-front", "2026-03-15T10:00:00Z", 4);
        Rated("INC-920003", "incident", "polku-front", "2026-03-31T20:30:00Z", 2);              // 31.3. 23.30 (summer time): March
        Rated("INC-920004", "incident", "polku-front", "2026-03-31T21:30:00Z", 3);              // 1.4. 00.30: April
        Rated("PRB-920001", "problem", "polku-front", "2026-03-15T10:00:00Z", 1);
        Rated("INC-920005", "incident", "polku-front", "2026-03-16T10:00:00Z", 1, "cancelled");
        Rated("INC-920006", "incident", "polku-front", null, 1, "in-progress");                 // reopened: no resolution time
        Rated("INC-920007", "incident", "omaolo", "2026-03-16T10:00:00Z", 1);
        await db.SaveChangesAsync();
    }

    private static JsonElement Satisfaction(JsonElement report) => report.GetProperty("content").GetProperty("customerSatisfaction");

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_report_gives_the_mean_and_number_of_ratings_of_the_tickets_resolved_in_the_Helsinki_month(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(June10) };
        await SeedRatingsAsync(app);
        var manager = await TicketTests.DeskAsync(app, "palvelupaallikko");
        async Task<JsonElement> Month(int month) =>
            await manager.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/reports/polku-front/2026/{month}", UriKind.Relative));

        // March: 5, 4 and 2 — the mean 3.666… is cut to 3.66.
        var march = await Month(3);
        Assert.Equal(2, march.GetProperty("content").GetProperty("format").GetInt32());
        var s = Satisfaction(march);
        Assert.Equal("measured", s.GetProperty("status").GetString());
        Assert.Equal(3.66m, s.GetProperty("value").GetDecimal());
        Assert.Equal(3, s.GetProperty("ratings").GetInt32());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("target").ValueKind);
        Assert.Equal(JsonValueKind.Null, s.GetProperty("met").ValueKind);

        Assert.Equal((1.00m, 1), (Satisfaction(await Month(2)).GetProperty("value").GetDecimal(), Satisfaction(await Month(2)).GetProperty("ratings").GetInt32()));
        Assert.Equal((3.00m, 1), (Satisfaction(await Month(4)).GetProperty("value").GetDecimal(), Satisfaction(await Month(4)).GetProperty("ratings").GetInt32()));

        // May has no rated ticket: not measured, no figure.
        var may = Satisfaction(await Month(5));
        Assert.Equal("not-measured", may.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, may.GetProperty("value").ValueKind);
        Assert.Equal(0, may.GetProperty("ratings").GetInt32());

        // The page, its print view (the same page) and the CSV in the reader's language.
        var page = SignIn.Html(await manager.GetStringAsync(new Uri("/service/reports/polku-front/2026/3", UriKind.Relative)));
        Assert.Contains("3,66 / 5", page, StringComparison.Ordinal);
        Assert.Contains("3 arviota kuukauden aikana ratkaistuista häiriöistä ja palvelupyynnöistä", page, StringComparison.Ordinal);
        var csv = await manager.GetStringAsync(new Uri("/api/service-management/reports/polku-front/2026/3.csv", UriKind.Relative));
        Assert.Contains("3,66 / 5", csv, StringComparison.Ordinal);
        Assert.Contains("Arvioiden määrä", csv, StringComparison.Ordinal);
        var english = await TicketTests.DeskAsync(app, "palvelupaallikko");
        await english.GetAsync(new Uri("/language/en", UriKind.Relative));
        Assert.Contains("3.66 / 5", SignIn.Html(await english.GetStringAsync(new Uri("/service/reports/polku-front/2026/3", UriKind.Relative))), StringComparison.Ordinal);
        var mayPage = SignIn.Html(await manager.GetStringAsync(new Uri("/service/reports/polku-front/2026/5", UriKind.Relative)));
        Assert.Contains("Ei mitattu: yhtäkään kuukauden aikana ratkaistua häiriötä tai palvelupyyntöä ei ole arvioitu.", mayPage, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_frozen_report_keeps_its_satisfaction_and_hash_and_a_format_1_report_reads_as_it_was_stored(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(June10) };
        await SeedRatingsAsync(app);
        string firstHash, firstJson;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var v1 = (await scope.ServiceProvider.GetRequiredService<ReportStore>().FreezeAsync("polku-front", 2026, 3, null, CancellationToken.None)).Value!;
            (firstHash, firstJson) = (v1.ContentHash, v1.ContentJson);
            Assert.Contains("\"customerSatisfaction\":{\"status\":\"measured\",\"value\":3.66,\"ratings\":3,", firstJson, StringComparison.Ordinal);
        }

        // A late rating of a March ticket: the frozen version is as it was; a correction counts it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var late = SmTestData.AddTicket(db, "REQ-920002", "request", "polku-front", "2026-03-20T09:00:00Z", "P4", "closed");
            late.ResolvedUtc = SmTestData.Utc("2026-03-20T12:00:00Z");
            db.Set<TicketRating>().Add(new TicketRating { TicketId = late.Id, Rating = 1, RatedBy = Guid.NewGuid(), RatedUtc = June10.UtcDateTime, UpdatedUtc = June10.UtcDateTime });
            await db.SaveChangesAsync();
        }

        var manager = await TicketTests.DeskAsync(app, "palvelupaallikko");
        var frozen = await manager.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/3", UriKind.Relative));
        Assert.Equal(firstHash, frozen.GetProperty("contentHash").GetString());
        Assert.Equal((3.66m, 3), (Satisfaction(frozen).GetProperty("value").GetDecimal(), Satisfaction(frozen).GetProperty("ratings").GetInt32()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var stored = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.ServiceId == "polku-front" && r.Month == 3);
            Assert.Equal((firstJson, firstHash), (stored.ContentJson, stored.ContentHash));
            var v2 = (await scope.ServiceProvider.GetRequiredService<ReportStore>().CorrectAsync("polku-front", 2026, 3, "Myöhästynyt arvio", null, CancellationToken.None)).Value!;
            Assert.Equal(firstHash, v2.PreviousHash);
            var content = ReportStore.FromJson(v2.ContentJson).CustomerSatisfaction;
            Assert.Equal((3.00m, 4), (content.Value, content.Ratings));
        }

        // A report frozen before this change (format 1: satisfaction was always not measured) reads back as stored: its
        // JSON, its hash and its words are those of its time, although February now has a rating.
        string oldJson;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var now = ReportStore.ToJson((await scope.ServiceProvider.GetRequiredService<ReportBuilder>().BuildAsync("polku-front", 2026, 2, CancellationToken.None))!);
            const string Measured = "\"customerSatisfaction\":{\"status\":\"measured\",\"value\":1,\"ratings\":1,\"target\":null,\"met\":null}";
            Assert.Contains(Measured, now, StringComparison.Ordinal);
            oldJson = now.Replace("{\"format\":2,", "{\"format\":1,", StringComparison.Ordinal)
                .Replace(Measured, "\"customerSatisfaction\":{\"status\":\"not-measured\",\"value\":null}", StringComparison.Ordinal);
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            db.Set<Report>().Add(new Report
            {
                Id = Guid.NewGuid(), ServiceId = "polku-front", Year = 2026, Month = 2, Version = 1, CreatedUtc = SmTestData.Utc("2026-03-02T08:00:00Z"),
                ContentJson = oldJson, ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(oldJson))),
            });
            await db.SaveChangesAsync();
        }

        var february = await manager.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/reports/polku-front/2026/2", UriKind.Relative));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(oldJson))), february.GetProperty("contentHash").GetString());
        Assert.Equal(1, february.GetProperty("content").GetProperty("format").GetInt32());
        Assert.Equal("not-measured", Satisfaction(february).GetProperty("status").GetString());
        Assert.Equal(0, Satisfaction(february).GetProperty("ratings").GetInt32());
        var page = SignIn.Html(await manager.GetStringAsync(new Uri("/service/reports/polku-front/2026/2", UriKind.Relative)));
        Assert.Contains("Ei mitattu: palvelulle ei ole asiakastyytyväisyyden lähdettä", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1,00 / 5", page, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Report>().AsNoTracking().SingleAsync(r => r.ServiceId == "polku-front" && r.Month == 2);
            Assert.Equal(oldJson, stored.ContentJson);
        }
    }
}
