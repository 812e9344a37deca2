using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>Demo people, slots and bookings for the interop tests (reminders, calendar files, feed, FHIR).</summary>
internal static class InteropTestData
{
    public const string Maija = "Maija Meikäläinen";
    public const string Erik = "Erik Exempelsson";
    public const string Nurse = "hoitaja.porvoo";
    public const string Doctor = "laakari.porvoo";

    public static PolkuAppFactory At(string engine, string at) =>
        new(engine) { Time = new ManualTimeProvider(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture)) };

    public static ManualTimeProvider Clock(PolkuAppFactory app) => (ManualTimeProvider)app.Services.GetRequiredService<TimeProvider>();

    public static async Task<Guid> ResidentIdAsync(PolkuAppFactory app, string name)
    {
        using var scope = app.Services.CreateScope();
        var parts = name.Split(' ');
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>()
            .Where(p => p.FirstName == parts[0] && p.LastName == parts[1]).Select(p => p.Id).SingleAsync();
    }

    public static async Task<Guid> StaffIdAsync(PolkuAppFactory app, string login)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!.Id;
    }

    /// <summary>The professional's free slot starting at a Helsinki wall-clock time.</summary>
    public static async Task<Slot> SlotAsync(PolkuAppFactory app, string login, string helsinkiStart)
    {
        var staffId = await StaffIdAsync(app, login);
        var local = DateTime.ParseExact(helsinkiStart, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var start = HelsinkiTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)).UtcDateTime;
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Slot>().AsNoTracking()
            .SingleAsync(s => s.StaffId == staffId && s.StartUtc == start);
    }

    /// <summary>A professional books the slot for the resident (on behalf, overriding the booking right with a reason).</summary>
    public static async Task<Appointment> BookAsync(PolkuAppFactory app, string resident, string staffLogin, string helsinkiStart, string reason = "Rintakipu, kiireellinen")
    {
        var slot = await SlotAsync(app, staffLogin, helsinkiStart);
        var residentId = await ResidentIdAsync(app, resident);
        var staffId = await StaffIdAsync(app, staffLogin);
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
            .BookAsync(new BookingRequest(slot.Id, residentId, Actor.Professional(staffId), "on-behalf", null, reason), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    public static async Task<Appointment> CancelAsync(PolkuAppFactory app, Guid appointmentId, string staffLogin, string reason)
    {
        var staffId = await StaffIdAsync(app, staffLogin);
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
            .CancelAsync(appointmentId, Actor.Professional(staffId), reason, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    public static async Task<Appointment> MoveAsync(PolkuAppFactory app, Guid appointmentId, string staffLogin, string helsinkiStart)
    {
        var slot = await SlotAsync(app, staffLogin, helsinkiStart);
        var staffId = await StaffIdAsync(app, staffLogin);
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
            .RescheduleAsync(appointmentId, slot.Id, Actor.Professional(staffId), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }

    public static async Task<Appointment> AppointmentAsync(PolkuAppFactory app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == id);
    }

    /// <summary>The outbox rows of an appointment's notice of one kind (SMS and e-mail).</summary>
    public static async Task<List<OutboxMessage>> OutboxAsync(PolkuAppFactory app, Guid appointmentId, string kind)
    {
        var key = AppointmentNotices.DedupeKey(appointmentId, kind);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DedupeKey == key).OrderBy(m => m.Channel).ToListAsync();
    }

    /// <summary>Every appointment notice in the outbox (by dedupe key prefix).</summary>
    public static async Task<List<OutboxMessage>> AllNoticesAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith("appointment:")).ToListAsync();
    }

    /// <summary>Runs the reminder job once in its own scope, as the housekeeping loop does.</summary>
    public static async Task<int> RunRemindersAsync(PolkuAppFactory app)
    {
        var job = app.Services.GetServices<IAppointmentsJob>().OfType<ReminderJob>().Single();
        await using var scope = app.Services.CreateAsyncScope();
        return await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
    }
}
