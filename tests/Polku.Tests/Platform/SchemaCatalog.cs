using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Polku.Platform.Persistence;

namespace Polku.Tests.Platform;

/// <summary>
/// What a column holds, whatever an engine calls it. The mapping (<see cref="SchemaCatalog.PostgresFamily"/>,
/// <see cref="SchemaCatalog.SqliteFamily"/>, <see cref="SchemaCatalog.StoredInSqlite"/>):
/// <code>
/// family          PostgreSQL types                                      SQLite (EF Core's storage)
/// Text            text, character varying(n), varchar(n), character(n)   TEXT
/// Integer         integer, smallint (int4, int2, serial)                  INTEGER
/// BigInteger      bigint (int8, bigserial)                                INTEGER
/// Boolean         boolean                                                 INTEGER (0/1)
/// Timestamp       timestamp with time zone (timestamptz)                  TEXT (ISO 8601)
/// LocalTimestamp  timestamp without time zone                             TEXT
/// Date            date                                                    TEXT
/// Time            time without time zone                                  TEXT
/// Uuid            uuid                                                    TEXT
/// Numeric         numeric(p,s), decimal                                   TEXT (EF Core stores decimal as text)
/// Real            real, double precision                                  REAL
/// Blob            bytea                                                   BLOB
/// Json            json, jsonb                                             TEXT
/// Unknown         anything else: reported, so that the mapping is extended rather than the column ignored
/// </code>
/// A SQLite column's declared type only has an affinity (SQLite's own rules, <see cref="SchemaCatalog.SqliteFamily"/>):
/// INTEGER, TEXT, REAL, BLOB or NUMERIC, so SQLite is compared in that coarser vocabulary: a PostgreSQL (or model)
/// family is first mapped to what SQLite stores it as (the right-hand column above), and SQLite's NUMERIC affinity
/// counts as TEXT, the storage EF Core uses for decimals.
/// </summary>
internal enum TypeFamily
{
    Unknown,
    Text,
    Integer,
    BigInteger,
    Boolean,
    Timestamp,
    LocalTimestamp,
    Date,
    Time,
    Uuid,
    Numeric,
    Real,
    Blob,
    Json,
}

internal enum SchemaEngine
{
    Sqlite,
    Postgres,
}

/// <summary>A column: its type as the engine spells it, its family, nullability and (PostgreSQL only) its declared length.</summary>
internal sealed record SchemaColumn(string Name, string StoreType, TypeFamily Family, bool Nullable, int? MaxLength = null);

/// <summary>An index other than the primary key's; <see cref="Partial"/> is whether it has a predicate (WHERE …).</summary>
internal sealed record SchemaIndex(string Name, IReadOnlyList<string> Columns, bool Unique = false, bool Partial = false)
{
    /// <summary>An index is known by its columns and whether it is partial; names are compared separately.</summary>
    public string Key => "(" + string.Join(", ", Columns) + ")" + (Partial ? " WHERE …" : "");
}

/// <summary>A foreign key; <see cref="OnDelete"/> is the SQL action (NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT).</summary>
internal sealed record SchemaForeignKey(IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns, string OnDelete = "NO ACTION")
{
    public string Key => "(" + string.Join(", ", Columns) + ")";

    public string Target => PrincipalTable + "(" + string.Join(", ", PrincipalColumns) + ")";
}

/// <summary>A CHECK constraint: its name when it has one, and the table's columns its expression reads (sorted).</summary>
internal sealed record SchemaCheck(string? Name, IReadOnlyList<string> Columns)
{
    public string Key => "(" + string.Join(", ", Columns) + ")";
}

internal sealed record SchemaTable(
    string Name,
    IReadOnlyList<SchemaColumn> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlyList<SchemaIndex> Indexes,
    IReadOnlyList<SchemaForeignKey> ForeignKeys,
    IReadOnlyList<SchemaCheck> Checks);

