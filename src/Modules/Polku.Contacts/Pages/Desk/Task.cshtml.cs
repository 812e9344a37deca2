using Microsoft.AspNetCore.Mvc;
using Polku.Region.Contracts;
using Polku.Appointments.Contracts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Messages;
using Polku.Contacts.Domain;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

public sealed class TaskActionInput
{
    public string? Outcome { get; set; }
    public Guid? QueueId { get; set; }
    public string? Note { get; set; }
    public Guid? AssigneeId { get; set; }
}

/// <summary>One task: details, links to its message thread or call-back, actions and full history.</summary>
[Audit("contacts.desk.task.read")]
internal sealed class TaskModel(
    QueueWork work, DeskViews views, DeskLookups lookups, MessageService messages, IBookingsFromSource bookings, IUnitDirectory units,
    AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty]
    public TaskActionInput Input { get; set; } = new();

    public TaskRow? Row { get; private set; }
    public string ResidentName { get; private set; } = "";
    public string QueueName { get; private set; } = "";
    public string? AssigneeName { get; private set; }
    public DueState Due { get; private set; }
    public bool IsMine { get; private set; }
    public bool IsMember { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<WorkQueue> OtherQueues { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> Members { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<TaskEvent> History { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> QueueNames { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyDictionary<Guid, string> StaffNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>A message task's thread, shown on the task so the professional reads the matter where they act on it.</summary>
    public ConversationView? Conversation { get; private set; }

    /// <summary>Appointments the resident has booked on the strength of this task's matter (its assessment result or invitation).</summary>
    public IReadOnlyList<BookedFromSource> Bookings { get; private set; } = [];

    /// <summary>The units of <see cref="Bookings"/>, by id.</summary>
    public IReadOnlyDictionary<Guid, UnitInfo> BookingUnits { get; private set; } = new Dictionary<Guid, UnitInfo>();

    public async Task<IActionResult> OnGetAsync(Guid taskId, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(taskId, ct))
        {
            return NotFound();
        }

        Done = done is { Length: > 0 } && texts.Has("contacts.desk.done." + done) ? texts["contacts.desk.done." + done] : null;
        return Page();
    }

    public async Task<IActionResult> OnPostClaimAsync(Guid taskId, CancellationToken ct)
    {
        var result = await work.ClaimAsync(taskId, StaffId, ct);
        if (result.Error is { Code: "task.already_claimed" })
        {
            // Someone else was quicker: back to the queue, which now shows who has it.
            var queueId = await lookups.QueueOfTaskAsync(taskId, ct);
            return RedirectToPage("/Desk/Queue", new { queueId, notice = "claimed" });
        }

        return await AfterAsync(taskId, result, "claimed", ct);
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid taskId, CancellationToken ct) =>
        await AfterAsync(taskId, await work.ReleaseAsync(taskId, StaffId, ct), "released", ct);

    public async Task<IActionResult> OnPostWaitAsync(Guid taskId, CancellationToken ct) =>
        await AfterAsync(taskId, await work.WaitForResidentAsync(taskId, StaffId, ct), "waiting", ct);

    public async Task<IActionResult> OnPostCompleteAsync(Guid taskId, CancellationToken ct) =>
        await AfterAsync(taskId, await work.CompleteAsync(taskId, StaffId, Input.Outcome, ct), "completed", ct);

    public async Task<IActionResult> OnPostTransferAsync(Guid taskId, CancellationToken ct)
    {
        var result = Input.QueueId is { } queueId
            ? await work.TransferAsync(taskId, StaffId, queueId, Input.Note, ct)
            : Error.Validation("task.queue_unknown", "queueId");
        return await AfterAsync(taskId, result, "transferred", ct);
    }

    public async Task<IActionResult> OnPostReassignAsync(Guid taskId, CancellationToken ct)
    {
        var result = Input.AssigneeId is { } assignee
            ? await work.ReassignAsync(taskId, StaffId, assignee, ct)
            : Error.Validation("task.assignee_not_member", "assigneeId");
        return await AfterAsync(taskId, result, "reassigned", ct);
    }

    private Guid StaffId => User.PersonId()!.Value;

    private async Task<IActionResult> AfterAsync(Guid taskId, Result<TaskRow> result, string done, CancellationToken ct)
    {
        if (result.Value is not null)
        {
            // QueueWork wrote the audit row with the change.
            // After a transfer out of one's own queues the task is no longer visible: go back to the desk.
            return await work.VisibleTaskAsync(taskId, StaffId, ct) is null
                ? RedirectToPage("/Desk/Index")
                : RedirectToPage("/Desk/Task", new { taskId, done });
        }

        var error = result.Error!;
        if (error.Status == 404 || !await LoadAsync(taskId, ct))
        {
            return NotFound();
        }

        var field = error.Field switch
        {
            "outcome" => "Input.Outcome",
            "queueId" => "Input.QueueId",
            "note" => "Input.Note",
            "assigneeId" => "Input.AssigneeId",
            _ => "",
        };
        ModelState.AddModelError(field, texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid taskId, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId || await work.VisibleTaskAsync(taskId, staffId, ct) is not { } row)
        {
            return false;
        }

        audit.Touch(row.ResidentId);
        Row = row;
        var task = row.Task;
        var item = (await views.ItemsAsync([row], ct))[0];
        ResidentName = item.ResidentName;
        QueueName = item.QueueName;
        AssigneeName = item.AssigneeName;
        Due = TaskTypes.Due(task, time.GetUtcNow().UtcDateTime);
        IsMine = task.AssigneeId == staffId;
        IsMember = await work.IsMemberAsync(staffId, task.QueueId, ct);
        var language = Language.Current;
        var queues = await lookups.QueuesAsync(ct);
        QueueNames = queues.ToDictionary(q => q.Id, q => q.Name.Get(language));
        OtherQueues = [.. queues.Where(q => q.Id != task.QueueId && q.IsOpen).OrderBy(q => q.Name.Get(language), StringComparer.CurrentCulture)];
        var memberIds = await lookups.QueueMemberIdsAsync(task.QueueId, ct);
        var memberNames = await views.StaffNamesAsync(memberIds, ct);
        Members = memberNames.Where(m => m.Key != task.AssigneeId).OrderBy(m => m.Value, StringComparer.CurrentCulture).ToDictionary();
        History = await work.HistoryAsync(taskId, ct);
        if (task.Type == TaskType.Message && task.SourceId is { } threadId)
        {
            Conversation = new ConversationView(await messages.MessagesAsync(threadId, ct), SenderKind.Staff);
        }

        // An assessment result grants its booking right from the response, an invitation from the task itself.
        var bookingSource = task.Type switch
        {
            TaskType.AssessmentResult => task.SourceId,
            TaskType.InvitationToBook => task.Id,
            _ => null,
        };
        if (bookingSource is { } source)
        {
            Bookings = await bookings.ForSourceAsync(source, ct);
            BookingUnits = Bookings.Count == 0 ? new Dictionary<Guid, UnitInfo>()
                : (await units.GetAsync(Bookings.Select(b => b.UnitId).Distinct(), ct)).ToDictionary(u => u.Id);
        }

        StaffNames = await views.StaffNamesAsync(History.Where(e => e.ActorId is not null).Select(e => e.ActorId!.Value)
            .Concat(History.Where(e => e.AssigneeId is not null).Select(e => e.AssigneeId!.Value)), ct);
        return true;
    }
}
