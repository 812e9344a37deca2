using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.ScheduleAdmin;
using Polku.Region.Contracts;

namespace Polku.Appointments.Desk;

/// <summary>The appointment desk's and schedule administration's services.</summary>
internal static class DeskServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<DeskAccess>();
        services.AddScoped<DeskCalendar>();
        services.AddScoped<AppointmentDesk>();
        services.AddScoped<Invitations>();
        services.AddSingleton<IAppointmentsJob, CompleteInvitationTasksJob>();
        services.AddScoped<ScheduleEditor>();
        services.AddScoped<ScheduleViews>();
        services.AddSingleton<IAdminLinks, ScheduleAdminLinks>();
    }
}
