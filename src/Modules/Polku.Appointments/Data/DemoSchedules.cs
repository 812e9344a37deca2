using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Schedules;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Appointments.Data;

/// <summary>
/// Demo schedules for an empty database: every health station books in person and by video, the digital sote-centre
/// by video and phone for the whole county, maternity clinics in person, oral health check-ups open to everyone.
/// Slots are then materialised from today (the host's clock) through each schedule's horizon.
/// </summary>
internal static class DemoSchedules
{
    private sealed record Plan(string UnitKind, string Service, AppointmentMode Mode, string Pattern, int SlotMinutes, int BufferAfter,
        int Capacity, bool OpenBooking, string? StaffLogin = null, string? UnitCode = null, bool CountyWide = false);

    private static readonly Plan[] Plans =
    [
        new("HealthStation", "health-station", AppointmentMode.InPerson, "Mon-Fri 08:00-11:30; Mon-Fri 12:30-15:30", 20, 0, 1, false),
        new("HealthStation", "health-station", AppointmentMode.Video, "Mon-Fri 08:30-11:30; Mon-Fri 12:30-15:00", 15, 5, 1, false),
        new("HealthStation", "health-station", AppointmentMode.InPerson, "Mon-Thu 08:00-11:00; Mon-Thu 12:00-15:00", 30, 0, 1, false, "laakari.porvoo", "hs-638"),
        new("HealthStation", "health-station", AppointmentMode.Video, "Mon-Fri 08:00-11:00; Mon-Fri 12:00-15:30", 15, 0, 1, false, "hoitaja.porvoo", "hs-638"),
        new("HealthStation", "health-station", AppointmentMode.Video, "Mon-Fri 09:00-11:00; Mon-Fri 12:00-14:00", 15, 0, 1, false, "hoitaja.loviisa", "hs-434"),
        new("Digital", "health-station", AppointmentMode.Video, "Mon-Fri 08:00-19:45; Sat 10:00-14:00", 15, 0, 1, false, "hoitaja.digi", "digi", CountyWide: true),
        new("Digital", "health-station", AppointmentMode.Phone, "Mon-Fri 08:00-15:45", 15, 0, 1, false, null, "digi", CountyWide: true),
        new("MaternityClinic", "maternity-clinic", AppointmentMode.InPerson, "Mon-Fri 08:00-11:00; Mon-Fri 12:00-15:00", 45, 15, 1, false),
        new("OralHealth", "oral-health", AppointmentMode.InPerson, "Mon-Thu 08:00-11:30; Mon-Thu 12:00-15:00", 45, 0, 1, true),
        // Porvoo's social worker meets residents by video (reference path 3: a form, a message, a remote appointment).
        new("SocialServices", "social-counselling", AppointmentMode.Video, "Mon-Fri 09:00-11:00; Mon-Fri 12:00-14:00", 30, 0, 1, false, "sosiaalityo.porvoo", "ss-638"),
    ];

    public static async Task SeedAsync(PolkuDb db, IUnitDirectory units, IPeopleDirectory people, TimeProvider time, SlotMaterializer materializer, CancellationToken ct)
    {
        if (await db.Set<Schedule>().AnyAsync(ct))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var all = await units.ListAsync(ct);
        foreach (var plan in Plans)
        {
            var staffId = plan.StaffLogin is { } login ? (await people.FindStaffByLoginAsync(login, ct))?.Id : null;
            if (plan.StaffLogin is not null && staffId is null)
            {
                continue;
            }

            foreach (var unit in all.Where(u => plan.UnitCode is { } code ? u.Code == code : u.Kind == plan.UnitKind && plan.StaffLogin is null))
            {
                db.Set<Schedule>().Add(new Schedule
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    UnitId = unit.Id,
                    UnitCode = unit.Code,
                    StaffId = staffId,
                    ServiceCode = plan.Service,
                    Mode = plan.Mode,
                    Pattern = plan.Pattern,
                    SlotMinutes = plan.SlotMinutes,
                    BufferAfterMinutes = plan.BufferAfter,
                    Capacity = plan.Capacity,
                    MinNoticeMinutes = 30,
                    HorizonDays = plan.OpenBooking ? 28 : 21,
                    CancelNoticeHours = 24,
                    OpenBooking = plan.OpenBooking,
                    ServedMunicipalities = plan.CountyWide ? "" : string.Join(',', unit.ServedMunicipalities),
                    CreatedUtc = now,
                    UpdatedUtc = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        await materializer.ExtendAllAsync(ct);
    }
}
