using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Region;

/// <summary>The public region, calendar and directory API as outside checks rely on it, on both engines.</summary>
[Trait("Category", "Postgres")]
public sealed class RegionApiTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Municipalities_are_the_seven_of_the_demo_county_with_codes_names_and_languages(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/api/region/municipalities");
        var list = json.EnumerateArray().ToList();
        Assert.Equal(["018", "407", "434", "504", "624", "638", "753"], list.Select(m => m.GetProperty("code").GetString()).Order());
        var porvoo = list.Single(m => m.GetProperty("code").GetString() == "638");
        Assert.Equal("Porvoo", porvoo.GetProperty("name").GetProperty("fi").GetString());
        Assert.Equal("Borgå", porvoo.GetProperty("name").GetProperty("sv").GetString());
        Assert.Equal(["fi", "sv"], porvoo.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Nonworking_days_of_2025_include_Midsummer_Eve_as_de_facto()
    {
        await using var app = new PolkuAppFactory();
        var json = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/calendar/nonworking-days?from=2025-01-01&to=2025-12-31");
        var days = json.EnumerateArray().ToList();
        Assert.Equal(15, days.Count);
        var eve = days.Single(d => d.GetProperty("date").GetString() == "2025-06-20");
        Assert.Equal("de-facto", eve.GetProperty("kind").GetString());
        Assert.Equal("Midsommarafton", eve.GetProperty("name").GetProperty("sv").GetString());
        Assert.Equal("public", days.Single(d => d.GetProperty("date").GetString() == "2025-04-18").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("from=2025-13-01&to=2025-12-31", "from")]
    [InlineData("from=2025-01-01&to=tomorrow", "to")]
    [InlineData("from=2025-12-31&to=2025-01-01", "to")]
    [InlineData("from=1800-01-01&to=2100-01-01", "to")]
    [InlineData("to=2025-01-01", "from")]
    [InlineData("from=%3Cscript%3E&to=2025-01-01", "from")]
    [InlineData("from=99999999999-01-01&to=2025-01-01", "from")]
    public async Task Malformed_reversed_or_too_long_ranges_are_400_with_the_field_named(string query, string field)
    {
        await using var app = new PolkuAppFactory();
        var response = await app.CreateClient().GetAsync("/api/calendar/nonworking-days?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Two_hundred_years_is_accepted()
    {
        await using var app = new PolkuAppFactory();
        var response = await app.CreateClient().GetAsync("/api/calendar/nonworking-days?from=1900-01-01&to=2099-12-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() > 2900);
    }

    [Fact]
    public async Task Loviisa_books_through_its_external_e_service_while_Porvoo_books_in_Polku()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateClient();
        var loviisa = await client.GetFromJsonAsync<JsonElement>("/api/region/services/health-station?municipality=434");
        var porvoo = await client.GetFromJsonAsync<JsonElement>("/api/region/services/health-station?municipality=638");
        var loviisaBooking = loviisa.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "SelfBooking");
        var porvooBooking = porvoo.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "SelfBooking");
        Assert.Equal("External", loviisaBooking.GetProperty("mode").GetString());
        Assert.StartsWith("https://", loviisaBooking.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("BuiltIn", porvooBooking.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Search_ignores_case_and_accents_in_every_language()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateClient();
        foreach (var q in new[] { "HAMMASLAAKARI", "tandläkare", "dentist" })
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/region/services?q=" + Uri.EscapeDataString(q));
            Assert.Contains(list.EnumerateArray(), s => s.GetProperty("code").GetString() == "oral-health");
        }
    }

    [Fact]
    public async Task Unknown_service_or_municipality_is_a_clear_error_not_a_500()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/region/services/no-such-service")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/region/services/health-station?municipality=999")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_documents_the_public_endpoints_and_health_checks_the_database()
    {
        await using var app = new PolkuAppFactory();
        var client = app.CreateClient();
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/region/municipalities", doc, StringComparison.Ordinal);
        Assert.Contains("/api/calendar/nonworking-days", doc, StringComparison.Ordinal);
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }
}
