using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Remote;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Remote;

/// <summary>
/// Etävastaanotolle liittyminen — the resident (or a guardian for a ward) joins the waiting room of a remote
/// appointment from 15 minutes before the start, waits (with the professional's note, live), and gets the link into
/// the video room once admitted. Works without JavaScript: the form posts and a refresh link reloads.
/// </summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("appointments.remote.join", AuditAccess.Change)]
internal sealed class JoinModel(
    AppointmentViews views, AppointmentLifecycle lifecycle, IVideoRooms rooms, IUnitDirectory units, IPeopleDirectory people, TimeProvider time, AuditScope audit, Texts texts)
    : PageModel
{
    public Appointment Appointment { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string? ActingForName { get; private set; }
    public bool JoinOpen { get; private set; }
    public bool TooEarly { get; private set; }
    public DateTime JoinOpensUtc { get; private set; }
    public string? RoomUrl { get; private set; }
    public bool RoomUnavailable { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        audit.Touch(Appointment.ResidentId, AuditAccess.Read);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Actor.ResidentOf(User) is not { } by)
        {
            return NotFound();
        }

        var result = await lifecycle.CheckInAsync(id, Appointment.ResidentId, by, ct);
        audit.Touch(Appointment.ResidentId, AuditAccess.Change);
        if (result.Error is { } error)
        {
            var message = error.Code == "appointments.remote.too_early"
                ? texts[error.Code, RemoteFormat.DateTime(JoinOpensUtc)]
                : texts[error.Code];
            ModelState.AddModelError("", message);
            return Page();
        }

        return Redirect($"/appointments/{id:D}/join");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return false;
        }

        var appointment = await views.OfResidentAsync(id, residentId, ct);
        if (appointment is null || appointment.Status is AppointmentStatus.Held or AppointmentStatus.Expired)
        {
            return false;
        }

        Appointment = appointment;
        UnitName = await AppointmentsApi.UnitAsync(units, appointment.UnitId, ct) is { } unit ? unit.Name.Get(Language.Current) : "";
        ActingForName = User.ActingFor() is not null && await people.FindResidentAsync(residentId, ct) is { } ward ? ward.FullName : null;
        var now = time.GetUtcNow().UtcDateTime;
        JoinOpensUtc = lifecycle.JoinOpensUtc(appointment);
        TooEarly = now < JoinOpensUtc;
        JoinOpen = !TooEarly && now < appointment.EndUtc;
        if (appointment.Status == AppointmentStatus.InProgress)
        {
            var room = await lifecycle.EnsureRoomAsync(appointment, ct);
            var url = room.Value is { } roomId ? await rooms.ResidentJoinUrlAsync(roomId, ct) : default;
            RoomUrl = url.Value;
            RoomUnavailable = RoomUrl is null;
        }

        return true;
    }
}
