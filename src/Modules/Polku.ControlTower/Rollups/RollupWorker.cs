using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Polku.ControlTower.Rollups;

/// <summary>
/// Keeps the rollups caught up in the background, so that a dashboard request rarely has more than a few seconds of
/// events to add. Safe on several nodes: a catch-up that finds the state row taken skips (PostgreSQL).
/// </summary>
internal sealed class RollupWorker(IServiceScopeFactory scopes, IOptions<TowerOptions> options, TimeProvider time, ILogger<RollupWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var added = await scope.ServiceProvider.GetRequiredService<Rollups>().CatchUpAsync(stoppingToken);
                if (added > 0)
                {
                    logger.LogDebug("Control tower rollups: {Added} events added.", added);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next round tries again; a request's own catch-up keeps the figures current meanwhile.
                logger.LogWarning(e, "Control tower rollups: catching up failed; it runs again in {Interval}.", options.Value.Interval);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
