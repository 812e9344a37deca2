using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using static Polku.Tests.Assessments.Routing.RoutingTestSupport;

namespace Polku.Tests.Assessments.Routing;

public class RoutingWeekViewTests
{
    private static string Describe(RoutingSegment s) =>
        $"{s.From:HH\\:mm}-{(s.To == TimeOnly.MinValue ? "24:00" : s.To.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture))} {s.RowId ?? "HOLE"}"
        + (s.Fallbacks.Count > 0 ? " > " + string.Join(" > ", s.Fallbacks.Select(f => f.Id)) : "");

    [Fact]
    public void Porvoo_P2_week_with_Midsummer()
    {
        var week = DemoTable.WeekView("638", Urgency.P2, null, new DateOnly(2026, 6, 15));

        Assert.Equal(7, week.Count);
        Assert.Equal(
            [
                "00:00-08:00 p2-county-116117",
                "08:00-14:00 p2-638-callback",
                "14:00-16:00 p2-county-116117",
                "16:00-19:00 p2-638-evening-chat > p2-638-evening-callback",
                "19:00-20:00 p2-638-evening-chat > p2-county-116117",
                "20:00-24:00 p2-county-116117",
            ],
            week[0].Segments.Select(Describe));
        Assert.False(week[0].IsHoliday);

        // Friday 19 June is Midsummer Eve and Saturday Midsummer Day: one row all day.
        Assert.True(week[4].IsHoliday);
        Assert.Equal(["00:00-24:00 p2-county-116117"], week[4].Segments.Select(Describe));
        Assert.Equal(["00:00-24:00 p2-county-116117"], week[6].Segments.Select(Describe));
        Assert.Equal(DestinationKind.Phone, week[6].Segments[0].Destination?.Kind);
    }

    [Fact]
    public void Lapinjarvi_P3_weekday()
    {
        var tuesday = DemoTable.WeekView("407", Urgency.P3, null, new DateOnly(2026, 3, 9))[1];

        Assert.Equal(
            [
                "00:00-08:00 p3-407-morning-callback",
                "08:00-15:00 p3-407-booking > p3-407-callback",
                "15:00-24:00 p3-407-evening-callback",
            ],
            tuesday.Segments.Select(Describe));
    }

    [Fact]
    public void Holes_show_as_segments_without_a_row()
    {
        var table = new RoutingTable("t", [Row("day", from: "08:00", to: "16:00")]);

        var monday = table.WeekView("638", Urgency.P3, null, new DateOnly(2026, 3, 9))[0];

        Assert.Equal(["00:00-08:00 HOLE", "08:00-16:00 day", "16:00-24:00 HOLE"], monday.Segments.Select(Describe));
    }
}
