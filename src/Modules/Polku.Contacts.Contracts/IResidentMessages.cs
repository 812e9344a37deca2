using Microsoft.AspNetCore.Http;
using Polku.Platform.Results;

namespace Polku.Contacts.Contracts;

/// <summary>A secure message a professional sends to a resident on one of the resident's cases.</summary>
public sealed record StaffMessage(Guid StaffId, Guid CaseId, Guid ResidentId, string Subject, string Body);

/// <summary>
/// A file a resident (or a guardian acting for a child: <paramref name="SenderId"/> is who sends) adds to one of the
/// resident's cases, e.g. the attachment of a submitted form, with a subject and a line of text for the thread.
/// </summary>
public sealed record ResidentFiling(Guid ResidentId, Guid SenderId, string SenderName, Guid CaseId, string Subject, string Body, IFormFile File);

/// <summary>Secure messages to residents from other modules (e.g. an invitation to book with its link).</summary>
public interface IResidentMessages
{
    /// <summary>
    /// Starts a thread on the case and notifies the resident (SMS/e-mail without the content), as
    /// <see cref="StaffMessage.StaffId"/>, who must have a care relationship on the case. Returns the thread id;
    /// fails with <c>contacts.messages.not_found</c> or a validation code of the subject or body.
    /// </summary>
    Task<Result<Guid>> SendAsync(StaffMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the resident's file to their case as a thread from them (no new task: the case's own task carries it),
    /// checked by the messages' attachment rules; joins the caller's unit of work. Returns the thread id; fails with
    /// <c>contacts.messages.not_found</c> (not the resident's case, or nothing open on it) or the attachment's validation
    /// codes (<c>contacts.messages.attachment_empty</c>, <c>…_too_large</c>, <c>…_type</c>) naming the field <c>Attachment</c>.
    /// </summary>
    Task<Result<Guid>> FileAsync(ResidentFiling filing, CancellationToken cancellationToken = default);
}
