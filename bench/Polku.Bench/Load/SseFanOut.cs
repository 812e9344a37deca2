using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Polku.Bench.Load;

/// <summary>A frame one subscriber received: its SSE <c>id:</c>, type, the id in its data and when it arrived.</summary>
public readonly record struct FanOutReceipt(long? SseId, string Event, Guid DataId, long Timestamp);

/// <summary>
/// One <c>text/event-stream</c> connection of a fan-out run. It signals "connected" on the server's <c>: connected</c>
/// comment and keeps every frame whose data carries an <c>"id"</c> (the live events' <c>{"id":"…"}</c>), with its
/// receipt time, for the checks after each round.
/// </summary>
public sealed class FanOutSubscriber(int index, FanOutSubscribers owner) : ISseSink
{
    private readonly List<FanOutReceipt> receipts = new(8);
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? failure;

    public int Index { get; } = index;

    /// <summary>Completes on the <c>: connected</c> comment, or when the connection failed or ended first.</summary>
    public Task Connected => connected.Task;

    public bool IsConnected { get; private set; }

    /// <summary>Why the stream failed or ended; null while it is open.</summary>
    public string? Failure => Volatile.Read(ref failure);

    public long ConnectStarted { get; set; }

    public long ConnectedAt { get; private set; }

    public void OnComment(ReadOnlySpan<byte> text, long receivedTimestamp)
    {
        if (!IsConnected && text.SequenceEqual("connected"u8))
        {
            ConnectedAt = receivedTimestamp;
            IsConnected = true;
            connected.TrySetResult();
        }
    }

    public void OnFrame(in SseFrame frame)
    {
        var dataId = DataId(frame.Data);
        lock (receipts)
        {
            receipts.Add(new FanOutReceipt(frame.Id, frame.Event, dataId, frame.ReceivedTimestamp));
        }

        owner.CountFrame();
    }

    /// <summary>The stream failed or ended (the server closed it, the connection broke, or it never opened).</summary>
    public void End(string reason)
    {
        Interlocked.CompareExchange(ref failure, reason, null);
        connected.TrySetResult();
    }

    /// <summary>A copy of the receipts so far.</summary>
    public FanOutReceipt[] Receipts()
    {
        lock (receipts)
        {
            return [.. receipts];
        }
    }

    /// <summary>How many frames carried <paramref name="dataId"/> and the first one's receipt time (0 when none).</summary>
    public (int Count, long First) Find(Guid dataId)
    {
        lock (receipts)
        {
            var count = 0;
            long first = 0;
            foreach (var receipt in receipts)
            {
                if (receipt.DataId == dataId)
                {
                    first = count == 0 ? receipt.Timestamp : Math.Min(first, receipt.Timestamp);
                    count++;
                }
            }

            return (count, first);
        }
    }

    /// <summary><c>{"id":"…"}</c> → the GUID; <see cref="Guid.Empty"/> when the data carries none.</summary>
    private static Guid DataId(string data)
    {
        const string Key = "\"id\":\"";
        var start = data.IndexOf(Key, StringComparison.Ordinal);
        if (start < 0)
        {
            return Guid.Empty;
        }

        start += Key.Length;
        var end = data.IndexOf('"', start);
        return end > start && Guid.TryParse(data.AsSpan(start, end - start), out var id) ? id : Guid.Empty;
    }
}

/// <summary>What one fan-out round measured: every connected subscriber should get the one event exactly once.</summary>
public sealed record FanOutRound(
    int Round,
    Guid EventId,
    int Expected,
    int Delivered,
    int Missing,
    int Duplicated,
    LatencySummary Delivery,
    double TriggerMilliseconds);

/// <summary>What the trigger of a round returns: the id the event's frames carry and when its request was answered.</summary>
public readonly record struct FanOutTrigger(Guid EventId, long AnsweredTimestamp);

