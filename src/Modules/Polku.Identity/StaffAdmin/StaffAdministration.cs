using Microsoft.EntityFrameworkCore;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Identity.Directory;
using Polku.Platform.Caching;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.StaffAdmin;

/// <summary>A search of the staff list: words (name, login, title, e-mail, unit or role names), a unit, a role, a status, a page.</summary>
internal sealed record StaffQuery(string? Text, Guid? Unit, string? Role, string Status, int Page)
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string All = "all";
    public const int PageSize = 25;
    public const int MaxTextLength = 200;

    public static readonly IReadOnlyList<string> Statuses = [Active, Inactive, All];
}

/// <summary>One professional in the list.</summary>
internal sealed record StaffListItem(Guid Id, string Login, string Name, string Title, bool Active, IReadOnlyList<Guid> Units, IReadOnlyList<string> Roles);

internal sealed record StaffListPage(IReadOnlyList<StaffListItem> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One professional as the coordinator sees them, and whether this coordinator may change them.</summary>
internal sealed record StaffDetail(StaffSnapshot Staff, bool Manageable);

/// <summary>
/// Henkilöstön hallinta — the coordinator's changes to professionals' accounts: list, read, create, change,
/// deactivate and reactivate, each checked against the coordinator's scope (<see cref="AdminScope"/>, read from the
/// database on every call, never from the session) and written in one unit of work with its history row. A
/// deactivation, or a change of roles or admin scope, ends the person's sessions in the same unit: their next request
/// is signed out, on every node. Failures are <see cref="StaffChanges"/>' codes and:
/// <list type="bullet">
/// <item><c>staff.login_taken</c>, <c>staff.external_subject_taken</c>, <c>staff.directory_id_taken</c> (400, on the field);</item>
/// <item><c>error.concurrency</c> (409): someone changed the account since the form was read.</item>
/// </list>
/// </summary>
internal sealed class StaffAdministration(PolkuDb db, UnitOfWork unit, ReferenceCache cache, IUnitDirectory unitDirectory, RoleCertificates roleCertificates, Texts texts, TimeProvider time)
{
    public const string LoginTaken = "staff.login_taken";
    public const string ExternalSubjectTaken = "staff.external_subject_taken";
    public const string DirectoryIdTaken = "staff.directory_id_taken";
    public const string Concurrency = "error.concurrency";

    /// <summary>Whose accounts the professional administers, from their own row: none unless an active coordinator.</summary>
    public async Task<AdminScope> ScopeAsync(Guid actorId, CancellationToken ct)
    {
        var actor = await db.Set<StaffMember>().AsNoTracking().Where(s => s.Id == actorId)
            .Select(s => new { s.Active, s.AdminCounty, s.DisplayName }).FirstOrDefaultAsync(ct);
        if (actor is null || !actor.Active
            || !await db.Set<StaffRole>().AnyAsync(r => r.StaffId == actorId && r.Role == PolkuRoles.Coordinator, ct))
        {
            return AdminScope.None(actorId);
        }

        var scope = actor.AdminCounty
            ? AdminScope.WholeCounty(actorId)
            : AdminScope.OfUnits(actorId, await db.Set<StaffAdminScope>().Where(a => a.StaffId == actorId).Select(a => a.UnitId).ToListAsync(ct));
        return scope with { ActorName = actor.DisplayName };
    }

    /// <summary>The professionals within the scope that match the query, a page at a time, by name.</summary>
    public async Task<Result<StaffListPage>> ListAsync(Guid actorId, StaffQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scope = await ScopeAsync(actorId, ct);
        if (!scope.IsAdmin)
        {
            return Error.Forbidden(StaffChanges.NotAllowed);
        }

        var staff = db.Set<StaffMember>().AsNoTracking();
        var memberships = db.Set<StaffUnit>();
        if (!scope.County)
        {
            var mine = scope.Units.ToList();
            staff = staff.Where(s => memberships.Any(m => m.StaffId == s.Id && mine.Contains(m.UnitId)));
        }

        staff = query.Status switch
        {
            StaffQuery.Inactive => staff.Where(s => !s.Active),
            StaffQuery.All => staff,
            _ => staff.Where(s => s.Active),
        };
        if (query.Unit is { } unitId)
        {
            staff = staff.Where(s => memberships.Any(m => m.StaffId == s.Id && m.UnitId == unitId));
        }

        if (query.Role is { Length: > 0 } role)
        {
            staff = staff.Where(s => db.Set<StaffRole>().Any(r => r.StaffId == s.Id && r.Role == role));
        }

        var words = (query.Text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(8).ToList();
        if (words.Count > 0)
        {
            var units = await unitDirectory.ListAsync(ct);
            foreach (var word in words)
            {
                staff = Matching(staff, word, units);
            }
        }

        var total = await staff.CountAsync(ct);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + StaffQuery.PageSize - 1) / StaffQuery.PageSize));
        var rows = await staff.OrderBy(s => s.DisplayName).ThenBy(s => s.Login)
            .Skip((page - 1) * StaffQuery.PageSize).Take(StaffQuery.PageSize)
            .Select(s => new { s.Id, s.Login, s.DisplayName, s.Title, s.Active })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var unitRows = await memberships.AsNoTracking().Where(m => ids.Contains(m.StaffId)).ToListAsync(ct);
        var roleRows = await db.Set<StaffRole>().AsNoTracking().Where(r => ids.Contains(r.StaffId)).ToListAsync(ct);
        return new StaffListPage(
            [.. rows.Select(r => new StaffListItem(r.Id, r.Login, r.DisplayName, r.Title, r.Active,
                [.. unitRows.Where(u => u.StaffId == r.Id).Select(u => u.UnitId)],
                [.. roleRows.Where(x => x.StaffId == r.Id).Select(x => x.Role).Order(StringComparer.Ordinal)]))],
            total, page, StaffQuery.PageSize);
    }

    /// <summary>
    /// Narrows the list to staff matching one word: in the name, login, title or e-mail (any case, Finnish and Swedish
    /// letters too), or in the name of a known title, one of their units or one of their roles in any language.
    /// </summary>
    private IQueryable<StaffMember> Matching(IQueryable<StaffMember> staff, string word, IReadOnlyList<UnitInfo> units)
    {
        bool Has(string? text) => text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);
        bool Named(string key) => LocalizedText.Languages.Any(l => Has(texts.Get(l, key)));
        var titles = StaffRules.KnownTitles.Where(t => Named("identity.staff_title." + t)).ToList();
        var roles = PolkuRoles.All.Where(r => Has(r) || Named("identity.role." + r)).ToList();
        var unitIds = units.Where(u => Has(u.Code) || LocalizedText.Languages.Any(l => Has(u.Name.Get(l)))).Select(u => u.Id).ToList();
        var memberships = db.Set<StaffUnit>();
        var roleRows = db.Set<StaffRole>();
        if (db.IsPostgres)
        {
            var pattern = "%" + Like(word.ToLowerInvariant()) + "%";
            // ToLower is translated to SQL lower(), which folds every letter on PostgreSQL; no culture overload exists there.
#pragma warning disable CA1304, CA1311
            return staff.Where(s =>
                EF.Functions.Like(s.DisplayName.ToLower(), pattern, LikeEscape) || EF.Functions.Like(s.Login.ToLower(), pattern, LikeEscape)
                || EF.Functions.Like(s.Title.ToLower(), pattern, LikeEscape) || (s.Email != null && EF.Functions.Like(s.Email.ToLower(), pattern, LikeEscape))
                || titles.Contains(s.Title)
                || memberships.Any(m => m.StaffId == s.Id && unitIds.Contains(m.UnitId))
                || roleRows.Any(r => r.StaffId == s.Id && roles.Contains(r.Role)));
#pragma warning restore CA1304, CA1311
        }

        // SQLite's lower() and LIKE fold only A–Z; a GLOB with both cases of every letter finds ä and Ä alike.
        var glob = "*" + CaselessGlob(word) + "*";
        return staff.Where(s =>
            EF.Functions.Glob(s.DisplayName, glob) || EF.Functions.Glob(s.Login, glob) || EF.Functions.Glob(s.Title, glob)
            || (s.Email != null && EF.Functions.Glob(s.Email, glob))
            || titles.Contains(s.Title)
            || memberships.Any(m => m.StaffId == s.Id && unitIds.Contains(m.UnitId))
            || roleRows.Any(r => r.StaffId == s.Id && roles.Contains(r.Role)));
    }

    private const string LikeEscape = "\\";

    private static string Like(string word) =>
        word.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal).Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    /// <summary>The word as a GLOB of literal characters, each letter as the class of its two cases.</summary>
    private static string CaselessGlob(string word)
    {
        var glob = new System.Text.StringBuilder(word.Length * 4);
        foreach (var c in word)
        {
            var (lower, upper) = (char.ToLowerInvariant(c), char.ToUpperInvariant(c));
            glob.Append(lower != upper ? $"[{lower}{upper}]" : c is '*' or '?' or '[' ? $"[{c}]" : c.ToString());
        }

        return glob.ToString();
    }

    /// <summary>One professional within the scope; outside it, not found.</summary>
    public async Task<Result<StaffDetail>> GetAsync(Guid actorId, Guid staffId, CancellationToken ct)
    {
        var scope = await ScopeAsync(actorId, ct);
        if (!scope.IsAdmin)
        {
            return Error.Forbidden(StaffChanges.NotAllowed);
        }

        var snapshots = await SnapshotsAsync(db.Set<StaffMember>().AsNoTracking().Where(s => s.Id == staffId), tracked: false, ct);
        if (snapshots.Count == 0 || !scope.Sees(snapshots[0].Snapshot.Units))
        {
            return Error.NotFound(StaffChanges.NotFound);
        }

        var staff = snapshots[0].Snapshot;
        return new StaffDetail(staff, scope.Manages(staff.Units, staff.Roles));
    }

    /// <summary>The account's history, newest first.</summary>
    public async Task<IReadOnlyList<StaffChange>> HistoryAsync(Guid staffId, int take, CancellationToken ct) =>
        await db.Set<StaffChange>().AsNoTracking().Where(c => c.StaffId == staffId)
            .OrderByDescending(c => c.AtUtc).ThenByDescending(c => c.Id).Take(take).ToListAsync(ct);

    /// <summary>Creates a professional; returns the new id.</summary>
    public Task<Result<Guid>> CreateAsync(Guid actorId, StaffValues values, string source, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var scope = await ScopeAsync(actorId, c);
            var decision = StaffChanges.Decide(scope, null, Guid.CreateVersion7(time.GetUtcNow()), values, null, await KnownUnitsAsync(c));
            return await WriteAsync(scope, null, decision, "created", source, c);
        }, ct);

    /// <summary>Changes a professional if nobody changed them since <paramref name="seenVersion"/>.</summary>
    public Task<Result<Guid>> UpdateAsync(Guid actorId, Guid staffId, int seenVersion, StaffValues values, string source, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var scope = await ScopeAsync(actorId, c);
            var current = await SnapshotsAsync(db.Set<StaffMember>().Where(s => s.Id == staffId), tracked: true, c);
            if (current.Count == 0)
            {
                return Error.NotFound(StaffChanges.NotFound);
            }

            var before = current[0];
            var decision = StaffChanges.Decide(scope, before.Snapshot, staffId, values, null, await KnownUnitsAsync(c));
            if (decision.Ok && before.Snapshot.Version != seenVersion)
            {
                return Error.Conflict(Concurrency);
            }

            return await WriteAsync(scope, before, decision, "updated", source, c);
        }, ct);

    /// <summary>Deactivates (ending every session at once) or reactivates a professional; doing it twice changes nothing.</summary>
    public Task<Result<Guid>> SetActiveAsync(Guid actorId, Guid staffId, bool active, string source, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var scope = await ScopeAsync(actorId, c);
            var current = await SnapshotsAsync(db.Set<StaffMember>().Where(s => s.Id == staffId), tracked: true, c);
            if (current.Count == 0)
            {
                return Error.NotFound(StaffChanges.NotFound);
            }

            var s = current[0].Snapshot;
            // Same values, another state: a unit-scoped coordinator passes only the units they see, as on the form.
            var values = new StaffValues(s.Login, s.DisplayName, s.Title, s.Email, s.ExternalSubject, s.DirectoryId,
                [.. s.Units.Where(scope.CanAssign)], s.Roles, s.AdminCounty, s.AdminUnits);
            var decision = StaffChanges.Decide(scope, s, staffId, values, active, await KnownUnitsAsync(c));
            return await WriteAsync(scope, current[0], decision, active ? "reactivated" : "deactivated", source, c);
        }, ct);

    /// <summary>The ids of the county's units (one read of the unit directory).</summary>
    public async Task<IReadOnlySet<Guid>> KnownUnitsAsync(CancellationToken ct) => (await unitDirectory.ListAsync(ct)).Select(u => u.Id).ToHashSet();

    /// <summary>Writes a decided change of one account: uniqueness, the row, its units, roles and scope, sessions, history.</summary>
    private async Task<Result<Guid>> WriteAsync(AdminScope scope, StaffRows? before, StaffDecision decision, string action, string source, CancellationToken ct)
    {
        if (!decision.Ok)
        {
            return Result<Guid>.Fail(decision.Errors[0]);
        }

        var after = decision.After!;
        if (decision.Changes.Count == 0)
        {
            return after.Id;
        }

        if (await TakenAsync(after, ct) is { } taken)
        {
            return taken;
        }

        if (await roleCertificates.CheckGrantAsync(before?.Snapshot, after, ct) is { } uncertified)
        {
            return uncertified;
        }

        var writer = new StaffWriter(db, time.GetUtcNow().UtcDateTime, unit, cache);
        writer.Apply(before, after, decision.Changes, scope, action, source);
        if (decision.EndsSessions(before?.Snapshot))
        {
            await SessionStore.EndStaffSessionsAsync(db, unit, cache, [after.Id], ct);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict(Concurrency);
        }
        catch (DbUpdateException)
        {
            // Another coordinator took the login or id between the check and the save: the unique index decides.
            return Error.Conflict(Concurrency);
        }

        return after.Id;
    }

    /// <summary>The first unique value of the account that another account already has.</summary>
    private async Task<Error?> TakenAsync(StaffSnapshot s, CancellationToken ct)
    {
        var others = db.Set<StaffMember>().Where(x => x.Id != s.Id);
        if (await others.AnyAsync(x => x.Login == s.Login, ct))
        {
            return Error.Validation(LoginTaken, "Login");
        }

        if (s.ExternalSubject is { } subject && await others.AnyAsync(x => x.ExternalSubject == subject, ct))
        {
            return Error.Validation(ExternalSubjectTaken, "ExternalSubject");
        }

        if (s.DirectoryId is { } directoryId && await others.AnyAsync(x => x.DirectoryId == directoryId, ct))
        {
            return Error.Validation(DirectoryIdTaken, "DirectoryId");
        }

        return null;
    }

    /// <summary>
    /// The accounts the query selects with their units, roles and admin scopes: four reads however many accounts
    /// (the import reads 500 this way). Tracked when they are to be changed.
    /// </summary>
    public async Task<IReadOnlyList<StaffRows>> SnapshotsAsync(IQueryable<StaffMember> query, bool tracked, CancellationToken ct)
    {
        var members = await query.ToListAsync(ct);
        var ids = members.Select(m => m.Id).ToList();
        IQueryable<T> Of<T>()
            where T : class => tracked ? db.Set<T>() : db.Set<T>().AsNoTracking();
        var units = (await Of<StaffUnit>().Where(u => ids.Contains(u.StaffId)).ToListAsync(ct)).ToLookup(u => u.StaffId);
        var roles = (await Of<StaffRole>().Where(r => ids.Contains(r.StaffId)).ToListAsync(ct)).ToLookup(r => r.StaffId);
        var scopes = (await Of<StaffAdminScope>().Where(a => ids.Contains(a.StaffId)).ToListAsync(ct)).ToLookup(a => a.StaffId);
        return [.. members.Select(m => new StaffRows(m, [.. units[m.Id]], [.. roles[m.Id]], [.. scopes[m.Id]]))];
    }
}

