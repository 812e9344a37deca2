using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Platform.Modules;

namespace Polku.Platform.Persistence;

/// <summary>
/// Applies the hand-written SQL migrations (<c>Data/Migrations/{sqlite|postgres}/NNNN_name.sql</c>, embedded in
/// each module) in order, each in its own transaction, recording them in <c>schema_migrations</c>. Safe to run
/// again and from several nodes at once: on PostgreSQL an advisory lock serialises migrators.
/// </summary>
public sealed class Migrator(PolkuDb db, ModuleCatalog catalog, ILogger<Migrator> logger, TimeProvider time)
{
    // Arbitrary constant identifying Polku's migration lock among advisory locks.
    private const long AdvisoryLockKey = 7_065_108_117;

    public sealed record Migration(string Id, string Module, string Name, Assembly Assembly, string Resource);

    public IReadOnlyList<Migration> Discover()
    {
        var engine = db.IsPostgres ? "postgres" : "sqlite";
        var prefix = $"migrations/{engine}/";
        var list = new List<Migration>();
        var assemblies = new List<(string Module, Assembly Assembly)> { ("platform", typeof(PolkuDb).Assembly) };
        assemblies.AddRange(catalog.Modules.Select(m => (m.Name, m.Assembly)));
        foreach (var (module, assembly) in assemblies)
        {
            foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(resource[prefix.Length..]);
                list.Add(new Migration($"{module}/{name}", module, name, assembly, resource));
            }
        }

        return list;
    }

    /// <summary>Applies every pending migration; returns the ids applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.IsPostgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }
            else
            {
                // WAL lets readers proceed while one writer commits; the setting is stored in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await ExecuteAsync(connection, null, db.IsPostgres
                ? "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_utc timestamptz NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_utc TEXT NOT NULL)", cancellationToken);

            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT id FROM schema_migrations";
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }

            var done = new List<string>();
            foreach (var migration in Discover().Where(m => !applied.Contains(m.Id)))
            {
                string sql;
                await using (var stream = migration.Assembly.GetManifestResourceStream(migration.Resource)!)
                using (var sr = new StreamReader(stream))
                {
                    sql = await sr.ReadToEndAsync(cancellationToken);
                }

                await using var tx = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                await ExecuteAsync(connection, tx, sql, cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = tx;
                    record.CommandText = "INSERT INTO schema_migrations (id, applied_utc) VALUES (@id, @at)";
                    AddParameter(record, "@id", migration.Id);
                    AddParameter(record, "@at", db.IsPostgres
                        ? time.GetUtcNow().UtcDateTime
                        : time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Migration}", migration.Id);
                done.Add(migration.Id);
            }

            if (db.IsPostgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", cancellationToken);
            }

            return done;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
#pragma warning disable CA2100 // The SQL is the project's own embedded migration text, never user input.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
