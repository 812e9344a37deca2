using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.SelfBooking;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Me;

/// <summary>
/// Peru aika — cancel with a required reason until the schedule's notice (default 24 h) before the start; inside
/// it the page says the appointment can no longer be cancelled online and whom to call.
/// </summary>
[Audit("appointments.cancel", AuditAccess.Change)]
internal sealed class AppointmentCancelModel(AppointmentViews views, BookingService booking, SelfBookingFlow flow, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    public Appointment? Appointment { get; private set; }

    public UnitInfo? Unit { get; private set; }

    public DateTime? Deadline { get; private set; }

    public bool TooLate { get; private set; }

    public bool NotActive { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid appointmentId, CancellationToken ct) =>
        await LoadAsync(appointmentId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid appointmentId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        var result = await booking.CancelAsync(appointmentId, Actor.ResidentOf(User)!.Value, Reason, ct);
        audit.Touch(Appointment!.ResidentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            if (error.Code == "booking.too_late_to_cancel")
            {
                TooLate = true;
            }

            ModelState.AddModelError(error.Field is "reason" ? "Reason" : "", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            return Page();
        }

        return Redirect("/me/appointments?done=cancelled");
    }

    private async Task<bool> LoadAsync(Guid appointmentId, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        Appointment = await views.OfResidentAsync(appointmentId, residentId, ct) is { BookedUtc: not null } booked ? booked : null;
        if (Appointment is null)
        {
            return false;
        }

        audit.Touch(residentId);
        Unit = await flow.UnitAsync(Appointment.UnitId, ct);
        NotActive = Appointment.Status is not (AppointmentStatus.Booked or AppointmentStatus.CheckedIn);
        Deadline = await booking.CancelDeadlineAsync(Appointment, ct);
        TooLate = !NotActive && time.GetUtcNow().UtcDateTime > Deadline;
        return true;
    }
}
