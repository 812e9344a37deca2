using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using static Polku.Tests.Assessments.Routing.RoutingTestSupport;

namespace Polku.Tests.Assessments.Routing;

public class RoutingValidationTests
{
    private static readonly string[] Porvoo = ["638"];

    private static readonly IReadOnlySet<DayOfWeek> Weekend = new HashSet<DayOfWeek> { DayOfWeek.Saturday, DayOfWeek.Sunday };

    private static RoutingTable CoveredExceptL2(params RoutingRow[] l2Rows) => new("test", [
        Row("p0", Urgency.P0, DestinationKind.Call112),
        Row("p1", Urgency.P1, DestinationKind.EmergencyDepartment, unit: "ed-638"),
        Row("p2", Urgency.P2, DestinationKind.Phone),
        Row("p3", Urgency.P3, DestinationKind.Phone),
        Row("p4", Urgency.P4, DestinationKind.WorkQueue),
        .. l2Rows,
    ]);

    [Fact]
    public void A_covered_table_is_valid() => Assert.Empty(Covered().Validate(Porvoo));

    [Fact]
    public void A_hole_is_refused_and_the_first_gap_named()
    {
        var table = CoveredExceptL2(
            Row("l2-weekdays", Urgency.L2, days: RoutingRow.MondayToFriday),
            Row("l2-weekend-day", Urgency.L2, days: Weekend, from: "00:00", to: "16:00"),
            Row("l2-sunday-evening", Urgency.L2, days: new HashSet<DayOfWeek> { DayOfWeek.Sunday }, from: "16:00", to: "24:00"));

        var problem = Assert.Single(table.Validate(Porvoo));

        Assert.Equal(RoutingProblem.Gap, problem.Code);
        Assert.Null(problem.RowId);
        Assert.Equal(
            "No destination for L2 in municipality 638 on Saturdays that are not holidays, 16:00–24:00, on any date. "
            + "Every minute needs a row for any service whose destination is not chat or self-booking.",
            problem.Message);
    }

    [Fact]
    public void Holiday_gap_and_effective_period_are_named()
    {
        var table = CoveredExceptL2(
            Row("l2-ordinary", Urgency.L2, holidays: HolidayMatch.NonHolidayOnly),
            Row("l2-holiday-until-summer", Urgency.L2, holidays: HolidayMatch.HolidayOnly, effectiveTo: new DateOnly(2026, 7, 6)),
            Row("l2-holiday-mornings-in-summer", Urgency.L2, holidays: HolidayMatch.HolidayOnly, from: "00:00", to: "10:30", effectiveFrom: new DateOnly(2026, 7, 6), effectiveTo: new DateOnly(2026, 8, 3)),
            Row("l2-holiday-after-summer", Urgency.L2, holidays: HolidayMatch.HolidayOnly, effectiveFrom: new DateOnly(2026, 8, 3)));

        Assert.Equal(
            "No destination for L2 in municipality 638 on Mondays that are holidays, 10:30–24:00, from 2026-07-06 to 2026-08-02. "
            + "Every minute needs a row for any service whose destination is not chat or self-booking.",
            Assert.Single(table.Validate(Porvoo)).Message);
    }

    [Fact]
    public void Gap_is_reported_per_municipality()
    {
        var table = CoveredExceptL2(Row("l2-porvoo", Urgency.L2, municipality: "638"));

        Assert.Empty(table.Validate(Porvoo));
        Assert.StartsWith("No destination for L2 in municipality 018 on Mondays that are not holidays, 00:00–24:00, on any date.",
            Assert.Single(table.Validate(["638", "018"])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Chat")]
    [InlineData("SelfBooking")]
    public void Capacity_dependent_destinations_do_not_cover(string kind)
    {
        var table = CoveredExceptL2(Row("l2-only", Urgency.L2, Enum.Parse<DestinationKind>(kind), unit: "digi"));

        Assert.Equal(RoutingProblem.Gap, Assert.Single(table.Validate(Porvoo)).Code);
    }

    [Fact]
    public void Service_specific_rows_do_not_cover()
    {
        var table = CoveredExceptL2(Row("l2-social", Urgency.L2, service: "social-counselling", unit: "ss-638"));

        Assert.Equal(RoutingProblem.Gap, Assert.Single(table.Validate(Porvoo)).Code);
    }

    [Theory]
    [InlineData("20:00", "08:00", "The window 20:00–08:00 crosses midnight; split it into two rows, 20:00–24:00 and 00:00–08:00.")]
    [InlineData("08:00", "08:00", "The window 08:00–08:00 is empty.")]
    public void Windows_crossing_midnight_or_empty_are_refused(string from, string to, string message)
    {
        var problem = Assert.Single(Covered(Row("night", from: from, to: to)).Validate(Porvoo));

        Assert.Equal((RoutingProblem.InvalidWindow, "night", message), (problem.Code, problem.RowId, problem.Message));
    }

    [Fact]
    public void Window_in_seconds_is_refused()
    {
        var row = Row("odd") with { From = new TimeOnly(8, 0, 30) };

        Assert.Equal(RoutingProblem.InvalidWindow, Assert.Single(Covered(row).Validate(Porvoo)).Code);
    }

    [Fact]
    public void P0_must_always_be_Call112()
    {
        var problem = Assert.Single(Covered(Row("p0-ed", Urgency.P0, DestinationKind.EmergencyDepartment, unit: "ed-638")).Validate(Porvoo));

        Assert.Equal((RoutingProblem.EmergencyNotCall112, "p0-ed"), (problem.Code, problem.RowId));
    }

    [Fact]
    public void Row_rules_are_checked()
    {
        var table = Covered(
            Row("self-care", Urgency.S),
            Row("dup"),
            Row("dup"),
            Row("", municipality: "638"),
            Row("helsinki", municipality: "091"),
            Row("no-days", days: new HashSet<DayOfWeek>()),
            Row("backwards", effectiveFrom: new DateOnly(2026, 2, 1), effectiveTo: new DateOnly(2026, 1, 1)),
            Row("no-swedish") with { Destination = new RoutingDestination(DestinationKind.WorkQueue, new LocalizedText("Ohje", " ", "Instructions")) { Unit = "hs-638" } },
            Row("no-unit") with { Destination = new RoutingDestination(DestinationKind.Callback, Text) },
            Row("no-window") with { Destination = new RoutingDestination(DestinationKind.SelfBooking, Text) { Service = "health-station" } },
            Row("bad-url") with { Destination = new RoutingDestination(DestinationKind.ExternalLink, Text) { Url = "javascript:alert(1)" } },
            Row("no-phone") with { Destination = new RoutingDestination(DestinationKind.Phone, Text) });

        var problems = table.Validate(Porvoo).Select(p => (p.Code, p.RowId)).ToList();

        Assert.Equal(
            [
                (RoutingProblem.SelfCareRow, "self-care"),
                (RoutingProblem.DuplicateId, "dup"),
                (RoutingProblem.MissingId, null),
                (RoutingProblem.UnknownMunicipality, "helsinki"),
                (RoutingProblem.NoWeekdays, "no-days"),
                (RoutingProblem.InvalidEffectivePeriod, "backwards"),
                (RoutingProblem.MissingInstructions, "no-swedish"),
                (RoutingProblem.IncompleteDestination, "no-unit"),
                (RoutingProblem.IncompleteDestination, "no-window"),
                (RoutingProblem.IncompleteDestination, "bad-url"),
                (RoutingProblem.IncompleteDestination, "no-phone"),
            ],
            problems);
        Assert.Contains(table.Validate(Porvoo), p => p.Message == "The instructions are missing in: sv.");
    }
}
