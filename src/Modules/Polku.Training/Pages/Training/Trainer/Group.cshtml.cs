using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Catalogue;
using Polku.Training.Data;
using Polku.Training.Reports;
using Polku.Training.Trainer;

namespace Polku.Training.Pages.Training.Trainer;

/// <summary>One group for its trainer: participants with status and exam result, attendance per session, moving a participant.</summary>
[AuditExempt("training participation of professionals, no resident's data")]
internal sealed class GroupModel(TrainerQueries trainer, CatalogueQueries catalogue, TrainingReports reports, Texts texts, Messages.GroupMessaging messaging) : PageModel
{
    /// <summary>The group message form (issue 16, part 6): the trainer writes to their group, the coordinator to any.</summary>
    [BindProperty]
    public GroupMessageInput Message { get; set; } = new();

    public GroupMessagePanel Panel { get; private set; } = null!;

    /// <summary>The message just sent (after the redirect), for the notice.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Sent { get; set; }

    public CourseGroup Group { get; private set; } = null!;
    public CourseView Course { get; private set; } = null!;
    public IReadOnlyList<GroupSession> Sessions { get; private set; } = [];
    public IReadOnlyList<Participant> Participants { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMessageAsync(Guid id, CancellationToken ct)
    {
        var posted = Message.FormKey;
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Message.FormKey = posted;

        var result = await GroupMessagePages.SendAsync(messaging, id, Message, User, ModelState, texts, ct);
        if (result.IsSuccess)
        {
            return Redirect(Contracts.TrainingRoutes.TrainerGroup(id) + "?sent=" + result.Value!.MessageId.ToString("D") + "#group-message");
        }

        Sent = null;
        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>The group's attendance as CSV: the trainer's own group, any for the coordinator; 404 otherwise.</summary>
    public async Task<IActionResult> OnGetAttendanceCsvAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me || await reports.GroupAsync(id, TrainerAccess.SeesAll(User) ? null : me, ct) is not { } group)
        {
            return NotFound();
        }

        var lines = await reports.AttendanceAsync(group.Id, null, Language.Current, texts["training.reports.no_unit"], ct);
        return File(ReportCsv.Attendance(lines, texts), ReportCsv.ContentType, "training-attendance-" + group.Code + ".csv");
    }

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid sessionId, List<Guid>? present, CancellationToken ct)
    {
        if (User.PersonId() is not { } me || !await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await trainer.MarkAttendanceAsync(Group, sessionId, (present ?? []).ToHashSet(), me, ct);
        return await AfterAsync(id, result.Error, "session-" + sessionId.ToString("N"), ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, Guid enrolmentId, Guid? newGroupId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var key = "move-" + enrolmentId.ToString("N");
        if (newGroupId is not { } target)
        {
            return await AfterAsync(id, Platform.Results.Error.Validation("training.change.choose", "groupId"), key, ct);
        }

        var result = await trainer.MoveAsync(Group, enrolmentId, target, ct);
        return await AfterAsync(id, result.Error, key, ct);
    }

    public IEnumerable<GroupView> OtherGroups => Course.Groups.Where(g => g.Id != Group.Id);

    private async Task<IActionResult> AfterAsync(Guid id, Platform.Results.Error? error, string key, CancellationToken ct)
    {
        if (error is null)
        {
            return RedirectToPage(new { id });
        }

        await LoadAsync(id, ct);
        ModelState.AddModelError(key, texts[error.Code]);
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } me || await trainer.GroupAsync(id, me, TrainerAccess.SeesAll(User), ct) is not { } group)
        {
            return false;
        }

        Group = group;
        Course = (await catalogue.CourseAsync(group.CourseId, Language.Current, ct))!;
        Sessions = await trainer.SessionsAsync(id, ct);
        Participants = await trainer.ParticipantsAsync(group, ct);
        if (Message.FormKey == Guid.Empty)
        {
            Message.FormKey = Guid.NewGuid();
        }

        var (enrolled, waiting) = await messaging.CountsAsync(id, ct);
        Panel = new GroupMessagePanel(id, Message, enrolled, waiting, await messaging.HistoryAsync(id, ct), Sent, "Message");
        return true;
    }
}
