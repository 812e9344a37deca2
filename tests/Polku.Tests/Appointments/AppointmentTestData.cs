using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>Schedules and slots made directly in the database for tests.</summary>
internal static class AppointmentTestData
{
    /// <summary>Creates a schedule of hs-638 with one slot per start; returns the slot ids in order.</summary>
    public static async Task<List<Guid>> SlotsAsync(PolkuAppFactory app, IEnumerable<DateTimeOffset> starts, int capacity = 1, bool openBooking = true,
        string service = "test-service", AppointmentMode mode = AppointmentMode.InPerson, int cancelNoticeHours = 24)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var unit = (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().FindByCodeAsync("hs-638"))!;
        var now = DateTime.SpecifyKind(new DateTime(2026, 1, 1), DateTimeKind.Utc);
        var schedule = new Schedule
        {
            Id = Guid.NewGuid(), UnitId = unit.Id, UnitCode = unit.Code, ServiceCode = service, Mode = mode, Pattern = "Mon-Fri 08:00-16:00",
            SlotMinutes = 30, Capacity = capacity, MinNoticeMinutes = 0, HorizonDays = 0, CancelNoticeHours = cancelNoticeHours, OpenBooking = openBooking,
            ServedMunicipalities = "638", Active = false, CreatedUtc = now, UpdatedUtc = now,
        };
        db.Add(schedule);
        var ids = new List<Guid>();
        foreach (var start in starts)
        {
            var slot = new Slot
            {
                Id = Guid.NewGuid(), ScheduleId = schedule.Id, UnitId = unit.Id, ServiceCode = service, Mode = mode, ServedMunicipalities = ",638,",
                StartUtc = start.UtcDateTime, EndUtc = start.UtcDateTime.AddMinutes(30), ClosesUtc = start.UtcDateTime, Capacity = capacity, OpenBooking = openBooking,
            };
            db.Add(slot);
            ids.Add(slot.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task<Slot> SlotAsync(PolkuAppFactory app, Guid slotId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Slot>().AsNoTracking().SingleAsync(s => s.Id == slotId);
    }

    public static async Task<List<Appointment>> AppointmentsAsync(PolkuAppFactory app, Guid slotId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().AsNoTracking().Where(a => a.SlotId == slotId).ToListAsync();
    }
}
