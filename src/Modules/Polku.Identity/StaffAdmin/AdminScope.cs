using Polku.Platform.Security;

namespace Polku.Identity.StaffAdmin;

/// <summary>
/// Hallinta-alue — whose accounts a coordinator administers: the whole county, or the staff of some units. A
/// unit-scoped coordinator sees and changes only professionals who belong to at least one of their units, assigns and
/// removes only those units, grants only <see cref="UnitRoles"/>, and leaves alone anyone holding a role they could not
/// grant (a service manager who also works in their unit). Pure: the service reads the actor's row and passes it here.
/// </summary>
internal sealed record AdminScope(Guid ActorId, bool IsAdmin, bool County, IReadOnlySet<Guid> Units)
{
    /// <summary>The roles a unit-scoped coordinator may grant and take away; every other role is the county's to give.</summary>
    public static readonly IReadOnlyList<string> UnitRoles = [PolkuRoles.Professional, PolkuRoles.Trainer];

    /// <summary>The coordinator's name, for the history of the changes they make.</summary>
    public string ActorName { get; init; } = "";

    public static AdminScope None(Guid actorId) => new(actorId, false, false, new HashSet<Guid>());

    public static AdminScope WholeCounty(Guid actorId) => new(actorId, true, true, new HashSet<Guid>());

    public static AdminScope OfUnits(Guid actorId, IEnumerable<Guid> units) => new(actorId, true, false, units.ToHashSet());

    /// <summary>The roles this coordinator may grant, in the platform's order.</summary>
    public IReadOnlyList<string> GrantableRoles => !IsAdmin ? [] : County ? PolkuRoles.All : UnitRoles;

    public bool CanGrant(string role) => GrantableRoles.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether a professional with these units is within the scope (listed, readable).</summary>
    public bool Sees(IEnumerable<Guid> staffUnits) => IsAdmin && (County || staffUnits.Any(Units.Contains));

    /// <summary>Whether the coordinator may change the professional: within the scope and holding only roles the coordinator could grant.</summary>
    public bool Manages(IEnumerable<Guid> staffUnits, IEnumerable<string> staffRoles) => Sees(staffUnits) && staffRoles.All(CanGrant);

    /// <summary>Whether the coordinator may put a professional in the unit or take them out of it.</summary>
    public bool CanAssign(Guid unitId) => IsAdmin && (County || Units.Contains(unitId));

    /// <summary>Only a coordinator of the whole county decides other coordinators' scopes.</summary>
    public bool CanSetAdminScope => IsAdmin && County;

    /// <summary>
    /// The units a professional has after this coordinator sets <paramref name="chosen"/>: the chosen ones, plus the
    /// units outside the coordinator's scope that the professional already had (the coordinator neither sees nor
    /// decides those).
    /// </summary>
    public IReadOnlyList<Guid> MergeUnits(IEnumerable<Guid> current, IEnumerable<Guid> chosen) =>
        County ? [.. chosen.Distinct()] : [.. current.Where(u => !Units.Contains(u)).Concat(chosen).Distinct()];
}
