using System.Text.Json;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Tests.Platform;

namespace Polku.Tests.Assessments.Routing;

/// <summary>Builders and fixtures shared by the routing tests.</summary>
internal static class RoutingTestSupport
{
    public static readonly LocalizedText Text = new("Ohje", "Anvisning", "Instructions");

    private static readonly Lazy<RoutingTable> Demo = new(() =>
    {
        var result = RoutingTableJson.ReadFile(Path.Combine(ArchitectureTests.RepositoryRoot(), "content", "routing", "demo-routing.json"));
        Assert.Empty(result.Errors);
        return result.Table!;
    });

    private static readonly Lazy<IReadOnlyList<string>> Municipalities = new(() =>
    {
        using var region = JsonDocument.Parse(File.ReadAllText(Path.Combine(ArchitectureTests.RepositoryRoot(), "content", "demo-county", "region.json")));
        return [.. region.RootElement.GetProperty("municipalities").EnumerateArray().Select(m => m.GetProperty("code").GetString()!)];
    });

    /// <summary>The demo table from <c>content/routing/demo-routing.json</c>.</summary>
    public static RoutingTable DemoTable => Demo.Value;

    /// <summary>The municipality codes of the demo county, from <c>content/demo-county/region.json</c>.</summary>
    public static IReadOnlyList<string> CountyMunicipalities => Municipalities.Value;

    public static DateTimeOffset At(int y, int mo, int d, int h, int mi = 0) => HelsinkiTime.ToInstant(new DateOnly(y, mo, d), new TimeOnly(h, mi));

    public static RoutingDestination To(DestinationKind kind, string? unit = null) => kind switch
    {
        DestinationKind.SelfBooking => new RoutingDestination(kind, Text) { Service = "health-station", WithinDays = 1 },
        DestinationKind.Phone => new RoutingDestination(kind, Text) { Phone = "116117" },
        DestinationKind.ExternalLink => new RoutingDestination(kind, Text) { Url = "https://example.org/" },
        DestinationKind.Call112 => new RoutingDestination(kind, Text),
        _ => new RoutingDestination(kind, Text) { Unit = unit ?? "hs-638" },
    };

    public static RoutingRow Row(
        string id,
        Urgency urgency = Urgency.P3,
        DestinationKind kind = DestinationKind.WorkQueue,
        string? service = null,
        string? municipality = null,
        IReadOnlySet<DayOfWeek>? days = null,
        string? from = null,
        string? to = null,
        HolidayMatch holidays = HolidayMatch.Any,
        DateOnly? effectiveFrom = null,
        DateOnly? effectiveTo = null,
        string? unit = null) => new()
        {
            Id = id,
            Urgency = urgency,
            ServiceCode = service,
            Municipality = municipality,
            Weekdays = days ?? RoutingRow.EveryDay,
            From = from is null ? TimeOnly.MinValue : TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to is null or "24:00" ? TimeOnly.MinValue : TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            Holidays = holidays,
            EffectiveFrom = effectiveFrom,
            EffectiveTo = effectiveTo,
            Destination = To(kind, unit),
        };

    /// <summary>A table whose every routed urgency is covered county-wide around the clock, plus the given rows in front.</summary>
    public static RoutingTable Covered(params RoutingRow[] rows) => new("test", [
        .. rows,
        Row("base-p0", Urgency.P0, DestinationKind.Call112),
        Row("base-p1", Urgency.P1, DestinationKind.EmergencyDepartment, unit: "ed-638"),
        Row("base-p2", Urgency.P2, DestinationKind.Phone),
        Row("base-p3", Urgency.P3, DestinationKind.Phone),
        Row("base-p4", Urgency.P4, DestinationKind.WorkQueue, unit: "digi"),
        Row("base-l2", Urgency.L2, DestinationKind.WorkQueue, unit: "digi"),
    ]);
}

/// <summary>A capacity with fixed answers that records the booking questions asked.</summary>
internal sealed class FixedCapacity(bool freeSlot, bool chatOpen, bool record = true) : IRoutingCapacity
{
    /// <summary>No slot anywhere and every chat closed; records nothing (safe to share).</summary>
    public static FixedCapacity Nothing { get; } = new(false, false, record: false);

    public List<(string Service, string Municipality, DateTimeOffset From, DateTimeOffset Until)> BookingQuestions { get; } = [];

    public bool HasFreeSlot(string service, string municipality, DateTimeOffset from, DateTimeOffset until)
    {
        if (record)
        {
            BookingQuestions.Add((service, municipality, from, until));
        }

        return freeSlot;
    }

    public bool IsChatOpen(string unit, DateTimeOffset at) => chatOpen;
}
