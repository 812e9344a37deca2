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

/// <summary>A page that shows the group fields (<c>_GroupFields</c>).</summary>
internal interface IGroupForm
{
    GroupInput Input { get; }

    /// <summary>The active rooms of the register.</summary>
    IReadOnlyList<TrainingRoom> Rooms { get; }

    IReadOnlyList<StaffInfo> Trainers { get; }
}

/// <summary>Koulutuskoordinaattori — a new group of a course: sessions, place or link, trainer, places.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training groups; no resident data")]
internal sealed class GroupNewModel(ProgrammeAdministration admin, RoomRegister rooms, Texts texts) : PageModel, IGroupForm
{
    public Course Course { get; private set; } = new();

    public IReadOnlyList<TrainingRoom> Rooms { get; private set; } = [];

    public IReadOnlyList<StaffInfo> Trainers { get; private set; } = [];

    [BindProperty]
    public GroupInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Input = new GroupInput().Padded();
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
        var saved = await AdminForms.CheckThenSaveAsync(ModelState, texts, () => admin.CheckGroupAsync(null, draft, ct), () => admin.SaveGroupAsync(id, null, draft, ct));
        return AdminForms.Answer(this, saved, group => TrainingRoutes.AdminGroup(group) + "?saved=created");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await admin.FindCourseAsync(id, ct) is not { } course)
        {
            return false;
        }

        Course = course;
        Rooms = await rooms.ListAsync(activeOnly: true, ct);
        Trainers = await admin.TrainerChoicesAsync(null, ct);
        return true;
    }
}
