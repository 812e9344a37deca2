namespace Polku.Appointments.Contracts;

/// <summary>An appointment the resident booked with a booking right, as another module shows it.</summary>
/// <param name="Mode"><c>in-person</c>, <c>phone</c> or <c>video</c>.</param>
/// <param name="Status"><c>booked</c>, <c>checked-in</c>, <c>in-progress</c>, <c>completed</c>, <c>cancelled</c>, <c>no-show</c> …</param>
public sealed record BookedFromSource(Guid AppointmentId, DateTime StartUtc, DateTime EndUtc, Guid UnitId, string Mode, string Status);

/// <summary>
/// The appointments booked on the strength of another module's work: an assessment result (its response id) or an
/// invitation (its task id). The desk shows them on the task, so the nurse sees that the resident has already booked.
/// </summary>
public interface IBookingsFromSource
{
    /// <summary>The appointments booked with rights granted from <paramref name="sourceId"/>, earliest first; empty when none.</summary>
    Task<IReadOnlyList<BookedFromSource>> ForSourceAsync(Guid sourceId, CancellationToken cancellationToken = default);
}

/// <summary>A resident's own appointment as another module may check it (e.g. the appointment a pre-information form is for).</summary>
/// <param name="ServiceCode">The appointment's service.</param>
/// <param name="UnitId">The unit where (or from where) the appointment is held.</param>
/// <param name="Status">As in <see cref="BookedFromSource.Status"/>.</param>
public sealed record ResidentAppointment(Guid AppointmentId, string ServiceCode, Guid UnitId, DateTime StartUtc, string Status);

public interface IResidentAppointments
{
    /// <summary>The appointment when it is the resident's own; null for anyone else's or none.</summary>
    Task<ResidentAppointment?> FindAsync(Guid appointmentId, Guid residentId, CancellationToken cancellationToken = default);
}
