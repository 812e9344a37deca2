using System.Security.Claims;
using Polku.Identity.Contracts;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>Where the routing pages start when no municipality is chosen: decided by data, never by a municipality's code.</summary>
internal static class RoutingDefaults
{
    /// <summary>
    /// The municipality of the signed-in professional's first unit (by code) that is located in one of the county's
    /// municipalities; else the county's first municipality by code; null when the county has none.
    /// </summary>
    public static async Task<string?> MunicipalityAsync(
        ClaimsPrincipal user, IPeopleDirectory people, IReadOnlyList<MunicipalityInfo> municipalities, IReadOnlyList<UnitInfo> units, CancellationToken ct)
    {
        if (user.PersonId() is { } staffId && await people.FindStaffAsync(staffId, ct) is { UnitIds.Count: > 0 } staff)
        {
            var own = units.Where(u => staff.UnitIds.Contains(u.Id)).OrderBy(u => u.Code, StringComparer.Ordinal)
                .Select(u => u.MunicipalityCode)
                .FirstOrDefault(code => code is not null && municipalities.Any(m => m.Code == code));
            if (own is not null)
            {
                return own;
            }
        }

        return municipalities.Count > 0 ? municipalities.OrderBy(m => m.Code, StringComparer.Ordinal).First().Code : null;
    }
}
