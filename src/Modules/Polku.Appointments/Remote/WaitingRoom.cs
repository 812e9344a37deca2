using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Remote;

/// <summary>One remote appointment of the day as the desk's waiting room shows it.</summary>
internal sealed record WaitingRow(Appointment Appointment, ResidentInfo? Resident, Guid? AdmittedById, string? AdmittedByName);

/// <summary>A unit's remote appointments by state: waiting (checked in) and in progress whatever their date, the day's still expected.</summary>
internal sealed record WaitingRoomView(UnitInfo Unit, DateOnly Day, IReadOnlyList<WaitingRow> Waiting, IReadOnlyList<WaitingRow> InProgress, IReadOnlyList<WaitingRow> Expected);

/// <summary>Odotushuone — who is waiting for today's remote appointments of a unit, optionally only residents of one municipality.</summary>
internal sealed class WaitingRoom(PolkuDb db, TimeProvider time, IPeopleDirectory people)
{
    public async Task<WaitingRoomView> TodayAsync(UnitInfo unit, string? municipality, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var day = HelsinkiTime.LocalDate(now);
        var from = HelsinkiTime.ToInstant(day, TimeOnly.MinValue).UtcDateTime;
        var to = HelsinkiTime.ToInstant(day.AddDays(1), TimeOnly.MinValue).UtcDateTime;
        var list = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.UnitId == unit.Id && a.Mode == AppointmentMode.Video
                && ((a.StartUtc >= from && a.StartUtc < to && a.Status == AppointmentStatus.Booked)
                    // Someone waiting or in a visit is never hidden by the date, e.g. just after midnight.
                    || a.Status == AppointmentStatus.CheckedIn || a.Status == AppointmentStatus.InProgress))
            .OrderBy(a => a.StartUtc)
            .ToListAsync(ct);
        var residents = (await people.GetResidentsAsync(list.Select(a => a.ResidentId).Distinct(), ct)).ToDictionary(r => r.Id);
        if (municipality is not null)
        {
            list = [.. list.Where(a => residents.TryGetValue(a.ResidentId, out var r) && r.HomeMunicipalityCode == municipality)];
        }

        var ids = list.Where(a => a.Status == AppointmentStatus.InProgress).Select(a => a.Id).ToList();
        var visits = await db.Set<RemoteVisit>().AsNoTracking().Where(v => ids.Contains(v.AppointmentId)).ToDictionaryAsync(v => v.AppointmentId, v => v.AdmittedById, ct);
        var staff = (await people.GetStaffAsync(visits.Values.Distinct(), ct)).ToDictionary(s => s.Id, s => s.DisplayName);
        WaitingRow Row(Appointment a)
        {
            var admittedBy = visits.TryGetValue(a.Id, out var s) ? s : (Guid?)null;
            return new WaitingRow(a, residents.GetValueOrDefault(a.ResidentId), admittedBy, admittedBy is { } id ? staff.GetValueOrDefault(id) : null);
        }

        return new WaitingRoomView(
            unit,
            day,
            [.. list.Where(a => a.Status == AppointmentStatus.CheckedIn).OrderBy(a => a.CheckedInUtc).Select(Row)],
            [.. list.Where(a => a.Status == AppointmentStatus.InProgress).Select(Row)],
            [.. list.Where(a => a.Status == AppointmentStatus.Booked).Select(Row)]);
    }
}