/// <summary>
/// Many SSE connections to one endpoint over one <see cref="SocketsHttpHandler"/> (one TCP connection per stream,
/// no connection limit), opened in a ramp of at most <c>parallel</c> at a time so the server's accept queue does not
/// overflow. Each stream is read by its own task with a 1 KiB buffer (<see cref="SseFrameReader"/>).
/// </summary>
public sealed class FanOutSubscribers : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly CancellationTokenSource streams = new();
    private readonly List<Task> readers = [];
    private readonly FanOutSubscriber[] subscribers;
    private long frames;

    private FanOutSubscribers(Uri baseAddress, int count)
    {
        LoopbackGuard.EnsureLoopback(baseAddress);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        subscribers = new FanOutSubscriber[count];
        for (var i = 0; i < count; i++)
        {
            subscribers[i] = new FanOutSubscriber(i, this);
        }
    }

    public IReadOnlyList<FanOutSubscriber> All => subscribers;

    /// <summary>Frames received by all subscribers so far.</summary>
    public long FramesReceived => Interlocked.Read(ref frames);

    /// <summary>Subscribers that got <c>: connected</c> and whose stream is still open.</summary>
    public int OpenCount => subscribers.Count(s => s.IsConnected && s.Failure is null);

    /// <summary>Time from the first connection attempt to the last <c>: connected</c> (or failure).</summary>
    public TimeSpan RampTime { get; private set; }

    /// <summary>Each subscriber's connect time: request start to its <c>: connected</c>.</summary>
    public LatencySummary ConnectLatency { get; private set; } = LatencySummary.Empty;

    internal void CountFrame() => Interlocked.Increment(ref frames);

    /// <summary>
    /// Opens <paramref name="count"/> streams of <paramref name="path"/> (with <paramref name="cookie"/> as the
    /// <c>Cookie</c> header when given), at most <paramref name="parallel"/> waiting for their <c>: connected</c> at a time.
    /// </summary>
    public static async Task<FanOutSubscribers> ConnectAsync(
        Uri baseAddress, string path, string? cookie, int count, int parallel, TimeSpan connectTimeout, Action<string> log, CancellationToken cancellationToken)
    {
        var fanOut = new FanOutSubscribers(baseAddress, count);
        var uri = new Uri(path, UriKind.Relative);
        var histogram = new LatencyHistogram();
        using var gate = new SemaphoreSlim(parallel);
        var done = 0;
        var watch = Stopwatch.StartNew();
        var opening = new List<Task>(count);
        foreach (var subscriber in fanOut.subscribers)
        {
            await gate.WaitAsync(cancellationToken);
            subscriber.ConnectStarted = Stopwatch.GetTimestamp();
            fanOut.readers.Add(Task.Run(() => fanOut.ReadAsync(subscriber, uri, cookie), CancellationToken.None));
            opening.Add(WaitConnectedAsync(subscriber));
        }

        await Task.WhenAll(opening);
        fanOut.RampTime = watch.Elapsed;
        fanOut.ConnectLatency = histogram.Summarise();
        return fanOut;

        async Task WaitConnectedAsync(FanOutSubscriber subscriber)
        {
            try
            {
                await subscriber.Connected.WaitAsync(connectTimeout, cancellationToken);
                if (subscriber.IsConnected)
                {
                    histogram.RecordStopwatchTicks(subscriber.ConnectedAt - subscriber.ConnectStarted);
                }
            }
            catch (TimeoutException)
            {
                subscriber.End(string.Create(CultureInfo.InvariantCulture, $"no ': connected' within {connectTimeout.TotalSeconds} s"));
            }
            finally
            {
                gate.Release();
                var n = Interlocked.Increment(ref done);
                if (n % 1000 == 0 || n == count)
                {
                    log(string.Create(CultureInfo.InvariantCulture, $"{n} of {count} streams opened or failed ({watch.Elapsed.TotalSeconds:0.0} s)"));
                }
            }
        }
    }

    private async Task ReadAsync(FanOutSubscriber subscriber, Uri uri, string? cookie)
    {
        var token = streams.Token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                subscriber.End($"HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
                return;
            }

            await using var body = await response.Content.ReadAsStreamAsync(token);
            await SseFrameReader.ReadAsync(body, subscriber, token);
            subscriber.End("the server ended the stream");
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            subscriber.End("closed by the bench");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            subscriber.End(ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>
    /// One round: <paramref name="trigger"/> causes the event and returns the id its frames carry; the time just before
    /// it is t0. Then waits until every subscriber open at t0 has a frame with that id, or until
    /// <paramref name="timeout"/> after t0. Delivery latency is the receipt of a subscriber's first such frame − t0.
    /// </summary>
    public async Task<FanOutRound> MeasureRoundAsync(
        int round, Func<CancellationToken, Task<FanOutTrigger>> trigger, TimeSpan timeout, LatencyHistogram overall, CancellationToken cancellationToken)
    {
        var open = subscribers.Where(s => s.IsConnected && s.Failure is null).ToArray();
        var framesBefore = FramesReceived;
        var t0 = Stopwatch.GetTimestamp();
        var (eventId, triggered) = await trigger(cancellationToken);
        var deadline = t0 + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

        // Cheap wait on the frame counter first; scan the subscribers only once enough frames have arrived.
        while (FramesReceived - framesBefore < open.Length && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5, cancellationToken);
        }

        while (true)
        {
            var missing = open.Count(s => s.Find(eventId).Count == 0);
            if (missing == 0 || Stopwatch.GetTimestamp() >= deadline)
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        var histogram = new LatencyHistogram();
        int delivered = 0, lost = 0, duplicated = 0;
        foreach (var subscriber in open)
        {
            var (count, first) = subscriber.Find(eventId);
            if (count == 0)
            {
                lost++;
                continue;
            }

            delivered++;
            duplicated += count - 1;
            histogram.RecordStopwatchTicks(first - t0);
            overall.RecordStopwatchTicks(first - t0);
        }

        return new FanOutRound(
            round, eventId, open.Length, delivered, lost, duplicated, histogram.Summarise(), Stopwatch.GetElapsedTime(t0, triggered).TotalMilliseconds);
    }

    /// <summary>
    /// After the rounds: per subscriber, frames of the given event ids beyond the first (duplicates, late ones
    /// included), a repeated SSE <c>id:</c> on one connection, and the (subscriber, event) pairs still without a frame.
    /// </summary>
    public static (long Duplicated, long RepeatedSseIds, long Missing) Check(IReadOnlyList<FanOutRound> rounds, IReadOnlyCollection<FanOutSubscriber> expected)
    {
        long duplicated = 0, repeated = 0, missing = 0;
        foreach (var subscriber in expected)
        {
            var receipts = subscriber.Receipts();
            foreach (var round in rounds)
            {
                var count = receipts.Count(r => r.DataId == round.EventId);
                duplicated += Math.Max(0, count - 1);
                missing += count == 0 ? 1 : 0;
            }

            var ids = new HashSet<long>();
            foreach (var receipt in receipts)
            {
                if (receipt.SseId is { } id && !ids.Add(id))
                {
                    repeated++;
                }
            }
        }

        return (duplicated, repeated, missing);
    }

    /// <summary>The failures of subscribers that never connected or whose stream ended, most common first.</summary>
    public IEnumerable<string> FailureSummary(int max) =>
        subscribers.Where(s => s.Failure is not null && s.Failure != "closed by the bench")
            .GroupBy(s => s.Failure!)
            .OrderByDescending(g => g.Count())
            .Take(max)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} x {g.Key}"));

    public async ValueTask DisposeAsync()
    {
        await streams.CancelAsync();
        try
        {
            await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Reader tasks that do not notice the cancellation are abandoned with the client.
        }

        client.Dispose();
        streams.Dispose();
    }
}
