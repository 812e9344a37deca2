using Polku.Platform.Caching;
using Polku.Platform.Live;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>The per-node cache: lifetimes, invalidation racing a load, and no pile-up of keys read once.</summary>
public sealed class ReferenceCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static ReferenceCache Cache(ManualTimeProvider clock) => new(clock, new InProcessNotifier(new LiveHub(Microsoft.Extensions.Options.Options.Create(new LiveOptions()))));

    [Fact]
    public async Task A_value_is_served_from_memory_for_its_lifetime_then_read_again()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = Cache(clock);
        var loads = 0;
        Task<int> Load(CancellationToken _) => Task.FromResult(++loads);

        Assert.Equal(1, await cache.GetAsync("k", TimeSpan.FromSeconds(5), Load, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await cache.GetAsync("k", TimeSpan.FromSeconds(5), Load, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await cache.GetAsync("k", TimeSpan.FromSeconds(5), Load, CancellationToken.None));
        cache.Invalidate("k");
        Assert.Equal(3, await cache.GetAsync("k", TimeSpan.FromSeconds(5), Load, CancellationToken.None));
    }

    [Fact]
    public async Task A_load_that_overlaps_an_invalidation_answers_its_caller_but_is_not_kept()
    {
        var cache = Cache(new ManualTimeProvider(Start));
        var release = new TaskCompletionSource();
        var slow = cache.GetAsync("k", TimeSpan.FromMinutes(1), async _ =>
        {
            await release.Task;
            return "old";
        }, CancellationToken.None).AsTask();

        cache.Invalidate("k");
        release.SetResult();
        Assert.Equal("old", await slow);
        Assert.Equal("new", await cache.GetAsync("k", TimeSpan.FromMinutes(1), _ => Task.FromResult("new"), CancellationToken.None));
    }

    [Fact]
    public async Task Keys_read_once_are_swept_after_they_expire()
    {
        var clock = new ManualTimeProvider(Start);
        var cache = Cache(clock);
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync("session:" + i, TimeSpan.FromSeconds(5), _ => Task.FromResult(i), CancellationToken.None);
        }

        Assert.Equal(100, cache.Count);
        clock.Advance(TimeSpan.FromMinutes(2));
        await cache.GetAsync("another", TimeSpan.FromSeconds(5), _ => Task.FromResult(0), CancellationToken.None);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Only_the_database_notifier_reaches_every_node()
    {
        Assert.False(Cache(new ManualTimeProvider(Start)).InvalidatesEveryNode);
    }
}
