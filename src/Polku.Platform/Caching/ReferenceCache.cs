using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Platform.Caching;

/// <summary>
/// Data that nearly every request reads and that rarely changes — municipalities, units, queues, and for a few
/// seconds a signed-in user's session row — kept in this node's memory (ADR 0007). An entry lives for its lifetime
/// at most; a change made
/// through a unit of work calls <see cref="Changed"/>, which drops the entry on this node when the change commits and
/// on every other node through the live-event channel (PostgreSQL NOTIFY). A notification a node misses (its listener
/// was reconnecting) is covered by the lifetime.
/// </summary>
public sealed class ReferenceCache(TimeProvider time, ILiveNotifier notifier)
{
    /// <summary>The live-event audience of invalidations; no user's stream ever subscribes to it.</summary>
    public const string Audience = "reference";

    public const string ChangedType = "reference.changed";

    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _invalidations;
    private long _nextSweepTicks;

    /// <summary>
    /// Whether <see cref="Changed"/> reaches every node (PostgreSQL NOTIFY). With the in-process notifier (SQLite: one
    /// node) only this node hears it; data that must never be served stale by another node is then not cached.
    /// </summary>
    public bool InvalidatesEveryNode { get; } = notifier is PostgresNotifier;

    /// <summary>How many entries this node holds (expired ones included until the next sweep).</summary>
    public int Count => _entries.Count;

    /// <summary>The cached value of <paramref name="key"/>, loading it when missing or older than <paramref name="lifetime"/>.</summary>
    public async ValueTask<T> GetAsync<T>(string key, TimeSpan lifetime, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now && entry.Value is T cached)
        {
            return cached;
        }

        SweepIfDue(now);
        var invalidations = Interlocked.Read(ref _invalidations);
        var value = await load(cancellationToken);
        // A load that overlapped an invalidation (of any key: they are rare, and one counter cannot leak) may have read
        // the old data: it answers this caller but is not kept.
        if (Interlocked.Read(ref _invalidations) == invalidations)
        {
            var fresh = new Entry(value, now + lifetime);
            _entries[key] = fresh;
            // An invalidation between the check and the store must not leave the old data behind.
            if (Interlocked.Read(ref _invalidations) != invalidations)
            {
                _entries.TryRemove(KeyValuePair.Create(key, fresh));
            }
        }

        return value;
    }

    /// <summary>Drops an entry on this node.</summary>
    public void Invalidate(string key)
    {
        Interlocked.Increment(ref _invalidations);
        _entries.TryRemove(key, out _);
    }

    /// <summary>
    /// Announces that the unit's change alters <paramref name="key"/>: when it commits, the entry is dropped here at
    /// once and on the other nodes as the notification arrives. Nothing happens if the unit rolls back.
    /// </summary>
    public void Changed(UnitOfWork unit, string key)
    {
        ArgumentNullException.ThrowIfNull(unit);
        unit.Publish(new LiveEvent(Audience, ChangedType, key));
        unit.AfterCommit(() => Invalidate(key));
    }

    /// <summary>
    /// Drops expired entries at most once a minute, so keys that are read once and never again (the session of a user
    /// who has left) do not pile up.
    /// </summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private sealed record Entry(object? Value, DateTimeOffset Expires);
}

/// <summary>Drops cache entries when another node (or this one) announces a change.</summary>
public sealed class ReferenceCacheInvalidation(LiveHub hub, ReferenceCache cache) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = hub.Subscribe([ReferenceCache.Audience]);
        try
        {
            await foreach (var delivery in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                if (delivery.Event.Type == ReferenceCache.ChangedType)
                {
                    cache.Invalidate(delivery.Event.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
