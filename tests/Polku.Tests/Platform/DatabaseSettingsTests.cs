using Microsoft.Data.Sqlite;
using Npgsql;
using Polku.Platform;
using Polku.Platform.Persistence;
using Xunit;

namespace Polku.Tests.Platform;

/// <summary>The database connection settings Polku applies unless the operator's connection string says otherwise.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Connections_are_not_reset_on_checkout_and_repeated_statements_are_prepared()
    {
        var settings = new NpgsqlConnectionStringBuilder(PolkuPlatform.NpgsqlDefaults("Host=db;Username=polku;Database=polku"));

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal("db", settings.Host);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;noresetonclose=false;MAXAUTOPREPARE=0")]
    public void An_explicit_setting_in_the_connection_string_wins(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(PolkuPlatform.NpgsqlDefaults(connectionString));

        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
    }

    /// <summary>
    /// The embedded database's own connections: a reader sees the last committed state at once while a write
    /// transaction is open, and a second writer waits its turn at BEGIN. With <c>Cache=Shared</c> the reader is refused
    /// (SQLITE_LOCKED) for as long as the writer holds its table, which is what stalled requests for 30 s.
    /// </summary>
    [Fact]
    public async Task On_sqlite_a_reader_does_not_wait_for_an_open_write_transaction()
    {
        var folder = Path.Combine(Path.GetTempPath(), "polku-settings-" + Guid.NewGuid().ToString("N"));
        try
        {
            var connectionString = new DatabaseOptions { DataFolder = folder }.ResolveConnectionString();
            // Short waits, so that a lock shows as a failure in seconds rather than after the 30-second default.
            var quick = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 2, Pooling = false }.ToString();
            await using var writer = new SqliteConnection(quick);
            await writer.OpenAsync();
            await ExecuteAsync(writer, null, "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);");

            await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync();
            await ExecuteAsync(writer, transaction, "INSERT INTO t VALUES (2);");

            await using var reader = new SqliteConnection(quick);
            await reader.OpenAsync();
            await using (var count = reader.CreateCommand())
            {
                count.CommandText = "SELECT COUNT(*) FROM t;";
                Assert.Equal(1L, await count.ExecuteScalarAsync());
            }

            // The second writer is refused while the first holds the write lock, and gets it once that commits.
            var refused = await Assert.ThrowsAsync<SqliteException>(() => reader.BeginTransactionAsync().AsTask());
            Assert.Equal(5, refused.SqliteErrorCode);
            await transaction.CommitAsync();
            await using var second = (SqliteTransaction)await reader.BeginTransactionAsync();
            await ExecuteAsync(reader, second, "INSERT INTO t VALUES (3);");
            await second.CommitAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public void A_context_without_the_module_catalog_says_how_to_configure_it()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PolkuDb>().Options;

        var error = Assert.Throws<InvalidOperationException>(() => new PolkuDb(options));
        Assert.Contains("ConfigureDatabase", error.Message, StringComparison.Ordinal);
    }
}
