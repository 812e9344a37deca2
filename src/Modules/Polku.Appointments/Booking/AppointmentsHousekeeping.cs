using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polku.Appointments.Schedules;

namespace Polku.Appointments.Booking;

/// <summary>One periodic piece of appointment housekeeping (expiring holds, reminders, no-shows …).</summary>
internal interface IAppointmentsJob
{
    /// <summary>Runs once; returns how many things it handled. Must be safe to run on several nodes at once.</summary>
    Task<int> RunAsync(IServiceProvider services, CancellationToken ct);
}

/// <summary>Expired holds give their places back.</summary>
internal sealed class ExpireHoldsJob : IAppointmentsJob
{
    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<BookingService>().ExpireHoldsAsync(null, ct);
}

/// <summary>Slots stay materialised up to each schedule's horizon as days pass.</summary>
internal sealed class ExtendSlotsJob : IAppointmentsJob
{
    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<SlotMaterializer>().ExtendAllAsync(ct);
}

/// <summary>Runs every registered <see cref="IAppointmentsJob"/> every 30 seconds, each in its own scope.</summary>
internal sealed class AppointmentsHousekeeping(IServiceScopeFactory scopes, IEnumerable<IAppointmentsJob> jobs, TimeProvider time, ILogger<AppointmentsHousekeeping> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Runs every job once (tests call this instead of waiting for the timer).</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        foreach (var job in jobs)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await job.RunAsync(scope.ServiceProvider, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Appointments job {Job} failed; it runs again in {Interval}.", job.GetType().Name, Interval);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
