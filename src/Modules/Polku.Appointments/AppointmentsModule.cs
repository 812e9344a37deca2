using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Appointments.Schedules;
using Polku.Assessments.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Appointments;

/// <summary>Ajanvaraus ja etävastaanotto — schedules and slots, booking rights, self-booking, remote appointments, reminders.</summary>
public sealed class AppointmentsModule : IPolkuModule
{
    public string Name => "appointments";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<BookingService>();
        services.AddScoped<BookingRights>();
        services.AddScoped<SlotSearch>();
        services.AddScoped<ISlotAvailability>(sp => sp.GetRequiredService<SlotSearch>());
        services.AddScoped<SlotMaterializer>();
        services.AddScoped<AppointmentNotices>();
        services.AddScoped<AppointmentEvents>();
        services.AddSingleton<IAppointmentsJob, ExpireHoldsJob>();
        services.AddSingleton<IAppointmentsJob, ExtendSlotsJob>();
        services.AddSingleton<AppointmentsHousekeeping>();
        Desk.DeskServices.Add(services);
        if (configuration.GetValue("Appointments:HousekeepingEnabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<AppointmentsHousekeeping>());
        }
    }

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        AppointmentsModel.Configure(modelBuilder);
        Desk.DeskModel.Configure(modelBuilder);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => AppointmentsApi.Map(endpoints);

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        DemoSchedules.SeedAsync(
            services.GetRequiredService<PolkuDb>(),
            services.GetRequiredService<IUnitDirectory>(),
            services.GetRequiredService<IPeopleDirectory>(),
            services.GetRequiredService<TimeProvider>(),
            cancellationToken);
}