/// <summary>
/// One schema: a migrated database's (read from its catalog) or the EF model's for an engine (<see cref="IsModel"/>).
/// <see cref="Source"/> names it in differences ("sqlite", "model (postgres)").
/// </summary>
internal sealed record SchemaDescription(string Source, SchemaEngine Engine, bool IsModel, IReadOnlyList<SchemaTable> Tables);

/// <summary>Reads <see cref="SchemaDescription"/>s from the engines' catalogs and from the EF model.</summary>
internal static class SchemaCatalog
{
    /// <summary>The migrator's bookkeeping table: in every database, never in the model.</summary>
    private const string MigrationsTable = "schema_migrations";

    /// <summary>The migrated database behind <paramref name="db"/>, read from its catalog.</summary>
    public static async Task<SchemaDescription> ReadAsync(PolkuDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        try
        {
            var tables = db.IsPostgres ? await ReadPostgresAsync(conn) : await ReadSqliteAsync(conn);
            return new SchemaDescription(
                db.IsPostgres ? "postgres" : "sqlite",
                db.IsPostgres ? SchemaEngine.Postgres : SchemaEngine.Sqlite,
                IsModel: false,
                tables.Where(t => t.Name != MigrationsTable).OrderBy(t => t.Name, StringComparer.Ordinal).ToList());
        }
        finally
        {
            await conn.CloseAsync();
        }
    }

