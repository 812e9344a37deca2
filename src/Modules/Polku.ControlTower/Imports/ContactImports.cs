using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.ControlTower.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Imports;

/// <summary>A row the import refused: its line number, the column and an error code (<c>tower.import.error.*</c>).</summary>
public sealed record ImportRowError(int Line, string Column, string Code);

/// <summary>A day the import replaces, with the version that had it.</summary>
public sealed record ReplacedDay(DateOnly Day, int PreviousVersion);

/// <summary>
/// What an import did or would do: the rows accepted, the rows refused, the days it covers and the days it replaces.
/// A file with any refused row is not imported at all (a partial day would make the digital share wrong).
/// </summary>
public sealed record ImportOutcome(bool DryRun, int Accepted, IReadOnlyList<ImportRowError> Errors, IReadOnlyList<DateOnly> Days,
    IReadOnlyList<ReplacedDay> Replaces, int? Version)
{
    public bool Imported => !DryRun && Version is not null;
}

/// <summary>
/// Phone and walk-in counts from CSV (<c>date,municipality,channel,kind,count</c>; comma or semicolon; a header line is
/// optional), so that the digital share's denominator counts the contacts outside Polku (spec 05). Re-importing a day
/// replaces the whole day: the earlier rows stay as that day's earlier version, no longer current.
/// </summary>
internal sealed class ContactImports(PolkuDb db, UnitOfWork unit, IUnitDirectory units, TimeProvider time)
{
    /// <summary>The channels and kinds a row may have.</summary>
    public static readonly IReadOnlyList<string> Channels = ["phone", "walk-in"];
    public static readonly IReadOnlyList<string> Kinds = ["first-line", "other"];

    public const int MaxRows = 100_000;
    public const int MaxCount = 1_000_000;
    public const int MaxBytes = 5 * 1024 * 1024;

    private static readonly string[] Header = ["date", "municipality", "channel", "kind", "count"];
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy"];

    public async Task<ImportOutcome> ImportAsync(string csv, string fileName, bool dryRun, Guid? by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var known = (await units.MunicipalitiesAsync(ct)).Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        var (rows, errors) = Parse(csv, known);
        var days = rows.Select(r => r.Day).Distinct().Order().ToList();
        var previous = await db.Set<ImportedContact>().AsNoTracking().Where(c => c.Current && days.Contains(c.Day))
            .Join(db.Set<ContactImport>(), c => c.ImportId, i => i.Id, (c, i) => new { c.Day, i.Number }).Distinct().ToListAsync(ct);
        var replaces = previous.OrderBy(p => p.Day).Select(p => new ReplacedDay(p.Day, p.Number)).ToList();
        if (dryRun || errors.Count > 0 || rows.Count == 0)
        {
            var empty = rows.Count == 0 && errors.Count == 0 ? [new ImportRowError(0, "", "tower.import.error.empty")] : errors;
            return new ImportOutcome(dryRun, errors.Count == 0 ? rows.Count : 0, empty, days, replaces, null);
        }

        var version = await unit.RunAsync(async c =>
        {
            var number = (await db.Set<ContactImport>().MaxAsync(i => (int?)i.Number, c) ?? 0) + 1;
            var now = time.GetUtcNow();
            var import = new ContactImport
            {
                Id = Guid.CreateVersion7(now), Number = number, ImportedUtc = now.UtcDateTime, ImportedBy = by,
                FileName = fileName.Length <= 200 ? fileName : fileName[..200], Rows = rows.Count, Days = days.Count,
            };
            db.Set<ContactImport>().Add(import);
            await db.Set<ImportedContact>().Where(x => x.Current && days.Contains(x.Day)).ExecuteUpdateAsync(u => u.SetProperty(x => x.Current, false), c);
            db.Set<ImportedContact>().AddRange(rows.Select(r => new ImportedContact
            {
                Id = Guid.CreateVersion7(now), ImportId = import.Id, Day = r.Day, MunicipalityCode = r.Municipality, Channel = r.Channel, Kind = r.Kind,
                Count = r.Count, Current = true,
            }));
            return number;
        }, _ => true, ct);
        return new ImportOutcome(false, rows.Count, [], days, replaces, version);
    }

    /// <summary>The imports, newest first.</summary>
    public async Task<IReadOnlyList<ContactImport>> ListAsync(int take, CancellationToken ct) =>
        await db.Set<ContactImport>().AsNoTracking().OrderByDescending(i => i.Number).Take(take).ToListAsync(ct);

    internal sealed record Row(DateOnly Day, string Municipality, string Channel, string Kind, int Count);

    /// <summary>Reads the CSV; every bad row is reported with its line and column, and no row is guessed.</summary>
    internal static (List<Row> Rows, List<ImportRowError> Errors) Parse(string csv, IReadOnlySet<string> municipalities)
    {
        var rows = new List<Row>();
        var errors = new List<ImportRowError>();
        var seen = new HashSet<(DateOnly, string, string, string)>();
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(line.Contains(';', StringComparison.Ordinal) ? ';' : ',').Select(c => c.Trim().Trim('"').Trim()).ToArray();
            if (rows.Count == 0 && errors.Count == 0 && cells.Select(c => c.ToLowerInvariant()).SequenceEqual(Header))
            {
                continue;
            }

            if (rows.Count + errors.Count >= MaxRows)
            {
                errors.Add(new ImportRowError(number, "", "tower.import.error.too_many_rows"));
                break;
            }

            if (cells.Length != Header.Length)
            {
                errors.Add(new ImportRowError(number, "", "tower.import.error.columns"));
                continue;
            }

            var before = errors.Count;
            if (!DateOnly.TryParseExact(cells[0], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                errors.Add(new ImportRowError(number, "date", "tower.import.error.date"));
            }

            if (!municipalities.Contains(cells[1]))
            {
                errors.Add(new ImportRowError(number, "municipality", "tower.import.error.municipality"));
            }

            var channel = cells[2].ToLowerInvariant();
            if (!Channels.Contains(channel))
            {
                errors.Add(new ImportRowError(number, "channel", "tower.import.error.channel"));
            }

            var kind = cells[3].ToLowerInvariant();
            if (!Kinds.Contains(kind))
            {
                errors.Add(new ImportRowError(number, "kind", "tower.import.error.kind"));
            }

            if (!int.TryParse(cells[4], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxCount)
            {
                errors.Add(new ImportRowError(number, "count", "tower.import.error.count"));
            }

            if (errors.Count > before)
            {
                continue;
            }

            if (!seen.Add((day, cells[1], channel, kind)))
            {
                errors.Add(new ImportRowError(number, "", "tower.import.error.duplicate"));
                continue;
            }

            rows.Add(new Row(day, cells[1], channel, kind, count));
        }

        return (rows, errors);
    }
}
