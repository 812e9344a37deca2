using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using static Polku.Tests.Assessments.Routing.RoutingTestSupport;

namespace Polku.Tests.Assessments.Routing;

public class RoutingResolveTests
{
    private static readonly IReadOnlySet<DayOfWeek> Sunday = new HashSet<DayOfWeek> { DayOfWeek.Sunday };

    // Tuesday 2026-03-10, an ordinary working day.
    private static readonly DateTimeOffset Tuesday10 = At(2026, 3, 10, 10);

    [Theory]
    // request service, request municipality -> expected row
    [InlineData("social-counselling", "638", "service-municipality")]
    [InlineData("social-counselling", "018", "service-county")]
    [InlineData("health-station", "638", "municipality-holiday")] // municipality (4) + non-holiday (2) beats municipality + window (4 + 1)
    [InlineData(null, "638", "municipality-holiday")]
    [InlineData(null, "018", "county-holiday")] // holiday-specific (2) beats time window (1)
    [InlineData(null, "434", "county-holiday")]
    public void Most_specific_row_wins(string? service, string municipality, string expected)
    {
        var table = Covered(
            Row("county-plain"),
            Row("county-window", from: "08:00", to: "16:00"),
            Row("county-holiday", holidays: HolidayMatch.NonHolidayOnly),
            Row("municipality-window", municipality: "638", from: "08:00", to: "16:00"),
            Row("municipality-plain", municipality: "638"),
            Row("municipality-holiday", municipality: "638", holidays: HolidayMatch.NonHolidayOnly),
            Row("service-county", service: "social-counselling", unit: "ss-638"),
            Row("service-municipality", service: "social-counselling", municipality: "638", unit: "ss-638"),
            Row("service-other", service: "oral-health", municipality: "638", unit: "oh-638"));

        var decision = table.Resolve(Urgency.P3, service, municipality, Tuesday10, ChannelOnlyCapacity.Instance);

        Assert.Equal(expected, decision.Row?.Id);
        Assert.DoesNotContain(decision.Candidates, c => c.Row.Id == "service-other");
        Assert.Equal(decision.Candidates.OrderByDescending(c => c.Specificity).ThenBy(c => c.Order).Select(c => c.Row.Id), decision.Candidates.Select(c => c.Row.Id));
        Assert.All(decision.Candidates.Skip(1), c => Assert.Equal(CandidateOutcome.NotReached, c.Outcome));
    }

    [Fact]
    public void Specificity_scores_are_lexicographic()
    {
        Assert.Equal(0, Row("a").Specificity);
        Assert.Equal(1, Row("a", from: "08:00", to: "16:00").Specificity);
        Assert.Equal(2, Row("a", holidays: HolidayMatch.HolidayOnly).Specificity);
        Assert.Equal(4, Row("a", municipality: "638").Specificity);
        Assert.Equal(8, Row("a", service: "health-station").Specificity);
        Assert.Equal(15, Row("a", service: "health-station", municipality: "638", holidays: HolidayMatch.NonHolidayOnly, from: "00:00", to: "08:00").Specificity);
    }

    [Fact]
    public void Equal_specificity_goes_to_the_earlier_row()
    {
        var table = Covered(Row("first", municipality: "638"), Row("second", municipality: "638"));
        var decision = table.Resolve(Urgency.P3, null, "638", Tuesday10, ChannelOnlyCapacity.Instance);

        Assert.Equal(["first", "second", "base-p3"], decision.Candidates.Select(c => c.Row.Id));
        Assert.Equal("first", decision.Row?.Id);
    }

    [Fact]
    public void Window_is_half_open_and_24_00_is_the_end_of_the_day()
    {
        var table = Covered(Row("day", municipality: "638", from: "08:00", to: "16:00"), Row("late", municipality: "638", from: "16:00", to: "24:00"));

        Assert.Equal("base-p3", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 10, 7, 59), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("day", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 10, 8), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("day", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 10, 15, 59), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("late", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 10, 16), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("late", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 10, 23, 59), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("base-p3", table.Resolve(Urgency.P3, null, "638", At(2026, 3, 11, 0), ChannelOnlyCapacity.Instance).Row?.Id);
    }

