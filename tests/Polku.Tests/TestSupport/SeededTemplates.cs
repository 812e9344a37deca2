using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Polku.Tests.TestSupport;

/// <summary>
/// Migrated and seeded databases that <see cref="PolkuAppFactory"/> copies instead of migrating and seeding the demo
/// county for every factory: on PostgreSQL <c>CREATE DATABASE … TEMPLATE</c>, on SQLite the file through SQLite's
/// backup API. A template belongs to this test process (built on first use, removed when the process exits) and to one
/// <see cref="TemplateKey"/>: everything the seeded content depends on (see <see cref="Key"/>).
/// </summary>
internal static class SeededTemplates
{
    /// <summary>Set to <c>off</c>, every factory migrates and seeds its own database (to compare, or to debug seeding).</summary>
    public const string Variable = "POLKU_TEST_SEED_TEMPLATES";

    /// <summary>The file the application keeps its SQLite database in under <c>Database:DataFolder</c>.</summary>
    public const string SqliteFileName = "polku.db";

    /// <summary>
    /// With the system clock the seeded content (slots from "today", ages, the demo matters' times) follows the time of
    /// seeding; a template serves factories started within the same ten minutes (aligned, so never across Helsinki's
    /// midnight, which is a whole hour in UTC).
    /// </summary>
    public static readonly TimeSpan SystemClockBucket = TimeSpan.FromMinutes(10);

    /// <summary>Tells this process's templates apart from another test run's on the same server.</summary>
    public static readonly string ProcessToken = Guid.NewGuid().ToString("N")[..8];

    private static readonly ConcurrentDictionary<string, Lazy<Template>> Templates = new(StringComparer.Ordinal);
    private static readonly ConcurrentBag<(string? Database, string Folder)> Built = [];
    private static int _cleanupRegistered;

    /// <summary>A template: the PostgreSQL database to copy, or the SQLite file to copy.</summary>
    public sealed record Template(string? PostgresDatabase, string SqliteFile);

    /// <summary>What a template was seeded with; <see cref="SeedTime"/> is null for the system clock.</summary>
    public sealed record TemplateKey(string Hash, DateTimeOffset? SeedTime);

