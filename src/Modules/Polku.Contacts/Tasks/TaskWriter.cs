using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Tasks;

/// <summary>
/// Opens cases and adds tasks to queues with their due time and history. Changes and live events are added to the
/// caller's unit of work, so desks update live only after the commit.
/// </summary>
internal sealed class TaskWriter(PolkuDb db, TimeProvider time, IUnitDirectory units, UnitOfWork unit, Polku.Platform.Journal.ServiceJournal journal, LocalQueues localQueues)
{

    public Case OpenCase(Guid residentId, string? municipalityCode, string? serviceCode, string title)
    {
        var now = time.GetUtcNow();
        var c = new Case
        {
            Id = Guid.CreateVersion7(now),
            ResidentId = residentId,
            MunicipalityCode = municipalityCode,
            ServiceCode = serviceCode,
            Title = Trim(title, 200),
            State = CaseState.Open,
            CreatedUtc = now.UtcDateTime,
        };
        db.Set<Case>().Add(c);
        return c;
    }

    /// <summary>
    /// Adds a task of a task class (P1–P4); work of another class is mapped by <see cref="TaskUrgency.For"/> first.
    /// <paramref name="taskId"/>: an id the caller has already claimed elsewhere (a follow-up plan's alert episode).
    /// </summary>
    public async Task<WorkTask> AddTaskAsync(
        Case @case, WorkQueue queue, TaskType type, Urgency urgency, string title, Guid? sourceId, Guid? actorId, CancellationToken ct, DateTime? dueByUtc = null,
        Guid? taskId = null)
    {
        if (!urgency.IsTaskClass())
        {
            throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "A task carries P1–P4; map other classes with TaskUrgency.For.");
        }

        // Every way work arrives chooses among open queues (QueueByCodeAsync, LocalQueues, ChatQueues, transfers); a
        // closed queue reaching this point is a caller that forgot, not something a person did.
        if (!queue.IsOpen)
        {
            throw new InvalidOperationException($"Queue {queue.Id} is closed and receives no new work; choose an open queue first.");
        }

        var now = time.GetUtcNow();
        var hours = queue.HoursUnitId is { } unitId ? await units.OpeningHoursAsync(unitId, ct) : null;
        var due = DueTime.Compute(now, queue.TargetMinutes(urgency), hours).UtcDateTime;

        // Never later than the sender promised the resident (a promise already past cannot make the task due before it exists).
        if (dueByUtc is { } promised && promised > now.UtcDateTime && promised < due)
        {
            due = promised;
        }

        var task = new WorkTask
        {
            Id = taskId ?? Guid.CreateVersion7(now),
            CaseId = @case.Id,
            QueueId = queue.Id,
            Type = type,
            Urgency = urgency,
            State = TaskState.New,
            Title = Trim(title, 200),
            SourceId = sourceId,
            CreatedUtc = now.UtcDateTime,
            DueUtc = due,
        };
        db.Set<WorkTask>().Add(task);
        if (@case.State == CaseState.Closed)
        {
            // New work on a closed matter opens it again; its history stays with it.
            @case.State = CaseState.Open;
            @case.ClosedUtc = null;
            @case.Version++;
        }

