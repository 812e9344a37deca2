namespace Polku.Bench.Scenarios;

/// <summary>Figures, notes and correctness failures collected by one scenario run.</summary>
public sealed class ScenarioResult(string scenario)
{
    private readonly List<Metric> metrics = [];
    private readonly List<string> failures = [];
    private readonly List<string> notes = [];

    public string Scenario { get; } = scenario;

    public IReadOnlyList<Metric> Metrics => metrics;

    /// <summary>Correctness failures (e.g. over-booked slots, lost writes). Any failure makes the exit code non-zero.</summary>
    public IReadOnlyList<string> Failures => failures;

    public IReadOnlyList<string> Notes => notes;

    public bool Failed => failures.Count > 0;

    public Metric Add(Metric metric)
    {
        metrics.Add(metric);
        return metric;
    }

    public void Fail(string message) => failures.Add(message);

    public void Note(string message) => notes.Add(message);
}
