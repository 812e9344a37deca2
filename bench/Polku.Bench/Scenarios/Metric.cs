namespace Polku.Bench.Scenarios;

/// <summary>
/// One measured value. Metrics with the same <see cref="Figure"/> are printed on one RESULT line.
/// A metric may carry a same-run <see cref="Baseline"/> value (the table shows the ratio) and/or a target.
/// </summary>
public sealed record Metric(string Name, double Value, string Unit)
{
    /// <summary>Groups metrics into one RESULT line; empty for the scenario's main figure.</summary>
    public string Figure { get; init; } = "";

    /// <summary>Same metric measured on the baseline in the same run, if any.</summary>
    public double? Baseline { get; init; }

    /// <summary>Which baseline <see cref="Baseline"/> came from, e.g. "baseline-minimal-api".</summary>
    public string? BaselineName { get; init; }

    /// <summary>Target from the specification, e.g. "<= 60".</summary>
    public string? Target { get; init; }

    public double? Ratio => Baseline is > 0 ? Value / Baseline.Value : null;
}
