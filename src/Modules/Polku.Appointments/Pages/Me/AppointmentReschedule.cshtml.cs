using System.Globalization;
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
/// Siirrä aika — a new time of the same service at the same place and mode, inside the booking right's window
/// (or the open service's horizon): day, then time; the new slot is taken before the old one is let go.
/// </summary>
[Audit("appointments.reschedule", AuditAccess.Change)]
internal sealed class AppointmentRescheduleModel(AppointmentViews views, BookingService booking, SelfBookingFlow flow, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    public Appointment? Appointment { get; private set; }

    public UnitInfo? Unit { get; private set; }

    public bool TooLate { get; private set; }

    public IReadOnlyList<DayOption> Days { get; private set; } = [];

    public DateOnly? Day { get; private set; }

    public IReadOnlyList<Slot> Times { get; private set; } = [];

    public bool Taken { get; private set; }

    public IReadOnlyList<Slot> Nearest { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "day")]
    public string? DayValue { get; set; }

    private BookingScope? _scope;

    public async Task<IActionResult> OnGetAsync(Guid appointmentId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        await LoadStepAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid appointmentId, string? slotId, CancellationToken ct)
    {
        if (!await LoadAsync(appointmentId, ct))
        {
            return NotFound();
        }

        if (TooLate || _scope is null)
        {
            return Page();
        }

        if (!Guid.TryParseExact(slotId, "D", out var newSlot) || await flow.InScopeAsync(_scope, newSlot, ct) is not { } slot
            || slot.UnitId != Appointment!.UnitId || slot.Mode != Appointment.Mode)
        {
            ModelState.AddModelError("", texts["booking.pages.error.slot_outside"]);
            await LoadStepAsync(ct);
            return Page();
        }

        var result = await booking.RescheduleAsync(appointmentId, newSlot, Actor.ResidentOf(User)!.Value, ct);
        audit.Touch(Appointment.ResidentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            if (error.Code == "booking.slot_taken")
            {
                Taken = true;
                Nearest = [.. (await flow.NearestAsync(_scope, newSlot, booking, ct)).Where(s => s.UnitId == Appointment.UnitId && s.Mode == Appointment.Mode && s.Id != Appointment.SlotId)];
            }
            else
            {
                ModelState.AddModelError("", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            }

            await LoadStepAsync(ct);
            return Page();
        }

        return Redirect("/me/appointments?done=moved");
    }

    private async Task<bool> LoadAsync(Guid appointmentId, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        Appointment = await views.OfResidentAsync(appointmentId, residentId, ct) is { Status: AppointmentStatus.Booked } booked ? booked : null;
        if (Appointment is null)
        {
            return false;
        }

        audit.Touch(residentId);
        Unit = await flow.UnitAsync(Appointment.UnitId, ct);
        TooLate = time.GetUtcNow().UtcDateTime > await booking.CancelDeadlineAsync(Appointment, ct);
        _scope = await flow.ScopeOfAsync(Appointment, ct);
        return true;
    }

    private async Task LoadStepAsync(CancellationToken ct)
    {
        if (TooLate || _scope is null)
        {
            return;
        }

        if (DateOnly.TryParseExact(DayValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Day = day;
            Times = [.. (await flow.TimesAsync(_scope, Appointment!.UnitId, Appointment.Mode, day, ct)).Where(s => s.Id != Appointment.SlotId)];
            return;
        }

        Days = await flow.DaysAsync(_scope, Appointment!.UnitId, Appointment.Mode, ct);
    }
}
