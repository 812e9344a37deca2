namespace Polku.Tests.Platform;

internal enum DifferenceKind
{
    Table,
    Column,
    ColumnType,
    Nullability,
    MaxLength,
    PrimaryKey,
    Index,
    IndexUnique,
    IndexName,
    ForeignKey,
    ForeignKeyTarget,
    ForeignKeyAction,
    Check,
}

/// <summary>
/// One difference between two schemas. <see cref="Subject"/> names what differs within the table: a column's name, an
/// index's <see cref="SchemaIndex.Key"/> ("(a, b)", "(a) WHERE …"), a foreign key's or a check's columns ("(a)"), or
/// the table's own name.
/// </summary>
internal sealed record SchemaDifference(DifferenceKind Kind, string Table, string Subject, string Message)
{
    public override string ToString() => Message;
}

/// <summary>A difference accepted on purpose, with the reason; it matches by kind, table and subject.</summary>
internal sealed record SchemaException(DifferenceKind Kind, string Table, string Subject, string Reason)
{
    public bool Matches(SchemaDifference difference) =>
        difference is not null && difference.Kind == Kind && difference.Table == Table && difference.Subject == Subject;

    public override string ToString() => $"{Kind} {Table} {Subject}";
}

/// <summary>
/// Compares two <see cref="SchemaDescription"/>s and lists every difference. What is compared depends on what both
/// sides can express:
/// <list type="bullet">
/// <item>Tables, columns, nullability, primary keys, indexes (by columns and predicate presence; uniqueness) and
/// foreign keys (by columns; referenced table and columns; ON DELETE action): always.</item>
/// <item>Type families: exactly between two PostgreSQL-vocabulary sides; when either side is SQLite, in SQLite's
/// vocabulary (<see cref="SchemaCatalog.StoredInSqlite"/>), since a SQLite declared type only has an affinity.</item>
/// <item>Declared lengths (<c>varchar(n)</c>): only when neither side is SQLite, which ignores them.</item>
/// <item>Index names and CHECK constraints: only between two migrated databases. EF names indexes by its own
/// convention (<c>IX_table_columns</c>) and the model declares no checks.</item>
/// <item>ON DELETE RESTRICT and NO ACTION count as the same against the model: both refuse to delete a referenced row,
/// which is all EF relies on (EF writes RESTRICT for <c>DeleteBehavior.Restrict</c>; the migrations leave the default,
/// NO ACTION).</item>
/// </list>
/// </summary>
internal static class SchemaComparer
{
    public static List<SchemaDifference> Compare(SchemaDescription left, SchemaDescription right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var differences = new List<SchemaDifference>();
        var leftTables = left.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var rightTables = right.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var name in leftTables.Keys.Union(rightTables.Keys).Order(StringComparer.Ordinal))
        {
            if (!rightTables.TryGetValue(name, out var r))
            {
                differences.Add(new(DifferenceKind.Table, name, name, $"{name}: table is in {left.Source} but not in {right.Source}"));
            }
            else if (!leftTables.TryGetValue(name, out var l))
            {
                differences.Add(new(DifferenceKind.Table, name, name, $"{name}: table is in {right.Source} but not in {left.Source}"));
            }
            else
            {
                var pair = new Pair(left, right, l, r, differences);
                CompareColumns(pair);
                ComparePrimaryKeys(pair);
                CompareIndexes(pair);
                CompareForeignKeys(pair);
                if (!left.IsModel && !right.IsModel)
                {
                    CompareChecks(pair);
                }
            }
        }

