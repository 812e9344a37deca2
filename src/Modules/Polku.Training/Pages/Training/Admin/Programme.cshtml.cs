using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Contracts;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>
/// Koulutuskoordinaattori — one programme: its texts, audience and state saved with optimistic concurrency; its courses
/// in order with their groups; copying it under a new code.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes; no resident data")]
internal sealed class ProgrammeModel(ProgrammeAdministration admin, Texts texts) : PageModel, IProgrammeForm
{
    public bool IsNew => false;

    public Programme Stored { get; private set; } = new();

    public IReadOnlyList<(Course Course, IReadOnlyList<CourseGroup> Groups)> Courses { get; private set; } = [];

    /// <summary>"created", "copied" or "true" after a save; null otherwise.</summary>
    public string? Saved { get; private set; }

    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    /// <summary>The code of the copy, as typed.</summary>
    public string? NewCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        Saved = saved is "created" or "copied" or "true" ? saved : null;
        Input = ProgrammeInput.From(Stored, await admin.AudienceAsync(Stored.Id, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        FieldErrors.LocalizeVersionError(ModelState, texts[CoordinatorErrors.Stale]);
        Input.Code = Stored.Code;
        var draft = Input.Draft();
        AdminForms.Show(ModelState, texts, ProgrammeAdministration.Check(draft));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var saved = await admin.UpdateProgrammeAsync(Stored.Id, Input.Version, draft, ct);
        if (saved.Error is { Code: CoordinatorErrors.Stale })
        {
            // What was typed stays; saving again (against the version just read) keeps it.
            ModelState.AddModelError("", texts[CoordinatorErrors.Stale]);
            ModelState.Remove("Input.Version");
            Input.Version = Stored.Version;
            return Page();
        }

        if (saved.Error is { } error)
        {
            AdminForms.Show(ModelState, texts, [error]);
            return Page();
        }

        return Redirect(TrainingRoutes.AdminProgramme(Stored.Code) + "?saved=true");
    }

    public async Task<IActionResult> OnPostCopyAsync(string code, string? newCode, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        NewCode = newCode;
        var copied = await admin.CopyProgrammeAsync(Stored.Id, (newCode ?? "").Trim(), ct);
        if (copied.Error is { } error)
        {
            ModelState.Clear();
            Input = ProgrammeInput.From(Stored, await admin.AudienceAsync(Stored.Id, ct));
            AdminForms.Show(ModelState, texts, [error], prefix: "");
            return Page();
        }

        return Redirect(TrainingRoutes.AdminProgramme((newCode ?? "").Trim()) + "?saved=copied");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (!ProgrammeAdministration.IsCode(code) || await admin.FindProgrammeAsync(code, ct) is not { } programme)
        {
            return false;
        }

        Stored = programme;
        var list = new List<(Course, IReadOnlyList<CourseGroup>)>();
        foreach (var course in await admin.CoursesAsync(programme.Id, ct))
        {
            list.Add((course, await admin.GroupsAsync(course.Id, ct)));
        }

        Courses = list;
        return true;
    }
}
