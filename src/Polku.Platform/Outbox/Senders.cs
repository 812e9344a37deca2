namespace Polku.Platform.Outbox;

/// <summary>
/// Delivers one e-mail. Implementations must pass <see cref="OutboxMessage.Id"/> to the mail system as the
/// message's identity (<c>Message-ID: &lt;{id}@polku&gt;</c>) so a re-send after a crash is recognisable as the same
/// message. Throwing means "not delivered": the dispatcher retries with backoff.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers one SMS. Implementations must pass <see cref="OutboxMessage.Id"/> as the gateway's idempotency key
/// (<c>Idempotency-Key</c> header) so the gateway drops a re-send after a crash. Throwing means "not delivered".
/// </summary>
public interface ISmsSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers one webhook call (recipient is the URL). No adapter is registered yet; a module that needs webhooks
/// registers one. Until then webhook messages fail visibly after their retries.
/// </summary>
public interface IWebhookSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>The idempotency key sent with a message: its outbox id, stable across every attempt.</summary>
public static class OutboxIdempotency
{
    public static string Key(OutboxMessage message) => message.Id.ToString("D");

    /// <summary>The deterministic RFC 5322 Message-ID of an outbox e-mail.</summary>
    public static string MessageId(OutboxMessage message) => $"<{message.Id:D}@polku>";
}
