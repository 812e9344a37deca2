using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Audit;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Tasks;

/// <summary>The queue's hot path on PostgreSQL: a claim as one data-modifying statement (ADR 0006).</summary>
internal sealed class PostgresClaim(PolkuDb db, AuditWriter auditWriter, ILiveNotifier live)
{
    /// <summary>
    /// The claim on PostgreSQL in one statement — the queue's hot path (B4). The conditional UPDATE, the history row,
    /// the audit row and the live event (<c>pg_notify</c>, delivered by PostgreSQL when the statement commits) are one
    /// data-modifying query in its own implicit transaction: atomic without BEGIN/COMMIT, one round trip on one pooled
    /// connection, the row lock held for that round trip only. This is the one change that needs no
    /// <see cref="UnitOfWork"/>: a single statement is its own unit, and it writes everything the unit would have.
    /// The conditions are the portable path's (<c>QueueWork.ChangeAsync</c>); null when nothing was claimed (taken,
    /// not found or not one of the professional's queues — the caller tells which).
    /// </summary>
    public async Task<TaskRow?> TryAsync(Guid taskId, Guid staffId, DateTime now, CancellationToken ct)
    {
        var audited = auditWriter.Entry(Guid.Empty, AuditAccess.Change, "contacts.desk.task.claim");
        // With the in-process notifier (Live:Mode=InProcess on PostgreSQL) the event goes to the hub after the statement.
        var notifyInDatabase = live is PostgresNotifier;
        // Plain ADO.NET on the context's connection: EF's raw-SQL materializer is rebuilt per execution, which costs
        // more than the claim itself on this hot path.
        var connection = db.Database.GetDbConnection();
        TaskRow row;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = notifyInDatabase ? ClaimSql + ", " + ClaimNotifySql + ClaimFromSql : ClaimSql + ClaimFromSql;
            Add(command, "staff", staffId);
            Add(command, "now", now);
            Add(command, "task", taskId);
            Add(command, "event", Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)));
            Add(command, "audit", audited.Id);
            Add(command, "journal", Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)));
            Add(command, "actor", audited.ActorId, DbType.Guid);
            Add(command, "actor_name", audited.ActorName);
            Add(command, "actor_role", audited.ActorRole);
            Add(command, "action", audited.Action);
            Add(command, "reason", audited.Reason, DbType.String);
            Add(command, "emergency", audited.Emergency);
            Add(command, "remote", audited.RemoteAddress, DbType.String);
            Add(command, "endpoint", audited.Endpoint, DbType.String);
            if (notifyInDatabase)
            {
                Add(command, "channel", PostgresLiveConnection.Channel);
            }

            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            var task = new WorkTask
            {
                Id = reader.GetGuid(0),
                CaseId = reader.GetGuid(1),
                QueueId = reader.GetGuid(2),
                Type = Enum.Parse<TaskType>(reader.GetString(3)),
                Urgency = Enum.Parse<Urgency>(reader.GetString(4)),
                State = Enum.Parse<TaskState>(reader.GetString(5)),
                Title = reader.GetString(6),
                SourceId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
                AssigneeId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                CreatedUtc = Utc(reader.GetDateTime(9)),
                DueUtc = Utc(reader.GetDateTime(10)),
                ClaimedUtc = reader.IsDBNull(11) ? null : Utc(reader.GetDateTime(11)),
                CompletedUtc = reader.IsDBNull(12) ? null : Utc(reader.GetDateTime(12)),
                Outcome = reader.IsDBNull(13) ? null : reader.GetString(13),
                Version = reader.GetInt32(14),
            };
            row = new TaskRow(task, reader.GetGuid(15));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        if (!notifyInDatabase)
        {
            await live.PublishAsync(new LiveEvent(LiveAudiences.Queue(row.Task.QueueId), "task.claimed", taskId.ToString("D")), CancellationToken.None);
        }

        return row;
    }

    private static readonly string ClaimSql = ClaimTemplate
        .Replace("{Channel}", Case(QueueWork.ChannelOf), StringComparison.Ordinal)
        .Replace("{ContactKind}", Case(TaskWriter.ContactKindOf), StringComparison.Ordinal)
        .Replace("{Code}", Case(TaskTypes.Code), StringComparison.Ordinal);

    /// <summary>
    /// The same words as the portable path's service event (<see cref="TaskWriter.Journal"/>), as a CASE over the stored
    /// task type, written from the C# mapping so the two can never say different things.
    /// </summary>
    private static string Case(Func<TaskType, string> map) =>
        "CASE c.type " + string.Concat(Enum.GetValues<TaskType>().Select(t => $"WHEN '{t}' THEN '{map(t)}' ")) + "END";

    private const string ClaimTemplate = """
        WITH claimed AS (
            UPDATE contacts_work_tasks
               SET state = 'Claimed', assignee_id = @staff, claimed_utc = COALESCE(claimed_utc, @now), version = version + 1
             WHERE id = @task AND state = 'New' AND assignee_id IS NULL
               AND queue_id IN (SELECT queue_id FROM contacts_queue_members WHERE staff_id = @staff)
         RETURNING *),
        history AS (
            INSERT INTO contacts_task_events (id, task_id, at_utc, actor_id, action, assignee_id)
            SELECT @event, id, @now, @staff, 'claimed', @staff FROM claimed),
        claimed_row AS (
            SELECT c.*, k.resident_id FROM claimed c JOIN contacts_cases k ON k.id = c.case_id),
        audited AS (
            INSERT INTO platform_audit_entries (id, at_utc, subject_person_id, actor_id, actor_name, actor_role, action, access, reason, emergency, remote_address, endpoint)
            SELECT @audit, @now, resident_id, @actor, @actor_name, @actor_role, @action, 'change', @reason, @emergency, @remote, @endpoint FROM claimed_row),
        journaled AS (
            INSERT INTO platform_service_events (id, at_utc, type, municipality_code, unit_id, service_code, channel, digital, contact_kind, outcome,
                                                 waiting_seconds, handling_seconds, resident_key, detail)
            SELECT @journal, @now, 'task.claimed', k.municipality_code, q.unit_id, k.service_code, {Channel}, true, {ContactKind}, c.urgency,
                   GREATEST(0, LEAST(2147483647, FLOOR(EXTRACT(EPOCH FROM (COALESCE(c.claimed_utc, @now) - c.created_utc)))))::integer, NULL, NULL,
                   {Code} || ' due ' || to_char(c.due_utc AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
              FROM claimed c JOIN contacts_cases k ON k.id = c.case_id JOIN contacts_work_queues q ON q.id = c.queue_id)
        SELECT r.id, r.case_id, r.queue_id, r.type, r.urgency, r.state, r.title, r.source_id, r.assignee_id,
               r.created_utc, r.due_utc, r.claimed_utc, r.completed_utc, r.outcome, r.version, r.resident_id
        """;

    // The payload is LivePayload's: {"a": audience, "t": type, "i": id}.
    private const string ClaimNotifySql = """
        pg_notify(@channel, json_build_object('a', 'queue:' || r.queue_id::text, 't', 'task.claimed', 'i', r.id::text)::text)
        """;

    private const string ClaimFromSql = "\n  FROM claimed_row r";

    private static void Add(DbCommand command, string name, object? value, DbType? type = null)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        if (type is { } t)
        {
            p.DbType = t;
        }

        command.Parameters.Add(p);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
