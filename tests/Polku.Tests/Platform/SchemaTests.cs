using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>The hand-written migrations and the EF Core model must describe the same tables, on both engines.</summary>
[Trait("Category", "Postgres")]
public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Migrated_schema_matches_the_EF_model(string engine)
    {
        // The application's own first start on an empty database, not a copy of the seeded template.
        await using var app = new PolkuAppFactory(engine) { UseSeededTemplate = false };
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var actual = await ReadSchemaAsync(db);
        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            if (!actual.TryGetValue(table, out var columns))
            {
                problems.Add($"table {table} is in the model but not in the migrations");
                continue;
            }

            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                if (!columns.TryGetValue(column, out var nullable))
                {
                    problems.Add($"{table}.{column} is in the model but not in the migrations");
                }
                else if (nullable != property.IsColumnNullable(store))
                {
                    problems.Add($"{table}.{column}: model nullable={property.IsColumnNullable(store)}, migrated nullable={nullable}");
                }
            }

            foreach (var column in columns.Keys.Where(c => entity.GetProperties().All(p => p.GetColumnName(store) != c)))
            {
                problems.Add($"{table}.{column} is migrated but not in the model");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Migrating_again_applies_nothing_and_audit_rows_cannot_be_changed(string engine)
    {
        // The application's own first start on an empty database, not a copy of the seeded template.
        await using var app = new PolkuAppFactory(engine) { UseSeededTemplate = false };
        using var scope = app.Services.CreateScope();
        var migrator = scope.ServiceProvider.GetRequiredService<Migrator>();
        Assert.Empty(await migrator.MigrateAsync());

        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var id = Guid.NewGuid();
        db.AuditEntries.Add(new Polku.Platform.Audit.AuditEntry { Id = id, AtUtc = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), SubjectPersonId = Guid.NewGuid(), ActorName = "t", ActorRole = "system", Action = "test" });
        await db.SaveChangesAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET action = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Id == id && a.Action == "test"));
    }

    private static async Task<Dictionary<string, Dictionary<string, bool>>> ReadSchemaAsync(PolkuDb db)
    {
        var result = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        try
        {
            if (db.IsPostgres)
            {
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'";
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    Add(result, r.GetString(0), r.GetString(1), r.GetString(2) == "YES");
                }
            }
            else
            {
                var tables = new List<string>();
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                    await using var r = await cmd.ExecuteReaderAsync();
                    while (await r.ReadAsync())
                    {
                        tables.Add(r.GetString(0));
                    }
                }

                foreach (var table in tables)
                {
                    await using var cmd = conn.CreateCommand();
                    cmd.CommandText = $"SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')";
                    await using var r = await cmd.ExecuteReaderAsync();
                    while (await r.ReadAsync())
                    {
                        // SQLite lets a non-integer primary key hold NULL unless declared NOT NULL; the migrations declare it.
                        Add(result, table, r.GetString(0), r.GetInt64(1) == 0 && r.GetInt64(2) == 0);
                    }
                }
            }
        }
        finally
        {
            await conn.CloseAsync();
        }

        result.Remove("schema_migrations");
        return result;
    }

    private static void Add(Dictionary<string, Dictionary<string, bool>> map, string table, string column, bool nullable)
    {
        if (!map.TryGetValue(table, out var columns))
        {
            map[table] = columns = new Dictionary<string, bool>(StringComparer.Ordinal);
        }

        columns[column] = nullable;
    }

}
