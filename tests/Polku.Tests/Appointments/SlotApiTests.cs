using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>The public slot search: free times per service, municipality and mode, with Helsinki offsets, and its 400s.</summary>
public sealed class SlotApiTests
{
    internal const string Tuesday10 = "2026-12-01T10:00:00+02:00";

    private static readonly string[] PorvooVideoUnits = ["hs-638", "digi"];

    internal static PolkuAppFactory At(string engine, string at) =>
        new(engine) { Time = new ManualTimeProvider(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture)) };

    [Fact]
    public async Task Porvoo_has_free_remote_health_station_slots_the_same_day_with_Helsinki_offsets()
    {
        await using var app = At("sqlite", Tuesday10);
        var client = app.CreateClient();
        var slots = await client.GetFromJsonAsync<JsonArray>("/api/appointments/slots?serviceCode=health-station&municipality=638&mode=remote&from=2026-12-01T10:00:00%2B02:00&to=2026-12-02T10:00:00%2B02:00");
        Assert.NotEmpty(slots!);
        foreach (var slot in slots!)
        {
            Assert.Equal("video", slot!["mode"]!.GetValue<string>());
            var start = DateTimeOffset.Parse(slot["start"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.FromHours(2), start.Offset);
            Assert.True(start >= DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture).AddMinutes(30), "minimum notice of 30 minutes");
            Assert.Contains(slot["unitCode"]!.GetValue<string>(), PorvooVideoUnits);
        }
    }

    [Theory]
    [InlineData("serviceCode=&municipality=638", "serviceCode")]
    [InlineData("serviceCode=health-station&municipality=999", "municipality")]
    [InlineData("serviceCode=health-station&mode=teleport", "mode")]
    [InlineData("serviceCode=health-station&from=yesterday", "from")]
    [InlineData("serviceCode=health-station&from=2026-12-01T10:00:00", "from")]
    [InlineData("serviceCode=health-station&from=2026-12-01T10:00:00Z&to=2026-03-01T10:00:00Z", "to")]
    [InlineData("serviceCode=health-station&from=2026-12-01T10:00:00Z&to=2027-12-01T10:00:00Z", "to")]
    public async Task Bad_queries_are_400s_naming_the_field(string query, string field)
    {
        await using var app = At("sqlite", Tuesday10);
        var response = await app.CreateClient().GetAsync(new Uri("/api/appointments/slots?" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(field, problem!["field"]!.GetValue<string>());
    }
}
