namespace Polku.Bench.Load;

/// <summary>What a constant-rate run of several request kinds measured: latency overall and per kind, errors per kind, a few error samples.</summary>
public sealed class RunStats(int kinds)
{
    private readonly List<string> samples = [];

    public LatencyHistogram All { get; } = new();

    public LatencyHistogram[] PerKind { get; } = [.. Enumerable.Range(0, kinds).Select(_ => new LatencyHistogram())];

    public long[] ErrorsPerKind { get; } = new long[kinds];

    public long Sent { get; set; }

    public long Measured { get; set; }

    public TimeSpan Wall { get; set; }

    public IReadOnlyList<string> Samples
    {
        get
        {
            lock (samples)
            {
                return [.. samples];
            }
        }
    }

    public void Sample(string message)
    {
        lock (samples)
        {
            if (samples.Count < 5)
            {
                samples.Add(message);
            }
        }
    }
}
