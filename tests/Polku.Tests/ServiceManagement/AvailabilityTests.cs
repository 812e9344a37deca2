using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain.Availability;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06 "Availability" (seed 002): S = (Pa − Ka + Eh) / Pa × 100 % per Helsinki calendar month — the
/// month's real minutes, merging before splitting, Eh ⊆ Ka counted once, wholly excluded outages planned — explained
/// outage by outage; the compute API and the database month.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class AvailabilityTests
{
    private static readonly DateTimeOffset April10 = new(2026, 4, 10, 9, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static OutageInput O(string start, string? end, string? reason = null) => new(Utc(start), end is null ? null : Utc(end), reason);

    [Theory]
    [InlineData(2024, 3, 44_580)]
    [InlineData(2025, 3, 44_580)]
    [InlineData(2026, 3, 44_580)]
    [InlineData(2031, 3, 44_580)]
    [InlineData(2024, 10, 44_700)]
    [InlineData(2025, 10, 44_700)]
    [InlineData(2026, 10, 44_700)]
    [InlineData(2033, 10, 44_700)]
    [InlineData(2026, 1, 44_640)]
    [InlineData(2026, 4, 43_200)]
    [InlineData(2026, 11, 43_200)]
    [InlineData(2026, 2, 40_320)]
    [InlineData(2028, 2, 41_760)]
    public void A_month_has_its_real_minutes_in_Helsinki(int year, int month, int minutes)
    {
        Assert.Equal(minutes, AvailabilityCalculator.MonthMinutes(year, month));
        var result = AvailabilityCalculator.Compute(year, month, [], [], 5);
        Assert.Equal(minutes, result.Pa);
        Assert.Equal(100m, result.AvailabilityPercent);
        Assert.Equal(0, result.UnplannedOutages);
    }

    [Fact]
    public void Down_12_minutes_back_3_down_10_is_one_outage_of_25_minutes_with_a_gap_of_5_and_two_with_a_gap_of_2_or_3()
    {
        OutageInput[] outages = [O("2026-03-02T10:00:00Z", "2026-03-02T10:12:00Z"), O("2026-03-02T10:15:00Z", "2026-03-02T10:25:00Z")];
        var merged = AvailabilityCalculator.Compute(2026, 3, outages, [], 5);
        var line = Assert.Single(merged.Explanation);
        Assert.Equal(25m, line.Minutes);
        Assert.Equal(2, line.MergedFrom);
        Assert.Equal(25m, merged.Ka);
        Assert.Equal(1, merged.UnplannedOutages);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(2)), line.Start);

        foreach (var gap in new[] { 2, 3 })
        {
            var apart = AvailabilityCalculator.Compute(2026, 3, outages, [], gap);
            Assert.Equal(2, apart.Explanation.Count);
            Assert.Equal(22m, apart.Ka);
            Assert.Equal(2, apart.UnplannedOutages);
        }
    }

    [Fact]
    public void An_outage_across_the_month_end_is_split_by_minutes_and_counted_in_the_month_it_started()
    {
        // 31.3. 23:50 – 1.4. 00:20 Helsinki (summer time, UTC+3).
        OutageInput[] outages = [O("2026-03-31T20:50:00Z", "2026-03-31T21:20:00Z")];
        var march = AvailabilityCalculator.Compute(2026, 3, outages, [], 5);
        var april = AvailabilityCalculator.Compute(2026, 4, outages, [], 5);
        Assert.Equal(10m, march.Ka);
        Assert.Equal(1, march.UnplannedOutages);
        Assert.Equal(20m, april.Ka);
        Assert.Equal(0, april.UnplannedOutages);
        var aprilLine = Assert.Single(april.Explanation);
        Assert.False(aprilLine.StartedInMonth);
        Assert.False(aprilLine.Counts);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(3)), aprilLine.InMonthStart);
    }

    [Fact]
    public void Merging_happens_before_splitting_so_an_outage_resuming_in_the_next_month_within_the_gap_counts_in_the_first()
    {
        // Down 31.3. 23:40–23:58, up two minutes, down again 1.4. 00:00–00:10 (Helsinki): one outage that began in March.
        OutageInput[] outages = [O("2026-03-31T20:40:00Z", "2026-03-31T20:58:00Z"), O("2026-03-31T21:00:00Z", "2026-03-31T21:10:00Z")];
        var april = AvailabilityCalculator.Compute(2026, 4, outages, [], 5);
        Assert.Equal(0, april.UnplannedOutages);
        Assert.Equal(10m, april.Ka);
        var march = AvailabilityCalculator.Compute(2026, 3, outages, [], 5);
        Assert.Equal(1, march.UnplannedOutages);
        Assert.Equal(20m, march.Ka);

        // Without merging, the April part would be an outage of April.
        Assert.Equal(1, AvailabilityCalculator.Compute(2026, 4, outages, [], 0).UnplannedOutages);
    }

    [Fact]
    public void Excluded_minutes_are_a_subset_of_the_outage_minutes_and_overlapping_exclusions_count_once()
    {
        // Outage 10:00–11:00 UTC; windows 09:30–10:20 and 10:10–10:40; the outage's own reason covers none of it.
        OutageInput[] outages = [O("2026-03-05T10:00:00Z", "2026-03-05T11:00:00Z")];
        ExcludedPeriod[] windows = [new(Utc("2026-03-05T09:30:00Z"), Utc("2026-03-05T10:20:00Z"), "CHG-000001"), new(Utc("2026-03-05T10:10:00Z"), Utc("2026-03-05T10:40:00Z"), "CHG-000002")];
        var result = AvailabilityCalculator.Compute(2026, 3, outages, windows, 5);
        Assert.Equal(60m, result.Ka);
        Assert.Equal(40m, result.Eh);
        Assert.Equal(1, result.UnplannedOutages);
        var line = Assert.Single(result.Explanation);
        Assert.Equal(40m, line.ExcludedMinutes);
        Assert.Equal(["CHG-000001", "CHG-000002"], line.Exclusions.Select(x => x.Label));
        Assert.Equal([20m, 30m], line.Exclusions.Select(x => x.Minutes));
        Assert.True(line.Counts);

        // A window wider than the outage never makes Eh larger than Ka.
        var wide = AvailabilityCalculator.Compute(2026, 3, outages, [new(Utc("2026-03-05T00:00:00Z"), Utc("2026-03-06T00:00:00Z"))], 5);
        Assert.Equal(60m, wide.Eh);
        Assert.Equal(100m, wide.AvailabilityPercent);
    }

    [Fact]
    public void An_outage_wholly_inside_excluded_time_is_planned_not_unplanned()
    {
        OutageInput[] outages = [O("2026-03-08T02:10:00Z", "2026-03-08T02:50:00Z"), O("2026-03-09T12:00:00Z", "2026-03-09T12:30:00Z")];
        ExcludedPeriod[] windows = [new(Utc("2026-03-08T02:00:00Z"), Utc("2026-03-08T04:00:00Z"), "CHG-000003"), new(Utc("2026-03-09T12:10:00Z"), Utc("2026-03-09T13:00:00Z"), "CHG-000004")];
        var result = AvailabilityCalculator.Compute(2026, 3, outages, windows, 5);
        Assert.Equal(1, result.UnplannedOutages);
        Assert.True(result.Explanation[0].Planned);
        Assert.False(result.Explanation[0].Counts);
        Assert.False(result.Explanation[1].Planned);
        Assert.True(result.Explanation[1].Counts);
        Assert.Equal(70m, result.Ka);
        Assert.Equal(60m, result.Eh);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("third-party")]
    [InlineData("maintenance")]
    public void An_outage_with_a_recorded_reason_is_excluded_and_planned(string reason)
    {
        OutageInput[] outages = [O("2026-03-03T08:00:00Z", "2026-03-03T08:45:00Z", reason), O("2026-03-04T08:00:00Z", "2026-03-04T08:15:00Z")];
        var result = AvailabilityCalculator.Compute(2026, 3, outages, [], 5);
        Assert.Equal(60m, result.Ka);
        Assert.Equal(45m, result.Eh);
        Assert.Equal(1, result.UnplannedOutages);
        var excluded = result.Explanation[0].Exclusions.Single();
        Assert.Equal(("reason", reason), (excluded.Kind, excluded.Code));
        Assert.True(result.Explanation[0].Planned);
    }

    [Fact]
    public void The_percentage_has_six_decimals_cut_not_rounded_and_partial_minutes_count_by_the_second()
    {
        var seven = AvailabilityCalculator.Compute(2026, 3, [O("2026-03-02T10:00:00Z", "2026-03-02T10:07:00Z")], [], 5);
        Assert.Equal(99.984297m, seven.AvailabilityPercent);

        // 90 seconds are 1.5 minutes; the percentage comes from the seconds (99.99663526… cut to 99.996635).
        var ninety = AvailabilityCalculator.Compute(2026, 3, [O("2026-03-02T10:00:00Z", "2026-03-02T10:01:30Z")], [], 5);
        Assert.Equal(1.5m, ninety.Ka);
        Assert.Equal(90, ninety.KaSeconds);
        Assert.Equal(99.996635m, ninety.AvailabilityPercent);

        // Fractions of a second are dropped: 10:00:00.900–10:00:30.400 is 30 seconds.
        var fractions = AvailabilityCalculator.Compute(2026, 3, [new OutageInput(Utc("2026-03-02T10:00:00.900Z"), Utc("2026-03-02T10:00:30.400Z"))], [], 5);
        Assert.Equal(0.5m, fractions.Ka);
    }

    [Fact]
    public void An_open_outage_lasts_until_now_or_the_month_end()
    {
        OutageInput[] open = [O("2026-03-31T20:00:00Z", null)];
        Assert.Equal(60m, AvailabilityCalculator.Compute(2026, 3, open, [], 5).Ka);
        var untilNow = AvailabilityCalculator.Compute(2026, 3, open, [], 5, Utc("2026-03-31T20:30:00Z"));
        Assert.Equal(30m, untilNow.Ka);
        Assert.True(untilNow.Explanation[0].Open);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> ComputeAsync(HttpClient client, StringContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/service-management/availability/compute", UriKind.Relative)) { Content = body };
        request.Headers.Add("Origin", "http://localhost");
        return await client.SendAsync(request);
    }

    private static async Task<HttpClient> DeskAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "tukipalvelu");
        return client;
    }

    [Fact]
    public async Task The_compute_API_answers_the_figures_with_the_explanation()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(April10) };
        var client = await DeskAsync(app);
        using var response = await ComputeAsync(client, Json("""
            {"year":2026,"month":3,"outages":[{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T10:12:00Z"},{"start":"2026-03-02T10:15:00Z","end":"2026-03-02T10:25:00Z"},
              {"start":"2026-03-08T02:10:00+00:00","end":"2026-03-08T02:50:00Z"}],
             "excluded":[{"start":"2026-03-08T04:00:00+02:00","end":"2026-03-08T06:00:00+02:00","label":"CHG-000009"}],"mergeGapMinutes":5}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(44580m, body.GetProperty("pa").GetDecimal());
        Assert.Equal(65m, body.GetProperty("ka").GetDecimal());
        Assert.Equal(40m, body.GetProperty("eh").GetDecimal());
        Assert.Equal(1, body.GetProperty("unplannedOutages").GetInt32());
        Assert.Equal(decimal.Round((44580m - 25m) * 100m / 44580m, 6, MidpointRounding.ToZero), body.GetProperty("availabilityPercent").GetDecimal());
        var explanation = body.GetProperty("explanation").EnumerateArray().ToList();
        Assert.Equal(2, explanation.Count);
        Assert.Equal(25m, explanation[0].GetProperty("minutes").GetDecimal());
        Assert.Equal("2026-03-02T12:00:00+02:00", explanation[0].GetProperty("start").GetString());
        Assert.True(explanation[1].GetProperty("planned").GetBoolean());
        Assert.Equal("CHG-000009", explanation[1].GetProperty("exclusions")[0].GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("""{"year":2026,"month":13,"outages":[]}""", "month", "sm.availability.error.month")]
    [InlineData("""{"year":2026,"month":0,"outages":[]}""", "month", "sm.availability.error.month")]
    [InlineData("""{"year":1999,"month":3,"outages":[]}""", "year", "sm.availability.error.year")]
    [InlineData("""{"month":3,"outages":[]}""", "year", "sm.availability.error.year")]
    [InlineData("""{"year":2026,"month":3,"mergeGapMinutes":1441}""", "mergeGapMinutes", "sm.availability.error.gap")]
    [InlineData("""{"year":2026,"month":3,"mergeGapMinutes":-1}""", "mergeGapMinutes", "sm.availability.error.gap")]
    [InlineData("""{"year":2026,"month":3,"outages":[{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T09:00:00Z"}]}""", "outages[0].end", "sm.availability.error.end_before_start")]
    [InlineData("""{"year":2026,"month":3,"outages":[{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T10:00:00Z"}]}""", "outages[0].end", "sm.availability.error.end_before_start")]
    [InlineData("""{"year":2026,"month":3,"outages":[{"start":"2026-03-02T10:00:00","end":null}]}""", "outages[0].start", "sm.availability.error.time")]
    [InlineData("""{"year":2026,"month":3,"outages":[{"start":"2.3.2026 10:00","end":null}]}""", "outages[0].start", "sm.availability.error.time")]
    [InlineData("""{"year":2026,"month":3,"outages":[null]}""", "outages[0]", "sm.availability.error.period")]
    [InlineData("""{"year":2026,"month":3,"outages":[{"start":"2026-03-02T10:00:00Z","excludedReason":"weather"}]}""", "outages[0].excludedReason", "sm.availability.error.reason")]
    [InlineData("""{"year":2026,"month":3,"excluded":[{"start":"2026-03-02T10:00:00Z"}]}""", "excluded[0].end", "sm.availability.error.time")]
    [InlineData("""{"year":2026,"month":3,"excluded":[{"start":"2026-03-02T10:00:00Z","end":"2026-03-01T10:00:00Z"}]}""", "excluded[0].end", "sm.availability.error.end_before_start")]
    [InlineData("""{"year":"x","month":3}""", "year", "request.invalid")]
    public async Task The_compute_API_refuses_bad_input_with_a_localised_400_naming_the_field(string json, string field, string code)
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(April10) };
        var client = await DeskAsync(app);
        using var response = await ComputeAsync(client, Json(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
        Assert.Equal(field, problem["field"]!.GetValue<string>());
        Assert.DoesNotContain("sm.", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compute_API_refuses_more_than_ten_thousand_outages()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(April10) };
        var client = await DeskAsync(app);
        var outages = new JsonArray([.. Enumerable.Range(0, AvailabilityApiLimit + 1).Select(_ => (JsonNode)new JsonObject { ["start"] = "2026-03-02T10:00:00Z", ["end"] = "2026-03-02T10:01:00Z" })]);
        var body = new JsonObject { ["year"] = 2026, ["month"] = 3, ["outages"] = outages };
        using var response = await ComputeAsync(client, Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("sm.availability.error.too_many", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    private const int AvailabilityApiLimit = 10_000;

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_services_month_from_the_database_excludes_approved_windows_and_recorded_reasons_only(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(April10) };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            SmTestData.AddOutage(db, "video", "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z");
            SmTestData.AddOutage(db, "video", "2026-03-11T10:00:00Z", "2026-03-11T10:20:00Z", "third-party");
            SmTestData.AddOutage(db, "omaolo", "2026-03-12T10:00:00Z", "2026-03-12T23:00:00Z");
            SmTestData.AddChange(db, "CHG-900001", "video", "2026-03-01T08:00:00Z", "normal", "approved", "2026-03-10T10:30:00Z", "2026-03-10T12:00:00Z");
            SmTestData.AddChange(db, "CHG-900002", "video", "2026-03-01T08:00:00Z", "normal", "pending", "2026-03-10T09:00:00Z", "2026-03-10T10:30:00Z");
            SmTestData.AddChange(db, "CHG-900003", "omaolo", "2026-03-01T08:00:00Z", "normal", "approved", "2026-03-10T09:00:00Z", "2026-03-10T10:30:00Z");
            await db.SaveChangesAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = (await scope.ServiceProvider.GetRequiredService<AvailabilityService>().MonthAsync("video", 2026, 3, CancellationToken.None))!;
            Assert.Equal(80m, result.Ka);
            Assert.Equal(50m, result.Eh);
            Assert.Equal(1, result.UnplannedOutages);
            Assert.Equal("CHG-900001", result.Explanation[0].Exclusions.Single().Label);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<AvailabilityService>().MonthAsync("no-such-service", 2026, 3, CancellationToken.None));
        }

        var client = await DeskAsync(app);
        var page = SignIn.Html(await client.GetStringAsync(new Uri("/service/availability?service=video&month=2026-03", UriKind.Relative)));
        Assert.Contains("CHG-900001", page, StringComparison.Ordinal);
        Assert.Contains("99,932705 %", page, StringComparison.Ordinal);

        // Without a month the page shows the previous one (March, on 10 April); a bad month is a form error, not a 500.
        var defaulted = SignIn.Html(await client.GetStringAsync(new Uri("/service/availability?service=video", UriKind.Relative)));
        Assert.Contains("value=\"2026-03\"", defaulted, StringComparison.Ordinal);
        using var bad = await client.GetAsync(new Uri("/service/availability?service=video&month=2026-13", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("class=\"error-summary\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
