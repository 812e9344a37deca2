using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.SelfBooking;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Appointments;

/// <summary>Aika varattu — the booked time and place, the calendar file and the way to the own appointments page.</summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("appointments.selfbooking.read")]
internal sealed class BookedModel(AppointmentViews views, SelfBookingFlow flow, Polku.Assessments.Contracts.IPreInformation preInformation, AuditScope audit) : PageModel
{
    /// <summary>The service's pre-information form, which the confirmation asks the resident to fill in.</summary>
    public Polku.Assessments.Contracts.PreInformationForm? PreInformation { get; private set; }

    public Appointment? Appointment { get; private set; }

    public UnitInfo? Unit { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid appointmentId, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        Appointment = await views.OfResidentAsync(appointmentId, residentId, ct);
        if (Appointment is null)
        {
            return NotFound();
        }

        audit.Touch(residentId);
        if (Appointment.Status is AppointmentStatus.Held or AppointmentStatus.Expired)
        {
            return Redirect($"/appointments/book/{appointmentId:D}");
        }

        Unit = await flow.UnitAsync(Appointment.UnitId, ct);
        if (Appointment.Status != AppointmentStatus.Cancelled)
        {
            PreInformation = await preInformation.ForAppointmentAsync(Appointment.ServiceCode, Appointment.Id, ct);
        }

        return Page();
    }
}