    [Theory]
    [InlineData(2026, 7, 5, 23, 59, "regular")]
    [InlineData(2026, 7, 6, 0, 0, "summer")] // from is inclusive, at Helsinki midnight (21:00 UTC the day before)
    [InlineData(2026, 8, 2, 23, 59, "summer")]
    [InlineData(2026, 8, 3, 0, 0, "regular")] // to is exclusive
    public void Effective_dates_are_helsinki_dates_from_inclusive_to_exclusive(int y, int mo, int d, int h, int mi, string expected)
    {
        var table = Covered(
            Row("summer", municipality: "504", unit: "hs-638", effectiveFrom: new DateOnly(2026, 7, 6), effectiveTo: new DateOnly(2026, 8, 3)),
            Row("regular", municipality: "504", unit: "hs-504"));

        Assert.Equal(expected, table.Resolve(Urgency.P3, null, "504", At(y, mo, d, h, mi), ChannelOnlyCapacity.Instance).Row?.Id);
    }

    [Fact]
    public void Open_ended_effective_rows()
    {
        var table = Covered(Row("until", municipality: "638", effectiveTo: new DateOnly(2026, 1, 1)), Row("since", municipality: "638", effectiveFrom: new DateOnly(2026, 1, 1)));

        Assert.Equal("until", table.Resolve(Urgency.P3, null, "638", At(2025, 12, 31, 23, 59), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("since", table.Resolve(Urgency.P3, null, "638", At(2026, 1, 1, 0), ChannelOnlyCapacity.Instance).Row?.Id);
    }

    [Theory]
    [InlineData(2026, 6, 19, true)] // Midsummer Eve (de facto non-working day), a Friday
    [InlineData(2026, 6, 18, false)]
    [InlineData(2026, 12, 24, true)] // Christmas Eve, a Thursday
    [InlineData(2026, 12, 23, false)]
    [InlineData(2026, 4, 6, true)] // Easter Monday
    [InlineData(2026, 4, 7, false)]
    public void Holiday_rows_follow_the_finnish_calendar(int y, int mo, int d, bool holiday)
    {
        var table = Covered(
            Row("holiday", municipality: "638", holidays: HolidayMatch.HolidayOnly, unit: "digi"),
            Row("working-day", municipality: "638", days: RoutingRow.MondayToFriday, from: "08:00", to: "16:00", holidays: HolidayMatch.NonHolidayOnly));

        var decision = table.Resolve(Urgency.P3, null, "638", At(y, mo, d, 10), ChannelOnlyCapacity.Instance);

        Assert.Equal(holiday, decision.IsHoliday);
        Assert.Equal(holiday ? "holiday" : "working-day", decision.Row?.Id);
    }

    [Theory]
    [InlineData(2026, 6, 19, "p3-county-116117")] // Midsummer Eve: the health station's weekday rows do not apply
    [InlineData(2026, 6, 18, "p3-638-booking")]
    [InlineData(2026, 12, 24, "p3-county-116117")]
    [InlineData(2026, 4, 6, "p3-county-116117")]
    [InlineData(2026, 4, 7, "p3-638-booking")]
    public void Demo_table_closes_health_stations_on_holidays(int y, int mo, int d, string expected) =>
        Assert.Equal(expected, DemoTable.Resolve(Urgency.P3, null, "638", At(y, mo, d, 10), ChannelOnlyCapacity.Instance).Row?.Id);

    [Fact]
    public void Spring_forward_day_resolves_the_first_instant_after_the_gap_as_04_00()
    {
        // 2026-03-29: 03:00 EET jumps to 04:00 EEST at 01:00 UTC.
        var table = Covered(
            Row("before", municipality: "638", days: Sunday, from: "02:00", to: "03:00"),
            Row("gap", municipality: "638", days: Sunday, from: "03:00", to: "04:00"),
            Row("after", municipality: "638", days: Sunday, from: "04:00", to: "05:00"));

        var lastBefore = table.Resolve(Urgency.P3, null, "638", new DateTimeOffset(2026, 3, 29, 0, 59, 0, TimeSpan.Zero), ChannelOnlyCapacity.Instance);
        var firstAfter = table.Resolve(Urgency.P3, null, "638", new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), ChannelOnlyCapacity.Instance);

        Assert.Equal((new TimeOnly(2, 59), "before"), (lastBefore.LocalTime, lastBefore.Row?.Id));
        Assert.Equal((new TimeOnly(4, 0), "after"), (firstAfter.LocalTime, firstAfter.Row?.Id));
    }

    [Fact]
    public void Autumn_day_resolves_the_repeated_03_30_the_same_both_times()
    {
        // 2026-10-25: 04:00 EEST goes back to 03:00 EET at 01:00 UTC, so 03:30 happens at 00:30 and 01:30 UTC.
        var table = Covered(
            Row("three", municipality: "638", days: Sunday, from: "03:00", to: "04:00"),
            Row("four", municipality: "638", days: Sunday, from: "04:00", to: "05:00"));

        var first = table.Resolve(Urgency.P3, null, "638", new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ChannelOnlyCapacity.Instance);
        var second = table.Resolve(Urgency.P3, null, "638", new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.Zero), ChannelOnlyCapacity.Instance);
        var four = table.Resolve(Urgency.P3, null, "638", new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.Zero), ChannelOnlyCapacity.Instance);

