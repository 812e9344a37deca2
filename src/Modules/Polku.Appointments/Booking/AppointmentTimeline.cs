using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Appointments.Booking;

/// <summary>
/// The appointments' part of a resident's timeline: every appointment booked for them (booked, checked in, completed,
/// cancelled, no-show), at its start time, with its mode and the unit that gives it. Holds that never became bookings
/// are left out.
/// </summary>
internal sealed class AppointmentTimeline(PolkuDb db, IUnitDirectory units, IServiceNames serviceNames, Texts texts) : IResidentTimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid residentId, string language, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var appointments = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.ResidentId == residentId && a.Status != AppointmentStatus.Held && a.Status != AppointmentStatus.Expired)
            .OrderByDescending(a => a.StartUtc).Take(TimelineKinds.MaxPerKind).ToListAsync(ct);
        if (appointments.Count == 0)
        {
            return [];
        }

        var unitNames = (await units.GetAsync(appointments.Select(a => a.UnitId).Distinct(), ct)).ToDictionary(u => u.Id, u => u.Name.Get(language));
        var services = await serviceNames.AllAsync(ct);
        var culture = Language.CultureFor(language);
        return
        [
            .. appointments.Select(a =>
            {
                var service = services.TryGetValue(a.ServiceCode, out var name) ? name.Get(language) : null;
                var mode = texts.Get(language, "appointments.desk.mode." + Modes.Name(a.Mode));
                var title = service is null ? string.Format(culture, texts.Get(language, "appointments.timeline.title"), mode)
                    : string.Format(culture, texts.Get(language, "appointments.timeline.title_service"), service, mode);
                var status = texts.Get(language, "appointments.desk.status." + Modes.Status(a.Status));
                return new TimelineEntry(a.StartUtc, TimelineKinds.Appointment, title, status.Length == 0 ? status : char.ToUpper(status[0], culture) + status[1..],
                    service, unitNames.GetValueOrDefault(a.UnitId), AppointmentsRoutes.DeskAppointment(a.Id));
            }),
        ];
    }
}
