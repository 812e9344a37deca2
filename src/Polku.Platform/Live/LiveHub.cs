using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Live;

/// <summary>
/// One event as delivered to this node's subscribers: a per-node monotonic sequence number and the event, with its
/// server-sent-events frame encoded once per publish and shared by every subscriber.
/// </summary>
public sealed class LiveDelivery
{
    internal LiveDelivery(long sequence, LiveEvent liveEvent)
    {
        Sequence = sequence;
        Event = liveEvent;
        var buffer = new ArrayBufferWriter<byte>(96);
        buffer.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {sequence}\nevent: {liveEvent.Type}\ndata: ")));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", liveEvent.Id);
            json.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
        Frame = buffer.WrittenMemory;
    }

    public long Sequence { get; }
    public LiveEvent Event { get; }

    /// <summary><c>id: …\nevent: …\ndata: {"id":"…"}\n\n</c> in UTF-8.</summary>
    public ReadOnlyMemory<byte> Frame { get; }
}

/// <summary>The <c>Live</c> configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary><c>InProcess</c> (one node) or <c>Postgres</c> (LISTEN/NOTIFY across nodes); defaults by <c>Database:Provider</c>.</summary>
    public LiveMode? Mode { get; set; }

    /// <summary>Events buffered per connection; when a slow client falls behind, the oldest are dropped.</summary>
    public int SubscriberCapacity { get; set; } = 64;

    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}

public enum LiveMode
{
    InProcess,
    Postgres,
}

/// <summary>
/// In-process fan-out of live events to this node's subscribers (one per open <c>/events</c> stream). Audiences
/// map to immutable subscriber arrays, replaced under a lock on subscribe/unsubscribe and read without one on
/// publish, so a publish costs one dictionary lookup and one bounded-channel write per subscriber of that audience.
/// </summary>
public sealed class LiveHub(IOptions<LiveOptions> options)
{
    private readonly ConcurrentDictionary<string, LiveSubscription[]> _byAudience = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _sequence;
    private long _dropped;
    private int _subscribers;

    /// <summary>Events dropped from slow subscribers' buffers since start.</summary>
    public long DroppedTotal => Interlocked.Read(ref _dropped);

    public int SubscriberCount => Volatile.Read(ref _subscribers);

    /// <summary>Registers a subscriber for the given audiences; dispose the subscription to leave.</summary>
    public LiveSubscription Subscribe(IEnumerable<string> audiences)
    {
        var distinct = audiences.Where(a => !string.IsNullOrEmpty(a)).Distinct(StringComparer.Ordinal).ToArray();
        var subscription = new LiveSubscription(this, distinct, Math.Max(1, options.Value.SubscriberCapacity));
        lock (_gate)
        {
            foreach (var audience in distinct)
            {
                _byAudience[audience] = _byAudience.TryGetValue(audience, out var existing) ? [.. existing, subscription] : [subscription];
            }
        }

        Interlocked.Increment(ref _subscribers);
        return subscription;
    }

    /// <summary>Delivers an event to this node's subscribers of its audience; returns how many received it.</summary>
    public int Publish(LiveEvent liveEvent)
    {
        liveEvent.Validate();
        if (!_byAudience.TryGetValue(liveEvent.Audience, out var subscribers))
        {
            return 0;
        }

        var delivery = new LiveDelivery(Interlocked.Increment(ref _sequence), liveEvent);
        foreach (var subscriber in subscribers)
        {
            // Bounded with DropOldest: TryWrite always succeeds while the subscriber is open and never waits.
            subscriber.Writer.TryWrite(delivery);
        }

        return subscribers.Length;
    }

    internal void Unsubscribe(LiveSubscription subscription)
    {
        lock (_gate)
        {
            foreach (var audience in subscription.Audiences)
            {
                if (!_byAudience.TryGetValue(audience, out var existing))
                {
                    continue;
                }

                var remaining = Array.FindAll(existing, s => !ReferenceEquals(s, subscription));
                if (remaining.Length == 0)
                {
                    _byAudience.TryRemove(audience, out _);
                }
                else
                {
                    _byAudience[audience] = remaining;
                }
            }
        }

        Interlocked.Decrement(ref _subscribers);
    }

    internal void CountDrop(LiveSubscription subscription)
    {
        Interlocked.Increment(ref _dropped);
        subscription.IncrementDropped();
    }
}

/// <summary>One subscriber's bounded buffer of deliveries.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveHub _hub;
    private readonly Channel<LiveDelivery> _channel;
    private long _dropped;
    private int _disposed;

    internal LiveSubscription(LiveHub hub, string[] audiences, int capacity)
    {
        _hub = hub;
        Audiences = audiences;
        _channel = Channel.CreateBounded<LiveDelivery>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => _hub.CountDrop(this));
    }

    public IReadOnlyList<string> Audiences { get; }

    public ChannelReader<LiveDelivery> Reader => _channel.Reader;

    internal ChannelWriter<LiveDelivery> Writer => _channel.Writer;

    /// <summary>Events this subscriber lost because it read too slowly.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void IncrementDropped() => Interlocked.Increment(ref _dropped);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _hub.Unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}

/// <summary>Single-node notifier: publishes straight to the local hub.</summary>
public sealed class InProcessNotifier(LiveHub hub) : ILiveNotifier
{
    public Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default)
    {
        hub.Publish(liveEvent);
        return Task.CompletedTask;
    }
}

/// <summary>The NOTIFY payload: short keys keep it well below PostgreSQL's 8000-byte limit.</summary>
internal sealed record LivePayload(string A, string T, string I)
{
    public static string Serialize(LiveEvent e) => JsonSerializer.Serialize(new LivePayload(e.Audience, e.Type, e.Id), PayloadJson.Options);

    public static LiveEvent? Deserialize(string json)
    {
        var p = JsonSerializer.Deserialize<LivePayload>(json, PayloadJson.Options);
        return p is { A.Length: > 0, T.Length: > 0, I.Length: > 0 } ? new LiveEvent(p.A, p.T, p.I) : null;
    }
}

internal static class PayloadJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
