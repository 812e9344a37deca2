using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Platform.Localization;

namespace Polku.Contacts.Data;

public enum TaskType
{
    AssessmentResult,
    Form,
    Message,
    Callback,
    Chat,
    FollowUpAlert,
    InvitationToBook,
}

/// <summary>new → claimed → waiting for resident → done; a transfer puts the task back to new in another queue.</summary>
public enum TaskState
{
    New,
    Claimed,
    WaitingForResident,
    Done,
}

public enum CaseState
{
    Open,
    Closed,
}

/// <summary>
/// Työjono — a work queue of a unit, municipality and/or service, with members. Its service time follows the opening
/// hours of <see cref="HoursUnitId"/> (holidays and closed hours excluded); response targets are minutes of service time
/// per urgency class.
/// </summary>
internal sealed class WorkQueue
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public Guid? UnitId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? ServiceCode { get; set; }

    /// <summary>The unit whose opening hours are this queue's service time; null = always open.</summary>
    public Guid? HoursUnitId { get; set; }
    public int TargetP1Minutes { get; set; }
    public int TargetP2Minutes { get; set; }
    public int TargetP3Minutes { get; set; }
    public int TargetP4Minutes { get; set; }

    /// <summary><see cref="QueueChannels.Work"/> (tasks of every kind) or <see cref="QueueChannels.Chat"/> (a chat queue).</summary>
    public string Channel { get; set; } = QueueChannels.Work;

    /// <summary>A chat queue that serves only identified (signed-in) residents.</summary>
    public bool Identified { get; set; }

    /// <summary>
    /// The certificate kind (Training module, e.g. <c>chat</c>) a member must hold, valid; null = none. Without one a
    /// professional cannot be made a member, and the membership lapses when the certificate expires.
    /// </summary>
    public string? RequiredCertificate { get; set; }

    /// <summary>
    /// When the coordinator closed the queue; null while it is open. A closed queue receives no new work (routing, local
    /// queues, chat and transfers pass it by); its members still finish the work already in it.
    /// </summary>
    public DateTime? ClosedUtc { get; set; }
    public int Version { get; set; }

    public LocalizedText Name => new(NameFi, NameSv, NameEn);

    /// <summary>Whether the queue takes new work (<see cref="ClosedUtc"/> is not set).</summary>
    public bool IsOpen => ClosedUtc is null;

    /// <summary>The response target for work of the class, as a task carries it (<see cref="TaskUrgency.For"/>).</summary>
    public int TargetMinutes(Urgency urgency) => TaskUrgency.For(urgency) switch
    {
        Urgency.P1 => TargetP1Minutes,
        Urgency.P2 => TargetP2Minutes,
        Urgency.P3 => TargetP3Minutes,
        _ => TargetP4Minutes,
    };
}

/// <summary>The channels a work queue serves.</summary>
internal static class QueueChannels
{
    public const string Work = "work";
    public const string Chat = "chat";
}

internal sealed class QueueMember
{
    public Guid QueueId { get; set; }

    /// <summary>Identity staff id; no foreign key across modules.</summary>
    public Guid StaffId { get; set; }
}

/// <summary>
/// A membership that lapsed because the queue's required certificate was no longer valid: kept so the desk can tell the
/// professional why the queue is gone, and the coordinator whom to send to training.
/// </summary>
internal sealed class QueueLapse
{
    public Guid Id { get; set; }
    public Guid QueueId { get; set; }
    public Guid StaffId { get; set; }
    public string CertificateKind { get; set; } = "";

    /// <summary>When the certificate expired; null when the professional never held one (the requirement was added later).</summary>
    public DateTime? CertificateExpiredUtc { get; set; }
    public DateTime LapsedUtc { get; set; }
}

