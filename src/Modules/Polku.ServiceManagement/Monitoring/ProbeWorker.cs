using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// Runs monitoring on this node (only when <see cref="SmOptions.WorkerEnabled"/>): every round it probes the due
/// services (<see cref="Prober"/>, safe on any number of nodes) and checks Polku's own signals (<see cref="SignalWatcher"/>).
/// </summary>
internal sealed class ProbeWorker(IServiceScopeFactory scopes, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<ProbeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<Prober>().RunRoundAsync(stoppingToken);
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<SignalWatcher>().CheckAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next round tries again.
                logger.LogWarning(e, "Service monitoring: a round failed; the next round tries again.");
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.Value.Monitoring.RoundSeconds)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
