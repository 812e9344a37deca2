using System.Diagnostics;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Time;
using Xunit.Abstractions;
using static Polku.Tests.Assessments.Routing.RoutingTestSupport;

namespace Polku.Tests.Assessments.Routing;

/// <summary>The shipped demo routing (content/routing/demo-routing.json).</summary>
public class RoutingDemoTableTests(ITestOutputHelper output)
{
    [Fact]
    public void Demo_table_passes_validation_quickly()
    {
        _ = DemoTable.Validate(CountyMunicipalities); // warm-up (JIT)
        var watch = Stopwatch.StartNew();
        var problems = DemoTable.Validate(CountyMunicipalities);
        watch.Stop();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        output.WriteLine($"Validate: {DemoTable.Rows.Count} rows, {watch.Elapsed.TotalMilliseconds:F1} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Validate took {watch.Elapsed}");
    }

    [Fact]
    public void Demo_table_covers_every_municipality_of_the_county()
    {
        var rows = DemoTable.Rows;
        foreach (var municipality in CountyMunicipalities)
        {
            foreach (var urgency in new[] { Urgency.P2, Urgency.P3, Urgency.P4, Urgency.L2 })
            {
                Assert.Contains(rows, r => r.Urgency == urgency && r.Municipality == municipality);
            }

            Assert.Contains(rows, r => r.ServiceCode == "social-counselling" && r.Municipality == municipality && r.Destination.Unit!.StartsWith("ss-", StringComparison.Ordinal));
        }
    }

    public static TheoryData<string, string> Weeks => new()
    {
        { "2026-03-23", "spring daylight-saving change on Sunday 29 March" },
        { "2026-06-15", "Midsummer Eve and Midsummer Day" },
        { "2026-10-19", "autumn daylight-saving change on Sunday 25 October" },
        { "2026-12-21", "Christmas Eve, Christmas Day, St Stephen's Day" },
    };

    /// <summary>
    /// The property the no-holes rule promises: every routed urgency × municipality × minute of a week
    /// resolves to a destination, with and without capacity, for any service; the weeks include both
    /// daylight-saving days and holidays.
    /// </summary>
    [Theory]
    [MemberData(nameof(Weeks))]
    public void Every_urgency_municipality_and_minute_of_a_week_resolves(string monday, string why)
    {
        var start = HelsinkiTime.ToInstant(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.MinValue);
        var end = HelsinkiTime.ToInstant(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture).AddDays(7), TimeOnly.MinValue);
        var municipalities = CountyMunicipalities;
        var checks = 0;
        var holidays = 0;
        for (var at = start; at < end; at = at.AddMinutes(1))
        {
            foreach (var urgency in UrgencyClasses.Routed)
            {
                foreach (var municipality in municipalities)
                {
                    var withChannels = DemoTable.Resolve(urgency, null, municipality, at, ChannelOnlyCapacity.Instance);
                    var withNothing = DemoTable.Resolve(urgency, "social-counselling", municipality, at, FixedCapacity.Nothing);
                    if (withChannels.Row is null || withNothing.Row is null)
                    {
                        Assert.Fail($"No destination for {urgency} in {municipality} at {HelsinkiTime.InHelsinki(at):O} ({why}).");
                    }

                    if (urgency == Urgency.P0 && (withChannels.Destination!.Kind != DestinationKind.Call112 || withNothing.Destination!.Kind != DestinationKind.Call112))
                    {
                        Assert.Fail($"P0 not routed to 112 in {municipality} at {at:O}.");
                    }

                    checks += 2;
                }
            }

            holidays += FinnishCalendar.IsNonWorkingDay(HelsinkiTime.LocalDate(at)) ? 1 : 0;
        }

        var minutes = (int)(end - start).TotalMinutes;
        output.WriteLine($"{why}: {minutes} minutes, {checks} resolutions, {holidays} holiday minutes");
        Assert.Equal(minutes * 6 * 7 * 2, checks);
        Assert.Equal(monday is "2026-03-23" ? 10020 : monday is "2026-10-19" ? 10140 : 10080, minutes);
        Assert.True(monday is "2026-03-23" or "2026-10-19" || holidays > 0);
    }

    [Fact]
    public void Demo_file_is_in_canonical_form()
    {
        var path = Path.Combine(Polku.Tests.Platform.ArchitectureTests.RepositoryRoot(), "content", "routing", "demo-routing.json");

        Assert.Equal(File.ReadAllText(path), RoutingTableJson.Write(DemoTable));
    }

    [Fact]
    public void Instructions_are_not_copies_across_languages()
    {
        Assert.All(DemoTable.Rows, r =>
        {
            var t = r.Destination.Instructions;
            Assert.True(t.Fi != t.Sv && t.Sv != t.En && t.Fi != t.En, r.Id);
        });
    }
}
