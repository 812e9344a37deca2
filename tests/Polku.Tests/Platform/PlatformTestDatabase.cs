using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polku.Platform;
using Polku.Platform.Modules;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;

namespace Polku.Tests.Platform;

/// <summary>
/// A fresh, migrated database for one test: a temporary SQLite file, or — when <c>POLKU_TEST_POSTGRES</c> holds a
/// connection string — a new PostgreSQL database that is dropped afterwards. Under <c>CI=true</c> the PostgreSQL
/// cases always run, and fail when the connection string is missing.
/// </summary>
public sealed class PlatformTestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "POLKU_TEST_POSTGRES";

    private readonly string? _sqliteFolder;
    private readonly string? _adminConnectionString;
    private readonly string? _postgresDatabase;

    private PlatformTestDatabase(DatabaseOptions options, string? sqliteFolder, string? admin, string? postgresDatabase)
    {
        Options = options;
        _sqliteFolder = sqliteFolder;
        _adminConnectionString = admin;
        _postgresDatabase = postgresDatabase;
    }

    public DatabaseOptions Options { get; }

    public bool IsPostgres => Options.Provider == DatabaseProvider.Postgres;

    /// <summary>
    /// The model under test: the platform tables only (audit, journal, outbox), without any module.
    /// </summary>
    public static ModuleCatalog Catalog { get; } = new([]);

    /// <summary>The engines to run database tests on.</summary>
    public static TheoryData<string> Engines
    {
        get
        {
            var data = new TheoryData<string> { "sqlite" };
            if (PostgresConnectionString is not null || IsCi)
            {
                data.Add("postgres");
            }

            return data;
        }
    }

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<PlatformTestDatabase> CreateAsync(string engine)
    {
        PlatformTestDatabase result;
        if (engine == "postgres")
        {
            var admin = PostgresConnectionString
                ?? throw new InvalidOperationException($"{PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
            var name = "polku_t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            result = new PlatformTestDatabase(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = cs }, null, admin, name);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "polku-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var cs = $"Data Source={Path.Combine(folder, "polku.db")};Default Timeout=30;Pooling=False";
            result = new PlatformTestDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = cs, DataFolder = folder }, folder, null, null);
        }

        await using var db = result.NewContext();
        await new Migrator(db, Catalog, NullLogger<Migrator>.Instance, TimeProvider.System).MigrateAsync();
        return result;
    }

    public PolkuDb NewContext()
    {
        var builder = new DbContextOptionsBuilder<PolkuDb>();
        PolkuPlatform.ConfigureDatabase(builder, Options, Catalog);
        return new PolkuDb(builder.Options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_adminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        if (_sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on some platforms; the temp folder is cleaned by the OS.
            }
        }
    }

}
