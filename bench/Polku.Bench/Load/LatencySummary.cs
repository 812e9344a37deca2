namespace Polku.Bench.Load;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(
    long Count,
    double MeanMilliseconds,
    double P50Milliseconds,
    double P95Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
