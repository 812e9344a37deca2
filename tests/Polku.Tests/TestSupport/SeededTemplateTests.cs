using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;

namespace Polku.Tests.TestSupport;

/// <summary>
/// A factory's copy of the seeded template is the database the application would have migrated and seeded itself, and
/// the application's own start on the copy (migrations, seeders) finds nothing left to do.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SeededTemplateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_copy_of_the_template_holds_what_a_fresh_seed_holds_and_is_not_seeded_again(string engine)
    {
        await using var fresh = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(At), UseSeededTemplate = false };
        await using var copy = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(At) };
        await using var another = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(At) };

        var freshCounts = await RowCountsAsync(fresh);
        var copyCounts = await RowCountsAsync(copy);
        Assert.Contains(freshCounts, c => c.Key == "schema_migrations" && c.Value > 0);
        Assert.True(freshCounts.Count > 10, "the schema has the modules' tables");
        // The key ring is made when first needed, not seeded; everything else row for row.
        Assert.Equal(Without(freshCounts, "platform_data_protection_keys"), Without(copyCounts, "platform_data_protection_keys"));

        // Both copies carry the template's rows (the same ids), which a seeder running again would have duplicated or
        // replaced; a fresh seed makes new ids.
        var copyPeople = await IdsAsync(copy, "identity_people");
        Assert.NotEmpty(copyPeople);
        Assert.Equal(copyPeople, await IdsAsync(another, "identity_people"));
        Assert.NotEqual(copyPeople, await IdsAsync(fresh, "identity_people"));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Another_clock_gets_another_template(string engine)
    {
        await using var early = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(At) };
        await using var later = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(At.AddDays(3)) };
        Assert.NotEqual(await IdsAsync(early, "identity_people"), await IdsAsync(later, "identity_people"));
    }

    private static SortedDictionary<string, long> Without(SortedDictionary<string, long> counts, string table) =>
        new(counts.Where(c => c.Key != table).ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal);

    private static async Task<SortedDictionary<string, long>> RowCountsAsync(PolkuAppFactory app)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await WithConnectionAsync(app, async (connection, postgres) =>
        {
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = postgres
                    ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
#pragma warning disable CA2100 // Table names read from the schema.
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
#pragma warning restore CA2100
                counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }
        });
        return counts;
    }

    private static async Task<List<string>> IdsAsync(PolkuAppFactory app, string table)
    {
        var ids = new List<string>();
        await WithConnectionAsync(app, async (connection, _) =>
        {
            await using var cmd = connection.CreateCommand();
#pragma warning disable CA2100 // A table name of this test.
            cmd.CommandText = $"SELECT id FROM {table} ORDER BY id";
#pragma warning restore CA2100
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
            }
        });
        return ids;
    }

    private static async Task WithConnectionAsync(PolkuAppFactory app, Func<DbConnection, bool, Task> use)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await use(connection, db.IsPostgres);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
