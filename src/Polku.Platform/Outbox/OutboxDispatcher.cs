using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;

namespace Polku.Platform.Outbox;

/// <summary>
/// Delivers outbox messages. Every node may run one: a round claims a batch of due messages atomically (a claim is
/// a lease, so no two nodes send the same message at the same time), sends each, then marks it Sent or schedules a
/// retry with exponential backoff, and after <see cref="OutboxOptions.MaxAttempts"/> marks it Failed.
/// </summary>
/// <remarks>
/// Crash safety. A node can die after the e-mail relay or SMS gateway accepted a message but before the row was
/// marked Sent. The row then stays <c>Sending</c> until its lease expires and another round sends it again: the
/// database alone cannot make "send" and "mark sent" one atomic step. What makes delivery exactly-once at the
/// recipient is that every attempt carries the same idempotency key, the outbox id: SMTP messages have the
/// deterministic header <c>Message-ID: &lt;{id}@polku&gt;</c> and SMS gateway requests an <c>Idempotency-Key: {id}</c>
/// header, so the receiving system recognises and drops the repeat. See docs/outbox.md.
/// </remarks>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger,
    Observability.PolkuMetrics metrics) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled)
        {
            logger.LogInformation("Outbox dispatcher is disabled on this node.");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Outbox round failed; retrying after the poll interval.");
            }

            // A full batch suggests more is due: go again at once; otherwise wait.
            if (handled < options.Value.BatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims up to a batch of due messages and attempts each; returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var o = options.Value;
        var now = Truncate(time.GetUtcNow().UtcDateTime);
        var lease = now + o.LeaseDuration;
        var claimed = db.IsPostgres
            ? await ClaimPostgresAsync(db, now, lease, o.BatchSize, cancellationToken)
            : await ClaimSqliteAsync(db, now, lease, o.BatchSize, cancellationToken);

        foreach (var message in claimed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DeliverAsync(scope.ServiceProvider, db, message, lease, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>
    /// PostgreSQL: one statement claims the batch; <c>FOR UPDATE SKIP LOCKED</c> lets concurrent nodes take
    /// disjoint rows without waiting for each other.
    /// </summary>
    private static async Task<List<OutboxMessage>> ClaimPostgresAsync(PolkuDb db, DateTime now, DateTime lease, int batch, CancellationToken ct) =>
        await db.Set<OutboxMessage>().FromSql($"""
            UPDATE platform_outbox_messages
               SET status = 'Sending', lease_until_utc = {lease}, attempts = attempts + 1
             WHERE id IN (
                   SELECT id FROM platform_outbox_messages
                    WHERE (status = 'Pending' AND next_attempt_utc <= {now})
                       OR (status = 'Sending' AND lease_until_utc < {now})
                    ORDER BY next_attempt_utc
                    LIMIT {batch}
                      FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);

    /// <summary>
    /// SQLite: candidates are read without a lock, then each is claimed by a conditional update that re-checks the
    /// due condition in the same statement; only the dispatcher whose update changed the row owns it.
    /// </summary>
    private static async Task<List<OutboxMessage>> ClaimSqliteAsync(PolkuDb db, DateTime now, DateTime lease, int batch, CancellationToken ct)
    {
        var set = db.Set<OutboxMessage>();
        var candidates = await set.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptUtc <= now) || (m.Status == OutboxStatus.Sending && m.LeaseUntilUtc < now))
            .OrderBy(m => m.NextAttemptUtc)
            .Select(m => m.Id)
            .Take(batch)
            .ToListAsync(ct);

        var won = new List<Guid>(candidates.Count);
        foreach (var id in candidates)
        {
            var changed = await set
                .Where(m => m.Id == id
                    && ((m.Status == OutboxStatus.Pending && m.NextAttemptUtc <= now) || (m.Status == OutboxStatus.Sending && m.LeaseUntilUtc < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.LeaseUntilUtc, lease)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (changed == 1)
            {
                won.Add(id);
            }
        }

        return won.Count == 0 ? [] : await set.AsNoTracking().Where(m => won.Contains(m.Id)).ToListAsync(ct);
    }

    private async Task DeliverAsync(IServiceProvider services, PolkuDb db, OutboxMessage message, DateTime lease, CancellationToken ct)
    {
        var o = options.Value;
        var set = db.Set<OutboxMessage>();
        try
        {
            await SendAsync(services, message, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the message stays leased and is retried, with the same idempotency key, after the lease.
            throw;
        }
        catch (Exception e)
        {
            var failed = message.Attempts >= o.MaxAttempts;
            var error = Truncate($"{e.GetType().Name}: {e.Message}", OutboxMessage.LastErrorMaxLength);
            var next = Truncate(time.GetUtcNow().UtcDateTime) + o.Backoff(message.Attempts);
            logger.LogWarning("Outbox message {Id} ({Channel}) attempt {Attempt} failed{Final}: {Error}",
                message.Id, message.Channel, message.Attempts, failed ? " for the last time" : "", error);
            metrics.OutboxDeliveryFailed(message.Channel, failed);
            await set.Where(m => m.Id == message.Id && m.Status == OutboxStatus.Sending && m.LeaseUntilUtc == lease)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
                    .SetProperty(m => m.NextAttemptUtc, next)
                    .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                    .SetProperty(m => m.LastError, error), CancellationToken.None);
            return;
        }

        // The lease value is the claim's fencing token: if this node was too slow and another node re-claimed the
        // message, the other node owns the row now and this update changes nothing.
        var marked = await set.Where(m => m.Id == message.Id && m.Status == OutboxStatus.Sending && m.LeaseUntilUtc == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentUtc, Truncate(time.GetUtcNow().UtcDateTime))
                .SetProperty(m => m.LeaseUntilUtc, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
        metrics.OutboxSent(message.Channel);
        if (marked == 0)
        {
            logger.LogWarning("Outbox message {Id} was sent after its lease expired; another dispatcher owns it now.", message.Id);
        }
    }

    private static Task SendAsync(IServiceProvider services, OutboxMessage message, CancellationToken ct) => message.Channel switch
    {
        OutboxChannel.Email => services.GetRequiredService<IEmailSender>().SendAsync(message, ct),
        OutboxChannel.Sms => services.GetRequiredService<ISmsSender>().SendAsync(message, ct),
        OutboxChannel.Webhook => (services.GetService<IWebhookSender>()
            ?? throw new InvalidOperationException("No webhook sender is registered.")).SendAsync(message, ct),
        _ => throw new InvalidOperationException($"Unknown channel {message.Channel}."),
    };

    /// <summary>Whole milliseconds, so a timestamp compares equal after a round trip through either database.</summary>
    private static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
