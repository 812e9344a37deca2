using Polku.Appointments.Data;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Notifications;

/// <summary>
/// Live events of an appointment change: to the resident and to the desks of the unit (its waiting room and calendar).
/// They are added to the running unit of work and leave only when it commits, so a change that rolls back announces
/// nothing; calling this outside a unit is a programming error.
/// </summary>
internal sealed class AppointmentEvents(UnitOfWork unit)
{
    /// <summary>The audience of a unit's appointment desk (calendar and waiting room).</summary>
    public static string UnitAudience(Guid unitId) => $"unit:{unitId:D}";

    /// <summary>Announces the change with the running <see cref="UnitOfWork"/>'s commit.</summary>
    public void Changed(Appointment appointment, string type)
    {
        if (appointment.Status == AppointmentStatus.Held && type == "appointment.held")
        {
            // A hold is nobody's business but the slot picker's; the desk sees it when it is confirmed.
            return;
        }

        unit.Publish(LiveAudiences.Person(appointment.ResidentId), type, appointment.Id);
        unit.Publish(UnitAudience(appointment.UnitId), type, appointment.Id);
    }
}
