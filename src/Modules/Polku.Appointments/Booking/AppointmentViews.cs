using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Appointments.Remote;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Booking;

/// <summary>An appointment's id and status (a repeated self-booking form goes where its first submit went).</summary>
internal sealed record AppointmentState(Guid Id, AppointmentStatus Status);

/// <summary>What the appointment pages show of appointments: rows as stored, read without tracking.</summary>
internal sealed class AppointmentViews(PolkuDb db)
{
    /// <summary>The appointment, whoever's it is (the desk checks the unit itself).</summary>
    public Task<Appointment?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>The resident's own appointment; null for anyone else's.</summary>
    public Task<Appointment?> OfResidentAsync(Guid id, Guid residentId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.ResidentId == residentId, ct);

    /// <summary>The id and status of the resident's own appointment; null for anyone else's.</summary>
    public Task<AppointmentState?> StateOfResidentAsync(Guid id, Guid residentId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking()
            .Where(a => a.Id == id && a.ResidentId == residentId).Select(a => new AppointmentState(a.Id, a.Status)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// The resident's appointments by start time. Holds and released holds were never appointments; a cancelled
    /// appointment was booked first.
    /// </summary>
    public Task<List<Appointment>> AllOfResidentAsync(Guid residentId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking()
            .Where(a => a.ResidentId == residentId && a.Status != AppointmentStatus.Held && a.Status != AppointmentStatus.Expired && a.BookedUtc != null)
            .OrderBy(a => a.StartUtc).ToListAsync(ct);

    /// <summary>The unit's appointment; null for another unit's.</summary>
    public Task<Appointment?> InUnitAsync(Guid id, Guid unitId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UnitId == unitId, ct);

    /// <summary>The appointment whose video room this is: by the appointment's own room id, else by its visit's provider room.</summary>
    public async Task<Appointment?> ByRoomAsync(string roomId, CancellationToken ct)
    {
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.VideoRoomId == roomId, ct);
        if (appointment is null)
        {
            var byVisit = await db.Set<RemoteVisit>().AsNoTracking().Where(v => v.ProviderRoomId == roomId).Select(v => (Guid?)v.AppointmentId).FirstOrDefaultAsync(ct);
            appointment = byVisit is { } id ? await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        }

        return appointment;
    }
}
