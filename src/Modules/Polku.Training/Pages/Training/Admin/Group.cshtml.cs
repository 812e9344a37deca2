using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Contracts;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>
/// Koulutuskoordinaattori — one group: its sessions, place (from the rooms register or typed) or link, trainer,
/// places (never below those taken) and whether it is mandatory; copying it to new dates.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training groups; no resident data")]
internal sealed class GroupModel(ProgrammeAdministration admin, RoomRegister rooms, Texts texts) : PageModel, IGroupForm
{
    public Course Course { get; private set; } = new();

    public CourseGroup Stored { get; private set; } = new();

    public IReadOnlyList<TrainingRoom> Rooms { get; private set; } = [];

    public IReadOnlyList<StaffInfo> Trainers { get; private set; } = [];

    /// <summary>The register's room the group is in when it has fewer seats than the group places (a warning only).</summary>
    public TrainingRoom? RoomTooSmall { get; private set; }

    public string? Saved { get; private set; }

    [BindProperty]
    public GroupInput Input { get; set; } = new();

    public string? NewCode { get; private set; }

    public string? NewFirstDate { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Saved = saved is "created" or "copied" or "true" ? saved : null;
        Input = GroupInput.From(Stored, await admin.SessionsAsync(id, ct), Rooms);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var draft = Input.Draft(Rooms, ModelState, texts);
        Input.Padded();
        var saved = await AdminForms.CheckThenSaveAsync(ModelState, texts, () => admin.CheckGroupAsync(id, draft, ct),
            () => admin.SaveGroupAsync(Stored.CourseId, id, draft, ct));
        return AdminForms.Answer(this, saved, group => TrainingRoutes.AdminGroup(group) + "?saved=true");
    }

    public async Task<IActionResult> OnPostCopyAsync(Guid id, string? newCode, string? newFirstDate, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        NewCode = newCode;
        NewFirstDate = newFirstDate;
        ModelState.Clear();
        Input = GroupInput.From(Stored, await admin.SessionsAsync(id, ct), Rooms);
        if (AdminForms.Date(newFirstDate) is not { } date)
        {
            ModelState.AddModelError("NewFirstDate", texts[AdminForms.DateUnreadable]);
            return Page();
        }

        var copied = await admin.CopyGroupAsync(id, (newCode ?? "").Trim(), date, ct);
        if (copied.Error is { } error)
        {
            // The copy's own fields carry its errors; any other rule (e.g. the sessions) is shown at the top.
            AdminForms.Show(ModelState, texts, [error.Field is "NewCode" ? error : error with { Field = null }], prefix: "");
            return Page();
        }

        return Redirect(TrainingRoutes.AdminGroup(copied.Value) + "?saved=copied");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await admin.FindGroupAsync(id, ct) is not { } group || await admin.FindCourseAsync(group.CourseId, ct) is not { } course)
        {
            return false;
        }

        Stored = group;
        Course = course;
        Rooms = await rooms.ListAsync(activeOnly: true, ct);
        Trainers = await admin.TrainerChoicesAsync(group.TrainerStaffId, ct);
        var room = RoomRegister.Matching(await rooms.ListAsync(activeOnly: false, ct), group.Place);
        RoomTooSmall = room is { Capacity: { } seats } && seats < group.Capacity ? room : null;
        return true;
    }
}
