using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Exams;

namespace Polku.Training.Pages.Training;

/// <summary>The exam of a course: the questions, the trainee's attempts, and a new attempt graded at once.</summary>
[AuditExempt("a professional's own exam attempts, no resident's data")]
internal sealed class ExamModel(ExamService exams, Texts texts) : PageModel
{
    public ExamState? State { get; private set; }

    /// <summary>The choices the trainee made (kept when the page comes back with an error).</summary>
    public Dictionary<Guid, HashSet<string>> Chosen { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        foreach (var q in State!.Questions)
        {
            var values = Request.Form["q-" + q.Id.ToString("N")].Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);
            if (values.Count > 0)
            {
                Chosen[q.Id] = values;
            }
        }

        if (Chosen.Count < State.Questions.Count)
        {
            var first = State.Questions.First(q => !Chosen.ContainsKey(q.Id));
            ModelState.AddModelError("q-" + first.Id.ToString("N"), texts["training.exam.unanswered"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await exams.SubmitAsync(State.Exam.Id, me, Chosen.ToDictionary(c => c.Key, c => (IReadOnlySet<string>)c.Value), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("", texts[error.Code]);
            Response.StatusCode = error.Status;
            await LoadAsync(id, ct);
            return Page();
        }

        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid courseId, CancellationToken ct)
    {
        if (User.PersonId() is not { } me || await exams.FindByCourseAsync(courseId, ct) is not { } exam)
        {
            return false;
        }

        State = await exams.StateAsync(exam.Id, me, Language.Current, ct);
        return State is not null;
    }
}
