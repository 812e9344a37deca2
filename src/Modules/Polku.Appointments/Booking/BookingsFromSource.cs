using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Booking;

/// <summary>The appointments booked with the rights another module's work granted (<see cref="IBookingsFromSource"/>).</summary>
internal sealed class BookingsFromSource(PolkuDb db) : IBookingsFromSource
{
    public async Task<IReadOnlyList<BookedFromSource>> ForSourceAsync(Guid sourceId, CancellationToken cancellationToken = default)
    {
        var used = db.Set<BookingRight>().Where(r => r.SourceId == sourceId && r.UsedByAppointmentId != null).Select(r => r.UsedByAppointmentId!.Value);
        var rows = await db.Set<Appointment>().AsNoTracking()
            .Where(a => used.Contains(a.Id))
            .OrderBy(a => a.StartUtc)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(a => new BookedFromSource(a.Id, a.StartUtc, a.EndUtc, a.UnitId, Modes.Name(a.Mode), Modes.Status(a.Status)))];
    }
}

/// <summary>A resident's own appointment for other modules (<see cref="IResidentAppointments"/>).</summary>
internal sealed class ResidentAppointments(PolkuDb db) : IResidentAppointments
{
    public async Task<ResidentAppointment?> FindAsync(Guid appointmentId, Guid residentId, CancellationToken cancellationToken = default)
    {
        var a = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == appointmentId && x.ResidentId == residentId, cancellationToken);
        return a is null || a.Status is AppointmentStatus.Held or AppointmentStatus.Expired ? null : new ResidentAppointment(a.Id, a.ServiceCode, a.UnitId, a.StartUtc, Modes.Status(a.Status));
    }
}