    /// <summary>
    /// The template a factory may start from, or null when it must migrate and seed by itself: another environment
    /// than Development (the start-up checks of Production), its own <c>Database:*</c> settings (another database,
    /// seeding off), or a test clock started from the real time. The key holds the engine, the environment, every setting, and the clock: a test clock's exact
    /// current instant (the seeders stamp rows with it and lay slots from its day), or the system clock's
    /// <see cref="SystemClockBucket"/>.
    /// </summary>
    public static TemplateKey? Key(PolkuAppFactory factory)
    {
        if (factory.EnvironmentName != Environments.Development
            || factory.Settings.Keys.Any(k => k.StartsWith("Database:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        DateTimeOffset? seedTime = null;
        string clock;
        if (factory.Time is null || ReferenceEquals(factory.Time, TimeProvider.System))
        {
            var now = TimeProvider.System.GetUtcNow().UtcTicks;
            clock = "system " + (now - (now % SystemClockBucket.Ticks)).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            seedTime = factory.Time.GetUtcNow();
            if (seedTime.Value.UtcTicks % TimeSpan.TicksPerSecond != 0)
            {
                // A test clock started from the real time (sub-second ticks; a written instant has none) is never met
                // again: a template for it would cost a start more than seeding its one database directly.
                return null;
            }

            clock = "fixed " + seedTime.Value.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder()
            .Append(factory.Engine).Append('\n')
            .Append(factory.EnvironmentName).Append('\n')
            .Append(clock).Append('\n');
        foreach (var (key, value) in factory.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value ?? "<null>").Append('\n');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        return new TemplateKey(hash, seedTime);
    }

    /// <summary>The template for <paramref name="key"/>, built once per process (other factories with the key wait).</summary>
    public static Template Get(TemplateKey key, Func<Template> build) =>
        Templates.GetOrAdd(key.Hash, _ => new Lazy<Template>(build, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>
    /// Remembers a template's database and folder, removed when the test process exits. The test host is often ended
    /// without running exit handlers, so the first template of a process also holds this process's lock file for its
    /// lifetime and removes what earlier processes on this machine left behind (their lock files no longer held).
    /// </summary>
    public static void Track(string? database, string folder)
    {
        if (Interlocked.Exchange(ref _cleanupRegistered, 1) == 0)
        {
            _ownerLock = new FileStream(LockFile(ProcessToken), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            RemoveLeftOvers();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
        }

        Built.Add((database, folder));
    }

    private static FileStream? _ownerLock;

    private static string LockFile(string token) => Path.Combine(Path.GetTempPath(), $"polku_tpl_{token}.lock");

    /// <summary>Templates of test processes that have ended: their lock file can be taken.</summary>
    private static void RemoveLeftOvers()
    {
        var temp = Path.GetTempPath();
        foreach (var lockFile in Directory.GetFiles(temp, "polku_tpl_*.lock"))
        {
            var token = Path.GetFileNameWithoutExtension(lockFile)["polku_tpl_".Length..];
            if (token == ProcessToken || token.Length != ProcessToken.Length || !token.All(char.IsAsciiHexDigitLower))
            {
                continue;
            }

            try
            {
                using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // Its process still runs.
            }

            var databases = new List<string>();
            if (PolkuAppFactory.PostgresConnectionString is { } admin)
            {
                try
                {
                    using var conn = new NpgsqlConnection(admin);
                    conn.Open();
                    using var cmd = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'polku_tpl_%' AND right(datname, 9) = '_' || @token", conn);
                    cmd.Parameters.AddWithValue("token", token);
                    using var reader = cmd.ExecuteReader();
                    while (reader.Read())
                    {
                        databases.Add(reader.GetString(0));
                    }
                }
                catch (NpgsqlException)
                {
                    continue; // Try again next time.
                }
            }

            foreach (var database in databases)
            {
                Admin($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }

            foreach (var folder in Directory.GetDirectories(temp, $"polku_tpl_*_{token}"))
            {
                TryDelete(folder);
            }

            File.Delete(lockFile);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>An empty PostgreSQL database for a template to be seeded into (nothing to do on SQLite).</summary>
    public static void CreateEmpty(string? postgresDatabase)
    {
        if (postgresDatabase is not null)
        {
            Admin($"CREATE DATABASE {postgresDatabase}");
        }
    }

    /// <summary>
    /// A factory's own database: a copy of <paramref name="template"/>, or, without one, an empty PostgreSQL database (an
    /// empty SQLite folder needs nothing).
    /// </summary>
    public static void CreateDatabase(Template? template, string? postgresDatabase, string folder)
    {
        if (postgresDatabase is not null)
        {
            if (template?.PostgresDatabase is not { } source)
            {
                Admin($"CREATE DATABASE {postgresDatabase}");
                return;
            }

            // Refused while any session is connected to the template (55006); the template host's connections were
            // unpooled and closed with it, so only a straggler can be in the way: end it and try again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Admin($"CREATE DATABASE {postgresDatabase} TEMPLATE {source}");
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
                {
                    Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}' AND pid <> pg_backend_pid()");
                    Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), TimeProvider.System).GetAwaiter().GetResult();
                }
            }
        }

        if (template is not null)
        {
            // The backup API copies a consistent image, including what is still in the template's write-ahead log.
            using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = template.SqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, SqliteFileName), Pooling = false }.ConnectionString);
            from.Open();
            to.Open();
            from.BackupDatabase(to);
        }
    }

    private static void Admin(string sql)
    {
        var admin = PolkuAppFactory.PostgresConnectionString
            ?? throw new InvalidOperationException($"{PolkuAppFactory.PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
        using var conn = new NpgsqlConnection(admin);
        conn.Open();
#pragma warning disable CA2100 // Database names the tests generate themselves.
        using var cmd = new NpgsqlCommand(sql, conn);
#pragma warning restore CA2100
        cmd.ExecuteNonQuery();
    }

    private static void RemoveAll()
    {
        foreach (var (database, folder) in Built)
        {
            try
            {
                if (database is not null)
                {
                    Admin($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                }
            }
            catch (NpgsqlException)
            {
                // The server may already be gone at the end of a run; a left-over template is only disk space.
            }

            TryDelete(folder);
        }

        _ownerLock?.Dispose();
        File.Delete(LockFile(ProcessToken));
    }
}
