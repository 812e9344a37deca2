namespace Polku.Bench.Scenarios;

/// <summary>All known scenarios, in the order <c>all</c> runs them. Add new scenarios here.</summary>
public static class ScenarioRegistry
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new BaselineMinimalApi(),
        new BaselineNpgsqlInsert(),
        new BaselineNpgsqlUpdate(),
        new B1AssessmentEvaluation(),
        new B2AssessmentSubmit(),
        new B3BookingStorm(),
        new B4QueueClaims(),
        new B5KeyPages(),
        new B6LiveEvents(),
        new B6ChatLoad(),
        new B7Dashboard(),
        new B8ColdStart(),
        new B9Tickets(),
        new B10Training(),
    ];

    public static Scenario? Find(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
