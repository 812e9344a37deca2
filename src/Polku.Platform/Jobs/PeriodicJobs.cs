using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Polku.Platform.Jobs;

/// <summary>
/// A scoped service run on a timer on every node (reminders, lapses, watches). The job itself must be safe to run on
/// several nodes at once — each module's job decides its work with one statement (a conditional delete or an
/// <c>INSERT … ON CONFLICT DO NOTHING</c>) — so the timer only has to call it, in a fresh scope each time, and keep
/// going when one round fails.
/// </summary>
public static class PeriodicJobs
{
    /// <summary>
    /// Runs <paramref name="run"/> on a new <typeparamref name="TJob"/> every <paramref name="interval"/> (on the
    /// registered <see cref="TimeProvider"/>, so a fake clock drives it in tests). <paramref name="name"/> names the job
    /// in the log when a round fails.
    /// </summary>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services, string name, TimeSpan interval, Func<TJob, CancellationToken, Task> run)
        where TJob : notnull
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(run);
        services.AddSingleton<IHostedService>(sp => new PeriodicJobWorker<TJob>(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PeriodicJobWorker<TJob>>>(), name, interval, run));
        return services;
    }
}

/// <summary>The timer loop behind <see cref="PeriodicJobs.AddPeriodicJob"/>.</summary>
internal sealed class PeriodicJobWorker<TJob>(IServiceScopeFactory scopes, TimeProvider time, ILogger<PeriodicJobWorker<TJob>> log, string name, TimeSpan interval,
    Func<TJob, CancellationToken, Task> run) : BackgroundService
    where TJob : notnull
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await run(scope.ServiceProvider.GetRequiredService<TJob>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The periodic job {Job} failed; it runs again in {Interval}.", name, interval);
            }
        }
    }
}
