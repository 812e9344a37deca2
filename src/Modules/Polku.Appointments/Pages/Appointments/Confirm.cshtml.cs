using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.SelfBooking;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Appointments;

/// <summary>
/// Vahvista varaus — the held time with "held for you until HH:mm" and one Confirm button. Confirming twice books
/// once; a hold whose five minutes are up is expired here (not confirmed late) and the resident chooses again.
/// </summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("appointments.selfbooking.confirm", AuditAccess.Change)]
internal sealed class ConfirmModel(AppointmentViews views, BookingService booking, SelfBookingFlow flow, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    public Appointment? Appointment { get; private set; }

    public UnitInfo? Unit { get; private set; }

    public bool Expired { get; private set; }

    /// <summary>Until when the resident can move or cancel the time online once it is booked (null: no online limit).</summary>
    public DateTime? ChangeableUntil { get; private set; }

    /// <summary>The time starts so soon that, once confirmed, it cannot be moved or cancelled online: say so before.</summary>
    public bool ShortNotice => ChangeableUntil is { } until && time.GetUtcNow().UtcDateTime > until;

    /// <summary>Where to choose again: the same scope, place and day.</summary>
    public string ChooseAgainUrl { get; private set; } = "/me/appointments";

    public async Task<IActionResult> OnGetAsync(Guid appointmentId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        if (Appointment!.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn or AppointmentStatus.InProgress or AppointmentStatus.Completed)
        {
            return Redirect($"/appointments/{appointmentId:D}/booked");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid appointmentId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        if (Appointment!.Status == AppointmentStatus.Held && Appointment.HoldUntilUtc < time.GetUtcNow().UtcDateTime)
        {
            // The five minutes are up: release the hold (the slot may be someone else's in a moment) rather than confirm late.
            await booking.ExpireHoldsAsync(Appointment.SlotId, ct);
        }

        var result = await booking.ConfirmAsync(appointmentId, Appointment.ResidentId, ct);
        audit.Touch(Appointment.ResidentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            await LoadAsync(appointmentId, ct);
            Expired = true;
            ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            return Page();
        }

        return Redirect($"/appointments/{appointmentId:D}/booked");
    }

    /// <summary>Gives the held time back and returns to the time step.</summary>
    public async Task<IActionResult> OnPostReleaseAsync(Guid appointmentId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        if (Appointment!.Status == AppointmentStatus.Held)
        {
            // The system releases a hold: a resident's own cancel rules (notice) are for booked appointments.
            await booking.CancelAsync(appointmentId, Actor.System, "hold released by the resident", ct);
            audit.Touch(Appointment.ResidentId, AuditAccess.Change);
        }

        return Redirect(ChooseAgainUrl);
    }

    private async Task<bool> LoadAsync(Guid appointmentId, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        Appointment = await views.OfResidentAsync(appointmentId, residentId, ct);
        if (Appointment is null)
        {
            return false;
        }

        audit.Touch(residentId);
        Unit = await flow.UnitAsync(Appointment.UnitId, ct);
        ChangeableUntil = await booking.CancelDeadlineAsync(Appointment, ct);
        Expired = Appointment.Status is AppointmentStatus.Expired or AppointmentStatus.Cancelled
            || (Appointment.Status == AppointmentStatus.Held && Appointment.HoldUntilUtc < time.GetUtcNow().UtcDateTime);
        if (await flow.ScopeOfAsync(Appointment, ct) is { } scope)
        {
            ChooseAgainUrl = scope.Url(Appointment.UnitId, Appointment.Mode, HelsinkiTime.LocalDate(SelfBookingFlow.Utc(Appointment.StartUtc)));
        }

        return true;
    }
}
