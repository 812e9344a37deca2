using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;

namespace Polku.Appointments.Remote;

/// <summary>Appointments still booked a grace period (default 15 minutes) after their start are marked as no-shows.</summary>
internal sealed class NoShowJob : IAppointmentsJob
{
    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<AppointmentLifecycle>().MarkNoShowsAsync(ct);
}
