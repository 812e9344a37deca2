using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Catalogue;
using Polku.Training.Data;
using Polku.Training.Discussion;
using Polku.Training.Enrolment;

namespace Polku.Training.Pages.Training;

/// <summary>
/// A course group's page: its sessions, place or online link, trainer and places; the trainee's own place (cancel,
/// change to another group of the course), the course's materials and the group's discussion for its participants.
/// </summary>
[AuditExempt("training groups and a professional's own enrolment, no resident's data")]
internal sealed class GroupModel(CatalogueQueries catalogue, EnrolmentService enrolments, DiscussionService discussion, IPeopleDirectory people, Texts texts, TimeProvider time) : PageModel
{
    public GroupView Group { get; private set; } = null!;
    public CourseView Course { get; private set; } = null!;
    public string ProgrammeCode { get; private set; } = "";
    public string? Trainer { get; private set; }
    public MyEnrolment? Mine { get; private set; }
    public IReadOnlyList<MaterialView> Materials { get; private set; } = [];
    public IReadOnlyList<PostView> Posts { get; private set; } = [];
    public bool Participant { get; private set; }

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public Guid? NewGroupId { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(Guid id, Guid enrolmentId, CancellationToken ct) =>
        await ChangeAsync(id, async me => (await enrolments.CancelAsync(me, enrolmentId, ct)).Error, id, "cancel", ct);

    public async Task<IActionResult> OnPostChangeAsync(Guid id, Guid enrolmentId, CancellationToken ct)
    {
        if (NewGroupId is not { } target)
        {
            if (!await LoadAsync(id, ct))
            {
                return NotFound();
            }

            ModelState.AddModelError(nameof(NewGroupId), texts["training.change.choose"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return await ChangeAsync(id, async me => (await enrolments.ChangeGroupAsync(me, enrolmentId, target, ct)).Error, target, nameof(NewGroupId), ct);
    }

    public async Task<IActionResult> OnPostPostAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await discussion.PostAsync(Course.Course.Id, id, me, Text, ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(nameof(Text), texts[error.Code]);
            Response.StatusCode = error.Status;
            return Page();
        }

        return RedirectToPage(new { id });
    }

    private async Task<IActionResult> ChangeAsync(Guid id, Func<Guid, Task<Platform.Results.Error?>> change, Guid then, string errorKey, CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        if (await change(me) is { } error)
        {
            if (!await LoadAsync(id, ct))
            {
                return NotFound();
            }

            ModelState.AddModelError(errorKey, texts[error.Code]);
            Response.StatusCode = error.Status;
            return Page();
        }

        return RedirectToPage(new { id = then });
    }

    public IEnumerable<GroupView> OtherGroups => Course.Groups.Where(g => g.Id != Group.Id && g.FirstStartUtc > time.GetUtcNow().UtcDateTime);

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await catalogue.GroupAsync(id, ct) is not { } group)
        {
            return false;
        }

        Group = group;
        Course = (await catalogue.CourseAsync(group.CourseId, Language.Current, ct))!;
        ProgrammeCode = (await catalogue.ProgrammeOfAsync(Course.Course.ProgrammeId, ct)).Code;
        Trainer = group.TrainerStaffId is { } t ? (await people.FindStaffAsync(t, ct))?.DisplayName : null;
        Materials = await catalogue.MaterialsAsync(Course.Course.Id, Language.Current, ct);
        if (User.PersonId() is { } me)
        {
            Mine = (await catalogue.MineAsync(me, Language.Current, ct)).FirstOrDefault(m => m.GroupId == id && m.Status != EnrolmentStatuses.Cancelled);
            Participant = await discussion.IsParticipantAsync(id, me, ct);
        }

        Posts = Participant ? await discussion.PostsAsync(Course.Course.Id, id, ct) : [];
        return true;
    }
}