        History(task.Id, "created", actorId, toQueue: queue.Id);
        Journal("task.created", task, @case, queue.UnitId);
        Notify(LiveAudiences.Queue(queue.Id), "task.created", task.Id);
        return task;
    }

    /// <summary>
    /// A task's service event (spec 05; <c>task.created</c>, <c>task.claimed</c>, <c>task.transferred</c>): the case's
    /// resident (pseudonymous), municipality and service, the queue's unit, the task's channel, its urgency as the outcome,
    /// and its type and due time in the detail. Work the resident started is a first-line contact; an alert of a follow-up
    /// or an invitation to book is other contact and care.
    /// </summary>
    /// <remarks>
    /// <c>task.claimed</c> carries no resident key (<paramref name="pseudonymous"/> false): on PostgreSQL the claim is one
    /// statement (<see cref="PostgresClaim"/>), which cannot compute the keyed pseudonym, and both engines write the same.
    /// </remarks>
    public void Journal(string type, WorkTask task, Case @case, Guid? unitId, int? waitingSeconds = null, bool pseudonymous = true) =>
        journal.Record(type, QueueWork.ChannelOf(task.Type), digital: true, !pseudonymous || @case.ResidentId == Guid.Empty ? null : @case.ResidentId, @case.MunicipalityCode,
            @case.ServiceCode, unitId, contactKind: ContactKindOf(task.Type), outcome: task.Urgency.ToString(),
            detail: Detail(task), waitingSeconds: waitingSeconds);

    /// <summary>
    /// A task event's detail: <c>"&lt;type&gt; due &lt;UTC time&gt;"</c>. The control tower reads the type and, on
    /// <c>task.completed</c>, whether it was done by the due time (due-time compliance).
    /// </summary>
    public static string Detail(WorkTask task) =>
        TaskTypes.Code(task.Type) + " due " + task.DueUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>first-line for work a resident started; other for a follow-up's alert or an invitation to book.</summary>
    public static string ContactKindOf(TaskType type) => type is TaskType.FollowUpAlert or TaskType.InvitationToBook ? "other" : "first-line";

    /// <summary>Adds a history row for a task.</summary>
    public TaskEvent History(Guid taskId, string action, Guid? actorId, Guid? fromQueue = null, Guid? toQueue = null, Guid? assignee = null, string? note = null)
    {
        var now = time.GetUtcNow();
        var e = new TaskEvent
        {
            Id = Guid.CreateVersion7(now),
            TaskId = taskId,
            AtUtc = now.UtcDateTime,
            ActorId = actorId,
            Action = action,
            FromQueueId = fromQueue,
            ToQueueId = toQueue,
            AssigneeId = assignee,
            Note = note is null ? null : Trim(note, 1000),
        };
        db.Set<TaskEvent>().Add(e);
        return e;
    }

    /// <summary>Announces a change once the caller's unit of work commits.</summary>
    public void Notify(string audience, string type, Guid id) => unit.Publish(audience, type, id);

    /// <summary>
    /// The queue that takes work sent to <paramref name="code"/>: the open queue with that code (a task's queue, as
    /// another module was told it), else the open work queue of the unit with that code (routing and forms name units)
    /// that best fits the work's service and municipality — and when the named queue is closed, an open queue of its
    /// unit. Null when nothing open takes it.
    /// </summary>
    public async Task<WorkQueue?> QueueByCodeAsync(string code, CancellationToken ct, string? serviceCode = null, string? municipalityCode = null)
    {
        var named = await db.Set<WorkQueue>().FirstOrDefaultAsync(q => q.Code == code, ct);
        if (named is { IsOpen: true })
        {
            return named;
        }

        var unitId = (await units.FindByCodeAsync(code, ct))?.Id ?? named?.UnitId;
        return unitId is { } id ? await localQueues.OfUnitAsync(id, serviceCode, municipalityCode, ct) : null;
    }

    /// <summary>
    /// Where new work on an existing matter goes when it belongs to <paramref name="queueId"/> (a thread's queue, a
    /// follow-up plan's): that queue while it is open; once it is closed, an open queue of the same unit, else the local
    /// queue of the municipality (<see cref="LocalQueues"/>). Null when nothing open takes it.
    /// </summary>
    public async Task<WorkQueue?> OpenQueueForAsync(Guid queueId, string? serviceCode, string? municipalityCode, CancellationToken ct)
    {
        var queue = await db.Set<WorkQueue>().FirstOrDefaultAsync(q => q.Id == queueId, ct);
        if (queue is { IsOpen: true })
        {
            return queue;
        }

        return (queue?.UnitId is { } unitId ? await localQueues.OfUnitAsync(unitId, serviceCode, municipalityCode, ct) : null)
            ?? await localQueues.ForMunicipalityAsync(municipalityCode, ct, serviceCode);
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
