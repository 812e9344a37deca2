using Polku.Appointments.Data;
using Polku.Platform.Live;

namespace Polku.Appointments.Notifications;

/// <summary>Live events after an appointment changed: to the resident and to the desks of the unit (its waiting room and calendar).</summary>
internal sealed class AppointmentEvents(ILiveNotifier live)
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

        await live.PublishAsync(new LiveEvent(LiveAudiences.Person(appointment.ResidentId), type, appointment.Id.ToString("D")), ct);
        await live.PublishAsync(new LiveEvent(UnitAudience(appointment.UnitId), type, appointment.Id.ToString("D")), ct);
    }
}