/// <summary>An account's rows as read (tracked when they are to be changed) and its snapshot for the rules.</summary>
internal sealed record StaffRows(StaffMember Member, IReadOnlyList<StaffUnit> Units, IReadOnlyList<StaffRole> Roles, IReadOnlyList<StaffAdminScope> AdminScopes)
{
    public StaffSnapshot Snapshot { get; } = new(
        Member.Id, Member.Login, Member.DisplayName, Member.Title, Member.Email, Member.ExternalSubject, Member.DirectoryId, Member.Active,
        Member.AdminCounty, Member.Version, [.. Units.Select(u => u.UnitId).Order()], [.. Roles.Select(r => r.Role).Order(StringComparer.Ordinal)],
        [.. AdminScopes.Select(a => a.UnitId).Order()]);
}

/// <summary>
/// Puts decided changes into the change tracker: the account row (its version raised), its units, roles and admin
/// scope, and a history row; and announces in the unit of work that the directory's placements change (every write
/// to an account goes through here, so the cached placements never outlive a committed change).
/// </summary>
internal sealed class StaffWriter(PolkuDb db, DateTime nowUtc, UnitOfWork unit, ReferenceCache cache)
{
    private bool announced;

    public void Apply(StaffRows? before, StaffSnapshot after, IReadOnlyList<FieldChange> changes, AdminScope by, string action, string source) =>
        Apply(before, after, changes, by.ActorId, by.ActorName, action, source);

