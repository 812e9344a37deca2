using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;

namespace Polku.Platform.Outbox;

/// <summary>
/// Writes outgoing notifications into the outbox. <see cref="Enqueue"/> only adds the row to the
/// <see cref="PolkuDb"/> change tracker: the caller's <c>SaveChanges</c> commits it together with the business
/// change that caused it, so a rolled-back change never sends anything and a committed one is never forgotten.
/// </summary>
/// <remarks>
/// The row is unique by (dedupe key, channel, recipient). Callers derive the dedupe key deterministically from the
/// business event (<c>message:{threadId}:{messageId}</c>, <c>booking:{id}:confirmed</c>), so a retried request
/// produces the same key. Enqueueing a key that is already stored makes <c>SaveChanges</c> fail with a unique
/// violation and roll back the whole transaction; when a caller cannot rule that out (e.g. a job that may run
/// again), it uses <see cref="EnqueueIfAbsentAsync"/>, which skips keys already stored or tracked and leaves the
/// unique constraint as the final guard against a concurrent twin.
/// </remarks>
public sealed class Outbox(PolkuDb db, TimeProvider time)
{
    /// <summary>Adds a message to the change tracker without saving; returns it (its id is the idempotency key).</summary>
    public OutboxMessage Enqueue(
        OutboxChannel channel,
        string recipient,
        string dedupeKey,
        string body,
        string? subject = null,
        OutboxAttachment? attachment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupeKey);
        ArgumentNullException.ThrowIfNull(body);
        recipient = recipient.Trim();
        if (recipient.Length > OutboxMessage.RecipientMaxLength)
        {
            throw new ArgumentException("The recipient is too long.", nameof(recipient));
        }

        if (dedupeKey.Length > OutboxMessage.DedupeKeyMaxLength)
        {
            throw new ArgumentException("The dedupe key is too long.", nameof(dedupeKey));
        }

        if (subject is { Length: > OutboxMessage.SubjectMaxLength })
        {
            subject = subject[..OutboxMessage.SubjectMaxLength];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CreatedUtc = now,
            Channel = channel,
            Recipient = recipient,
            Subject = subject,
            Body = body,
            DedupeKey = dedupeKey,
            Status = OutboxStatus.Pending,
            Attempts = 0,
            NextAttemptUtc = now,
            AttachmentName = attachment?.Name,
            AttachmentContentType = attachment?.ContentType,
            AttachmentBase64 = attachment is null ? null : Convert.ToBase64String(attachment.Content),
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }

    public OutboxMessage EnqueueEmail(string to, string subject, string body, string dedupeKey, OutboxAttachment? attachment = null) =>
        Enqueue(OutboxChannel.Email, to, dedupeKey, body, subject, attachment);

    public OutboxMessage EnqueueSms(string to, string text, string dedupeKey) =>
        Enqueue(OutboxChannel.Sms, to, dedupeKey, text);

    /// <summary>
    /// Like <see cref="Enqueue"/>, but returns null (and adds nothing) when the same notification for the same
    /// recipient is already stored or already tracked in this unit of work. Two concurrent transactions can still
    /// both pass the check; the unique index then rejects the second commit.
    /// </summary>
    public async Task<OutboxMessage?> EnqueueIfAbsentAsync(
        OutboxChannel channel,
        string recipient,
        string dedupeKey,
        string body,
        string? subject = null,
        OutboxAttachment? attachment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        var trimmed = recipient.Trim();
        var set = db.Set<OutboxMessage>();
        if (set.Local.Any(m => m.Channel == channel && m.Recipient == trimmed && m.DedupeKey == dedupeKey)
            || await set.AnyAsync(m => m.Channel == channel && m.Recipient == trimmed && m.DedupeKey == dedupeKey, cancellationToken))
        {
            return null;
        }

        return Enqueue(channel, trimmed, dedupeKey, body, subject, attachment);
    }
}
