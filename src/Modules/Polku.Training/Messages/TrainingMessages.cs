using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Web;

namespace Polku.Training.Messages;

/// <summary>
/// Every automatic message of the module (confirmations, waiting-list and promotion notices, reminders, certificates,
/// expiry warnings) goes out here, inside the caller's unit of work: first the message's key is written to
/// <c>training_message_log</c> with <c>INSERT … ON CONFLICT (message_key) DO NOTHING</c>, and only the unit whose insert
/// added the row writes the outbox e-mail. So a message is sent once across nodes and retries: a concurrent twin on
/// PostgreSQL waits for the first insert's transaction and then inserts nothing; on SQLite the units are serialised by
/// their IMMEDIATE transactions. A rolled-back unit takes its log row with it, so the message is tried again later.
/// The outbox's own dedupe key (the same key) is a second guard.
/// </summary>
internal sealed class TrainingMessages(PolkuDb db, Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, MessageTexts texts, PublicSite site, TimeProvider time)
{
    /// <summary>Claims the key and writes the e-mail; false when the message was already sent (or the claim lost).</summary>
    /// <remarks>The texts are the county's own (<see cref="MessageTexts"/>) where it has them, else the defaults; the arguments are the kind's placeholders in order.</remarks>
    public async Task<bool> SendAsync(Guid staffId, string key, TrainingMessageKind kind, string link, Func<string, object?[]> args, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO training_message_log (message_key, staff_id, sent_utc) VALUES ({key}, {staffId}, {now}) ON CONFLICT (message_key) DO NOTHING", ct);
        if (claimed == 0)
        {
            return false;
        }

        if (await people.FindStaffAsync(staffId, ct) is not { Email: { Length: > 0 } email })
        {
            // Logged anyway: a professional without an address cannot be reached by a retry either.
            return true;
        }

        // Staff records carry no language of their own; the county's staff read Finnish first, with the other two below,
        // each language's part headed by its subject. The e-mail's subject is the Finnish one.
        var parts = new List<(string Subject, string Body)>();
        foreach (var l in LocalizedText.Languages)
        {
            parts.Add(await texts.ForSendingAsync(kind, l, args(l), ct));
        }

        var body = string.Join("\n\n", parts.Select(p => p.Subject + "\n" + p.Body)) + "\n\n" + site.Url(link);
        var subject = parts[0].Subject.Length > Polku.Platform.Outbox.OutboxMessage.SubjectMaxLength ? parts[0].Subject[..Polku.Platform.Outbox.OutboxMessage.SubjectMaxLength] : parts[0].Subject;
        outbox.EnqueueEmail(email, subject, body, key);
        return true;
    }

    /// <summary>Whether a message with the key has been sent (tests and the trainer's view).</summary>
    public Task<bool> WasSentAsync(string key, CancellationToken ct) => db.Set<Data.MessageLogEntry>().AnyAsync(m => m.MessageKey == key, ct);
}
