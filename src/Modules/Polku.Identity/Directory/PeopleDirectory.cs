using System.Collections.Frozen;
using Polku.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Auth;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;

namespace Polku.Identity.Directory;

internal sealed class PeopleDirectory(PolkuDb db, SignInService signIn, ReferenceCache cache) : IPeopleDirectory
{
    /// <summary>
    /// Every professional's name, title and units, for reports that place thousands at once; dropped by every write to an
    /// account (<c>StaffWriter</c>), and at most this old on a node that missed the notification.
    /// </summary>
    internal const string PlacementsCacheKey = "identity.placements";

    private static readonly TimeSpan PlacementsLifetime = TimeSpan.FromMinutes(1);

    public async Task<ResidentInfo?> FindResidentAsync(Guid personId, CancellationToken cancellationToken = default) =>
        (await GetResidentsAsync([personId], cancellationToken)) is [var r, ..] ? r : null;

    public async Task<IReadOnlyList<ResidentInfo>> GetResidentsAsync(IEnumerable<Guid> personIds, CancellationToken cancellationToken = default)
    {
        var ids = personIds.Distinct().ToList();
        return await db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new ResidentInfo(p.Id, p.FirstName, p.LastName, p.HomeMunicipalityCode, p.Phone, p.Email, p.PreferredLanguage, p.ProtectedAddress))
            .ToListAsync(cancellationToken);
    }

    public async Task<ResidentInfo?> FindResidentByIdentityCodeAsync(string identityCode, CancellationToken cancellationToken = default)
    {
        var code = identityCode.Trim().ToUpperInvariant();
        return await db.Set<Person>().AsNoTracking().Where(p => p.IdentityCode == code)
            .Select(p => new ResidentInfo(p.Id, p.FirstName, p.LastName, p.HomeMunicipalityCode, p.Phone, p.Email, p.PreferredLanguage, p.ProtectedAddress))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<StaffInfo?> FindStaffAsync(Guid staffId, CancellationToken cancellationToken = default) =>
        (await LoadStaffAsync(db.Set<StaffMember>().Where(s => s.Id == staffId), cancellationToken)) is [var s, ..] ? s : null;

    public async Task<IReadOnlyList<StaffInfo>> GetStaffAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default)
    {
        var ids = staffIds.Distinct().ToList();
        return await LoadStaffAsync(db.Set<StaffMember>().Where(s => ids.Contains(s.Id)), cancellationToken);
    }

    public async Task<StaffInfo?> FindStaffByLoginAsync(string login, CancellationToken cancellationToken = default) =>
        (await LoadStaffAsync(db.Set<StaffMember>().Where(s => s.Login == login), cancellationToken)) is [var s, ..] ? s : null;

    public async Task<IReadOnlyList<StaffInfo>> GetStaffInUnitsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default)
    {
        var ids = unitIds.Distinct().ToList();
        var staffIds = db.Set<StaffUnit>().Where(u => ids.Contains(u.UnitId)).Select(u => u.StaffId);
        // A deactivated professional is nobody's colleague to hand work to.
        return await LoadStaffAsync(db.Set<StaffMember>().Where(s => s.Active && staffIds.Contains(s.Id)), cancellationToken);
    }

    public async Task<IReadOnlyList<StaffInfo>> GetStaffAdministratorsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default)
    {
        var ids = unitIds.Distinct().ToList();
        var scoped = db.Set<StaffAdminScope>().Where(a => ids.Contains(a.UnitId)).Select(a => a.StaffId);
        var coordinators = db.Set<StaffRole>().Where(r => r.Role == PolkuRoles.Coordinator).Select(r => r.StaffId);
        return await LoadStaffAsync(
            db.Set<StaffMember>().Where(s => s.Active && coordinators.Contains(s.Id) && (s.AdminCounty || scoped.Contains(s.Id))), cancellationToken);
    }

    public async Task<IReadOnlyList<StaffInfo>> SearchStaffAsync(string query, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(5).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        // lower() on both sides: PostgreSQL folds every letter; SQLite's built-in lower() folds ASCII letters only, so
        // there a capital Ä or Ö must be typed as it is written.
        var staff = db.Set<StaffMember>().AsQueryable();
        foreach (var word in words)
        {
            // ToLower and Contains are translated to SQL (lower, LIKE/strpos), where culture and comparison overloads do not exist.
#pragma warning disable CA1304, CA1311, CA1862
            staff = staff.Where(s => s.DisplayName.ToLower().Contains(word) || s.Login.ToLower().Contains(word));
#pragma warning restore CA1304, CA1311, CA1862
        }

        return await LoadStaffAsync(staff.OrderBy(s => s.DisplayName).ThenBy(s => s.Login).Take(Math.Clamp(limit, 1, 100)), cancellationToken);
    }

    public async Task<bool> MayActForAsync(Guid guardianId, Guid wardId, CancellationToken cancellationToken = default) =>
        await signIn.ActableWardAsync(guardianId, wardId, cancellationToken) is not null;

    public async Task<IReadOnlyList<StaffInfo>> GetStaffWithRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        var holders = db.Set<StaffRole>().Where(r => r.Role == role).Select(r => r.StaffId);
        return await LoadStaffAsync(db.Set<StaffMember>().Where(s => s.Active && holders.Contains(s.Id)).OrderBy(s => s.DisplayName).ThenBy(s => s.Login), cancellationToken);
    }

    public async Task<IReadOnlyList<StaffPlacement>> GetPlacementsAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staffIds);
        var everyone = await cache.GetAsync(PlacementsCacheKey, PlacementsLifetime, LoadPlacementsAsync, cancellationToken);
        return [.. staffIds.Distinct().Select(id => everyone.GetValueOrDefault(id)).OfType<StaffPlacement>()];
    }

    /// <summary>The whole county's staff in one read (a person in several units comes back once per unit).</summary>
    private async Task<FrozenDictionary<Guid, StaffPlacement>> LoadPlacementsAsync(CancellationToken ct)
    {
        var rows = await (
            from s in db.Set<StaffMember>().AsNoTracking()
            join u in db.Set<StaffUnit>().AsNoTracking() on s.Id equals u.StaffId into placed
            from u in placed.DefaultIfEmpty()
            select new { s.Id, s.DisplayName, s.Title, UnitId = (Guid?)u!.UnitId }).ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToFrozenDictionary(g => g.Key, g => new StaffPlacement(g.Key, g.First().DisplayName, g.First().Title,
            [.. g.Where(r => r.UnitId is not null).Select(r => r.UnitId!.Value)]));
    }

    private async Task<IReadOnlyList<StaffInfo>> LoadStaffAsync(IQueryable<StaffMember> query, CancellationToken ct)
    {
        var staff = await query.AsNoTracking().ToListAsync(ct);
        var ids = staff.Select(s => s.Id).ToList();
        var units = await db.Set<StaffUnit>().AsNoTracking().Where(u => ids.Contains(u.StaffId)).ToListAsync(ct);
        var roles = await db.Set<StaffRole>().AsNoTracking().Where(r => ids.Contains(r.StaffId)).ToListAsync(ct);
        // By lookup, not a scan per person: a report reads thousands of professionals at once.
        var unitsOf = units.ToLookup(u => u.StaffId, u => u.UnitId);
        var rolesOf = roles.ToLookup(r => r.StaffId, r => r.Role);
        return staff.Select(s => new StaffInfo(s.Id, s.Login, s.DisplayName, s.Title, s.Email, unitsOf[s.Id].ToList(), rolesOf[s.Id].ToList())).ToList();
    }
}