        return differences;
    }

    private sealed record Pair(SchemaDescription Left, SchemaDescription Right, SchemaTable L, SchemaTable R, List<SchemaDifference> Differences)
    {
        public string Table => L.Name;

        public void Add(DifferenceKind kind, string subject, string message) => Differences.Add(new(kind, Table, subject, message));
    }

    private static void CompareColumns(Pair p)
    {
        var sqlite = p.Left.Engine == SchemaEngine.Sqlite || p.Right.Engine == SchemaEngine.Sqlite;
        var right = p.R.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var left = p.L.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var l in p.L.Columns)
        {
            if (!right.TryGetValue(l.Name, out var r))
            {
                p.Add(DifferenceKind.Column, l.Name, $"{p.Table}.{l.Name}: column is in {p.Left.Source} but not in {p.Right.Source}");
                continue;
            }

            if (l.Family == TypeFamily.Unknown || r.Family == TypeFamily.Unknown)
            {
                p.Add(DifferenceKind.ColumnType, l.Name, $"{p.Table}.{l.Name}: type {l.StoreType} in {p.Left.Source} / {r.StoreType} in {p.Right.Source} is not in the type family mapping (SchemaCatalog)");
            }
            else if ((sqlite ? SchemaCatalog.StoredInSqlite(l.Family) : l.Family) != (sqlite ? SchemaCatalog.StoredInSqlite(r.Family) : r.Family))
            {
                p.Add(DifferenceKind.ColumnType, l.Name, $"{p.Table}.{l.Name}: type family {l.Family} ({l.StoreType}) in {p.Left.Source}, {r.Family} ({r.StoreType}) in {p.Right.Source}");
            }

            if (l.Nullable != r.Nullable)
            {
                p.Add(DifferenceKind.Nullability, l.Name, $"{p.Table}.{l.Name}: {Null(l)} in {p.Left.Source}, {Null(r)} in {p.Right.Source}");
            }

            if (!sqlite && l.MaxLength != r.MaxLength)
            {
                p.Add(DifferenceKind.MaxLength, l.Name, $"{p.Table}.{l.Name}: max length {Length(l)} in {p.Left.Source}, {Length(r)} in {p.Right.Source}");
            }
        }

        foreach (var r in p.R.Columns.Where(c => !left.ContainsKey(c.Name)))
        {
            p.Add(DifferenceKind.Column, r.Name, $"{p.Table}.{r.Name}: column is in {p.Right.Source} but not in {p.Left.Source}");
        }

        static string Null(SchemaColumn c) => c.Nullable ? "NULL" : "NOT NULL";

        static string Length(SchemaColumn c) => c.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
    }

    private static void ComparePrimaryKeys(Pair p)
    {
        if (!p.L.PrimaryKey.SequenceEqual(p.R.PrimaryKey, StringComparer.Ordinal))
        {
            p.Add(DifferenceKind.PrimaryKey, p.Table, $"{p.Table}: primary key ({string.Join(", ", p.L.PrimaryKey)}) in {p.Left.Source}, ({string.Join(", ", p.R.PrimaryKey)}) in {p.Right.Source}");
        }
    }

    private static void CompareIndexes(Pair p)
    {
        var compareNames = !p.Left.IsModel && !p.Right.IsModel;
        var left = p.L.Indexes.ToLookup(i => i.Key, StringComparer.Ordinal);
        var right = p.R.Indexes.ToLookup(i => i.Key, StringComparer.Ordinal);
        foreach (var key in left.Select(g => g.Key).Union(right.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var ls = left[key].ToList();
            var rs = right[key].ToList();
            if (rs.Count == 0 || ls.Count == 0)
            {
                var (index, has, lacks, other) = rs.Count == 0 ? (ls[0], p.Left, p.Right, p.R) : (rs[0], p.Right, p.Left, p.L);
                var near = other.Indexes.FirstOrDefault(i => i.Columns.SequenceEqual(index.Columns, StringComparer.Ordinal));
                var note = near is null ? "" : $" ({lacks.Source} has {near.Name} on the same columns {(near.Partial ? "with" : "without")} a predicate)";
                p.Add(DifferenceKind.Index, key, $"{p.Table}: index {index.Name} {key} is in {has.Source} but not in {lacks.Source}{note}");
                continue;
            }

            if (ls.Count != rs.Count)
            {
                p.Add(DifferenceKind.Index, key, $"{p.Table}: {ls.Count} indexes on {key} in {p.Left.Source}, {rs.Count} in {p.Right.Source}");
                continue;
            }

            var (l, r) = (ls[0], rs[0]);
            if (l.Unique != r.Unique)
            {
                p.Add(DifferenceKind.IndexUnique, key, $"{p.Table}: index {key} is {Unique(l)} in {p.Left.Source} ({l.Name}), {Unique(r)} in {p.Right.Source} ({r.Name})");
            }

            if (compareNames && l.Name != r.Name)
            {
                p.Add(DifferenceKind.IndexName, key, $"{p.Table}: index {key} is named {l.Name} in {p.Left.Source}, {r.Name} in {p.Right.Source}");
            }
        }

        static string Unique(SchemaIndex i) => i.Unique ? "unique" : "not unique";
    }

    private static void CompareForeignKeys(Pair p)
    {
        var againstModel = p.Left.IsModel || p.Right.IsModel;
        var left = p.L.ForeignKeys.ToLookup(f => f.Key, StringComparer.Ordinal);
        var right = p.R.ForeignKeys.ToLookup(f => f.Key, StringComparer.Ordinal);
        foreach (var key in left.Select(g => g.Key).Union(right.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var ls = left[key].ToList();
            var rs = right[key].ToList();
            if (rs.Count == 0 || ls.Count == 0)
            {
                var (fk, has, lacks) = rs.Count == 0 ? (ls[0], p.Left, p.Right) : (rs[0], p.Right, p.Left);
                p.Add(DifferenceKind.ForeignKey, key, $"{p.Table}: foreign key {key} → {fk.Target} ON DELETE {fk.OnDelete} is in {has.Source} but not in {lacks.Source}");
                continue;
            }

            var (l, r) = (ls[0], rs[0]);
            if (l.Target != r.Target)
            {
                p.Add(DifferenceKind.ForeignKeyTarget, key, $"{p.Table}: foreign key {key} references {l.Target} in {p.Left.Source}, {r.Target} in {p.Right.Source}");
            }

            if (Action(l.OnDelete) != Action(r.OnDelete))
            {
                p.Add(DifferenceKind.ForeignKeyAction, key, $"{p.Table}: foreign key {key} → {l.Target} is ON DELETE {l.OnDelete} in {p.Left.Source}, ON DELETE {r.OnDelete} in {p.Right.Source}");
            }
        }

        string Action(string action) => againstModel && action == "RESTRICT" ? "NO ACTION" : action;
    }

    /// <summary>Checks by the columns they read: the same number on the same columns on both sides.</summary>
    private static void CompareChecks(Pair p)
    {
        var left = p.L.Checks.ToLookup(c => c.Key, StringComparer.Ordinal);
        var right = p.R.Checks.ToLookup(c => c.Key, StringComparer.Ordinal);
        foreach (var key in left.Select(g => g.Key).Union(right.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var (l, r) = (left[key].Count(), right[key].Count());
            if (l != r)
            {
                var names = string.Join(", ", left[key].Concat(right[key]).Select(c => c.Name).OfType<string>().Distinct(StringComparer.Ordinal));
                p.Add(DifferenceKind.Check, key, $"{p.Table}: {l} CHECK constraint(s) on {key} in {p.Left.Source}, {r} in {p.Right.Source}{(names.Length > 0 ? " (" + names + ")" : "")}");
            }
        }
    }
}
