using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Appointments.Interop;
using Polku.Appointments.Notifications;
using Polku.Appointments.Schedules;
using Polku.Appointments.SelfBooking;
using Polku.Appointments.Waitlist;
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
        services.AddScoped<BookingService>().AddScoped<AppointmentJournal>();
        services.AddScoped<Polku.Contacts.Contracts.IFeedbackSubjects, AppointmentFeedbackSubjects>();
        services.AddScoped<AppointmentViews>().AddScoped<Polku.Identity.Contracts.IOwnPageSections, Booking.AppointmentOwnPage>();
        services.AddScoped<Polku.Contacts.Contracts.IResidentTimelineSource, Booking.AppointmentTimeline>();
        services.AddScoped<BookingRights>();
        services.AddScoped<SlotSearch>();
        services.AddScoped<ISlotAvailability>(sp => sp.GetRequiredService<SlotSearch>());
        services.AddScoped<IBookingsFromSource, BookingsFromSource>().AddScoped<IResidentAppointments, ResidentAppointments>();
        services.AddScoped<SlotMaterializer>();
        services.AddSingleton<IBuiltInChannelLinks, AppointmentChannelLinks>();
        services.AddScoped<AppointmentNotices>();
        services.AddScoped<AppointmentEvents>();
        services.AddScoped<CalendarFeeds>();
        services.AddSingleton(ReminderOptions.From(configuration));
        services.AddSingleton<IAppointmentsJob, ReminderJob>();
        services.AddSingleton<IAppointmentsJob, ExpireHoldsJob>();
        services.AddSingleton<IAppointmentsJob, ExtendSlotsJob>();
        services.AddSingleton<IAppointmentsJob, Remote.NoShowJob>();
        services.AddScoped<SelfBookingFlow>();
        services.AddScoped<WaitlistService>();
        services.AddScoped<WaitlistNotices>();
        services.Configure<WaitlistOptions>(configuration.GetSection(WaitlistOptions.Section));
        services.AddSingleton<IAppointmentsJob, WaitlistOffersJob>();
        services.AddSingleton<AppointmentsHousekeeping>();
        Remote.RemoteServices.Add(services, configuration);
        Desk.DeskServices.Add(services);
        if (configuration.GetValue("Appointments:HousekeepingEnabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<AppointmentsHousekeeping>());
        }
    }

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        AppointmentsModel.Configure(modelBuilder);
        Remote.RemoteModel.Configure(modelBuilder);
        WaitlistModel.Configure(modelBuilder);
        Desk.DeskModel.Configure(modelBuilder);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        AppointmentsApi.Map(endpoints);
        InteropApi.Map(endpoints);
    }

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        DemoSchedules.SeedAsync(
            services.GetRequiredService<PolkuDb>(),
            services.GetRequiredService<IUnitDirectory>(),
            services.GetRequiredService<IPeopleDirectory>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<SlotMaterializer>(),
            cancellationToken);
}
