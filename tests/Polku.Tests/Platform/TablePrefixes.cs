using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;

namespace Polku.Tests.Platform;

/// <summary>
/// Issue 11, ADR 0010: every table's name starts with the prefix of the module that owns it, so that a table name
/// (in SQL, a log line, a backup) says whose data it is. The owner of a model table is the module whose assembly
/// declares the entity type; a type from outside Polku (the framework's <c>DataProtectionKey</c>) is configured by
/// the platform and is the platform's.
/// </summary>
internal static class TablePrefixes
{
    /// <summary>Module name (<see cref="IPolkuModule.Name"/>, "platform" for the platform) → table prefix.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByModule = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["platform"] = "platform_",
        ["region"] = "region_",
        ["identity"] = "identity_",
        ["contacts"] = "contacts_",
        ["assessments"] = "assessment_",
        ["appointments"] = "appointment_",
        ["tower"] = "tower_",
        ["sm"] = "sm_",
        ["training"] = "training_",
    };

    /// <summary>Tables without a module prefix, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unprefixed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["schema_migrations"] = "the migrator's bookkeeping: created by the Migrator itself before any module migration runs, in no model",
    };

    /// <summary>Each table of the model of <paramref name="db"/> with the name of the module that owns its entity type.</summary>
    public static IReadOnlyList<(string Table, string Module, string EntityType)> ModelTables(PolkuDb db, ModuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalog);
        var owners = new Dictionary<Assembly, string> { [typeof(PolkuDb).Assembly] = "platform" };
        foreach (var module in catalog.Modules)
        {
            owners.TryAdd(module.Assembly, module.Name);
        }

        return db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null && !e.IsOwned())
            .Select(e => (e.GetTableName()!, owners.GetValueOrDefault(e.ClrType.Assembly, OutsidePolku(e.ClrType.Assembly) ? "platform" : "?"), e.ClrType.FullName ?? e.Name))
            .ToList();
    }

    private static bool OutsidePolku(Assembly assembly) => assembly.GetName().Name?.StartsWith("Polku.", StringComparison.Ordinal) != true;

    /// <summary>What breaks the rule in the model: a table whose name does not start with its owner's prefix.</summary>
    public static IEnumerable<string> ModelProblems(IEnumerable<(string Table, string Module, string EntityType)> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        foreach (var (table, module, entityType) in tables)
        {
            if (!ByModule.TryGetValue(module, out var prefix))
            {
                yield return $"{table} ({entityType}): its module '{module}' has no table prefix; add one to TablePrefixes.ByModule and ADR 0010";
            }
            else if (!table.StartsWith(prefix, StringComparison.Ordinal) || table.Length == prefix.Length)
            {
                yield return $"{table} ({entityType}): a table of the {module} module must be named {prefix}…";
            }
        }
    }

    /// <summary>
    /// What breaks the rule in a migrated database: a table without a known prefix, or an index not named after its
    /// table (<c>ix_</c> or <c>ux_</c>, the table's name, then the index's own part).
    /// </summary>
    public static IEnumerable<string> DatabaseProblems(SchemaDescription schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var table in schema.Tables.Where(t => !Unprefixed.ContainsKey(t.Name)))
        {
            if (!ByModule.Values.Any(p => table.Name.StartsWith(p, StringComparison.Ordinal) && table.Name.Length > p.Length))
            {
                yield return $"{schema.Source}: table {table.Name} has no module prefix ({string.Join(", ", ByModule.Values)})";
            }

            foreach (var index in table.Indexes.Where(i => !i.Name.StartsWith("ix_" + table.Name + "_", StringComparison.Ordinal) && !i.Name.StartsWith("ux_" + table.Name + "_", StringComparison.Ordinal)))
            {
                yield return $"{schema.Source}: index {index.Name} on {table.Name} is not named ix_{table.Name}_… or ux_{table.Name}_…";
            }
        }
    }
}