/// <summary>
/// A warning sent before a certificate a queue requires expires (30 and 7 days ahead). The key (professional, kind,
/// expiry, days ahead) decides that each is sent once, on whichever node claims it first.
/// </summary>
internal sealed class CertificateWarning
{
    public Guid StaffId { get; set; }
    public string CertificateKind { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public int DaysAhead { get; set; }
    public DateTime SentUtc { get; set; }
}

/// <summary>Asia — one resident matter across channels; everything about it links here.</summary>
internal sealed class Case
{
    public Guid Id { get; set; }
    public Guid ResidentId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? ServiceCode { get; set; }
    public string Title { get; set; } = "";
    public CaseState State { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>Tehtävä — work for a professional on a case, in a queue.</summary>
internal sealed class WorkTask
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid QueueId { get; set; }
    public TaskType Type { get; set; }

    /// <summary>One of <see cref="TaskUrgency.Classes"/> (P1–P4), stored as its code.</summary>
    public Urgency Urgency { get; set; }
    public TaskState State { get; set; }
    public string Title { get; set; } = "";

    /// <summary>The thing the task is about (message thread, call-back request …).</summary>
    public Guid? SourceId { get; set; }
    public Guid? AssigneeId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime DueUtc { get; set; }
    public DateTime? ClaimedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }

    /// <summary>handled-digitally, appointment-booked, referred, no-action-needed, …</summary>
    public string? Outcome { get; set; }
    public int Version { get; set; }
}

/// <summary>The full history of a task: every claim, release, transfer, reassignment and completion.</summary>
internal sealed class TaskEvent
{
    public Guid Id { get; set; }
    public Guid TaskId { get; set; }
    public DateTime AtUtc { get; set; }
    public Guid? ActorId { get; set; }

    /// <summary>created, claimed, released, transferred, reassigned, waiting, completed.</summary>
    public string Action { get; set; } = "";
    public Guid? FromQueueId { get; set; }
    public Guid? ToQueueId { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? Note { get; set; }
}

/// <summary>Valmis fraasi — a reply template of the county (unit null) or a unit, in three languages.</summary>
internal sealed class ReplyTemplate
{
    public Guid Id { get; set; }
    public Guid? UnitId { get; set; }
    public string Code { get; set; } = "";
    public string TitleFi { get; set; } = "";
    public string TitleSv { get; set; } = "";
    public string TitleEn { get; set; } = "";

    /// <summary>Body with placeholders such as <c>{first_name}</c>.</summary>
    public string BodyFi { get; set; } = "";
    public string BodySv { get; set; } = "";
    public string BodyEn { get; set; } = "";

    /// <summary>An attachable instruction: a link to a page or document.</summary>
    public string? InstructionUrl { get; set; }
    public string? InstructionTitle { get; set; }
    public int Version { get; set; }
}

/// <summary>Viestiketju — a secure message thread on a case between a resident and professionals.</summary>
internal sealed class MessageThread
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid ResidentId { get; set; }
    public Guid QueueId { get; set; }
    public string Subject { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime LastMessageUtc { get; set; }
}

public enum SenderKind
{
    Resident,
    Staff,
}

internal sealed class Message
{
    public Guid Id { get; set; }
    public Guid ThreadId { get; set; }
    public SenderKind SenderKind { get; set; }
    public Guid SenderId { get; set; }
    public string SenderName { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedUtc { get; set; }

    /// <summary>When the other party (resident for staff messages, any professional for resident messages) first read it.</summary>
    public DateTime? ReadUtc { get; set; }
}

/// <summary>A file attached to a message; its content is in the attachment store under <see cref="StorageKey"/>.</summary>
internal sealed class MessageAttachment
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public string StorageKey { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

/// <summary>The content of an attachment kept by the database store; read only when the file is downloaded.</summary>
internal sealed class MessageAttachmentBlob
{
    public Guid AttachmentId { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>Takaisinsoittopyyntö — a resident's request to be called back within a time window.</summary>
internal sealed class CallbackRequest
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid ResidentId { get; set; }
    public string MunicipalityCode { get; set; } = "";
    public string ServiceCode { get; set; } = "";
    public string Phone { get; set; } = "";
    public DateTime WindowFromUtc { get; set; }
    public DateTime WindowToUtc { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>reached, no-answer, wrong-number …; null until the call is recorded.</summary>
    public string? Result { get; set; }
    public string? ResultNote { get; set; }
    public DateTime? CalledUtc { get; set; }
    public Guid? CalledBy { get; set; }
}
