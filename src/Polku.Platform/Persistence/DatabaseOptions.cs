namespace Polku.Platform.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; for SQLite it defaults to <c>polku.db</c> in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and other local data (attachments, dev outbox).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Apply migrations at start-up. On by default in Development; production runs <c>migrate</c>.</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>
    /// Seed the demo county into an empty database. Development sets it (appsettings.Development.json); Production must
    /// set it explicitly (start-up is refused otherwise); unset elsewhere means no seeding.
    /// </summary>
    public bool? SeedDemoData { get; set; }

    public string ResolveConnectionString()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            return string.IsNullOrWhiteSpace(ConnectionString)
                ? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.")
                : ConnectionString;
        }

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        Directory.CreateDirectory(DataFolder);
        var path = Path.GetFullPath(Path.Combine(DataFolder, "polku.db"));
        // Default Timeout is also SQLite's busy timeout: a writer waits this long for the lock before failing.
        // A private cache per connection (SQLite's default), not Cache=Shared: with a shared cache the connections of
        // this process share one file lock, so BEGIN IMMEDIATE no longer puts writers in line, and locks are taken per
        // table, where two transactions can each hold what the other needs; Microsoft.Data.Sqlite then retries both
        // until the timeout. With private caches and WAL, readers never wait and writers queue at BEGIN.
        return $"Data Source={path};Default Timeout=30;Pooling=True";
    }
}
