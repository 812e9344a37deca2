using Polku.Platform.Results;

namespace Polku.Contacts.Contracts;

/// <summary>A secure message a professional sends to a resident on one of the resident's cases.</summary>
public sealed record StaffMessage(Guid StaffId, Guid CaseId, Guid ResidentId, string Subject, string Body);

/// <summary>Secure messages to residents from other modules (e.g. an invitation to book with its link).</summary>
public interface IResidentMessages
{
    /// <summary>
    /// Starts a thread on the case and notifies the resident (SMS/e-mail without the content), as
    /// <see cref="StaffMessage.StaffId"/>, who must have a care relationship on the case. Returns the thread id;
    /// fails with <c>contacts.messages.not_found</c> or a validation code of the subject or body.
    /// </summary>
    Task<Result<Guid>> SendAsync(StaffMessage message, CancellationToken cancellationToken = default);
}
