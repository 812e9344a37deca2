using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;

namespace Polku.Platform.Outbox;

/// <summary>Messages of one status and channel.</summary>
public sealed record OutboxCount(OutboxStatus Status, OutboxChannel Channel, int Count);

/// <summary>A message that failed at least once, without its content; the recipient and the error are masked.</summary>
public sealed record OutboxFailure(
    Guid Id, DateTime CreatedUtc, OutboxChannel Channel, string MaskedRecipient, OutboxStatus Status, int Attempts, DateTime NextAttemptUtc, string? Error);

/// <summary>The outbox at a glance: counts, the oldest undelivered message and the latest failures.</summary>
public sealed record OutboxOverview(IReadOnlyList<OutboxCount> Counts, DateTime? OldestPendingUtc, IReadOnlyList<OutboxFailure> Failures);

/// <summary>
/// The outbox's state for the people who run the service (the service-management page and the gauges) and the one
/// repair they may make: putting a dead letter back for delivery. Never exposes a message's content or its full
/// recipient; recipients and error texts are masked (an SMTP error often quotes the address).
/// </summary>
public sealed partial class OutboxMonitor(PolkuDb db, TimeProvider time)
{
    /// <summary>Counts by status and channel, the oldest undelivered message and up to <paramref name="failures"/> failures, latest first.</summary>
    public async Task<OutboxOverview> OverviewAsync(int failures, CancellationToken ct)
    {
        var set = db.Set<OutboxMessage>().AsNoTracking();
        var counts = await set.GroupBy(m => new { m.Status, m.Channel })
            .Select(g => new { g.Key.Status, g.Key.Channel, Count = g.Count() })
            .ToListAsync(ct);
        var oldest = await Undelivered(set).MinAsync(m => (DateTime?)m.CreatedUtc, ct);
        // Failed messages and those waiting for a retry; a retry's next attempt is "failure time + backoff",
        // so ordering by it puts the most recent failures first.
        var failed = await set
            .Where(m => m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.Attempts > 0 && m.LastError != null))
            .OrderByDescending(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Take(failures)
            .Select(m => new { m.Id, m.CreatedUtc, m.Channel, m.Recipient, m.Status, m.Attempts, m.NextAttemptUtc, m.LastError })
            .ToListAsync(ct);
        return new OutboxOverview(
            [.. counts.Select(c => new OutboxCount(c.Status, c.Channel, c.Count)).OrderBy(c => c.Status).ThenBy(c => c.Channel)],
            oldest is { } o ? DateTime.SpecifyKind(o, DateTimeKind.Utc) : null,
            [.. failed.Select(m => new OutboxFailure(m.Id, DateTime.SpecifyKind(m.CreatedUtc, DateTimeKind.Utc), m.Channel, MaskRecipient(m.Channel, m.Recipient),
                m.Status, m.Attempts, DateTime.SpecifyKind(m.NextAttemptUtc, DateTimeKind.Utc), m.LastError is { } e ? MaskError(e) : null))]);
    }

    /// <summary>
    /// Puts a dead letter back for one more delivery attempt now. Attempts and the last error are kept, so a message
    /// that fails again becomes a dead letter again at once instead of starting a new series of retries. False when
    /// the message is not (or no longer) a dead letter, e.g. someone else retried it a moment ago.
    /// </summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return await db.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.NextAttemptUtc, now), ct) == 1;
    }

    private static IQueryable<OutboxMessage> Undelivered(IQueryable<OutboxMessage> set) =>
        set.Where(m => m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending);

    /// <summary>Enough of a recipient to tell messages apart, not enough to identify the person: <c>m•••@e•••.fi</c>, <c>+358•••••67</c>.</summary>
    public static string MaskRecipient(OutboxChannel channel, string recipient)
    {
        recipient = recipient.Trim();
        switch (channel)
        {
            case OutboxChannel.Email:
                var at = recipient.LastIndexOf('@');
                if (at <= 0)
                {
                    return "•••";
                }

                var domain = recipient[(at + 1)..];
                var dot = domain.LastIndexOf('.');
                var tld = dot >= 0 ? domain[dot..] : "";
                return $"{recipient[0]}•••@{(domain.Length > 0 ? domain[0] + "•••" : "")}{tld}";
            case OutboxChannel.Sms:
                var digits = recipient.Where(char.IsAsciiDigit).ToArray();
                return digits.Length <= 4
                    ? "•••"
                    : (recipient.StartsWith('+') ? "+" : "") + new string(digits[..Math.Min(3, digits.Length - 4)]) + "•••••" + new string(digits[^2..]);
            default:
                return Uri.TryCreate(recipient, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/•••" : "•••";
        }
    }

    /// <summary>An error text with e-mail addresses, phone numbers and identity codes masked.</summary>
    public static string MaskError(string error)
    {
        var masked = EmailAddress().Replace(IdentityCodeRedactor.Redact(error), m => MaskRecipient(OutboxChannel.Email, m.Value));
        return PhoneNumber().Replace(masked, m => MaskRecipient(OutboxChannel.Sms, m.Value));
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    // Seven or more digits, optionally after a +, with spaces or dashes between groups: a phone number in an error text.
    [GeneratedRegex(@"\+?\d(?:[ \-]?\d){6,}", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}

/// <summary>The outbox's gauges: what waits to be delivered and what gave up, by channel, and how old the oldest waiting message is.</summary>
internal sealed class OutboxGauges(TimeProvider time) : IGaugeSource
{
    public IReadOnlyList<GaugeInstrument> Instruments { get; } =
    [
        new("polku.outbox.pending", "{message}", "Outbox messages not yet delivered (waiting or being sent), by channel."),
        new("polku.outbox.failed", "{message}", "Outbox messages that gave up (dead letters), by channel; retry them on /service/outbox."),
        new("polku.outbox.oldest_pending_age", "s", "Age of the oldest undelivered outbox message; 0 when nothing waits."),
    ];

    public async Task ReadAsync(IServiceProvider services, GaugeReadings readings, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PolkuDb>();
        // Sent rows are the bulk of the table and are left out by the (status, next_attempt_utc) index.
        var open = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Status != OutboxStatus.Sent)
            .GroupBy(m => new { m.Status, m.Channel })
            .Select(g => new { g.Key.Status, g.Key.Channel, Count = g.Count(), Oldest = g.Min(m => m.CreatedUtc) })
            .ToListAsync(cancellationToken);
        foreach (var channel in Enum.GetValues<OutboxChannel>())
        {
            var tag = new KeyValuePair<string, object?>("channel", PolkuMetrics.ChannelTag(channel));
            readings.Add("polku.outbox.pending", open.Where(c => c.Channel == channel && c.Status != OutboxStatus.Failed).Sum(c => (long)c.Count), tag);
            readings.Add("polku.outbox.failed", open.Where(c => c.Channel == channel && c.Status == OutboxStatus.Failed).Sum(c => (long)c.Count), tag);
        }

        var oldest = open.Where(c => c.Status != OutboxStatus.Failed).Select(c => (DateTime?)c.Oldest).Min();
        var age = oldest is { } o ? time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(o, DateTimeKind.Utc) : TimeSpan.Zero;
        readings.Add("polku.outbox.oldest_pending_age", Math.Max(0, (long)age.TotalSeconds));
    }
}
