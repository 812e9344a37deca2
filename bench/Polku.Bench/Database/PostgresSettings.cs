using Npgsql;

namespace Polku.Bench.Database;

/// <summary>The PostgreSQL setting: POLKU_BENCH_POSTGRES, falling back to POLKU_TEST_POSTGRES.</summary>
public static class PostgresSettings
{
    public const string PrimaryVariable = "POLKU_BENCH_POSTGRES";
    public const string FallbackVariable = "POLKU_TEST_POSTGRES";

    public static string MissingMessage =>
        $"no PostgreSQL configured; set {PrimaryVariable} (or {FallbackVariable}) to an Npgsql connection string, "
        + "e.g. \"Host=127.0.0.1;Username=polku;Password=polku;Database=polku_bench\".";

    public static string? ConnectionStringFromEnvironment()
    {
        foreach (var name in new[] { PrimaryVariable, FallbackVariable })
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Builds a data source with the given pool size (PostgreSQL allows 100 connections by default).</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = maxPoolSize,
            MinPoolSize = 0,
        };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Drops (forcing connections off) and recreates a database; the connection string must be allowed to create databases.</summary>
    public static async Task RecreateDatabaseAsync(string adminConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        await using var admin = CreateDataSource(adminConnectionString, 2);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", cancellationToken);
        await ExecuteAsync(admin, $"CREATE DATABASE {databaseName}", cancellationToken);
    }

    /// <summary>Runs SQL without parameters or results.</summary>
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Host and database only, for log lines (never the password).</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
