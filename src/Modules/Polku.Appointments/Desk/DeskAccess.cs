using System.Security.Claims;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Appointments.Desk;

/// <summary>
/// Whose calendars a professional may open: the units they work in; a coordinator sees every unit. Everything on the
/// appointment desk asks here first, and a unit outside one's own answers 404 (its existence is nobody else's business).
/// </summary>
internal sealed class DeskAccess(IPeopleDirectory people, IUnitDirectory units)
{
    public static bool IsCoordinator(ClaimsPrincipal user) => user.HasClaim(PolkuClaims.Role, PolkuRoles.Coordinator);

    /// <summary>The units whose calendars the user may see, by name.</summary>
    public async Task<IReadOnlyList<UnitInfo>> VisibleUnitsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var all = await units.ListAsync(ct);
        if (IsCoordinator(user))
        {
            return all;
        }

        if (user.PersonId() is not { } staffId || await people.FindStaffAsync(staffId, ct) is not { } staff)
        {
            return [];
        }

        return [.. all.Where(u => staff.UnitIds.Contains(u.Id))];
    }

    public async Task<bool> CanSeeUnitAsync(ClaimsPrincipal user, Guid unitId, CancellationToken ct) =>
        (await VisibleUnitsAsync(user, ct)).Any(u => u.Id == unitId);
}
