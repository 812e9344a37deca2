namespace Polku.Identity.Contracts;

/// <summary>A resident as other modules may see them. No identity code; no address when it is protected.</summary>
public sealed record ResidentInfo(
    Guid Id, string FirstName, string LastName, string? HomeMunicipalityCode, string? Phone, string? Email,
    string PreferredLanguage, bool ProtectedAddress)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>A professional as other modules may see them.</summary>
public sealed record StaffInfo(Guid Id, string Login, string DisplayName, string Title, string? Email, IReadOnlyList<Guid> UnitIds, IReadOnlyList<string> Roles);

/// <summary>Where a professional works, and no more: for reports that place thousands of people in units.</summary>
public sealed record StaffPlacement(Guid Id, string DisplayName, string Title, IReadOnlyList<Guid> UnitIds);

/// <summary>Read access to people for other modules (contacts, appointments …).</summary>
public interface IPeopleDirectory
{
    Task<ResidentInfo?> FindResidentAsync(Guid personId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ResidentInfo>> GetResidentsAsync(IEnumerable<Guid> personIds, CancellationToken cancellationToken = default);

    /// <summary>The resident with a personal identity code; every lookup by code is the caller's to audit.</summary>
    Task<ResidentInfo?> FindResidentByIdentityCodeAsync(string identityCode, CancellationToken cancellationToken = default);

    Task<StaffInfo?> FindStaffAsync(Guid staffId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StaffInfo>> GetStaffAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default);

    Task<StaffInfo?> FindStaffByLoginAsync(string login, CancellationToken cancellationToken = default);

    /// <summary>The active professionals of the units (a deactivated one is nobody to hand work to).</summary>
    Task<IReadOnlyList<StaffInfo>> GetStaffInUnitsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Professionals whose name or login contains every word of <paramref name="query"/> (ignoring case), ordered by
    /// name, at most <paramref name="limit"/> (1–100); none for a query without words. For pick lists such as a work
    /// queue's members.
    /// </summary>
    Task<IReadOnlyList<StaffInfo>> SearchStaffAsync(string query, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The active coordinators who administer any of the units' staff: the county-wide ones and those scoped to one of
    /// the units — the people to tell when something needs a unit's coordinator (e.g. a certificate about to lapse).
    /// </summary>
    Task<IReadOnlyList<StaffInfo>> GetStaffAdministratorsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default);

    /// <summary>Whether the guardian may currently act for the ward (under the age limit, a registered guardian).</summary>
    Task<bool> MayActForAsync(Guid guardianId, Guid wardId, CancellationToken cancellationToken = default);

    /// <summary>The active professionals holding the role (e.g. <c>trainer</c>), ordered by name — for pick lists such as a group's trainer.</summary>
    Task<IReadOnlyList<StaffInfo>> GetStaffWithRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>
    /// The professionals' names, titles and units (no roles, no contact details) — for reports that count people by unit
    /// (training's fill-rate and certification reports place 10,000 at once). Read from the county-wide placements this
    /// node keeps: a change to an account made on this node shows at once, one made on another node as soon as its
    /// notification arrives (within a minute at most). Ids of no professional are left out.
    /// </summary>
    Task<IReadOnlyList<StaffPlacement>> GetPlacementsAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default);
}
