using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// The hand-written migrations of the two engines and the EF Core model must describe the same schema: tables, columns
/// and their types, keys, indexes, foreign keys and checks. The catalog reading and the comparison are in
/// <see cref="SchemaCatalog"/> and <see cref="SchemaComparer"/>.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SchemaTests
{
    /// <summary>
    /// Differences between the migrated databases and the EF model that are deliberate. Each names what it accepts
    /// (kind, table, subject as <see cref="SchemaDifference"/> spells it) and why; one that no longer occurs is reported,
    /// so that the list only holds what is still true.
    /// </summary>
    private static readonly SchemaException[] ModelExceptions =
    [
        // Indexes the migrations add for queries the model has no say in (EF only reads its indexes when it creates a
        // schema, which it never does here): Appointments 0005 "Indexes only; the model needs no change".
        new(DifferenceKind.Index, "appointment_bookings", "(start_utc) WHERE …",
            "ix_appointment_bookings_reminder_due: the reminder job's partial index (status = 'Booked' AND reminder_sent_utc IS NULL)"),
        new(DifferenceKind.Index, "appointment_bookings", "(staff_id, start_utc)",
            "ix_appointment_bookings_staff_id_start_utc: a professional's calendar feed lists their appointments by start"),
        new(DifferenceKind.Index, "identity_staff_units", "(unit_id)",
            "ix_identity_staff_units_unit_id: a unit's staff; unit_id is no foreign key (units belong to Region), so EF adds no index"),
        new(DifferenceKind.Column, "sm_tickets", "search_vector",
            "search_vector: PostgreSQL's stored generated tsvector of ticket search (ServiceManagement 0003); the model has no tsvector type on both engines, the raw search reads it"),
        new(DifferenceKind.Index, "sm_tickets", "(search_vector)",
            "ix_sm_tickets_search_vector: PostgreSQL's full-text GIN index of ticket search (ServiceManagement 0003); SQLite has an FTS5 table instead"),
    ];

    /// <summary>Differences between the SQLite and the PostgreSQL migrations that are deliberate.</summary>
    private static readonly SchemaException[] EngineExceptions =
    [
        new(DifferenceKind.Column, "sm_tickets", "search_vector",
            "search_vector: ticket search is a stored tsvector with a GIN index on PostgreSQL and an FTS5 table (not compared) on SQLite"),
        new(DifferenceKind.Index, "sm_tickets", "(search_vector)",
            "ix_sm_tickets_search_vector: ticket search is a GIN index on PostgreSQL and an FTS5 table (not compared) on SQLite"),
    ];

    /// <summary>
    /// Issue 11: migrates an empty database on each engine (SQLite always, PostgreSQL as for
    /// <see cref="PolkuAppFactory.Engines"/>), reads each catalog, and compares every table, column (type family,
    /// nullability, length), primary key, index, foreign key and CHECK constraint: each engine against the EF model of
    /// its provider, and the two engines against each other. Every difference is in the one failure message.
    /// </summary>
    [Fact]
    public async Task Migrated_schemas_match_the_EF_model_and_each_other()
    {
        var engines = PolkuAppFactory.Engines.Cast<object[]>().Select(row => (string)row[0]).ToList();
        var described = await Task.WhenAll(engines.Select(DescribeAsync));
        var problems = new List<string>();
        var used = new HashSet<SchemaException>();
        foreach (var (migrated, model) in described)
        {
            problems.AddRange(Unexpected(SchemaComparer.Compare(migrated, model), ModelExceptions, used));
            problems.AddRange(SeesEveryKind(migrated));
            problems.AddRange(TablePrefixes.DatabaseProblems(migrated));
        }

        if (described.Length == 2)
        {
            problems.AddRange(Unexpected(SchemaComparer.Compare(described[0].Migrated, described[1].Migrated), EngineExceptions, used));

            // Only with both engines has every exception had its chance to match.
            problems.AddRange(ModelExceptions.Concat(EngineExceptions).Where(e => !used.Contains(e))
                .Select(e => $"exception no longer needed (no such difference): {e}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct(StringComparer.Ordinal)));
    }

    /// <summary>The migrated schema and the model of one engine, from the application's own first start on an empty database.</summary>
    private static async Task<(SchemaDescription Migrated, SchemaDescription Model)> DescribeAsync(string engine)
    {
        // Not a copy of the seeded template: the application migrates the empty database itself.
        await using var app = new PolkuAppFactory(engine) { UseSeededTemplate = false };
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return (await SchemaCatalog.ReadAsync(db), SchemaCatalog.FromModel(db));
    }

    private static IEnumerable<string> Unexpected(IEnumerable<SchemaDifference> differences, IReadOnlyList<SchemaException> exceptions, HashSet<SchemaException> used)
    {
        foreach (var difference in differences)
        {
            var exception = exceptions.FirstOrDefault(e => e.Matches(difference));
            if (exception is null)
            {
                yield return difference.Message;
            }
            else
            {
                used.Add(exception);
            }
        }
    }

    /// <summary>The catalog reader cannot pass by seeing nothing: the migrations have every kind of object it reads.</summary>
    private static IEnumerable<string> SeesEveryKind(SchemaDescription schema)
    {
        var tables = schema.Tables;
        if (tables.Count == 0 || !tables.All(t => t.Columns.Count > 0 && t.PrimaryKey.Count > 0))
        {
            yield return $"{schema.Source}: read {tables.Count} tables, or some without columns or primary key";
        }

        if (!tables.SelectMany(t => t.Indexes).Any(i => i.Unique) || !tables.SelectMany(t => t.Indexes).Any(i => i.Partial))
        {
            yield return $"{schema.Source}: read no unique or no partial index";
        }

        if (!tables.SelectMany(t => t.ForeignKeys).Any(f => f.OnDelete == "CASCADE"))
        {
            yield return $"{schema.Source}: read no foreign key with ON DELETE CASCADE";
        }

        if (!tables.Any(t => t.Name == "appointment_slots" && t.Checks.Any(c => c.Columns.SequenceEqual(["capacity", "taken"]))))
        {
            yield return $"{schema.Source}: read no CHECK on appointment_slots (capacity, taken)";
        }

        if (tables.SelectMany(t => t.Columns).Select(c => c.Family).Distinct().Count() < 3)
        {
            yield return $"{schema.Source}: read fewer than three type families";
        }
    }

    /// <summary>
    /// ADR 0010's rule on a migrated database (checked above on both engines) cannot pass by seeing nothing: a table
    /// without a module prefix and an index not named after its table are reported; the migrator's own table is not.
    /// </summary>
    [Fact]
    public void The_prefix_rule_reports_a_table_or_index_named_freely()
    {
        static SchemaTable Table(string name, params string[] indexes) =>
            new(name, [SchemaCatalog.Column(SchemaEngine.Sqlite, "id", "TEXT", nullable: false)], ["id"], [.. indexes.Select(i => new SchemaIndex(i, ["id"]))], [], []);
        var schema = new SchemaDescription("sqlite", SchemaEngine.Sqlite, IsModel: false,
        [
            Table("contacts_cases", "ix_contacts_cases_resident", "ux_contacts_cases_code"),
            Table("schema_migrations"),
            Table("foo"),
            Table("contacts_"),
            Table("region_units", "ix_units_code"),
        ]);

        Assert.Equal(
            [
                "sqlite: table foo has no module prefix (platform_, region_, identity_, contacts_, assessment_, appointment_, tower_, sm_, training_)",
                "sqlite: table contacts_ has no module prefix (platform_, region_, identity_, contacts_, assessment_, appointment_, tower_, sm_, training_)",
                "sqlite: index ix_units_code on region_units is not named ix_region_units_… or ux_region_units_…",
            ],
            TablePrefixes.DatabaseProblems(schema));
    }

    /// <summary>
    /// The comparer itself: two hand-made schemas, alike but for one change, and it must report that change (and only
    /// differences of that kind), so the schema rule cannot pass by seeing nothing.
    /// </summary>
    [Theory]
    [InlineData("table missing", "Table")]
    [InlineData("column missing", "Column")]
    [InlineData("type family", "ColumnType")]
    [InlineData("nullability", "Nullability")]
    [InlineData("length", "MaxLength")]
    [InlineData("primary key", "PrimaryKey")]
    [InlineData("index missing", "Index")]
    [InlineData("index partial", "Index")]
    [InlineData("index unique", "IndexUnique")]
    [InlineData("index renamed", "IndexName")]
    [InlineData("foreign key missing", "ForeignKey")]
    [InlineData("foreign key target", "ForeignKeyTarget")]
    [InlineData("foreign key no action", "ForeignKeyAction")]
    [InlineData("check missing", "Check")]
    public void The_comparer_reports_a_schema_that_differs_in_one_thing(string change, string kind)
    {
        Assert.Empty(SchemaComparer.Compare(Sample("a", SchemaEngine.Postgres), Sample("b", SchemaEngine.Postgres)));

        var differences = SchemaComparer.Compare(Sample("a", SchemaEngine.Postgres), Sample("b", SchemaEngine.Postgres, changes: change));

        Assert.NotEmpty(differences);
        Assert.All(differences, d => Assert.Equal(Enum.Parse<DifferenceKind>(kind), d.Kind));
    }

    /// <summary>
    /// SQLite spells a schema in fewer types: uuid and timestamps are TEXT, booleans INTEGER, lengths absent. The
    /// comparer reads the two spellings of one schema as alike, and still sees what differs in SQLite's vocabulary.
    /// </summary>
    [Fact]
    public void The_comparer_compares_sqlite_in_the_types_sqlite_has()
    {
        Assert.Empty(SchemaComparer.Compare(Sample("sqlite", SchemaEngine.Sqlite), Sample("postgres", SchemaEngine.Postgres)));

        var index = Assert.Single(SchemaComparer.Compare(Sample("sqlite", SchemaEngine.Sqlite, changes: "index missing"), Sample("postgres", SchemaEngine.Postgres)));
        Assert.Equal("tasks: index ix_tasks_queue_id_due_utc (queue_id, due_utc) is in postgres but not in sqlite", index.Message);

        var type = Assert.Single(SchemaComparer.Compare(Sample("sqlite", SchemaEngine.Sqlite, changes: "type family"), Sample("postgres", SchemaEngine.Postgres)));
        Assert.Equal((DifferenceKind.ColumnType, "due_utc"), (type.Kind, type.Subject));
    }

    /// <summary>Against the model, index names (EF's own convention) and checks are not compared, and RESTRICT is NO ACTION.</summary>
    [Fact]
    public void The_comparer_leaves_to_the_engines_what_the_model_does_not_decide()
    {
        var model = Sample("model", SchemaEngine.Postgres, isModel: true, "index renamed", "check missing", "foreign key restrict");
        Assert.Empty(SchemaComparer.Compare(Sample("postgres", SchemaEngine.Postgres, changes: "foreign key no action"), model));

        var cascade = Assert.Single(SchemaComparer.Compare(Sample("postgres", SchemaEngine.Postgres), model));
        Assert.Equal(DifferenceKind.ForeignKeyAction, cascade.Kind);
    }

    /// <summary>Two tables, one of each kind of object, optionally changed; in PostgreSQL's or SQLite's spelling.</summary>
    private static SchemaDescription Sample(string source, SchemaEngine engine, bool isModel = false, params string[] changes)
    {
        var pg = engine == SchemaEngine.Postgres;
        SchemaColumn Column(string name, string postgresType, string sqliteType, bool nullable = false) =>
            SchemaCatalog.Column(engine, name, pg ? postgresType : sqliteType, nullable);
        bool Changed(string change) => changes.Contains(change);

        var queues = new SchemaTable(
            "queues",
            [Column("id", "uuid", "TEXT"), Column("code", Changed("length") ? "character varying(80)" : "character varying(60)", "TEXT")],
            ["id"],
            [new SchemaIndex("ux_queues_code", ["code"], Unique: true)],
            [],
            []);
        var tasks = new SchemaTable(
            "tasks",
            [
                Column("id", "uuid", "TEXT"),
                Column("queue_id", "uuid", "TEXT"),
                Changed("type family") ? Column("due_utc", "integer", "INTEGER") : Column("due_utc", "timestamp with time zone", "TEXT"),
                Column("done", "boolean", "INTEGER"),
                Column("taken", "integer", "INTEGER"),
                .. Changed("column missing") ? Array.Empty<SchemaColumn>() : [Column("assignee_id", "uuid", "TEXT", nullable: !Changed("nullability"))],
            ],
            Changed("primary key") ? ["id", "queue_id"] : ["id"],
            [
                .. Changed("index missing") ? Array.Empty<SchemaIndex>() : [new SchemaIndex(
                    Changed("index renamed") ? "ix_tasks_due" : "ix_tasks_queue_id_due_utc",
                    ["queue_id", "due_utc"],
                    Unique: Changed("index unique"),
                    Partial: Changed("index partial"))],
                new SchemaIndex("ix_tasks_open", ["due_utc"], Partial: true),
            ],
            Changed("foreign key missing") ? [] : [new SchemaForeignKey(
                ["queue_id"],
                "queues",
                Changed("foreign key target") ? ["code"] : ["id"],
                Changed("foreign key no action") ? "NO ACTION" : Changed("foreign key restrict") ? "RESTRICT" : "CASCADE")],
            Changed("check missing") ? [] : [new SchemaCheck(pg ? "ck_tasks_taken" : null, ["taken"])]);
        return new SchemaDescription(source, engine, isModel, Changed("table missing") ? [tasks] : [queues, tasks]);
    }

    /// <summary>The type family mapping (documented on <see cref="TypeFamily"/>), on both spellings.</summary>
    [Theory]
    [InlineData("postgres", "character varying(60)", "Text", 60)]
    [InlineData("postgres", "text", "Text", null)]
    [InlineData("postgres", "integer", "Integer", null)]
    [InlineData("postgres", "bigint", "BigInteger", null)]
    [InlineData("postgres", "boolean", "Boolean", null)]
    [InlineData("postgres", "timestamp with time zone", "Timestamp", null)]
    [InlineData("postgres", "timestamp without time zone", "LocalTimestamp", null)]
    [InlineData("postgres", "date", "Date", null)]
    [InlineData("postgres", "time without time zone", "Time", null)]
    [InlineData("postgres", "uuid", "Uuid", null)]
    [InlineData("postgres", "numeric(10,2)", "Numeric", null)]
    [InlineData("postgres", "double precision", "Real", null)]
    [InlineData("postgres", "bytea", "Blob", null)]
    [InlineData("postgres", "jsonb", "Json", null)]
    [InlineData("postgres", "integer[]", "Unknown", null)]
    [InlineData("sqlite", "TEXT", "Text", null)]
    [InlineData("sqlite", "varchar(60)", "Text", null)]
    [InlineData("sqlite", "INTEGER", "Integer", null)]
    [InlineData("sqlite", "BIGINT", "Integer", null)]
    [InlineData("sqlite", "BLOB", "Blob", null)]
    [InlineData("sqlite", "", "Blob", null)]
    [InlineData("sqlite", "REAL", "Real", null)]
    [InlineData("sqlite", "BOOLEAN", "Numeric", null)]
    public void Store_types_map_to_type_families(string engine, string storeType, string family, int? maxLength)
    {
        var column = SchemaCatalog.Column(engine == "postgres" ? SchemaEngine.Postgres : SchemaEngine.Sqlite, "c", storeType, nullable: false);
        Assert.Equal((Enum.Parse<TypeFamily>(family), maxLength), (column.Family, column.MaxLength));
    }

    [Fact]
    public void Sqlite_checks_are_read_from_the_create_statement()
    {
        const string Sql = """
            CREATE TABLE t (
                a INTEGER NOT NULL CHECK (a >= 0), -- CHECK (b) in a comment
                "b" TEXT NULL,
                c TEXT NOT NULL DEFAULT 'CHECK (c)',
                CONSTRAINT ck_t_ab CHECK (a < 10 OR "b" IS NULL)
            )
            """;

        var checks = SchemaCatalog.ParseSqliteChecks(Sql, ["a", "b", "c"]);

        Assert.Equal(["(a)", "(a, b)"], checks.Select(c => c.Key));
        Assert.Equal([null, "ck_t_ab"], checks.Select(c => c.Name));
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
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE platform_audit_entries SET action = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM platform_audit_entries"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Id == id && a.Action == "test"));
    }
}
