using Polku.Platform.Results;

namespace Polku.Contacts.Contracts;

/// <summary>
/// Work that another module hands to the desk: it opens a case for the resident and puts a task in the named queue.
/// <paramref name="Kind"/> is <c>assessment-result</c> or <c>form</c>; <paramref name="Urgency"/> is P1…P4 (a care
/// guarantee class L2 is handled as P4, the queue's slowest target).
/// </summary>
public sealed record InboundWork(
    Guid ResidentId,
    string QueueCode,
    string Kind,
    string Urgency,
    string Title,
    Guid SourceId,
    string? MunicipalityCode,
    string? ServiceCode);

/// <summary>Where the work landed.</summary>
public sealed record InboundWorkReceipt(Guid CaseId, Guid TaskId, Guid QueueId, string QueueCode, DateTime DueUtc);

/// <summary>The desk's inbox for other modules.</summary>
public interface IWorkInbox
{
    /// <summary>
    /// Opens a case with a task in the queue whose code is <see cref="InboundWork.QueueCode"/> (a unit code such as
    /// <c>hs-638</c>), saves, and tells the queue's desks live. Fails with <c>work.queue_unknown</c> or
    /// <c>work.kind_unknown</c>.
    /// </summary>
    Task<Result<InboundWorkReceipt>> SubmitAsync(InboundWork work, CancellationToken cancellationToken = default);
}
