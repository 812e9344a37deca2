using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Contracts;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>Koulutuskoordinaattori — one course: code, names, order, prerequisites, certificate; its groups.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes; no resident data")]
internal sealed class CourseModel(ProgrammeAdministration admin, Texts texts) : PageModel, ICourseForm
{
    public Programme Programme { get; private set; } = new();

    public Course Stored { get; private set; } = new();

    public IReadOnlyList<Course> OtherCourses { get; private set; } = [];

    public IReadOnlyList<CertificateKindRow> Kinds { get; private set; } = [];

    public IReadOnlyList<CourseGroup> Groups { get; private set; } = [];

    public string? Saved { get; private set; }

    [BindProperty]
    public CourseInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Saved = saved is "created" or "true" ? saved : null;
        Input = CourseInput.From(Stored, await admin.PrerequisiteCodesAsync(id, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var draft = Input.Draft(ModelState, texts);
        var saved = await AdminForms.CheckThenSaveAsync(ModelState, texts, () => admin.CheckCourseAsync(Programme.Id, id, draft, ct),
            () => admin.SaveCourseAsync(Programme.Id, id, draft, ct));
        return AdminForms.Answer(this, saved, course => TrainingRoutes.AdminCourse(course) + "?saved=true");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await admin.FindCourseAsync(id, ct) is not { } course || await admin.FindProgrammeByIdAsync(course.ProgrammeId, ct) is not { } programme)
        {
            return false;
        }

        Stored = course;
        Programme = programme;
        OtherCourses = [.. (await admin.CoursesAsync(programme.Id, ct)).Where(c => c.Id != id)];
        Kinds = await admin.CertificateKindsAsync(ct);
        Groups = await admin.GroupsAsync(id, ct);
        return true;
    }
}
