using System.Globalization;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>Adds a short human-readable note about a load run (counts and error samples) to a result.</summary>
public static class LoadNotes
{
    public static void Describe(ScenarioResult result, string phase, LoadResult load)
    {
        result.Note(string.Create(
            CultureInfo.InvariantCulture,
            $"{phase}: {load.Succeeded} ok, {load.Rejected} rejected, {load.Errors} errors in {load.Elapsed.TotalSeconds:0.0} s; "
            + $"latency p50 {load.Latency.P50Milliseconds:0.###} / p99 {load.Latency.P99Milliseconds:0.###} / max {load.Latency.MaxMilliseconds:0.###} ms"));
        foreach (var sample in load.ErrorSamples)
        {
            result.Note($"{phase} error sample: {sample}");
        }
    }
}
