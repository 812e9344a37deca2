using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Polku.Platform.Persistence;

namespace Polku.Platform.Live;

/// <summary>Where the PostgreSQL live notifier and listener connect.</summary>
public sealed record PostgresLiveConnection(string ConnectionString)
{
    public const string Channel = "polku_live";
}

/// <summary>
/// Multi-node notifier: <c>SELECT pg_notify('polku_live', payload)</c>. Every node's <see cref="PostgresLiveListener"/>
/// — this node's too — receives the notification and hands it to its local <see cref="LiveHub"/>, so an event
/// reaches each subscriber exactly once whichever node it is connected to.
/// </summary>
public sealed class PostgresNotifier(PostgresLiveConnection connection) : ILiveNotifier, ITransactionalLiveNotifier
{
    public bool CanJoin(PolkuDb db) => db.IsPostgres && db.Database.CurrentTransaction is not null;

    /// <summary>
    /// One statement on the unit's own connection and transaction: PostgreSQL delivers the notifications when the
    /// transaction commits, in commit order, and never when it rolls back — no second connection, no window between
    /// the commit and the announcement.
    /// </summary>
    public async Task PublishInTransactionAsync(PolkuDb db, IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(events);
        var sql = new StringBuilder("SELECT ");
        var parameters = new List<object>(events.Count + 1) { PostgresLiveConnection.Channel };
        for (var i = 0; i < events.Count; i++)
        {
            events[i].Validate();
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"pg_notify({{0}}, {{{i + 1}}})");
            parameters.Add(LivePayload.Serialize(events[i]));
        }

        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
    }

    public async Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default)
    {
        liveEvent.Validate();
        await using var conn = new NpgsqlConnection(connection.ConnectionString);
        await conn.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", conn);
        cmd.Parameters.AddWithValue("channel", PostgresLiveConnection.Channel);
        cmd.Parameters.AddWithValue("payload", LivePayload.Serialize(liveEvent));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Holds one dedicated connection with <c>LISTEN polku_live</c> and forwards each notification to the local hub.
/// When the connection drops it reconnects with backoff (1 s doubling to 30 s). Events published while this node
/// was disconnected are lost to its clients; live events are hints, and pages re-read their state when a stream
/// reconnects, so nothing is lost that matters.
/// </summary>
public sealed class PostgresLiveListener(
    PostgresLiveConnection connection,
    LiveHub hub,
    TimeProvider time,
    ILogger<PostgresLiveListener> logger) : BackgroundService
{
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the current connection is listening (for tests and health reporting).</summary>
    public Task Listening => Volatile.Read(ref _listening).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
                {
                    // A dedicated, unpooled connection; keepalives detect a dead peer while idle in WaitAsync.
                    Pooling = false,
                    KeepAlive = 30,
                };
                await using var conn = new NpgsqlConnection(builder.ConnectionString);
                conn.Notification += OnNotification;
                await conn.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresLiveConnection.Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                logger.LogInformation("Listening for live events on PostgreSQL channel {Channel}.", PostgresLiveConnection.Channel);
                backoff = TimeSpan.FromSeconds(1);
                Volatile.Read(ref _listening).TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (_listening.Task.IsCompleted)
                {
                    Volatile.Write(ref _listening, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                logger.LogWarning(e, "Live event listener lost its PostgreSQL connection; reconnecting in {Delay}.", backoff);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel != PostgresLiveConnection.Channel)
        {
            return;
        }

        try
        {
            if (LivePayload.Deserialize(e.Payload) is { } liveEvent)
            {
                hub.Publish(liveEvent);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Ignored a malformed live event notification.");
        }
    }
}
