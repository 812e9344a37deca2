namespace Polku.Training.Data;

/// <summary>Todistuslaji — a kind of certificate (<c>chat</c>, <c>symptom-queue</c> …): data, so a county defines its own.</summary>
internal sealed class CertificateKindRow
{
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
}

/// <summary>Koulutusohjelma — a training programme offered to organisations, units and professional titles.</summary>
internal sealed class Programme
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionFi { get; set; } = "";
    public string DescriptionSv { get; set; } = "";
    public string DescriptionEn { get; set; } = "";

    /// <summary>Offered to trainees (a coordinator's draft is not).</summary>
    public bool Published { get; set; } = true;
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>App-managed concurrency token for the coordinator's editing.</summary>
    public int Version { get; set; }
}

/// <summary>Whom a programme is for: an organisation, a unit (by code) or a professional title (nurse, doctor …).</summary>
internal sealed class ProgrammeAudience
{
    public Guid ProgrammeId { get; set; }

    /// <summary><see cref="AudienceKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string Value { get; set; } = "";
}

internal static class AudienceKinds
{
    public const string Organisation = "organisation";
    public const string Unit = "unit";
    public const string Title = "title";
    public static readonly IReadOnlyList<string> All = [Organisation, Unit, Title];
}

/// <summary>Kurssi — a course of a programme, in order, possibly granting a certificate.</summary>
internal sealed class Course
{
    public Guid Id { get; set; }
    public Guid ProgrammeId { get; set; }
    public string Code { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string DescriptionFi { get; set; } = "";
    public string DescriptionSv { get; set; } = "";
    public string DescriptionEn { get; set; } = "";

    /// <summary>Place within the programme (1, 2, 3 …); earlier courses come first.</summary>
    public int Position { get; set; }

    /// <summary>The certificate kind passing the course's exam grants, or null.</summary>
    public string? CertificateKind { get; set; }

    /// <summary>How long the certificate is valid, in months; null: it does not expire.</summary>
    public int? ValidityMonths { get; set; }

    /// <summary>A lighter online renewal path: no groups or sessions, open to holders of the kind's certificate.</summary>
    public bool IsRenewal { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>A course that must be completed (or whose certificate held) before another.</summary>
internal sealed class CoursePrerequisite
{
    public Guid CourseId { get; set; }
    public Guid RequiredCourseId { get; set; }
}

/// <summary>Kurssiryhmä — one run of a course: sessions, a place or an online link, a trainer and a capacity.</summary>
internal sealed class CourseGroup
{
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }
    public string Code { get; set; } = "";
    public string? Place { get; set; }
    public string? OnlineUrl { get; set; }
    public Guid? TrainerStaffId { get; set; }
    public int Capacity { get; set; }

    /// <summary>Places taken: raised only by <c>UPDATE … SET taken = taken + 1 WHERE taken &lt; capacity</c> (ADR 0017).</summary>
    public int Taken { get; set; }

    /// <summary>The last waiting-list number handed out in this group; the list is served in this order.</summary>
    public int WaitingLast { get; set; }
    public bool Mandatory { get; set; }

    /// <summary>The first session's start and the last session's end, kept with the sessions for lists and reminders.</summary>
    public DateTime FirstStartUtc { get; set; }
    public DateTime LastEndUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>One session of a group: start and end instants (entered and shown as Europe/Helsinki wall-clock time).</summary>
internal sealed class GroupSession
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
}

internal static class EnrolmentStatuses
{
    public const string Enrolled = "enrolled";
    public const string Waiting = "waiting";
    public const string Cancelled = "cancelled";
    public const string Completed = "completed";
}

/// <summary>Ilmoittautuminen — a trainee's place (or waiting-list place) in a group.</summary>
internal sealed class Enrolment
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid CourseId { get; set; }
    public Guid StaffId { get; set; }

    /// <summary><see cref="EnrolmentStatuses"/>.</summary>
    public string Status { get; set; } = EnrolmentStatuses.Enrolled;

    /// <summary>The waiting-list number in the group (served lowest first) while waiting; kept after a promotion.</summary>
    public int? WaitingNumber { get; set; }

    /// <summary>
    /// The course while the enrolment is live (enrolled, waiting or completed), null once cancelled: the unique index on
    /// (staff_id, active_course_id) allows one live enrolment per trainee and course on both engines without a partial index.
    /// </summary>
    public Guid? ActiveCourseId { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>When the place was taken (at enrolment, or at the promotion from the waiting list).</summary>
    public DateTime? EnrolledUtc { get; set; }
    public DateTime? CancelledUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
}

/// <summary>Attendance of an enrolled trainee at one session, marked by the trainer.</summary>
internal sealed class Attendance
{
    public Guid SessionId { get; set; }
    public Guid EnrolmentId { get; set; }
    public bool Present { get; set; }
    public Guid MarkedBy { get; set; }
    public DateTime MarkedUtc { get; set; }
}

internal static class MaterialKinds
{
    public const string Document = "document";
    public const string Link = "link";
    public const string Video = "video";
    public static readonly IReadOnlyList<string> All = [Document, Link, Video];
}

/// <summary>Materiaalipankki — a document, link or video, reused by many courses.</summary>
internal sealed class Material
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = MaterialKinds.Link;
    public string TitleFi { get; set; } = "";
    public string TitleSv { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string Url { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

internal sealed class CourseMaterial
{
    public Guid CourseId { get; set; }
    public Guid MaterialId { get; set; }
    public int Position { get; set; }
}

/// <summary>A discussion post on a course's page (group null) or on one group's page.</summary>
internal sealed class DiscussionPost
{
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }
    public Guid? GroupId { get; set; }
    public Guid AuthorStaffId { get; set; }
    public string AuthorName { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

/// <summary>Koe — the exam of a course: pass mark, attempts and the wait between them.</summary>
internal sealed class Exam
{
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }

    /// <summary>The share of questions answered right that passes, in per cent (1–100).</summary>
    public int PassPercent { get; set; }

    /// <summary>At most this many attempts; null: no limit.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Hours to wait after a failed attempt before the next.</summary>
    public int RetakeWaitHours { get; set; }
}

/// <summary>A question with its choices (JSON: <c>[{"key":"a","fi":…,"sv":…,"en":…}]</c>) and the keys of the right ones.</summary>
internal sealed class ExamQuestion
{
    public Guid Id { get; set; }
    public Guid ExamId { get; set; }
    public int Position { get; set; }
    public string TextFi { get; set; } = "";
    public string TextSv { get; set; } = "";
    public string TextEn { get; set; } = "";
    public string ChoicesJson { get; set; } = "[]";

    /// <summary>The right choices' keys, comma-separated; a question is right when exactly these are chosen.</summary>
    public string Correct { get; set; } = "";
}

/// <summary>One graded attempt; (exam, staff, number) is unique, so a double submission cannot count twice.</summary>
internal sealed class ExamAttempt
{
    public Guid Id { get; set; }
    public Guid ExamId { get; set; }
    public Guid StaffId { get; set; }
    public int Number { get; set; }
    public DateTime SubmittedUtc { get; set; }
    public int Score { get; set; }
    public int MaxScore { get; set; }
    public bool Passed { get; set; }
    public string AnswersJson { get; set; } = "{}";
}

/// <summary>Todistus — issued on passing; a renewal issues a new row of the same kind.</summary>
internal sealed class Certificate
{
    public Guid Id { get; set; }
    public Guid StaffId { get; set; }

    /// <summary>The holder's name when issued, as the certificate states it (the public check shows it).</summary>
    public string HolderName { get; set; } = "";
    public string Kind { get; set; } = "";
    public Guid CourseId { get; set; }
    public Guid? AttemptId { get; set; }
    public DateTime IssuedUtc { get; set; }
    public DateTime? ExpiresUtc { get; set; }
    public string VerificationCode { get; set; } = "";
}

/// <summary>Palaute — a trainee's feedback on a course: 1–5 and a text; one per trainee and course.</summary>
internal sealed class CourseFeedback
{
    public Guid Id { get; set; }
    public Guid CourseId { get; set; }
    public Guid StaffId { get; set; }
    public int Score { get; set; }
    public string? Text { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>
/// Each automatic message (confirmation, reminder, certificate, expiry warning) by its key: the primary key makes it
/// once only, whichever node sends it (<c>INSERT … ON CONFLICT DO NOTHING</c> in the unit that writes the outbox rows).
/// </summary>
internal sealed class MessageLogEntry
{
    public string MessageKey { get; set; } = "";
    public Guid StaffId { get; set; }
    public DateTime SentUtc { get; set; }
}

/// <summary>
/// The county's own text of an automatic message in one language (issue 16, part 6): an empty subject or body means
/// the default text of that part. Rows are never deleted — restoring the default empties them — so the version only grows.
/// </summary>
internal sealed class MessageTextOverride
{
    /// <summary>The message's name (<c>enrolled</c>, <c>reminder_24h</c> …), see <c>TrainingMessageKinds</c>.</summary>
    public string TextKey { get; set; } = "";
    public string Language { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public Guid UpdatedBy { get; set; }
    public string UpdatedByName { get; set; } = "";
    public DateTime UpdatedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>A message the coordinator or a group's trainer wrote to the group's participants; sent once per recipient through the outbox.</summary>
internal sealed class GroupMessage
{
    public Guid Id { get; set; }
    public Guid GroupId { get; set; }
    public Guid SenderId { get; set; }
    public string SenderName { get; set; } = "";

    /// <summary><c>enrolled</c>, <c>waiting</c> or <c>both</c>.</summary>
    public string Audience { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime SentUtc { get; set; }
    public int RecipientCount { get; set; }

    /// <summary>Recipients the people directory has no e-mail address for: counted, not sent to.</summary>
    public int WithoutEmailCount { get; set; }

    /// <summary>The form's one-time key: unique, so the same form posted twice sends once.</summary>
    public Guid FormKey { get; set; }
}

/// <summary>Koulutustila — a room of the coordinator's register; a group's place is filled from it (the group keeps the text).</summary>
internal sealed class TrainingRoom
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";

    /// <summary>Seats, when known: a group with more places gets a warning, not an error.</summary>
    public int? Capacity { get; set; }
    public bool Active { get; set; }
    public DateTime CreatedUtc { get; set; }

    /// <summary>The text a group's place gets when the room is chosen.</summary>
    public string Place => Address.Length == 0 ? Name : Name + ", " + Address;
}
