using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>Times a trivial query: how long the database takes to answer at all.</summary>
internal interface IDatabasePing
{
    Task<TimeSpan> PingAsync(CancellationToken cancellationToken);
}

internal sealed class DatabasePing(PolkuDb db) : IDatabasePing
{
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync(cancellationToken);
        return watch.Elapsed;
    }
}

/// <summary>
/// Polku's own signals as monitoring events (spec 06): an outbox backlog (the oldest undelivered message older than
/// the threshold, or more messages waiting than the threshold), failing deliveries (more dead letters than the
/// threshold) and a slow database (a timed <c>SELECT 1</c> at or over the threshold). Each is raised once when its
/// condition begins and cleared with one event when it ends: whether it is raised is read from its latest event, so
/// the state survives restarts and is shared by all nodes.
/// </summary>
internal sealed class SignalWatcher(PolkuDb db, OutboxMonitor outbox, IDatabasePing ping, TimeProvider time, IOptions<MonitoringOptions> options)
{
    /// <summary>Checks every signal once; returns the events written (raised or cleared).</summary>
    public async Task<IReadOnlyList<MonitoringEvent>> CheckAsync(CancellationToken ct)
    {
        var o = options.Value.Monitoring;
        var now = time.GetUtcNow().UtcDateTime;

        var overview = await outbox.OverviewAsync(0, ct);
        var waiting = overview.Counts.Where(c => c.Status is OutboxStatus.Pending or OutboxStatus.Sending).Sum(c => c.Count);
        var dead = overview.Counts.Where(c => c.Status == OutboxStatus.Failed).Sum(c => c.Count);
        var oldestMinutes = overview.OldestPendingUtc is { } oldest ? (now - oldest).TotalMinutes : 0;
        var elapsed = await ping.PingAsync(ct);

        var conditions = new (string Signal, bool On, string Detail)[]
        {
            (EventKinds.OutboxBacklog, waiting > o.OutboxBacklogCount || (overview.OldestPendingUtc is not null && oldestMinutes > o.OutboxBacklogMinutes),
                string.Create(CultureInfo.InvariantCulture, $"waiting={waiting} oldestMinutes={Math.Floor(oldestMinutes)}")),
            (EventKinds.DeliveriesFailing, dead > o.FailedDeliveries, string.Create(CultureInfo.InvariantCulture, $"failed={dead}")),
            (EventKinds.DatabaseSlow, elapsed.TotalMilliseconds >= o.SlowDatabaseMilliseconds,
                string.Create(CultureInfo.InvariantCulture, $"selectOneMs={(long)elapsed.TotalMilliseconds}")),
        };

        var written = new List<MonitoringEvent>();
        foreach (var (signal, on, detail) in conditions)
        {
            var cleared = signal + EventKinds.Cleared;
            var latest = await db.Set<MonitoringEvent>().AsNoTracking()
                .Where(e => e.ServiceId == null && (e.Kind == signal || e.Kind == cleared))
                .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Kind)
                .Select(e => e.Kind)
                .FirstOrDefaultAsync(ct);
            var raised = latest == signal;
            if (on == raised)
            {
                continue;
            }

            var e = new MonitoringEvent
            {
                Id = Guid.NewGuid(),
                AtUtc = now,
                Kind = on ? signal : cleared,
                Severity = on ? Severities.Warning : Severities.Info,
                Message = detail,
            };
            db.Add(e);
            written.Add(e);
        }

        if (written.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return written;
    }
}
