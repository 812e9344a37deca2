using Polku.Training.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Catalogue;
using Polku.Training.Data;
using Polku.Training.Discussion;

namespace Polku.Training.Pages.Training;

/// <summary>A course's page: description, prerequisites, its groups, materials, the course discussion, the exam and feedback.</summary>
[AuditExempt("training courses and a professional's own feedback, no resident's data")]
internal sealed class CourseModel(CatalogueQueries catalogue, DiscussionService discussion, Texts texts) : PageModel
{
    public CourseView Course { get; private set; } = null!;
    public string ProgrammeCode { get; private set; } = "";
    public string ProgrammeName { get; private set; } = "";
    public IReadOnlyList<MaterialView> Materials { get; private set; } = [];
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public CourseFeedback? MyFeedback { get; private set; }

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public int? Score { get; set; }
    [BindProperty] public string? FeedbackText { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPostAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        var result = await discussion.PostAsync(id, null, me, Text, ct);
        return await AfterAsync(id, result.Error, nameof(Text), ct);
    }

    public async Task<IActionResult> OnPostFeedbackAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        // A score that did not bind as a number is the same mistake as none.
        ModelState.Remove(nameof(Score));
        var result = await discussion.FeedbackAsync(id, me, Score, FeedbackText, ct);
        return await AfterAsync(id, result.Error, result.Error?.Field == "score" ? nameof(Score) : nameof(FeedbackText), ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Platform.Results.Error? error, string field, CancellationToken ct)
    {
        if (error is null)
        {
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ModelState.AddModelError(field, texts[error.Code]);
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await catalogue.CourseAsync(id, Language.Current, ct) is not { } course)
        {
            return false;
        }

        Course = course;
        var programme = await catalogue.ProgrammeOfAsync(course.Course.ProgrammeId, ct);
        ProgrammeCode = programme.Code;
        ProgrammeName = TrainingText.Pick(programme.NameFi, programme.NameSv, programme.NameEn);
        Materials = await catalogue.MaterialsAsync(id, Language.Current, ct);
        Posts = await discussion.PostsAsync(id, null, ct);
        MyFeedback = User.PersonId() is { } me ? await discussion.MyFeedbackAsync(id, me, ct) : null;
        return true;
    }
}
