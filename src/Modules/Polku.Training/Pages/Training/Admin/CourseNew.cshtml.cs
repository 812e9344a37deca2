using System.Globalization;
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

/// <summary>A page that shows the course fields (<c>_CourseFields</c>).</summary>
internal interface ICourseForm
{
    CourseInput Input { get; }

    /// <summary>The programme's other courses: the prerequisites to choose from.</summary>
    IReadOnlyList<Course> OtherCourses { get; }

    IReadOnlyList<CertificateKindRow> Kinds { get; }
}

/// <summary>Koulutuskoordinaattori — a new course of a programme.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes; no resident data")]
internal sealed class CourseNewModel(ProgrammeAdministration admin, Texts texts) : PageModel, ICourseForm
{
    public Programme Programme { get; private set; } = new();

    public IReadOnlyList<Course> OtherCourses { get; private set; } = [];

    public IReadOnlyList<CertificateKindRow> Kinds { get; private set; } = [];

    [BindProperty]
    public CourseInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        Input = new CourseInput { Position = (OtherCourses.Select(c => c.Position).DefaultIfEmpty(0).Max() + 1).ToString(CultureInfo.InvariantCulture) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        var draft = Input.Draft(ModelState, texts);
        var saved = await AdminForms.CheckThenSaveAsync(ModelState, texts, () => admin.CheckCourseAsync(Programme.Id, null, draft, ct),
            () => admin.SaveCourseAsync(Programme.Id, null, draft, ct));
        return AdminForms.Answer(this, saved, course => TrainingRoutes.AdminCourse(course) + "?saved=created");
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (!ProgrammeAdministration.IsCode(code) || await admin.FindProgrammeAsync(code, ct) is not { } programme)
        {
            return false;
        }

        Programme = programme;
        OtherCourses = await admin.CoursesAsync(programme.Id, ct);
        Kinds = await admin.CertificateKindsAsync(ct);
        return true;
    }
}
