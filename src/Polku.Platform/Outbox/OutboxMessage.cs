namespace Polku.Platform.Outbox;

/// <summary>How a message leaves Polku.</summary>
public enum OutboxChannel
{
    Email,
    Sms,
    Webhook,
}

/// <summary>Delivery state of an outbox message.</summary>
public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxMessage.NextAttemptUtc"/>).</summary>
    Pending,

    /// <summary>Claimed by a dispatcher until <see cref="OutboxMessage.LeaseUntilUtc"/>; re-claimed when the lease expires.</summary>
    Sending,
    Sent,

    /// <summary>Gave up after the configured number of attempts; visible on the outbox page.</summary>
    Failed,
}

/// <summary>
/// One notification to one recipient, written in the same transaction as the change that caused it and delivered
/// later by <see cref="OutboxDispatcher"/>. Its <see cref="Id"/> doubles as the idempotency key towards the
/// e-mail and SMS services. Bodies are notifications ("you have a new message"), never health information.
/// </summary>
public sealed class OutboxMessage
{
    public const int RecipientMaxLength = 500;
    public const int SubjectMaxLength = 300;
    public const int DedupeKeyMaxLength = 200;
    public const int LastErrorMaxLength = 2000;
    public const int AttachmentNameMaxLength = 200;
    public const int AttachmentContentTypeMaxLength = 100;

    public Guid Id { get; set; }
    public DateTime CreatedUtc { get; set; }
    public OutboxChannel Channel { get; set; }

    /// <summary>E-mail address, phone number (E.164) or webhook URL.</summary>
    public string Recipient { get; set; } = "";
    public string? Subject { get; set; }
    public string Body { get; set; } = "";

    /// <summary>The logical notification, e.g. <c>message:{threadId}:{messageId}</c>; unique together with channel and recipient.</summary>
    public string DedupeKey { get; set; } = "";
    public OutboxStatus Status { get; set; }

    /// <summary>Delivery attempts started so far (counted when a dispatcher claims the message).</summary>
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? LeaseUntilUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? LastError { get; set; }

    /// <summary>Optional attachment, e.g. an iCalendar invitation.</summary>
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }

    /// <summary>The attachment's bytes as base64 text (portable across both database engines).</summary>
    public string? AttachmentBase64 { get; set; }

    public byte[]? AttachmentBytes() => AttachmentBase64 is null ? null : Convert.FromBase64String(AttachmentBase64);
}

/// <summary>An attachment to enqueue with a message.</summary>
public sealed record OutboxAttachment(string Name, string ContentType, byte[] Content);
