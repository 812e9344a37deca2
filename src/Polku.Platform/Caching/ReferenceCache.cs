using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Platform.Caching;

/// <summary>
/// Reference data that nearly every request reads and coordinators change a few times a year — municipalities,
/// units, queues — kept in this node's memory (ADR 0010). An entry lives for its lifetime at most; a change made
/// through a unit of work calls <see cref="Changed"/>, which drops the entry on this node when the change commits and
/// on every other node through the live-event channel (PostgreSQL NOTIFY). A notification a node misses (its listener
/// was reconnecting) is covered by the lifetime.
/// </summary>
public sealed class ReferenceCache(TimeProvider time)
{
    /// <summary>The live-event audience of invalidations; no user's stream ever subscribes to it.</summary>
    public const string Audience = "reference";

    public const string ChangedType = "reference.changed";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    /// <summary>The cached value of <paramref name="key"/>, loading it when missing or older than <paramref name="lifetime"/>.</summary>
    public async ValueTask<T> GetAsync<T>(string key, TimeSpan lifetime, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now && entry.Value is T cached)
        {
            return cached;
        }

        var generation = _generations.GetValueOrDefault(key);
        var value = await load(cancellationToken);
        // A load that overlapped an invalidation may have read the old data: it answers this caller but is not kept.
        if (_generations.GetValueOrDefault(key) == generation)
        {
            _entries[key] = new Entry(value, now + lifetime);
        }

        return value;
    }

    /// <summary>Drops an entry on this node.</summary>
    public void Invalidate(string key)
    {
        _generations.AddOrUpdate(key, 1, static (_, g) => g + 1);
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
