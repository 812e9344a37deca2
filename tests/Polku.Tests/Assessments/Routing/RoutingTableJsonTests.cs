using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using static Polku.Tests.Assessments.Routing.RoutingTestSupport;

namespace Polku.Tests.Assessments.Routing;

public class RoutingTableJsonTests
{
    private const string Instructions = """{ "fi": "Ohje", "sv": "Anvisning", "en": "Instructions" }""";

    private static string TableWith(string row) => $$"""{ "id": "t", "rows": [ { "id": "ok", "urgency": "P0", "days": ["Mon-Sun"], "destination": { "kind": "Call112", "instructions": {{Instructions}} } }, {{row}} ] }""";

    [Fact]
    public void Reads_a_row()
    {
        var result = RoutingTableJson.Read(TableWith($$"""
            { "id": "p3-638-booking", "urgency": "P3", "service": "health-station", "municipality": "638", "days": ["Mon-Wed", "Fri"],
              "from": "08:00", "to": "24:00", "holidays": "NonHolidayOnly", "effectiveFrom": "2026-01-01", "effectiveTo": "2027-01-01",
              "destination": { "kind": "SelfBooking", "service": "health-station", "withinDays": 1, "instructions": {{Instructions}} } }
            """));

        Assert.Empty(result.Errors);
        var row = result.Table!.Rows[1];
        Assert.Equal("p3-638-booking", row.Id);
        Assert.Equal(Urgency.P3, row.Urgency);
        Assert.Equal(("health-station", "638"), (row.ServiceCode, row.Municipality));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Friday], row.Weekdays.Order());
        Assert.Equal((new TimeOnly(8, 0), TimeOnly.MinValue, 480, 1440), (row.From, row.To, row.FromMinute, row.ToMinute));
        Assert.Equal(HolidayMatch.NonHolidayOnly, row.Holidays);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1)), (row.EffectiveFrom, row.EffectiveTo));
        Assert.Equal((DestinationKind.SelfBooking, "health-station", 1), (row.Destination.Kind, row.Destination.Service, row.Destination.WithinDays));
        Assert.Equal("Anvisning", row.Destination.Instructions.Sv);
    }

    [Theory]
    [InlineData("""{ "id": "a", "urgency": "P9", "days": ["Mon"], "destination": { "kind": "Call112", "instructions": {} } }""", "$.rows[1].urgency")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon", "Funday"], "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].days[1]")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Fri-Mon"], "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].days[0]")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "from": "8.00", "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].from")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "from": "20:00", "to": "00:00", "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].to")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "holidays": "Sometimes", "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].holidays")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "effectiveFrom": "1.7.2026", "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].effectiveFrom")]
    [InlineData("""{ "id": "a", "urgency": "P3", "muncipality": "638", "days": ["Mon"], "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].muncipality")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "destination": { "kind": "Fax", "instructions": {} } }""", "$.rows[1].destination.kind")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "destination": { "kind": "SelfBooking", "withinDays": "3", "instructions": {} } }""", "$.rows[1].destination.withinDays")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "destination": { "kind": "Phone", "phone": 116117, "instructions": {} } }""", "$.rows[1].destination.phone")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "destination": { "kind": "Phone", "phone": "116117", "instructions": { "fi": "x", "de": "y" } } }""", "$.rows[1].destination.instructions.de")]
    [InlineData("""{ "id": "a", "urgency": "P3", "days": ["Mon"], "destination": { "kind": "Phone", "phone": "116117" } }""", "$.rows[1].destination.instructions")]
    [InlineData("""{ "urgency": "P3", "days": ["Mon"], "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].id")]
    [InlineData("""{ "id": "a", "urgency": "P3", "destination": { "kind": "Phone", "phone": "116117", "instructions": {} } }""", "$.rows[1].days")]
    [InlineData("""[]""", "$.rows[1]")]
    public void Errors_name_the_json_path(string row, string path)
    {
        var result = RoutingTableJson.Read(TableWith(row));

        Assert.Null(result.Table);
        Assert.Equal(path, Assert.Single(result.Errors).Path);
    }

    [Theory]
    [InlineData("""{ "id": "t", "rows": [ { "id": "a", } ] }""", "$.rows[0]")]
    [InlineData("""{ "id": "t", "rows": [ {}, { "id": tru } ] }""", "$.rows[1].id")]
    [InlineData("""{ "id": "t", "rows": [ {}, {} """, "$.rows[2]")]
    [InlineData("""nope""", "$")]
    public void Invalid_json_is_reported_with_the_path(string json, string path)
    {
        var result = RoutingTableJson.Read(json);

        Assert.Null(result.Table);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith("Not valid JSON (line 1,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_rows_and_id_are_reported()
    {
        var result = RoutingTableJson.Read("""{ "rows": {} }""");

        Assert.Equal(["$.id", "$.rows"], result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Missing_language_is_left_to_validation_with_the_row_id()
    {
        var result = RoutingTableJson.Read(TableWith("""{ "id": "a", "urgency": "P3", "days": ["Mon-Sun"], "destination": { "kind": "Phone", "phone": "116117", "instructions": { "fi": "Soita", "en": "Call" } } }"""));

        Assert.Empty(result.Errors);
        var problem = Assert.Single(result.Table!.Validate(["638"]), p => p.Code == RoutingProblem.MissingInstructions);
        Assert.Equal(("a", "The instructions are missing in: sv."), (problem.RowId, problem.Message));
    }

    [Fact]
    public void Write_then_read_gives_the_same_rows()
    {
        var table = new RoutingTable("t", [
            Row("a", Urgency.P2, DestinationKind.Chat, municipality: "638", days: new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Sunday },
                from: "16:00", to: "24:00", holidays: HolidayMatch.NonHolidayOnly, effectiveFrom: new DateOnly(2026, 1, 1), unit: "digi"),
            Row("b", Urgency.L2, DestinationKind.ExternalLink, service: "oral-health", effectiveTo: new DateOnly(2027, 1, 1)),
        ], "note");

        var json = RoutingTableJson.Write(table);
        var back = RoutingTableJson.Read(json);

        Assert.Empty(back.Errors);
        Assert.Contains("\"Mon\",\n", json, StringComparison.Ordinal);
        Assert.Contains("\"Wed-Thu\",\n", json, StringComparison.Ordinal);
        Assert.Contains("\"to\": \"24:00\"", json, StringComparison.Ordinal);
        Assert.Equal("note", back.Table!.Description);
        Assert.Equal(json, RoutingTableJson.Write(back.Table));
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var (a, b) = (table.Rows[i], back.Table.Rows[i]);
            Assert.Equal(a with { Weekdays = b.Weekdays }, b);
            Assert.True(a.Weekdays.SetEquals(b.Weekdays));
        }
    }
}