        Assert.Equal((new TimeOnly(3, 30), "three"), (first.LocalTime, first.Row?.Id));
        Assert.Equal((new TimeOnly(3, 30), "three"), (second.LocalTime, second.Row?.Id));
        Assert.Equal((new TimeOnly(4, 0), "four"), (four.LocalTime, four.Row?.Id));
    }

    [Fact]
    public void Full_booking_falls_back_to_the_callback_and_the_window_is_the_urgency_window()
    {
        var capacity = new FixedCapacity(freeSlot: false, chatOpen: false);
        var decision = DemoTable.Resolve(Urgency.P3, null, "638", Tuesday10, capacity);

        Assert.Equal("p3-638-callback", decision.Row?.Id);
        Assert.Equal(DestinationKind.Callback, decision.Destination?.Kind);
        Assert.Equal("hs-638", decision.Destination?.Unit);
        Assert.Equal(
            [("p3-638-booking", CandidateOutcome.SkippedNoFreeSlot), ("p3-638-callback", CandidateOutcome.Chosen), ("p3-county-116117", CandidateOutcome.NotReached)],
            decision.Candidates.Select(c => (c.Row.Id, c.Outcome)));
        Assert.Equal([("health-station", "638", Tuesday10, Tuesday10.AddDays(1))], capacity.BookingQuestions);
    }

    [Fact]
    public void Free_slot_keeps_self_booking()
    {
        var decision = DemoTable.Resolve(Urgency.P4, null, "434", Tuesday10, new FixedCapacity(freeSlot: true, chatOpen: false));

        Assert.Equal("p4-434-booking", decision.Row?.Id);
        Assert.Equal(3, decision.Destination?.WithinDays);
    }

    [Fact]
    public void Closed_chat_is_skipped_and_open_chat_is_chosen()
    {
        var monday17 = At(2026, 3, 9, 17);

        var closed = DemoTable.Resolve(Urgency.P2, null, "638", monday17, ChannelOnlyCapacity.Instance);
        var open = DemoTable.Resolve(Urgency.P2, null, "638", monday17, new FixedCapacity(freeSlot: true, chatOpen: true));

        Assert.Equal(("p2-638-evening-chat", CandidateOutcome.SkippedChatClosed), (closed.Candidates[0].Row.Id, closed.Candidates[0].Outcome));
        Assert.Equal("p2-638-evening-callback", closed.Row?.Id);
        Assert.Equal("p2-638-evening-chat", open.Row?.Id);
        Assert.Equal("digi", open.Destination?.Unit);
    }

    [Fact]
    public void Saturday_night_and_tuesday_morning_route_a_P3_result_in_Porvoo_differently()
    {
        var tuesday = DemoTable.Resolve(Urgency.P3, null, "638", Tuesday10, ChannelOnlyCapacity.Instance);
        var saturday = DemoTable.Resolve(Urgency.P3, null, "638", At(2026, 3, 14, 23), ChannelOnlyCapacity.Instance);

        Assert.Equal(("p3-638-booking", DestinationKind.SelfBooking), (tuesday.Row?.Id, tuesday.Destination?.Kind));
        Assert.Equal(("p3-county-116117", DestinationKind.Phone), (saturday.Row?.Id, saturday.Destination?.Kind));
        Assert.Equal("116117", saturday.Destination?.Phone);
    }

    [Fact]
    public void Lapinjarvi_is_served_by_the_Loviisa_health_station()
    {
        var decision = DemoTable.Resolve(Urgency.P2, null, "407", Tuesday10, ChannelOnlyCapacity.Instance);

        Assert.Equal(("p2-407-callback", "hs-434"), (decision.Row?.Id, decision.Destination?.Unit));
        Assert.Contains("Loviisan terveysasema", decision.Destination!.Instructions.Fi, StringComparison.Ordinal);
        Assert.Contains("Lovisa hälsostation", decision.Destination.Instructions.Sv, StringComparison.Ordinal);
    }

    [Fact]
    public void Social_counselling_goes_to_the_social_services_queue()
    {
        var decision = DemoTable.Resolve(Urgency.P4, "social-counselling", "753", At(2026, 3, 14, 23), ChannelOnlyCapacity.Instance);

        Assert.Equal(("sc-753-p4", DestinationKind.WorkQueue, "ss-753"), (decision.Row?.Id, decision.Destination?.Kind, decision.Destination?.Unit));
    }

    [Fact]
    public void Myrskyla_summer_closure_sends_call_backs_to_Porvoo()
    {
        Assert.Equal("p2-504-summer-2026-callback", DemoTable.Resolve(Urgency.P2, null, "504", At(2026, 7, 6, 10), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("p2-504-callback", DemoTable.Resolve(Urgency.P2, null, "504", At(2026, 8, 3, 10), ChannelOnlyCapacity.Instance).Row?.Id);
        Assert.Equal("hs-638", DemoTable.Resolve(Urgency.P3, null, "504", At(2026, 7, 7, 2), ChannelOnlyCapacity.Instance).Destination?.Unit);
    }

    [Fact]
    public void Emergencies_go_to_112_and_the_emergency_department_everywhere()
    {
        foreach (var municipality in CountyMunicipalities)
        {
            Assert.Equal(DestinationKind.Call112, DemoTable.Resolve(Urgency.P0, null, municipality, Tuesday10, FixedCapacity.Nothing).Destination?.Kind);
            var p1 = DemoTable.Resolve(Urgency.P1, null, municipality, At(2026, 12, 24, 3), FixedCapacity.Nothing).Destination;
            Assert.Equal((DestinationKind.EmergencyDepartment, "ed-638"), (p1?.Kind, p1?.Unit));
            Assert.Contains("116117", p1!.Instructions.Fi, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Self_care_is_never_routed()
    {
        var decision = DemoTable.Resolve(Urgency.S, null, "638", Tuesday10, ChannelOnlyCapacity.Instance);

        Assert.Empty(decision.Candidates);
        Assert.Null(decision.Row);
    }
}
