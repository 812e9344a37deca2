namespace Polku.Bench.Load;

/// <summary>
/// Outcome of one load run. The measured counts cover the measurement window only;
/// the totals include warm-up and are meant for correctness checks against the database.
/// </summary>
public sealed record LoadResult(
    long Succeeded,
    long Rejected,
    long Errors,
    TimeSpan Elapsed,
    LatencySummary Latency,
    long TotalSucceeded,
    long TotalErrors,
    IReadOnlyList<string> ErrorSamples)
{
    /// <summary>Completed non-error requests per second in the measurement window.</summary>
    public double RequestsPerSecond => PerSecond(Succeeded + Rejected);

    /// <summary>Successful requests per second in the measurement window.</summary>
    public double SucceededPerSecond => PerSecond(Succeeded);

    private double PerSecond(long count) => Elapsed > TimeSpan.Zero ? count / Elapsed.TotalSeconds : 0;
}
