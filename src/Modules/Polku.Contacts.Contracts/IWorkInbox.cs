using Polku.Assessments.Contracts;
using Polku.Platform.Results;

namespace Polku.Contacts.Contracts;

/// <summary>
/// Work that another module hands to the desk: it opens a case for the resident and puts a task in the named queue.
/// <paramref name="Kind"/> is <c>assessment-result</c>, <c>form</c> or <c>invitation-to-book</c>; <paramref name="Urgency"/> is
/// the work's urgency class, which the task carries as <see cref="TaskUrgency.For"/> maps it (e.g. a care guarantee
/// class L2 as P4, the queue's slowest target). With <paramref name="CaseId"/> the task
/// joins that existing case of the resident instead of opening a new one; with <paramref name="AssigneeId"/> it starts
/// assigned to that professional, waiting for the resident (an invitation waits for the resident to book). With
/// <paramref name="DueByUtc"/> — what the sender told the resident, e.g. the end of an assessment's urgency window — the
/// task is due then if that comes before the queue's own target, so the desk never answers later than promised.
/// </summary>
public sealed record InboundWork(
    Guid ResidentId,
    string QueueCode,
    string Kind,
    Urgency Urgency,
    string Title,
    Guid SourceId,
    string? MunicipalityCode,
    string? ServiceCode,
    Guid? CaseId = null,
    Guid? AssigneeId = null,
    DateTime? DueByUtc = null);

/// <summary>Where the work landed.</summary>
public sealed record InboundWorkReceipt(Guid CaseId, Guid TaskId, Guid QueueId, string QueueCode, DateTime DueUtc);

/// <summary>A desk task as another module may see it (e.g. to book an appointment from it).</summary>
/// <param name="Kind">The task type's code: <c>message</c>, <c>assessment-result</c>, <c>invitation-to-book</c> …</param>
/// <param name="State"><c>new</c>, <c>claimed</c>, <c>waiting-for-resident</c> or <c>done</c>.</param>
public sealed record WorkTaskInfo(
    Guid TaskId, Guid CaseId, Guid ResidentId, string QueueCode, Guid? QueueUnitId, string Kind, string State, string Title, string? ServiceCode);

/// <summary>The desk's inbox for other modules.</summary>
public interface IWorkInbox
{
    /// <summary>
    /// Opens a case with a task in the open queue whose code is <see cref="InboundWork.QueueCode"/>, else in the open work
    /// queue of the unit with that code that best fits the work's service and municipality (routing names units; a
    /// closed queue takes no new work), saves, and tells the queue's desks live. Fails with <c>work.queue_unknown</c>
    /// (nothing open takes it),
    /// <c>work.kind_unknown</c> or <c>work.urgency_unknown</c> (a value that is not an urgency class).
    /// </summary>
    Task<Result<InboundWorkReceipt>> SubmitAsync(InboundWork work, CancellationToken cancellationToken = default);

    /// <summary>The task when the professional may see it (it is in one of their queues or assigned to them), else null.</summary>
    Task<WorkTaskInfo?> FindVisibleTaskAsync(Guid taskId, Guid staffId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes a task on the system's behalf (e.g. the resident booked the appointment an invitation asked for) with one
    /// of the desk's outcomes (<c>appointment-booked</c> …) and a note for the history. A task already done is left as it
    /// is: true when this call completed it, false when it was done already; <c>task.not_found</c>, <c>task.outcome_invalid</c>.
    /// </summary>
    Task<Result<bool>> CompleteAsync(Guid taskId, string outcome, string? note, CancellationToken cancellationToken = default);
}

/// <summary>
/// A desk task carrying another module's work changed state. <paramref name="State"/> is <c>new</c>, <c>claimed</c>,
/// <c>waiting-for-resident</c> or <c>done</c> (with <paramref name="Outcome"/>); <paramref name="SourceId"/> is the
/// <see cref="InboundWork.SourceId"/> the work came with.
/// </summary>
public sealed record WorkTaskChanged(Guid TaskId, Guid CaseId, Guid ResidentId, string Kind, Guid SourceId, string State, string? Outcome, DateTime AtUtc);

/// <summary>
/// Follows the desk tasks of one kind of inbound work (e.g. <c>form</c>: the resident's status timeline). Called in the
/// unit of work of the change, so what it writes commits with it — except a claim on PostgreSQL, which is one statement
/// of its own (ADR 0006): it is told right after, in a unit of its own, so an observer must accept a change it has
/// already seen.
/// </summary>
public interface IWorkTaskObserver
{
    /// <summary>The task kind it follows (<see cref="InboundWork.Kind"/>).</summary>
    string Kind { get; }

    Task TaskChangedAsync(WorkTaskChanged change, CancellationToken cancellationToken = default);
}
