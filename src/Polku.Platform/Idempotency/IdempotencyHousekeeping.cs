using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Polku.Platform.Idempotency;

/// <summary>
/// Forgets idempotency keys past their retention once an hour. Any node may run it: a delete of expired rows is the
/// same whoever does it, so several nodes need no coordination.
/// </summary>
internal sealed class IdempotencyHousekeeping(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyHousekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // First sweep an interval after start: migrations run before the host serves, never before this.
                await Task.Delay(Every, time, stoppingToken);
                using var scope = scopes.CreateScope();
                var forgotten = await scope.ServiceProvider.GetRequiredService<IdempotencyStore>().ForgetExpiredAsync(stoppingToken);
                if (forgotten > 0)
                {
                    logger.LogInformation("Forgot {Count} expired idempotency keys.", forgotten);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Forgetting expired idempotency keys failed; trying again in an hour.");
            }
        }
    }
}
