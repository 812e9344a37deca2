using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Appointments.ScheduleAdmin;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Admin;

/// <summary>
/// Create (<c>new</c>) or edit one schedule. A refused form keeps everything typed; a save on top of a newer version is
/// refused (409). After a save the slots are rebuilt and the page tells how many were removed and added; booked slots the
/// pattern no longer has are listed as conflicts to resolve (they are never removed).
/// </summary>
[AuditExempt("schedule configuration; the conflict list shows times only")]
internal sealed class ScheduleModel(ScheduleViews schedules, ScheduleEditor editor, IUnitDirectory units, IPeopleDirectory people, Texts texts) : PageModel
{
    [BindProperty]
    public ScheduleInput Input { get; set; } = new();

    public bool IsNew { get; private set; }
    public Schedule? Current { get; private set; }
    public IReadOnlyList<UnitInfo> Units { get; private set; } = [];
    public IReadOnlyList<StaffInfo> Staff { get; private set; } = [];
    public IReadOnlyList<ScheduleConflict> Conflicts { get; private set; } = [];
    public string? Saved { get; private set; }
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, int? removed, int? added, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = Current is null
            ? new ScheduleInput { Mode = "in-person", SlotMinutes = "20", BufferBeforeMinutes = "0", BufferAfterMinutes = "0", Capacity = "1", MinNoticeMinutes = "30", HorizonDays = "21", CancelNoticeHours = "24", Pattern = "Mon-Fri 08:00-11:30; Mon-Fri 12:30-15:30" }
            : ScheduleEditor.ToInput(Current);
        if (removed is { } r && added is { } a)
        {
            Saved = texts["appointments.desk.schedule.saved", r, a];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var (values, errors) = await editor.ValidateAsync(Input, ct);
        foreach (var (field, code) in errors)
        {
            ModelState.AddModelError("Input." + field, DeskDisplay.Error(texts, code));
        }

        if (values is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var saved = await editor.SaveAsync(Current?.Id, Input.Version, values, ct);
        if (saved is null)
        {
            Stale = true;
            ModelState.AddModelError("", texts["appointments.desk.schedule.stale"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        return Redirect($"/admin/schedules/{saved.Id:D}?removed={saved.Removed}&added={saved.Added}");
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        FieldErrors.LocalizeVersionError(ModelState, texts["appointments.desk.schedule.stale"]);
        IsNew = id == "new";
        if (!IsNew)
        {
            if (!Guid.TryParse(id, out var gid) || await schedules.FindAsync(gid, ct) is not { } current)
            {
                return false;
            }

            Current = current;
            Conflicts = await editor.ConflictsAsync(current, ct);
        }

        var language = Language.Current;
        Units = [.. (await units.ListAsync(ct)).OrderBy(u => u.Name.Get(language), StringComparer.CurrentCulture)];
        Staff = [.. (await people.GetStaffInUnitsAsync(Units.Select(u => u.Id), ct)).OrderBy(s => s.DisplayName, StringComparer.CurrentCulture)];
        return true;
    }
}
