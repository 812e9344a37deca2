using Microsoft.EntityFrameworkCore;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Identity.StaffAdmin;

/// <summary>What an import does to one row's account.</summary>
internal enum StaffImportKind
{
    Create,
    Update,
    Deactivate,
    Reactivate,
    Unchanged,
}

/// <summary>One valid row: its line, login, what it does and the fields it changes.</summary>
internal sealed record StaffImportChange(int Line, string Login, StaffImportKind Kind, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// What an import did or would do: every row's change and every error by line. A file with any error is not applied at
/// all; <see cref="Applied"/> says whether this one was.
/// </summary>
internal sealed record StaffImportOutcome(bool DryRun, bool Applied, IReadOnlyList<StaffImportChange> Rows, IReadOnlyList<StaffImportError> Errors)
{
    public int Count(StaffImportKind kind) => Rows.Count(r => r.Kind == kind);
}

/// <summary>
/// Henkilöstön tuonti — professionals from the HR system's CSV (<see cref="StaffCsv"/>): each row creates or changes
/// the account with its login; a column left out of the file leaves that field as it is, an empty cell empties it (the
/// name excepted). <c>active=false</c> deactivates (and ends the sessions); accounts missing from the file are left
/// alone. Every rule of the form holds for every row (<see cref="StaffChanges"/>, the coordinator's scope included).
/// <para>
/// All or nothing: the dry run lists every change and every error; applying re-reads and re-checks the same file inside
/// one unit of work and writes it only when no row has an error. The reads are one per table however long the file
/// (accounts by login, their units, roles and scopes, holders of the file's directory ids and subjects, the units).
/// </para>
/// </summary>
internal sealed class StaffImport(PolkuDb db, UnitOfWork unit, ReferenceCache cache, StaffAdministration admin, RoleCertificates roleCertificates, IUnitDirectory unitDirectory,
    TimeProvider time)
{
    public const string DuplicateLogin = "staff.import.duplicate_login";
    public const string DuplicateDirectoryId = "staff.import.duplicate_directory_id";
    public const string DuplicateExternalSubject = "staff.import.duplicate_external_subject";
    public const string ActiveInvalid = "staff.import.active_invalid";
    public const string OutsideScope = "staff.import.outside_scope";

    private static readonly string[] Yes = ["true", "1", "yes", "kyllä", "ja", "x"];
    private static readonly string[] No = ["false", "0", "no", "ei", "nej"];

    /// <summary>Reads the file's bytes and plans it (<paramref name="dryRun"/>) or applies it.</summary>
    public async Task<StaffImportOutcome> ImportAsync(Guid actorId, ReadOnlyMemory<byte> file, bool dryRun, string source, CancellationToken ct)
    {
        if (file.Length > StaffCsv.MaxBytes)
        {
            return new StaffImportOutcome(dryRun, false, [], [new StaffImportError(0, "", StaffCsv.TooLarge)]);
        }

        if (StaffCsv.Decode(file.Span) is not { } text)
        {
            return new StaffImportOutcome(dryRun, false, [], [new StaffImportError(0, "", StaffCsv.NotUtf8)]);
        }

        return await ImportAsync(actorId, text, dryRun, source, ct);
    }

    public async Task<StaffImportOutcome> ImportAsync(Guid actorId, string text, bool dryRun, string source, CancellationToken ct)
    {
        var (rows, header, fileErrors) = StaffCsv.Parse(text);
        if (fileErrors.Count > 0 && rows.Count == 0)
        {
            return new StaffImportOutcome(dryRun, false, [], fileErrors);
        }

        // The same reads and rules for the dry run and the application; a dry run's unit rolls back having written nothing.
        return await unit.RunAsync(async c =>
        {
            var scope = await admin.ScopeAsync(actorId, c);
            if (!scope.IsAdmin)
            {
                return new StaffImportOutcome(dryRun, false, [], [new StaffImportError(0, "", StaffChanges.NotAllowed)]);
            }

            var plan = await PlanAsync(scope, rows, header, fileErrors, tracked: !dryRun, c);
            if (dryRun || plan.Errors.Count > 0)
            {
                return new StaffImportOutcome(dryRun, false, plan.Changes, plan.Errors);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var writer = new StaffWriter(db, now, unit, cache);
            var ending = new List<Guid>();
            foreach (var (change, before, decision) in plan.Decided.Where(d => d.Change.Kind != StaffImportKind.Unchanged))
            {
                writer.Apply(before, decision.After!, decision.Changes, scope, Action(change.Kind), source);
                if (decision.EndsSessions(before?.Snapshot))
                {
                    ending.Add(decision.After!.Id);
                }
            }

            await SessionStore.EndStaffSessionsAsync(db, unit, cache, ending, c);
            return new StaffImportOutcome(false, true, plan.Changes, []);
        }, o => o.Applied, ct);
    }

    private static string Action(StaffImportKind kind) => kind switch
    {
        StaffImportKind.Create => "created",
        StaffImportKind.Deactivate => "deactivated",
        StaffImportKind.Reactivate => "reactivated",
        _ => "updated",
    };

    private sealed record Plan(
        IReadOnlyList<StaffImportChange> Changes, IReadOnlyList<StaffImportError> Errors,
        IReadOnlyList<(StaffImportChange Change, StaffRows? Before, StaffDecision Decision)> Decided);

    private async Task<Plan> PlanAsync(AdminScope scope, IReadOnlyList<StaffCsvRow> rows, IReadOnlyList<string> header, IReadOnlyList<StaffImportError> fileErrors,
        bool tracked, CancellationToken ct)
    {
        var errors = new List<StaffImportError>(fileErrors);
        var logins = rows.Select(r => StaffRules.NormaliseLogin(r.Cells[StaffCsv.Login])).Distinct(StringComparer.Ordinal).ToList();
        var existing = (await admin.SnapshotsAsync(db.Set<StaffMember>().Where(s => logins.Contains(s.Login)), tracked, ct))
            .ToDictionary(r => r.Member.Login, StringComparer.Ordinal);
        var directoryIds = Values(rows, header, StaffCsv.DirectoryId);
        var subjects = Values(rows, header, StaffCsv.ExternalSubject);
        var directoryHolders = directoryIds.Count == 0 ? [] : await db.Set<StaffMember>().AsNoTracking().Where(s => s.DirectoryId != null && directoryIds.Contains(s.DirectoryId))
            .Select(s => new { s.DirectoryId, s.Login }).ToDictionaryAsync(s => s.DirectoryId!, s => s.Login, StringComparer.Ordinal, ct);
        var subjectHolders = subjects.Count == 0 ? [] : await db.Set<StaffMember>().AsNoTracking().Where(s => s.ExternalSubject != null && subjects.Contains(s.ExternalSubject))
            .Select(s => new { s.ExternalSubject, s.Login }).ToDictionaryAsync(s => s.ExternalSubject!, s => s.Login, StringComparer.Ordinal, ct);
        var units = await unitDirectory.ListAsync(ct);
        var unitsByCode = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var known = units.Select(u => u.Id).ToHashSet();
        var has = header.ToHashSet(StringComparer.Ordinal);
        var seenLogins = new HashSet<string>(StringComparer.Ordinal);
        var seenDirectoryIds = new HashSet<string>(StringComparer.Ordinal);
        var seenSubjects = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<StaffImportChange>();
        var decided = new List<(StaffImportChange Change, StaffRows? Before, StaffDecision Decision)>();
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            var rowErrors = new List<StaffImportError>();
            void Add(string column, string code) => rowErrors.Add(new StaffImportError(row.Line, column, code));
            string? Cell(string column) => has.Contains(column) ? row.Cells[column] : null;

            var login = StaffRules.NormaliseLogin(row.Cells[StaffCsv.Login]);
            if (StaffRules.IsLogin(login) && !seenLogins.Add(login))
            {
                Add(StaffCsv.Login, DuplicateLogin);
            }

            existing.TryGetValue(login, out var before);
            var current = before?.Snapshot;
            var unitIds = new List<Guid>();
            if (Cell(StaffCsv.Units) is { } unitCell)
            {
                foreach (var code in List(unitCell))
                {
                    if (unitsByCode.TryGetValue(code, out var id))
                    {
                        unitIds.Add(id);
                    }
                    else
                    {
                        Add(StaffCsv.Units, StaffChanges.UnitUnknown);
                        break;
                    }
                }
            }
            else if (current is not null)
            {
                unitIds.AddRange(current.Units.Where(scope.CanAssign));
            }

            var roles = Cell(StaffCsv.Roles) is { } roleCell ? [.. List(roleCell).Select(r => r.ToLowerInvariant())] : current?.Roles.ToList() ?? [];
            bool? active = null;
            if (Cell(StaffCsv.Active) is { Length: > 0 } activeCell)
            {
                active = Yes.Contains(activeCell.ToLowerInvariant(), StringComparer.Ordinal) ? true
                    : No.Contains(activeCell.ToLowerInvariant(), StringComparer.Ordinal) ? false
                    : null;
                if (active is null)
                {
                    Add(StaffCsv.Active, ActiveInvalid);
                }
            }

            var values = new StaffValues(login, row.Cells[StaffCsv.Name],
                Cell(StaffCsv.Title) ?? current?.Title ?? "",
                Cell(StaffCsv.Email) ?? current?.Email,
                Cell(StaffCsv.ExternalSubject) ?? current?.ExternalSubject,
                Cell(StaffCsv.DirectoryId) ?? current?.DirectoryId,
                unitIds, roles, current?.AdminCounty ?? false, current?.AdminUnits);
            var decision = StaffChanges.Decide(scope, current, Guid.CreateVersion7(now), values, active, known);
            foreach (var error in decision.Errors)
            {
                // Outside the coordinator's scope the login is someone else's: "not found" would read as "will be created".
                Add(Column(error.Field), error.Code == StaffChanges.NotFound ? OutsideScope : error.Code);
            }

            if (decision.After is { } after)
            {
                if (after.DirectoryId is { } directoryId
                    && (!seenDirectoryIds.Add(directoryId) ? DuplicateDirectoryId
                        : directoryHolders.TryGetValue(directoryId, out var holder) && holder != login ? StaffAdministration.DirectoryIdTaken : null) is { } code)
                {
                    Add(StaffCsv.DirectoryId, code);
                }

                if (after.ExternalSubject is { } subject
                    && (!seenSubjects.Add(subject) ? DuplicateExternalSubject
                        : subjectHolders.TryGetValue(subject, out var subjectHolder) && subjectHolder != login ? StaffAdministration.ExternalSubjectTaken : null) is { } subjectCode)
                {
                    Add(StaffCsv.ExternalSubject, subjectCode);
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Distinct());
                continue;
            }

            var kind = current is null ? StaffImportKind.Create
                : decision.Changes.Any(c => c.Field == StaffChanges.ActiveField) ? (decision.After!.Active ? StaffImportKind.Reactivate : StaffImportKind.Deactivate)
                : decision.Changes.Count > 0 ? StaffImportKind.Update
                : StaffImportKind.Unchanged;
            var change = new StaffImportChange(row.Line, login, kind, decision.Changes);
            changes.Add(change);
            decided.Add((change, before, decision));
        }

        // A role that requires a certificate is given only to a holder of a valid one (one read for the whole file).
        var uncertified = await roleCertificates.CheckGrantsAsync([.. decided.Select(d => (d.Before?.Snapshot, d.Decision.After!))], ct);
        errors.AddRange(decided.Where(d => uncertified.ContainsKey(d.Decision.After!.Id))
            .Select(d => new StaffImportError(d.Change.Line, StaffCsv.Roles, RoleCertificates.CertificateRequired)));
        return new Plan(changes, [.. errors.OrderBy(e => e.Line)], decided);
    }

    /// <summary>The distinct non-empty values of a column in the file.</summary>
    private static List<string> Values(IReadOnlyList<StaffCsvRow> rows, IReadOnlyList<string> header, string column) =>
        header.Contains(column, StringComparer.Ordinal)
            ? [.. rows.Select(r => r.Cells[column]).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)]
            : [];

    /// <summary>A cell of <c>|</c>-separated values.</summary>
    private static IEnumerable<string> List(string cell) =>
        cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The file's column of a <see cref="StaffValues"/> field.</summary>
    private static string Column(string? field) => field switch
    {
        "Login" => StaffCsv.Login,
        "DisplayName" => StaffCsv.Name,
        "Title" => StaffCsv.Title,
        "Email" => StaffCsv.Email,
        "ExternalSubject" => StaffCsv.ExternalSubject,
        "DirectoryId" => StaffCsv.DirectoryId,
        "Units" => StaffCsv.Units,
        "Roles" or "AdminUnits" => StaffCsv.Roles,
        "Active" => StaffCsv.Active,
        _ => "",
    };
}
