namespace Polku.Assessments.Data;

/// <summary>
/// The first sight of each assessment version. A published version is immutable: when its file later hashes
/// differently the host refuses to start, because stored responses name that version.
/// </summary>
internal sealed class AssessmentVersionRecord
{
    public string AssessmentId { get; set; } = "";
    public string Version { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public bool Published { get; set; }
    public DateTime FirstLoadedUtc { get; set; }
}

internal enum ResponseState
{
    /// <summary>Saved by an identified resident to finish later.</summary>
    Draft,

    /// <summary>Evaluated and routed.</summary>
    Completed,

    /// <summary>Sent to a professional's work queue with the resident's consent.</summary>
    Sent,
}

/// <summary>Arvion vastaus — one answered assessment, its evaluation and where it was routed.</summary>
internal sealed class AssessmentResponse
{
    public Guid Id { get; set; }
    public string AssessmentId { get; set; } = "";

    /// <summary>The exact content version the answers were given against.</summary>
    public string AssessmentVersion { get; set; } = "";

    /// <summary>The resident the answers are about; null for an anonymous assessment.</summary>
    public Guid? ResidentId { get; set; }

    /// <summary>The person who answered when not the resident (a guardian for a child).</summary>
    public Guid? AnsweredById { get; set; }
    public string? MunicipalityCode { get; set; }
    public string Language { get; set; } = "fi";
    public ResponseState State { get; set; }
    public string AnswersJson { get; set; } = "{}";
    public string? Urgency { get; set; }
    public string? ServiceCode { get; set; }
    public string? OutcomeId { get; set; }
    public string? ScalesJson { get; set; }
    public string? TraceJson { get; set; }
    public string? RoutingRowId { get; set; }
    public string? DestinationKind { get; set; }
    public Guid? TaskId { get; set; }
    public string? QueueCode { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>Reititystaulu — one saved version of the county's local service routing table.</summary>
internal sealed class RoutingTableVersion
{
    public Guid Id { get; set; }
    public int Number { get; set; }
    public string TableJson { get; set; } = "";
    public Guid? SavedById { get; set; }
    public string? SavedByName { get; set; }
    public string? Note { get; set; }
    public DateTime SavedUtc { get; set; }
}

/// <summary>Where a submitted form is on the resident's status timeline (spec 04 "E-forms").</summary>
internal enum FormStatus
{
    /// <summary>In the queue, nobody has taken it yet.</summary>
    Received,

    /// <summary>A professional handles it.</summary>
    InProcess,

    /// <summary>The professional asked the resident for more information.</summary>
    WaitingForYou,

    /// <summary>Handled, with the desk's outcome.</summary>
    Completed,
}

/// <summary>Lomakkeen lähetys — a submitted e-form: the answers, whose it is, and the case and task that handle it.</summary>
internal sealed class FormSubmission
{
    public Guid Id { get; set; }
    public string FormId { get; set; } = "";
    public string FormVersion { get; set; } = "";

    /// <summary>The resident the form is about (a child when a guardian filled it in).</summary>
    public Guid ResidentId { get; set; }

    /// <summary>Who filled it in and sent it: the resident, or their guardian.</summary>
    public Guid SubmittedById { get; set; }
    public string MunicipalityCode { get; set; } = "";
    public string Language { get; set; } = "fi";
    public string AnswersJson { get; set; } = "{}";
    public string? ServiceCode { get; set; }
    public FormStatus Status { get; set; }
    public Guid CaseId { get; set; }
    public Guid TaskId { get; set; }
    public string QueueCode { get; set; } = "";

    /// <summary>The appointment a pre-information form was filled in for.</summary>
    public Guid? AppointmentId { get; set; }

    /// <summary>The thread that carries the resident's attachment, when the form had one.</summary>
    public Guid? AttachmentThreadId { get; set; }
    public string? Outcome { get; set; }
    public DateTime SubmittedUtc { get; set; }

    /// <summary>The expected handling time told to the resident: the submit plus the form's handling days.</summary>
    public DateTime ExpectedByUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>One step of a submission's status timeline.</summary>
internal sealed class FormStatusChange
{
    public Guid Id { get; set; }
    public Guid SubmissionId { get; set; }
    public FormStatus Status { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The submission's version the change made: the timeline's order even when two changes share an instant.</summary>
    public int Step { get; set; }
}
