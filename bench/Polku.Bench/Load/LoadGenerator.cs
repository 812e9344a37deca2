using System.Diagnostics;

namespace Polku.Bench.Load;

/// <summary>
/// In-process HTTP load generator sharing one <see cref="SocketsHttpHandler"/>.
/// Saturation mode runs closed-loop workers as fast as they can; constant-rate mode
/// sends on an open-loop schedule and measures latency from the scheduled send time,
/// so a stalled server cannot hide its queueing delay (no coordinated omission).
/// Every loop is bounded both in request count and in time.
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    /// <summary>Upper bound on requests per worker (saturation) or per schedule (constant rate).</summary>
    public const long MaxRequests = 50_000_000;

    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient client;
    private readonly TimeSpan requestTimeout;

    public LoadGenerator(Uri baseAddress, int maxConnections, TimeSpan? requestTimeout = null)
    {
        LoopbackGuard.EnsureLoopback(baseAddress);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        this.requestTimeout = requestTimeout ?? DefaultRequestTimeout;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = this.requestTimeout,
        };
    }

    /// <summary>The shared client, e.g. for setup requests outside a measured run.</summary>
    public HttpClient Client => client;

    /// <summary>
    /// Runs <paramref name="workers"/> closed-loop workers for <paramref name="warmup"/> plus
    /// <paramref name="duration"/>; requests completing inside the measurement window are counted.
    /// </summary>
    public async Task<LoadResult> RunSaturationAsync(
        LoadRequest request, int workers, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var measured = new OutcomeCounters();
        var total = new OutcomeCounters();
        var histogram = new LatencyHistogram();
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + ToTicks(warmup);
        var end = measureStart + ToTicks(duration);

        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(warmup + duration + requestTimeout + TimeSpan.FromSeconds(30));
        var token = hardStop.Token;

        async Task WorkerAsync()
        {
            for (long i = 0; i < MaxRequests; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= end || token.IsCancellationRequested)
                {
                    return;
                }

                var outcome = await InvokeAsync(request, total, token);
                var done = Stopwatch.GetTimestamp();
                if (outcome is null)
                {
                    return;
                }

                total.Add(outcome.Value);
                if (done >= measureStart && done <= end)
                {
                    measured.Add(outcome.Value);
                    histogram.RecordStopwatchTicks(done - sent);
                }
            }
        }

        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = Task.Run(WorkerAsync, CancellationToken.None);
        }

        await Task.WhenAll(tasks);
        cancellationToken.ThrowIfCancellationRequested();
        var measuredEnd = Math.Min(Stopwatch.GetTimestamp(), end);
        var elapsed = Stopwatch.GetElapsedTime(measureStart, Math.Max(measureStart, measuredEnd));
        return Build(measured, total, histogram, elapsed);
    }

    /// <summary>
    /// Sends requests on a fixed open-loop schedule of <paramref name="ratePerSecond"/> for
    /// <paramref name="warmup"/> (not recorded) plus <paramref name="duration"/>. Latency runs from the
    /// scheduled send time (or the actual send time when that was earlier) to completion.
    /// </summary>
    public async Task<LoadResult> RunConstantRateAsync(
        LoadRequest request,
        double ratePerSecond,
        TimeSpan warmup,
        TimeSpan duration,
        int maxInFlight,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratePerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        var warmupCount = (long)Math.Round(ratePerSecond * warmup.TotalSeconds);
        var measuredCount = (long)Math.Round(ratePerSecond * duration.TotalSeconds);
        var scheduleCount = Math.Min(MaxRequests, warmupCount + measuredCount);
        var ticksPerRequest = Stopwatch.Frequency / ratePerSecond;

        var measured = new OutcomeCounters();
        var total = new OutcomeCounters();
        var histogram = new LatencyHistogram();
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hardStop.CancelAfter(warmup + duration + requestTimeout + TimeSpan.FromSeconds(30));
        var token = hardStop.Token;
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);

        async Task SendAsync(long scheduled, bool record)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                var outcome = await InvokeAsync(request, total, token);
                var done = Stopwatch.GetTimestamp();
                if (outcome is null)
                {
                    return;
                }

                total.Add(outcome.Value);
                if (record)
                {
                    measured.Add(outcome.Value);
                    histogram.RecordStopwatchTicks(done - Math.Min(scheduled, sent));
                }
            }
            finally
            {
                slots.Release();
            }
        }

        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(warmupCount * ticksPerRequest);
        for (long i = 0; i < scheduleCount && !token.IsCancellationRequested; i++)
        {
            var scheduled = start + (long)(i * ticksPerRequest);
            var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (ahead > TimeSpan.FromMilliseconds(1.5))
            {
                // Timers fire late by up to a millisecond or so; wake early rather than late.
                // Sending slightly early is harmless: latency then runs from the actual send time.
                await DelayAsync(ahead - TimeSpan.FromMilliseconds(1), token);
            }

            if (!await WaitAsync(slots, token))
            {
                break;
            }

            _ = SendAsync(scheduled, record: i >= warmupCount);
        }

        // Drain: wait until every in-flight request has released its slot (bounded by the hard stop).
        for (var i = 0; i < maxInFlight; i++)
        {
            if (!await WaitAsync(slots, token))
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var scheduleEnd = start + (long)(scheduleCount * ticksPerRequest);
        var elapsed = Stopwatch.GetElapsedTime(measureStart, Math.Max(measureStart, scheduleEnd));
        return Build(measured, total, histogram, elapsed);
    }

    public void Dispose() => client.Dispose();

    private async Task<RequestOutcome?> InvokeAsync(LoadRequest request, OutcomeCounters total, CancellationToken token)
    {
        try
        {
            return await request(client, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            total.AddErrorSample(ex.GetType().Name + ": " + ex.Message);
            return RequestOutcome.Error;
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
            // The caller checks the token.
        }
    }

    private static async Task<bool> WaitAsync(SemaphoreSlim semaphore, CancellationToken token)
    {
        try
        {
            await semaphore.WaitAsync(token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static LoadResult Build(OutcomeCounters measured, OutcomeCounters total, LatencyHistogram histogram, TimeSpan elapsed) =>
        new(
            measured.Succeeded,
            measured.Rejected,
            measured.Errors,
            elapsed,
            histogram.Summarise(),
            total.Succeeded,
            total.Errors,
            total.ErrorSamples);
}
