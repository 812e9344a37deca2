using System.Collections.Concurrent;
using System.Diagnostics;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>How one booking attempt ended.</summary>
internal enum AttemptKind
{
    /// <summary>201: the client has the slot (the id of the new appointment).</summary>
    Booked,

    /// <summary>409 with the expected code: somebody else was first.</summary>
    Taken,

    /// <summary>Anything else: timeout, transport failure, unexpected status or body.</summary>
    Error,
}

internal readonly record struct AttemptResult(AttemptKind Kind, Guid AppointmentId = default, string? Error = null)
{
    public static AttemptResult Booked(Guid id) => new(AttemptKind.Booked, id);

    public static AttemptResult Taken { get; } = new(AttemptKind.Taken);

    public static AttemptResult Failed(string error) => new(AttemptKind.Error, default, error);
}

/// <summary>One booking attempt: which client, which slot (index into the phase's slots), which idempotency key.</summary>
internal delegate Task<AttemptResult> BookingAttempt(int client, int slot, string key, CancellationToken cancellationToken);

/// <summary>
/// A phase of the storm. <paramref name="OneEach"/>: every client stops after its first booking (a resident wants one
/// appointment); otherwise clients go on booking. The phase ends when every slot is booked (the driver counts the
/// 201s), when <paramref name="Limit"/> has passed, or when every client has tried every slot.
/// </summary>
internal sealed record StormPhase(string Name, int Slots, bool OneEach, TimeSpan Limit);

/// <summary>A 201 as the client saw it.</summary>
internal readonly record struct Acknowledgement(Guid AppointmentId, int Slot, int Client);

/// <summary>What one phase did, as the clients saw it.</summary>
internal sealed record PhaseRun(
    StormPhase Phase,
    long Booked,
    long Taken,
    long Errors,
    TimeSpan Elapsed,
    LatencySummary Latency,
    bool AllBooked,
    long DoubleAcknowledged,
    IReadOnlyList<Acknowledgement> Acknowledged,
    IReadOnlyList<string> ErrorSamples)
{
    public double BookingsPerSecond => Elapsed > TimeSpan.Zero ? Booked / Elapsed.TotalSeconds : 0;

    public double AttemptsPerSecond => Elapsed > TimeSpan.Zero ? (Booked + Taken + Errors) / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Runs the clients of a booking storm. Every client walks all slots of the phase in its own random order (a random
/// start and a random stride coprime with the slot count: a permutation without a table per client), one request at
/// a time, and never tries a slot twice. The same driver runs the app and the raw-Npgsql baseline, so both see the
/// same client behaviour.
/// </summary>
internal static class BookingStormDriver
{
    public static async Task<PhaseRun> RunAsync(StormPhase phase, int clients, string keyPrefix, BookingAttempt attempt, CancellationToken cancellationToken)
    {
        var n = phase.Slots;
        var winners = new int[n];
        Array.Fill(winners, -1);
        var acknowledged = new ConcurrentQueue<Acknowledgement>();
        var counters = new OutcomeCounters();
        var histogram = new LatencyHistogram();
        long booked = 0;
        long doubleAcknowledged = 0;
        long allBookedAt = 0;

        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(phase.Limit.TotalSeconds * Stopwatch.Frequency);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(phase.Limit + TimeSpan.FromSeconds(90));
        var token = hardStop.Token;

        async Task ClientAsync(int client)
        {
            var first = Random.Shared.NextInt64(n);
            var stride = Stride(n);
            for (long k = 0; k < n; k++)
            {
                if (Stopwatch.GetTimestamp() >= deadline || Interlocked.Read(ref booked) >= n || token.IsCancellationRequested)
                {
                    return;
                }

                var slot = (int)((first + (k * stride)) % n);
                var key = string.Concat(keyPrefix, client.ToString(System.Globalization.CultureInfo.InvariantCulture), "-", k.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var sent = Stopwatch.GetTimestamp();
                AttemptResult result;
                try
                {
                    result = await attempt(client, slot, key, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    result = AttemptResult.Failed(ex.GetType().Name + ": " + ex.Message);
                }

                var done = Stopwatch.GetTimestamp();
                histogram.RecordStopwatchTicks(done - sent);
                switch (result.Kind)
                {
                    case AttemptKind.Booked:
                        counters.Add(RequestOutcome.Success);
                        acknowledged.Enqueue(new Acknowledgement(result.AppointmentId, slot, client));
                        if (Interlocked.CompareExchange(ref winners[slot], client, -1) != -1)
                        {
                            Interlocked.Increment(ref doubleAcknowledged);
                        }

                        if (Interlocked.Increment(ref booked) == n)
                        {
                            Interlocked.Exchange(ref allBookedAt, done);
                        }

                        if (phase.OneEach)
                        {
                            return;
                        }

                        break;
                    case AttemptKind.Taken:
                        counters.Add(RequestOutcome.Rejected);
                        break;
                    default:
                        counters.Add(RequestOutcome.Error);
                        counters.AddErrorSample(result.Error ?? "error");
                        break;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c), CancellationToken.None)));
        cancellationToken.ThrowIfCancellationRequested();
        var finished = Stopwatch.GetTimestamp();
        var end = Interlocked.Read(ref allBookedAt) is > 0 and var at ? at : finished;
        return new PhaseRun(
            phase,
            counters.Succeeded,
            counters.Rejected,
            counters.Errors,
            Stopwatch.GetElapsedTime(start, end),
            histogram.Summarise(),
            counters.Succeeded >= n,
            Interlocked.Read(ref doubleAcknowledged),
            [.. acknowledged],
            counters.ErrorSamples);
    }

    /// <summary>A random step in [1, n) coprime with n, so that k * stride mod n visits every slot once.</summary>
    private static long Stride(int n)
    {
        if (n <= 2)
        {
            return 1;
        }

        while (true)
        {
            var stride = Random.Shared.NextInt64(1, n);
            if (Gcd(stride, n) == 1)
            {
                return stride;
            }
        }
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