    /// <summary>
    /// The EF model of <paramref name="db"/>'s provider as the relational model sees it (the design-time model, which
    /// keeps every index and foreign key): tables, columns with the provider's store types, indexes (the ones the model
    /// declares and the ones EF adds for foreign keys) and foreign keys. The model declares no CHECK constraints.
    /// </summary>
    public static SchemaDescription FromModel(PolkuDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var engine = db.IsPostgres ? SchemaEngine.Postgres : SchemaEngine.Sqlite;
        var relational = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var tables = new List<SchemaTable>();
        foreach (var table in relational.Tables)
        {
            var columns = table.Columns
                .Select(c => Column(engine, c.Name, c.StoreType, c.IsNullable))
                .ToList();
            var indexes = table.Indexes
                .Select(i => new SchemaIndex(i.Name, i.Columns.Select(c => c.Name).ToList(), i.IsUnique, i.Filter is not null))
                .ToList();
            var foreignKeys = table.ForeignKeyConstraints
                .Select(f => new SchemaForeignKey(
                    f.Columns.Select(c => c.Name).ToList(),
                    f.PrincipalTable.Name,
                    f.PrincipalColumns.Select(c => c.Name).ToList(),
                    Action(f.OnDeleteAction)))
                .ToList();
            var primaryKey = table.PrimaryKey?.Columns.Select(c => c.Name).ToList() ?? [];
            tables.Add(new SchemaTable(table.Name, columns, primaryKey, indexes, foreignKeys, []));
        }

        return new SchemaDescription(
            engine == SchemaEngine.Postgres ? "model (postgres)" : "model (sqlite)",
            engine,
            IsModel: true,
            tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>The SQL spelling of an EF referential action, as the catalogs report it.</summary>
    private static string Action(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => "NO ACTION",
    };

    public static SchemaColumn Column(SchemaEngine engine, string name, string storeType, bool nullable)
    {
        if (engine == SchemaEngine.Postgres)
        {
            var (family, length) = PostgresFamily(storeType);
            return new SchemaColumn(name, storeType, family, nullable, length);
        }

        return new SchemaColumn(name, storeType, SqliteFamily(storeType), nullable);
    }

    /// <summary>
    /// The family of a PostgreSQL type as <c>format_type</c> or EF Core's Npgsql provider spells it (either the SQL
    /// name or the internal one), and the length of a character type.
    /// </summary>
    public static (TypeFamily Family, int? MaxLength) PostgresFamily(string storeType)
    {
        ArgumentNullException.ThrowIfNull(storeType);
        var type = storeType.Trim().ToLowerInvariant();
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return (TypeFamily.Unknown, null);
        }

        int? length = null;
        var open = type.IndexOf('(', StringComparison.Ordinal);
        var close = type.IndexOf(')', StringComparison.Ordinal);
        if (open >= 0 && close > open)
        {
            var arguments = type[(open + 1)..close];
            type = (type[..open].TrimEnd() + " " + type[(close + 1)..].TrimStart()).Trim();
            if (int.TryParse(arguments, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
        }

        return type switch
        {
            "text" or "citext" => (TypeFamily.Text, null),
            "character varying" or "varchar" or "character" or "char" or "bpchar" => (TypeFamily.Text, length),
            "integer" or "int" or "int4" or "smallint" or "int2" or "serial" or "smallserial" => (TypeFamily.Integer, null),
            "bigint" or "int8" or "bigserial" => (TypeFamily.BigInteger, null),
            "boolean" or "bool" => (TypeFamily.Boolean, null),
            "timestamp with time zone" or "timestamptz" => (TypeFamily.Timestamp, null),
            "timestamp without time zone" or "timestamp" => (TypeFamily.LocalTimestamp, null),
            "date" => (TypeFamily.Date, null),
            "time without time zone" or "time" => (TypeFamily.Time, null),
            "uuid" => (TypeFamily.Uuid, null),
            "numeric" or "decimal" => (TypeFamily.Numeric, null),
            "real" or "float4" or "double precision" or "float8" => (TypeFamily.Real, null),
            "bytea" => (TypeFamily.Blob, null),
            "json" or "jsonb" => (TypeFamily.Json, null),
            _ => (TypeFamily.Unknown, null),
        };
    }

    /// <summary>
    /// The affinity SQLite gives a declared type (https://www.sqlite.org/datatype3.html, "Determination Of Column
    /// Affinity", its rules in their order): INTEGER, TEXT, BLOB (also no type at all), REAL, else NUMERIC.
    /// </summary>
    public static TypeFamily SqliteFamily(string declaredType)
    {
        ArgumentNullException.ThrowIfNull(declaredType);
        var type = declaredType.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal))
        {
            return TypeFamily.Integer;
        }

        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal))
        {
            return TypeFamily.Text;
        }

        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal))
        {
            return TypeFamily.Blob;
        }

        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal))
        {
            return TypeFamily.Real;
        }

        return TypeFamily.Numeric;
    }

    /// <summary>
    /// What a family is stored as in SQLite (EF Core's SQLite provider): the vocabulary a SQLite schema is compared in.
    /// A SQLite NUMERIC affinity counts as TEXT (EF Core keeps decimals as text).
    /// </summary>
    public static TypeFamily StoredInSqlite(TypeFamily family) => family switch
    {
        TypeFamily.Integer or TypeFamily.BigInteger or TypeFamily.Boolean => TypeFamily.Integer,
        TypeFamily.Real => TypeFamily.Real,
        TypeFamily.Blob => TypeFamily.Blob,
        TypeFamily.Unknown => TypeFamily.Unknown,
        _ => TypeFamily.Text,
    };

    private static async Task<List<SchemaTable>> ReadPostgresAsync(DbConnection conn)
    {
        const string Tables = """
            FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')
            """;
        var columns = await QueryAsync(conn, """
            SELECT t.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
            FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY t.relname, a.attnum
            """, r => (Table: r.GetString(0), Column: Column(SchemaEngine.Postgres, r.GetString(1), r.GetString(2), r.GetBoolean(3))));

        // Key columns only (not INCLUDE ones); an expression is "<expression>", as on SQLite.
        var indexes = await QueryAsync(conn, """
            SELECT t.relname::text, i.relname::text, ix.indisprimary, ix.indisunique, ix.indpred IS NOT NULL,
                   ARRAY(SELECT COALESCE(a.attname::text, '<expression>')
                         FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                         LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                         WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord)
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
                 JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema()
            ORDER BY t.relname, i.relname
            """, r => (Table: r.GetString(0), Primary: r.GetBoolean(2), Index: new SchemaIndex(r.GetString(1), r.GetFieldValue<string[]>(5), r.GetBoolean(3), r.GetBoolean(4))));

        // contype: f = foreign key, c = check; confdeltype: a = no action, r = restrict, c = cascade, n = set null, d = set default.
        var constraints = await QueryAsync(conn, """
            SELECT t.relname::text, c.contype::text, c.conname::text, ft.relname::text, c.confdeltype::text,
                   ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                 LEFT JOIN pg_class ft ON ft.oid = c.confrelid
            WHERE n.nspname = current_schema() AND c.contype IN ('f', 'c')
            ORDER BY t.relname, c.conname
            """, r => (Table: r.GetString(0), Type: r.GetString(1), Name: r.GetString(2), Principal: r.IsDBNull(3) ? null : r.GetString(3),
                OnDelete: r.GetString(4), Columns: r.GetFieldValue<string[]>(5), PrincipalColumns: r.GetFieldValue<string[]>(6)));

        var names = await QueryAsync(conn, "SELECT t.relname::text " + Tables, r => r.GetString(0));
        return names.Select(table => new SchemaTable(
            table,
            columns.Where(c => c.Table == table).Select(c => c.Column).ToList(),
            indexes.Where(i => i.Table == table && i.Primary).Select(i => i.Index.Columns).FirstOrDefault() ?? [],
            indexes.Where(i => i.Table == table && !i.Primary).Select(i => i.Index).ToList(),
            constraints.Where(c => c.Table == table && c.Type == "f")
                .Select(c => new SchemaForeignKey(c.Columns, c.Principal!, c.PrincipalColumns, c.OnDelete switch
                {
                    "r" => "RESTRICT",
                    "c" => "CASCADE",
                    "n" => "SET NULL",
                    "d" => "SET DEFAULT",
                    _ => "NO ACTION",
                }))
                .ToList(),
            constraints.Where(c => c.Table == table && c.Type == "c")
                .Select(c => new SchemaCheck(c.Name, c.Columns.Order(StringComparer.Ordinal).ToList()))
                .ToList())).ToList();
    }

    private static async Task<List<SchemaTable>> ReadSqliteAsync(DbConnection conn)
    {
        var tables = await QueryAsync(conn, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));

        // An FTS5 index (a virtual table and its shadow tables) is SQLite's counterpart of a PostgreSQL GIN index, not a
        // table of the model: it is compared as the index exception it is, not column by column.
        var fullText = tables.Where(t => t.Sql.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase)).Select(t => t.Name).ToList();
        tables = [.. tables.Where(t => !fullText.Any(f => t.Name == f || t.Name.StartsWith(f + "_", StringComparison.Ordinal)))];
        var result = new List<SchemaTable>();
        foreach (var (table, sql) in tables)
        {
            // SQLite lets a primary key column other than INTEGER PRIMARY KEY hold NULL unless it is declared NOT NULL;
            // the migrations declare it, and an INTEGER PRIMARY KEY (the rowid) never holds NULL.
            var columnRows = await QueryAsync(conn, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@p0) ORDER BY cid",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) != 0, Pk: r.GetInt64(3)), table);
            var columns = columnRows
                .Select(c => Column(SchemaEngine.Sqlite, c.Name, c.Type, nullable: !c.NotNull && c.Pk == 0))
                .ToList();
            var primaryKey = columnRows.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();

            // origin: c = CREATE INDEX, u = UNIQUE constraint, pk = the primary key's own index (compared as the key).
            var indexList = await QueryAsync(conn, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@p0) ORDER BY name",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) != 0, Origin: r.GetString(2), Partial: r.GetInt64(3) != 0), table);
            var indexes = new List<SchemaIndex>();
            foreach (var index in indexList.Where(i => i.Origin != "pk"))
            {
                var indexColumns = await QueryAsync(conn, "SELECT name FROM pragma_index_info(@p0) ORDER BY seqno",
                    r => r.IsDBNull(0) ? "<expression>" : r.GetString(0), index.Name);
                indexes.Add(new SchemaIndex(index.Name, indexColumns, index.Unique, index.Partial));
            }

            var keyRows = await QueryAsync(conn, "SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@p0) ORDER BY id, seq",
                r => (Id: r.GetInt64(0), From: r.GetString(3), Principal: r.GetString(2), To: r.IsDBNull(4) ? null : r.GetString(4), OnDelete: r.GetString(5)), table);
            var foreignKeys = new List<SchemaForeignKey>();
            foreach (var key in keyRows.GroupBy(k => k.Id))
            {
                var principal = key.First().Principal;
                var to = key.Select(k => k.To).ToList();
                if (to.Any(c => c is null))
                {
                    // REFERENCES t without columns: the principal's primary key.
                    to = (await QueryAsync(conn, "SELECT name FROM pragma_table_info(@p0) WHERE pk > 0 ORDER BY pk", r => (string?)r.GetString(0), principal)).ToList();
                }

                foreignKeys.Add(new SchemaForeignKey(key.Select(k => k.From).ToList(), principal, to.Select(c => c!).ToList(), key.First().OnDelete.ToUpperInvariant()));
            }

            result.Add(new SchemaTable(table, columns, primaryKey, indexes, foreignKeys, ParseSqliteChecks(sql, columns.Select(c => c.Name).ToList())));
        }

        return result;
    }

    /// <summary>
    /// The CHECK constraints of a SQLite <c>CREATE TABLE</c> statement (SQLite keeps them only in that text): each
    /// <c>CHECK (…)</c>, column or table constraint, with the name of a preceding <c>CONSTRAINT name</c> and the table's
    /// columns that its expression mentions. String literals, quoted identifiers and comments are skipped over.
    /// </summary>
    public static List<SchemaCheck> ParseSqliteChecks(string createTable, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(createTable);
        ArgumentNullException.ThrowIfNull(columns);
        var tokens = Tokenize(createTable);
        var checks = new List<SchemaCheck>();
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (tokens[i] is not { Kind: TokenKind.Word } word || !word.Text.Equals("CHECK", StringComparison.OrdinalIgnoreCase) || tokens[i + 1].Text != "(")
            {
                continue;
            }

            string? name = null;
            if (i >= 2 && tokens[i - 2] is { Kind: TokenKind.Word } constraint && constraint.Text.Equals("CONSTRAINT", StringComparison.OrdinalIgnoreCase))
            {
                name = tokens[i - 1].Text;
            }

            var mentioned = new SortedSet<string>(StringComparer.Ordinal);
            var depth = 0;
            var j = i + 1;
            for (; j < tokens.Count; j++)
            {
                var token = tokens[j];
                if (token.Kind == TokenKind.Symbol && token.Text == "(")
                {
                    depth++;
                }
                else if (token.Kind == TokenKind.Symbol && token.Text == ")" && --depth == 0)
                {
                    break;
                }
                else if (token.Kind is TokenKind.Word or TokenKind.QuotedIdentifier
                    && columns.FirstOrDefault(c => c.Equals(token.Text, StringComparison.OrdinalIgnoreCase)) is { } column)
                {
                    mentioned.Add(column);
                }
            }

            checks.Add(new SchemaCheck(name, mentioned.ToList()));
            i = j;
        }

        return checks;
    }

    private enum TokenKind
    {
        Word,
        QuotedIdentifier,
        String,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    private static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var text = new StringBuilder();
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == close)
                    {
                        // A doubled quote is the quote itself ('it''s', "a""b").
                        if (close != ']' && i + 1 < sql.Length && sql[i + 1] == close)
                        {
                            text.Append(close);
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(sql[i++]);
                }

                tokens.Add(new Token(c == '\'' ? TokenKind.String : TokenKind.QuotedIdentifier, text.ToString()));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, sql[start..i]));
            }
            else
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                i++;
            }
        }

        return tokens;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection conn, string sql, Func<DbDataReader, T> read, string? parameter = null)
    {
        await using var cmd = conn.CreateCommand();
#pragma warning disable CA2100 // The catalog queries are this file's constants; the one value (a table or index name) is a parameter.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        if (parameter is not null)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@p0";
            p.Value = parameter;
            cmd.Parameters.Add(p);
        }

        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
