using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Remote;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Remote;

/// <summary>
/// Vastaanoton odotushuone — the unit's waiting room on the professional's desk: who has checked in for today's
/// remote appointments and since when, live; admit (opens the professional's room), a short note to the resident,
/// complete with an outcome. Only professionals of the unit see it.
/// </summary>
[Authorize(Policy = PolkuRoles.StaffPolicy)]
[Audit("appointments.remote.waiting_room", AuditAccess.Change)]
internal sealed class WaitingRoomModel(
    AppointmentViews views, WaitingRoom waitingRoom, AppointmentLifecycle lifecycle, IVideoRooms rooms, IUnitDirectory units, IPeopleDirectory people, AuditScope audit, Texts texts)
    : PageModel
{
    public WaitingRoomView? View { get; private set; }
    public IReadOnlyList<UnitInfo> MyUnits { get; private set; } = [];
    public string? Municipality { get; private set; }

    /// <summary>The county's municipalities for the filter, by name in the reader's language.</summary>
    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];
    public string? Notice { get; private set; }
    public Guid StaffId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? unit, string? municipality, string? notice, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        Notice = notice is "noted" or "completed" or "no_show" ? texts["appointments.remote.desk.notice." + notice] : null;
        return Page();
    }

    /// <summary>Admits the waiting resident and opens the professional's room; a professional who lost the race is told who won.</summary>
    public async Task<IActionResult> OnPostAdmitAsync(string? unit, string? municipality, Guid appointmentId, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        var result = await lifecycle.AdmitAsync(appointmentId, StaffId, ct);
        if (result.Value is { } admitted)
        {
            audit.Touch(admitted.ResidentId, AuditAccess.Change);
            return await RoomRedirectAsync(admitted, ct);
        }

        return await FailAsync(result.Error!, $"admit-{appointmentId:N}", ct);
    }

    /// <summary>Opens the room of a visit this professional admitted (again).</summary>
    public async Task<IActionResult> OnPostRoomAsync(string? unit, string? municipality, Guid appointmentId, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        var appointment = await views.InUnitAsync(appointmentId, View!.Unit.Id, ct);
        if (appointment is null || appointment.Status != AppointmentStatus.InProgress || await lifecycle.AdmittedByAsync(appointmentId, ct) != StaffId)
        {
            return await FailAsync(Error.NotFound("appointments.remote.not_found"), $"room-{appointmentId:N}", ct);
        }

        audit.Touch(appointment.ResidentId, AuditAccess.Read);
        return await RoomRedirectAsync(appointment, ct);
    }

    public async Task<IActionResult> OnPostNoteAsync(string? unit, string? municipality, Guid appointmentId, string? note, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        var result = await lifecycle.NoteAsync(appointmentId, StaffId, note, ct);
        if (result.Value is { } noted)
        {
            audit.Touch(noted.ResidentId, AuditAccess.Change);
            return Redirect(Link(View!.Unit.Code, municipality, "noted"));
        }

        return await FailAsync(result.Error!, $"note-{appointmentId:N}", ct);
    }

    public async Task<IActionResult> OnPostCompleteAsync(string? unit, string? municipality, Guid appointmentId, string? outcome, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        var result = await lifecycle.CompleteAsync(appointmentId, StaffId, outcome, ct);
        if (result.Value is { } done)
        {
            audit.Touch(done.ResidentId, AuditAccess.Change);
            return Redirect(Link(View!.Unit.Code, municipality, "completed"));
        }

        return await FailAsync(result.Error!, $"outcome-{appointmentId:N}", ct);
    }

    public async Task<IActionResult> OnPostNoShowAsync(string? unit, string? municipality, Guid appointmentId, CancellationToken ct)
    {
        if (await LoadAsync(unit, municipality, ct) is { } refused)
        {
            return refused;
        }

        var result = await lifecycle.NoShowAsync(appointmentId, Booking.Actor.Professional(StaffId), ct);
        if (result.Value is { } marked)
        {
            audit.Touch(marked.ResidentId, AuditAccess.Change);
            return Redirect(Link(View!.Unit.Code, municipality, "no_show"));
        }

        return await FailAsync(result.Error!, $"noshow-{appointmentId:N}", ct);
    }

    public static string Link(string unitCode, string? municipality, string? notice = null) =>
        "/desk/waiting-room?unit=" + Uri.EscapeDataString(unitCode)
        + (municipality is null ? "" : "&municipality=" + Uri.EscapeDataString(municipality))
        + (notice is null ? "" : "&notice=" + notice);

    private async Task<IActionResult> RoomRedirectAsync(Appointment appointment, CancellationToken ct)
    {
        var room = await lifecycle.EnsureRoomAsync(appointment, ct);
        var name = (await people.FindStaffAsync(StaffId, ct))?.DisplayName ?? "";
        var url = room.Value is { } roomId ? await rooms.ProfessionalJoinUrlAsync(roomId, name, ct) : Result<string>.Fail(room.Error!);
        if (url.Value is { } target)
        {
            return Redirect(target);
        }

        ModelState.AddModelError($"room-{appointment.Id:N}", texts["appointments.remote.video_unavailable"]);
        await ReloadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> FailAsync(Error error, string key, CancellationToken ct)
    {
        ModelState.AddModelError(key, texts[error.Code]);
        await ReloadAsync(ct);
        return Page();
    }

    /// <summary>The waiting room again after a change, so an error is shown with the current state.</summary>
    private async Task ReloadAsync(CancellationToken ct)
    {
        View = await waitingRoom.TodayAsync(View!.Unit, Municipality, ct);
        TouchAll();
    }

    /// <summary>Checks the professional belongs to the unit (else 404) and reads the day; null when the page may be shown.</summary>
    private async Task<IActionResult?> LoadAsync(string? unit, string? municipality, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId || await people.FindStaffAsync(staffId, ct) is not { } staff)
        {
            return NotFound();
        }

        StaffId = staffId;
        MyUnits = [.. (await units.GetAsync(staff.UnitIds, ct)).OrderBy(u => u.Code, StringComparer.Ordinal)];
        var code = unit?.Trim();
        var chosen = string.IsNullOrEmpty(code) ? (MyUnits.Count > 0 ? MyUnits[0] : null) : MyUnits.FirstOrDefault(u => u.Code == code);
        if (chosen is null)
        {
            // Another unit's waiting room is not this professional's business; a professional without units sees an empty page.
            return string.IsNullOrEmpty(code) ? null : NotFound();
        }

        municipality = municipality?.Trim();
        Municipalities = (await units.MunicipalitiesAsync(ct)).ByName();
        Municipality = municipality is { Length: > 0 } m && Municipalities.Any(x => x.Code == m) ? m : null;
        View = await waitingRoom.TodayAsync(chosen, Municipality, ct);
        TouchAll();
        return null;
    }

    private void TouchAll()
    {
        foreach (var row in View!.Waiting.Concat(View.InProgress).Concat(View.Expected))
        {
            audit.Touch(row.Appointment.ResidentId, AuditAccess.Read);
        }
    }
}
