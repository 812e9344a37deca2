using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Tasks;

/// <summary>A task with the resident its case is about (for the audit log and the desk's views).</summary>
internal sealed record TaskRow(WorkTask Task, Guid ResidentId);

/// <summary>A queue the professional belongs to, with what waits in it.</summary>
internal sealed record QueueSummary(WorkQueue Queue, int Waiting, int Claimed, int Overdue, int DueSoon, DateTime? OldestWaitingUtc);

/// <summary>
/// Työjonotyö — claim, release, transfer, reassign and complete tasks. Every state change is one conditional UPDATE
/// (the row changes only if it is still in the state the action expects), so two professionals on two nodes can never
/// both win; the history row and the service event commit in the same transaction.
/// </summary>
internal sealed class QueueWork(
    PolkuDb db, UnitOfWork unit, TaskWriter tasks, PostgresClaim postgresClaim, AuditScope audit, ServiceJournal journal, TimeProvider time,
    PolkuMetrics metrics, TaskObservers observers)
{
    /// <summary>Tasks due within this window are "due soon".</summary>
    public static readonly TimeSpan DueSoonWindow = TimeSpan.FromHours(2);

    public static readonly IReadOnlyList<string> Outcomes =
        ["handled-digitally", "appointment-booked", "referred", "callback-done", "no-action-needed", "duplicate"];

    public const int MaxNoteLength = 1000;

    /// <summary>The target of a transfer is closed: it receives no new work.</summary>
    public const string QueueClosed = "task.queue_closed";

    public IQueryable<Guid> QueueIdsOf(Guid staffId) =>
        db.Set<QueueMember>().Where(m => m.StaffId == staffId).Select(m => m.QueueId);

    public Task<bool> IsMemberAsync(Guid staffId, Guid queueId, CancellationToken ct) =>
        db.Set<QueueMember>().AnyAsync(m => m.StaffId == staffId && m.QueueId == queueId, ct);

    /// <summary>The professional's queues with counts of open tasks, ordered by name.</summary>
    public async Task<IReadOnlyList<QueueSummary>> MyQueuesAsync(Guid staffId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var soon = now + DueSoonWindow;
        var mine = QueueIdsOf(staffId);
        var counts = db.Set<WorkTask>()
            .Where(t => mine.Contains(t.QueueId) && t.State != TaskState.Done)
            .GroupBy(t => t.QueueId)
            .Select(g => new
            {
                QueueId = g.Key,
                Waiting = g.Count(t => t.State == TaskState.New),
                Claimed = g.Count(t => t.State != TaskState.New),
                Overdue = g.Count(t => t.DueUtc <= now),
                DueSoon = g.Count(t => t.DueUtc > now && t.DueUtc <= soon),
                Oldest = g.Where(t => t.State == TaskState.New).Min(t => (DateTime?)t.CreatedUtc),
            });
        // The queues and their counts in one round trip: each queue left-joined to its aggregate (a queue without open
        // tasks has none, and counts zero).
        var rows = await (
                from q in db.Set<WorkQueue>().AsNoTracking().Where(q => mine.Contains(q.Id))
                join c in counts on q.Id equals c.QueueId into found
                from c in found.DefaultIfEmpty()
                // Read as nullable: the columns of a queue without a match are NULL.
                select new { Queue = q, Waiting = (int?)c.Waiting, Claimed = (int?)c.Claimed, Overdue = (int?)c.Overdue, DueSoon = (int?)c.DueSoon, c.Oldest })
            .ToListAsync(ct);
        return
        [
            .. rows.Select(r => new QueueSummary(r.Queue, r.Waiting ?? 0, r.Claimed ?? 0, r.Overdue ?? 0, r.DueSoon ?? 0, r.Oldest))
                // Work queues first, then the chat queues (whose chats have a page of their own, /desk/chats).
                .OrderBy(s => s.Queue.Channel == QueueChannels.Work ? 0 : 1).ThenBy(s => s.Queue.Code, StringComparer.Ordinal),
        ];
    }

    /// <summary>Open tasks of a queue: due time first, then age.</summary>
    public Task<IReadOnlyList<TaskRow>> QueueTasksAsync(Guid queueId, int limit, CancellationToken ct) =>
        RowsAsync(db.Set<WorkTask>()
            .Where(t => t.QueueId == queueId && t.State != TaskState.Done)
            .OrderBy(t => t.DueUtc).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id)
            .Take(limit), ct);

    /// <summary>Open tasks assigned to the professional, due time first.</summary>
    public Task<IReadOnlyList<TaskRow>> MyTasksAsync(Guid staffId, CancellationToken ct) =>
        RowsAsync(db.Set<WorkTask>()
            .Where(t => t.AssigneeId == staffId && t.State != TaskState.Done)
            .OrderBy(t => t.DueUtc).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id)
            .Take(200), ct);

    /// <summary>A task the professional may see: it is in one of their queues, or assigned to them.</summary>
    public Task<TaskRow?> VisibleTaskAsync(Guid taskId, Guid staffId, CancellationToken ct)
    {
        var mine = QueueIdsOf(staffId);
        return RowAsync(db.Set<WorkTask>().Where(t => t.Id == taskId && (mine.Contains(t.QueueId) || t.AssigneeId == staffId)), ct);
    }

    private async Task<TaskRow?> RowAsync(IQueryable<WorkTask> query, CancellationToken ct) =>
        (await RowsAsync(query.OrderBy(t => t.Id).Take(1), ct)) is [var first, ..] ? first : null;

    private async Task<IReadOnlyList<TaskRow>> RowsAsync(IQueryable<WorkTask> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Join(db.Set<Case>(), t => t.CaseId, c => c.Id, (t, c) => new { Task = t, c.ResidentId })
            .ToListAsync(ct);
        // The join may lose the inner ORDER BY; every list is in work order (due time, then age).
        return [.. rows.Select(r => new TaskRow(r.Task, r.ResidentId)).OrderBy(r => r.Task.DueUtc).ThenBy(r => r.Task.CreatedUtc).ThenBy(r => r.Task.Id)];
    }

    public async Task<IReadOnlyList<TaskEvent>> HistoryAsync(Guid taskId, CancellationToken ct) =>
        await db.Set<TaskEvent>().AsNoTracking().Where(e => e.TaskId == taskId).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToListAsync(ct);

    /// <summary>Takes a new task for oneself. Exactly one of any number of simultaneous claims wins.</summary>
    public async Task<Result<TaskRow>> ClaimAsync(Guid taskId, Guid staffId, CancellationToken ct)
    {
        var result = await TryClaimAsync(taskId, staffId, ct);
        if (result.IsSuccess || result.Error?.Code == "task.already_claimed")
        {
            metrics.TaskClaimed(won: result.IsSuccess);
        }

        return result;
    }

    private async Task<Result<TaskRow>> TryClaimAsync(Guid taskId, Guid staffId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (db.IsPostgres)
        {
            if (await postgresClaim.TryAsync(taskId, staffId, now, ct) is not { } claimed)
            {
                return await WhyNotAsync(taskId, staffId, "task.already_claimed", ct);
            }

            // The claim was one statement of its own; whoever follows this kind of task hears of it right after.
            if (observers.Follows(claimed.Task.Type))
            {
                await unit.RunAsync(c => observers.ChangedAsync(claimed.Task, claimed.ResidentId, c), ct);
            }

            return claimed;
        }

        var mine = QueueIdsOf(staffId);
        return await ChangeAsync(taskId, staffId, "claimed",
            q => q.Where(t => t.State == TaskState.New && t.AssigneeId == null && mine.Contains(t.QueueId)),
            s => s.SetProperty(t => t.State, TaskState.Claimed)
                .SetProperty(t => t.AssigneeId, staffId)
                .SetProperty(t => t.ClaimedUtc, t => t.ClaimedUtc ?? now)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: staffId,
            conflict: "task.already_claimed",
            ct: ct,
            after: (task, c) => JournalAsync("task.claimed", task, c, Seconds(task.CreatedUtc, task.ClaimedUtc ?? now)));
    }

    /// <summary>Puts one's own claimed task back in the queue.</summary>
    public Task<Result<TaskRow>> ReleaseAsync(Guid taskId, Guid staffId, CancellationToken ct) =>
        ChangeAsync(taskId, staffId, "released",
            q => q.Where(t => t.State != TaskState.Done && t.AssigneeId == staffId),
            s => s.SetProperty(t => t.State, TaskState.New)
                .SetProperty(t => t.AssigneeId, (Guid?)null)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: null,
            conflict: "task.not_yours",
            ct: ct);

    /// <summary>Marks one's own task as waiting for the resident (a question was sent); a reply brings it back.</summary>
    public Task<Result<TaskRow>> WaitForResidentAsync(Guid taskId, Guid staffId, CancellationToken ct) =>
        ChangeAsync(taskId, staffId, "waiting",
            q => q.Where(t => t.State == TaskState.Claimed && t.AssigneeId == staffId),
            s => s.SetProperty(t => t.State, TaskState.WaitingForResident)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: staffId,
            conflict: "task.not_yours",
            ct: ct);

    /// <summary>Moves a task to another queue with a note; the old assignee is cleared and the task waits there as new.</summary>
    public async Task<Result<TaskRow>> TransferAsync(Guid taskId, Guid staffId, Guid toQueueId, string? note, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return Error.Validation("task.note_required", "note");
        }

        if (note.Length > MaxNoteLength)
        {
            return Error.Validation("task.note_too_long", "note");
        }

        var target = await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Id == toQueueId).Select(q => new { q.ClosedUtc }).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            return Error.Validation("task.queue_unknown", "queueId");
        }

        // A closed queue receives no new work, a transferred task included.
        if (target.ClosedUtc is not null)
        {
            return Error.Validation(QueueClosed, "queueId");
        }

        var mine = QueueIdsOf(staffId);
        var current = await db.Set<WorkTask>().AsNoTracking().Where(t => t.Id == taskId).Select(t => (Guid?)t.QueueId).FirstOrDefaultAsync(ct);
        if (current == toQueueId)
        {
            return Error.Validation("task.same_queue", "queueId");
        }

        return await ChangeAsync(taskId, staffId, "transferred",
            q => q.Where(t => t.State != TaskState.Done && mine.Contains(t.QueueId) && t.QueueId == current),
            s => s.SetProperty(t => t.QueueId, toQueueId)
                .SetProperty(t => t.State, TaskState.New)
                .SetProperty(t => t.AssigneeId, (Guid?)null)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: null,
            conflict: "task.changed",
            ct: ct,
            fromQueue: current,
            toQueue: toQueueId,
            note: note.Trim(),
            after: (task, c) => JournalAsync("task.transferred", task, c));
    }

    /// <summary>Gives a task to another member of its queue.</summary>
    public async Task<Result<TaskRow>> ReassignAsync(Guid taskId, Guid staffId, Guid toStaffId, CancellationToken ct)
    {
        var mine = QueueIdsOf(staffId);
        var theirs = QueueIdsOf(toStaffId);
        var queueId = await db.Set<WorkTask>().AsNoTracking().Where(t => t.Id == taskId && mine.Contains(t.QueueId)).Select(t => (Guid?)t.QueueId).FirstOrDefaultAsync(ct);
        if (queueId is not null && !await theirs.ContainsAsync(queueId.Value, ct))
        {
            return Error.Validation("task.assignee_not_member", "assigneeId");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await ChangeAsync(taskId, staffId, "reassigned",
            q => q.Where(t => t.State != TaskState.Done && mine.Contains(t.QueueId) && theirs.Contains(t.QueueId)),
            s => s.SetProperty(t => t.State, t => t.State == TaskState.WaitingForResident ? TaskState.WaitingForResident : TaskState.Claimed)
                .SetProperty(t => t.AssigneeId, toStaffId)
                .SetProperty(t => t.ClaimedUtc, t => t.ClaimedUtc ?? now)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: toStaffId,
            conflict: "task.changed",
            ct: ct);
    }

    /// <summary>Completes one's own task with an outcome; the case closes when nothing else is open on it.</summary>
    public async Task<Result<TaskRow>> CompleteAsync(Guid taskId, Guid staffId, string? outcome, CancellationToken ct)
    {
        if (outcome is null || !Outcomes.Contains(outcome))
        {
            return Error.Validation("task.outcome_invalid", "outcome");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var result = await ChangeAsync(taskId, staffId, "completed",
            q => q.Where(t => t.State != TaskState.Done && t.AssigneeId == staffId),
            s => s.SetProperty(t => t.State, TaskState.Done)
                .SetProperty(t => t.Outcome, outcome)
                .SetProperty(t => t.CompletedUtc, now)
                .SetProperty(t => t.Version, t => t.Version + 1),
            assignee: staffId,
            conflict: "task.not_yours",
            ct: ct,
            note: outcome,
            after: CloseCaseAndRecordAsync);
        return result;
    }

    /// <summary>
    /// Completes a task on the system's behalf (another module saw the work done, e.g. the invited resident booked). One
    /// conditional UPDATE on "not done yet": true when this call completed it, false when it was done already.
    /// </summary>
    public async Task<Result<bool>> CompleteBySystemAsync(Guid taskId, string outcome, string? note, CancellationToken ct)
    {
        if (!Outcomes.Contains(outcome))
        {
            return Error.Validation("task.outcome_invalid", "outcome");
        }

        if (note is { Length: > MaxNoteLength })
        {
            note = note[..MaxNoteLength];
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await unit.RunAsync(async ct =>
        {
            var changed = await db.Set<WorkTask>().Where(t => t.Id == taskId && t.State != TaskState.Done)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.State, TaskState.Done)
                    .SetProperty(t => t.Outcome, outcome)
                    .SetProperty(t => t.CompletedUtc, now)
                    .SetProperty(t => t.Version, t => t.Version + 1), ct);
            if (changed == 0)
            {
                return await db.Set<WorkTask>().AnyAsync(t => t.Id == taskId, ct)
                    ? Result<bool>.Ok(false)
                    : Result<bool>.Fail(Error.NotFound("task.not_found"));
            }

            var task = await db.Set<WorkTask>().AsNoTracking().FirstAsync(t => t.Id == taskId, ct);
            tasks.History(taskId, "completed", null, note: outcome);
            if (note is { Length: > 0 })
            {
                tasks.History(taskId, "system-note", null, note: note);
            }

            await CloseCaseAndRecordAsync(task, ct);
            var residentId = await db.Set<Case>().Where(c => c.Id == task.CaseId).Select(c => c.ResidentId).FirstAsync(ct);
            await observers.ChangedAsync(task, residentId, ct);
            tasks.Notify(LiveAudiences.Queue(task.QueueId), "task.completed", taskId);
            if (task.AssigneeId is { } a)
            {
                tasks.Notify(LiveAudiences.Person(a), "task.completed", taskId);
            }

            return Result<bool>.Ok(true);
        }, ct);
    }

    private async Task CloseCaseAndRecordAsync(WorkTask task, CancellationToken ct)
    {
        var @case = await db.Set<Case>().FirstAsync(c => c.Id == task.CaseId, ct);
        if (@case.State == CaseState.Open && !await db.Set<WorkTask>().AnyAsync(t => t.CaseId == task.CaseId && t.State != TaskState.Done, ct))
        {
            @case.State = CaseState.Closed;
            @case.ClosedUtc = task.CompletedUtc;
            @case.Version++;
        }

        var unitId = await db.Set<WorkQueue>().Where(q => q.Id == task.QueueId).Select(q => q.UnitId).FirstOrDefaultAsync(ct);
        var claimed = task.ClaimedUtc ?? task.CompletedUtc!.Value;
        journal.Record("task.completed", ChannelOf(task.Type), digital: true, @case.ResidentId, @case.MunicipalityCode, @case.ServiceCode, unitId,
            contactKind: TaskWriter.ContactKindOf(task.Type), outcome: task.Outcome, detail: TaskWriter.Detail(task),
            waitingSeconds: Seconds(task.CreatedUtc, claimed), handlingSeconds: Seconds(claimed, task.CompletedUtc!.Value));
    }

    private static int Seconds(DateTime from, DateTime to) => (int)Math.Clamp((to - from).TotalSeconds, 0, int.MaxValue);

    /// <summary>The service-event channel of a task type.</summary>
    public static string ChannelOf(TaskType type) => type switch
    {
        TaskType.Message => "message",
        TaskType.Callback => "callback",
        TaskType.Chat => "chat",
        TaskType.Form => "form",
        TaskType.AssessmentResult => "assessment",
        TaskType.InvitationToBook => "booking",
        TaskType.FollowUpAlert => "follow-up",
        _ => "other",
    };

    /// <summary>The task's service event with its case and queue read in the change's unit of work.</summary>
    private async Task JournalAsync(string type, WorkTask task, CancellationToken ct, int? waitingSeconds = null)
    {
        var @case = await db.Set<Case>().AsNoTracking().FirstAsync(c => c.Id == task.CaseId, ct);
        var unitId = await db.Set<WorkQueue>().Where(q => q.Id == task.QueueId).Select(q => q.UnitId).FirstOrDefaultAsync(ct);
        tasks.Journal(type, task, @case, unitId, waitingSeconds, pseudonymous: type != "task.claimed");
    }

    /// <summary>
    /// One state change: a conditional UPDATE that touches the row only if <paramref name="precondition"/> still holds,
    /// then the history row (and whatever <paramref name="after"/> adds) in the same transaction. When no row changed
    /// the task is re-read to tell "not found or not visible" (404) from "someone else got there first" (409).
    /// </summary>
    private async Task<Result<TaskRow>> ChangeAsync(
        Guid taskId,
        Guid staffId,
        string action,
        Func<IQueryable<WorkTask>, IQueryable<WorkTask>> precondition,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<WorkTask>> set,
        Guid? assignee,
        string conflict,
        CancellationToken ct,
        Guid? fromQueue = null,
        Guid? toQueue = null,
        string? note = null,
        Func<WorkTask, CancellationToken, Task>? after = null)
    {
        return await unit.RunAsync(async ct =>
        {
            var changed = await precondition(db.Set<WorkTask>().Where(t => t.Id == taskId)).ExecuteUpdateAsync(set, ct);
            if (changed == 0)
            {
                return await WhyNotAsync(taskId, staffId, conflict, ct);
            }

            var row = await RowAsync(db.Set<WorkTask>().Where(t => t.Id == taskId), ct);
            var task = row!.Task;
            // The audit row commits with the change.
            audit.Touch(row.ResidentId, AuditAccess.Change, AuditActionOf(action));
            tasks.History(taskId, action, staffId, fromQueue, toQueue, assignee, note);
            if (after is not null)
            {
                await after(task, ct);
            }

            await observers.ChangedAsync(task, row.ResidentId, ct);

            tasks.Notify(LiveAudiences.Queue(task.QueueId), "task." + action, taskId);
            if (fromQueue is { } from && from != task.QueueId)
            {
                tasks.Notify(LiveAudiences.Queue(from), "task." + action, taskId);
            }

            if (assignee is { } a && a != staffId)
            {
                tasks.Notify(LiveAudiences.Person(a), "task." + action, taskId);
            }

            return Result<TaskRow>.Ok(row);
        }, ct);
    }

    /// <summary>The audit action of a task change (the desk API declares the same codes).</summary>
    private static string AuditActionOf(string action) => "contacts.desk.task." + action switch
    {
        "claimed" => "claim",
        "released" => "release",
        "waiting" => "wait",
        "transferred" => "transfer",
        "reassigned" => "reassign",
        "completed" => "complete",
        _ => action,
    };

    private async Task<Result<TaskRow>> WhyNotAsync(Guid taskId, Guid staffId, string conflict, CancellationToken ct) =>
        await VisibleTaskAsync(taskId, staffId, ct) is null
            ? Error.NotFound("task.not_found")
            : Error.Conflict(conflict);
}
