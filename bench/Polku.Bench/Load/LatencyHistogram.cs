using System.Diagnostics;

namespace Polku.Bench.Load;

/// <summary>
/// Thread-safe log-linear latency histogram (HDR-like) in microseconds.
/// Values below 128 µs are exact; larger values fall into buckets of under 1.6 % relative width.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits; // 128 exact buckets
    private const int HalfSubBucketCount = SubBucketCount / 2; // 64 buckets per power of two above that
    private const int MaxShift = 40; // about 12 days in microseconds: far beyond any timeout
    private const int BucketCount = SubBucketCount + (MaxShift * HalfSubBucketCount);

    private readonly long[] counts = new long[BucketCount];
    private long totalCount;
    private long maxMicroseconds;
    private long sumMicroseconds;

    public long Count => Interlocked.Read(ref totalCount);

    public void RecordStopwatchTicks(long elapsedTicks)
    {
        var microseconds = elapsedTicks <= 0 ? 0 : (long)(elapsedTicks * (1_000_000.0 / Stopwatch.Frequency));
        RecordMicroseconds(microseconds);
    }

    public void RecordMicroseconds(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref counts[IndexOf(value)]);
        Interlocked.Increment(ref totalCount);
        Interlocked.Add(ref sumMicroseconds, value);
        var currentMax = Interlocked.Read(ref maxMicroseconds);
        while (value > currentMax)
        {
            var previous = Interlocked.CompareExchange(ref maxMicroseconds, value, currentMax);
            if (previous == currentMax)
            {
                break;
            }

            currentMax = previous;
        }
    }

    /// <summary>Summarises the recorded values. Call after recording has finished.</summary>
    public LatencySummary Summarise()
    {
        var count = Count;
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        var max = Interlocked.Read(ref maxMicroseconds);
        return new LatencySummary(
            count,
            MeanMilliseconds: Interlocked.Read(ref sumMicroseconds) / (double)count / 1000.0,
            P50Milliseconds: Percentile(0.50, count, max),
            P95Milliseconds: Percentile(0.95, count, max),
            P99Milliseconds: Percentile(0.99, count, max),
            MaxMilliseconds: max / 1000.0);
    }

    private double Percentile(double quantile, long count, long max)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        long seen = 0;
        for (var index = 0; index < BucketCount; index++)
        {
            seen += Interlocked.Read(ref counts[index]);
            if (seen >= rank)
            {
                // Midpoint of the bucket, never above the exact maximum.
                var (lower, upper) = BoundsOf(index);
                return Math.Min((lower + upper) / 2.0, max) / 1000.0;
            }
        }

        return max / 1000.0;
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        var highestBit = 63 - (int)long.LeadingZeroCount(value);
        var shift = highestBit - (SubBucketBits - 1); // value >> shift lands in [64, 127]
        if (shift > MaxShift)
        {
            return BucketCount - 1;
        }

        var sub = (int)(value >> shift) - HalfSubBucketCount;
        return SubBucketCount + ((shift - 1) * HalfSubBucketCount) + sub;
    }

    internal static (long Lower, long Upper) BoundsOf(int index)
    {
        if (index < SubBucketCount)
        {
            return (index, index);
        }

        var shift = ((index - SubBucketCount) / HalfSubBucketCount) + 1;
        long sub = ((index - SubBucketCount) % HalfSubBucketCount) + HalfSubBucketCount;
        return (sub << shift, ((sub + 1) << shift) - 1);
    }
}