    public void Apply(StaffRows? before, StaffSnapshot after, IReadOnlyList<FieldChange> changes, Guid? byId, string byName, string action, string source)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(changes);
        if (!announced)
        {
            cache.Changed(unit, PeopleDirectory.PlacementsCacheKey);
            announced = true;
        }

        var member = before?.Member ?? new StaffMember { Id = after.Id };
        member.Login = after.Login;
        member.DisplayName = after.DisplayName;
        member.Title = after.Title;
        member.Email = after.Email;
        member.ExternalSubject = after.ExternalSubject;
        member.DirectoryId = after.DirectoryId;
        member.Active = after.Active;
        member.AdminCounty = after.AdminCounty;
        if (before is null)
        {
            db.Set<StaffMember>().Add(member);
        }
        else
        {
            member.Version = before.Snapshot.Version + 1;
        }

        Sync(before?.Units ?? [], after.Units, u => u.UnitId, id => new StaffUnit { StaffId = after.Id, UnitId = id });
        Sync(before?.Roles ?? [], after.Roles, r => r.Role, role => new StaffRole { StaffId = after.Id, Role = role });
        Sync(before?.AdminScopes ?? [], after.AdminUnits, a => a.UnitId, id => new StaffAdminScope { StaffId = after.Id, UnitId = id });
        db.Set<StaffChange>().Add(new StaffChange
        {
            Id = Guid.CreateVersion7(new DateTimeOffset(nowUtc, TimeSpan.Zero)),
            StaffId = after.Id,
            AtUtc = nowUtc,
            ByStaffId = byId,
            ByName = byName.Length <= StaffRules.NameMax ? byName : byName[..StaffRules.NameMax],
            Action = action,
            Source = source,
            Details = StaffChanges.ToJson(changes),
        });
    }

    private void Sync<TRow, TKey>(IReadOnlyList<TRow> current, IReadOnlyList<TKey> wanted, Func<TRow, TKey> key, Func<TKey, TRow> create)
        where TRow : class
    {
        var keep = wanted.ToHashSet();
        foreach (var row in current.Where(r => !keep.Contains(key(r))))
        {
            db.Set<TRow>().Remove(row);
        }

        var have = current.Select(key).ToHashSet();
        db.Set<TRow>().AddRange(wanted.Where(w => !have.Contains(w)).Select(create));
    }
}
