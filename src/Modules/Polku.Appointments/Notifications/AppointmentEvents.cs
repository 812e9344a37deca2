using Polku.Appointments.Data;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Notifications;

/// <summary>Live events after an appointment changed: to the resident and to the desks of the unit (its waiting room and calendar).</summary>
internal sealed class AppointmentEvents(ILiveNotifier live, UnitOfWork unit)
{
    /// <summary>The audience of a unit's appointment desk (calendar and waiting room).</summary>
    public static string UnitAudience(Guid unitId) => $"unit:{unitId:D}";

    public async Task ChangedAsync(Appointment appointment, string type, CancellationToken ct)
    {
        if (appointment.Status == AppointmentStatus.Held && type == "appointment.held")
        {
            // A hold is nobody's business but the slot picker's; the desk sees it when it is confirmed.
            return;
        }

        LiveEvent[] events =
        [
            new(LiveAudiences.Person(appointment.ResidentId), type, appointment.Id.ToString("D")),
            new(UnitAudience(appointment.UnitId), type, appointment.Id.ToString("D")),
        ];
        foreach (var e in events)
        {
            if (unit.IsActive)
            {
                unit.Publish(e);
            }
            else
            {
                await live.PublishAsync(e, ct);
            }
        }
    }
}
