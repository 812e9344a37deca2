namespace Polku.Contacts.Contracts;

/// <summary>
/// One event of a resident's service history (seed 001's unified service history), as a professional with a care
/// relationship reads it on the resident's timeline. Every text is already in the reader's language: a source never
/// hands over a code, an id or a fallback in another language.
/// </summary>
/// <param name="AtUtc">When it happened (UTC): a case opened, an assessment was sent, an appointment starts …</param>
/// <param name="Kind">One of <see cref="TimelineKinds.All"/> (<c>case</c>, <c>assessment</c>, <c>appointment</c> …).</param>
/// <param name="Title">What it is: a case's title, an assessment's or form's name, "Appointment: health station".</param>
/// <param name="Status">Where it is now: "Closed", "Sent to the desk", "Cancelled", "Ongoing" …</param>
/// <param name="Service">The service's name, when the event has one.</param>
/// <param name="Producer">The unit (or work queue) that produced or handles it, when known.</param>
/// <param name="Url">A desk page the professional may open about it, built from route constants; null when there is none.</param>
public sealed record TimelineEntry(DateTime AtUtc, string Kind, string Title, string Status, string? Service, string? Producer, string? Url);

/// <summary>The kinds of <see cref="TimelineEntry"/>, in the order the timeline's filter offers them.</summary>
public static class TimelineKinds
{
    public const string Case = "case";
    public const string Assessment = "assessment";
    public const string Appointment = "appointment";
    public const string Message = "message";
    public const string Chat = "chat";
    public const string Form = "form";
    public const string Callback = "callback";
    public const string FollowUp = "follow-up";

    public static IReadOnlyList<string> All { get; } = [Case, Assessment, Appointment, Message, Chat, Form, Callback, FollowUp];

    /// <summary>How many entries of one kind a source gives at most: the newest ones.</summary>
    public const int MaxPerKind = 500;
}

/// <summary>
/// What a module adds to a resident's timeline: each module that owns a resident's service data (Contacts: cases,
/// message threads, chats, call-backs, follow-up plans; Assessments: results and forms; Appointments: appointments)
/// implements it, and the desk's timeline page merges every source in time order. The page decides who may read it
/// (a care relationship, or flagged emergency access) and audits the opening; a source only reads, without tracking,
/// at most <see cref="TimelineKinds.MaxPerKind"/> newest entries of each of its kinds.
/// </summary>
public interface IResidentTimelineSource
{
    /// <summary>The resident's entries from this module, texts in <paramref name="language"/> (<c>fi</c>, <c>sv</c> or <c>en</c>), in any order.</summary>
    Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid residentId, string language, CancellationToken cancellationToken = default);
}
