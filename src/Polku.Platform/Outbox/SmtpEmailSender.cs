using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Outbox;

/// <summary>Sends e-mail through an SMTP relay (<c>Outbox:Email:Mode = Smtp</c>).</summary>
public sealed class SmtpEmailSender(IOptions<OutboxOptions> options) : IEmailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value.Email;
        using var mail = MailBuilder.Build(message, o.From ?? throw new InvalidOperationException("Outbox:Email:From is not configured."));
        using var client = new SmtpClient(o.Host ?? throw new InvalidOperationException("Outbox:Email:Host is not configured."), o.Port)
        {
            EnableSsl = o.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)o.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(o.User))
        {
            client.Credentials = new NetworkCredential(o.User, o.Password);
        }

        await client.SendMailAsync(mail, cancellationToken);
    }
}

/// <summary>Builds the MIME message shared by the SMTP adapter and the pickup stand-in.</summary>
internal static class MailBuilder
{
    public static MailMessage Build(OutboxMessage message, string from)
    {
        var mail = new MailMessage(new MailAddress(from), new MailAddress(message.Recipient))
        {
            Subject = message.Subject ?? "",
            Body = message.Body,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = false,
        };

        // Exactly once at the recipient: a crash after the relay accepted the message but before the outbox row was
        // marked Sent makes another dispatcher send it again once the lease expires. The Message-ID is derived from
        // the outbox id, so every attempt carries the same identity and mail systems and clients that deduplicate
        // by Message-ID show it once.
        mail.Headers.Add("Message-ID", OutboxIdempotency.MessageId(message));
        if (message.AttachmentBytes() is { } bytes)
        {
            var attachment = new Attachment(new MemoryStream(bytes), message.AttachmentName ?? "attachment",
                message.AttachmentContentType ?? MediaTypeNames.Application.Octet);
            mail.Attachments.Add(attachment);
        }

        return mail;
    }
}
