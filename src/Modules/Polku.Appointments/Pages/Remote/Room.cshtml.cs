using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Remote;
using Polku.Appointments.ScheduleAdmin;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Appointments.Pages.Remote;

/// <summary>
/// The development provider's video room: a stand-in page, not a video service. Only the appointment's resident (or
/// their guardian) and the professional who admitted them may open it; anyone else gets 404, so a room id reveals
/// nothing. The professional completes the visit here with an outcome.
/// </summary>
[Authorize]
[Audit("appointments.remote.room", AuditAccess.Change)]
internal sealed class RoomModel(
    AppointmentViews views, ScheduleViews schedules, AppointmentLifecycle lifecycle, IVideoRooms rooms, IPeopleDirectory people, AuditScope audit, Texts texts)
    : PageModel
{
    public Appointment Appointment { get; private set; } = null!;
    public string ResidentName { get; private set; } = "";
    public string ProfessionalName { get; private set; } = "";
    public bool IsProfessional { get; private set; }

    [BindProperty]
    public string? Outcome { get; set; }

    public async Task<IActionResult> OnGetAsync(string roomId, CancellationToken ct)
    {
        if (await LoadAsync(roomId, ct) is { } other)
        {
            return other;
        }

        audit.Touch(Appointment.ResidentId, AuditAccess.Read);
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string roomId, CancellationToken ct)
    {
        if (await LoadAsync(roomId, ct) is { } other)
        {
            return other;
        }

        if (!IsProfessional)
        {
            return NotFound();
        }

        var result = await lifecycle.CompleteAsync(Appointment.Id, User.PersonId()!.Value, Outcome, ct);
        audit.Touch(Appointment.ResidentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(nameof(Outcome), texts[error.Code]);
            return Page();
        }

        var unitCode = await schedules.UnitCodeAsync(Appointment.ScheduleId, ct) ?? "";
        return Redirect(WaitingRoomModel.Link(unitCode, null, "completed"));
    }

    /// <summary>Null when the signed-in user may be in this room; otherwise the answer to give (404, or the resident's join page before admission).</summary>
    private async Task<IActionResult?> LoadAsync(string roomId, CancellationToken ct)
    {
        // The built-in room page exists only for the development stand-in; a real provider serves its own rooms.
        if (!rooms.IsDevelopmentStandIn || !RoomIds.IsValid(roomId))
        {
            return NotFound();
        }

        var appointment = await views.ByRoomAsync(roomId, ct);
        if (appointment is null || appointment.Mode != AppointmentMode.Video)
        {
            return NotFound();
        }

        var admittedBy = await lifecycle.AdmittedByAsync(appointment.Id, ct);
        if (User.IsResident() && User.EffectiveResidentId() == appointment.ResidentId)
        {
            if (appointment.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn)
            {
                return Redirect($"/appointments/{appointment.Id:D}/join");
            }
        }
        else if (!(User.IsStaff() && admittedBy is { } staffId && User.PersonId() == staffId))
        {
            return NotFound();
        }

        if (admittedBy is null)
        {
            return NotFound();
        }

        Appointment = appointment;
        IsProfessional = User.IsStaff();
        ResidentName = (await people.FindResidentAsync(appointment.ResidentId, ct))?.FullName ?? "";
        ProfessionalName = (await people.FindStaffAsync(admittedBy.Value, ct))?.DisplayName ?? "";
        return null;
    }
}
