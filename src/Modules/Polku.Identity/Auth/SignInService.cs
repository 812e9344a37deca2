using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Platform.Audit;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Identity.Auth;

/// <summary>Builds Polku's cookie principal for residents and professionals, and the guardian rules.</summary>
internal sealed class SignInService(PolkuDb db, UnitOfWork unit, ReferenceCache cache, IOptions<PolkuIdentityOptions> options, TimeProvider time)
{
    public static ClaimsPrincipal ResidentPrincipal(Person person, string provider, Guid? actingFor = null)
    {
        var claims = new List<Claim>
        {
            new(PolkuClaims.PersonId, person.Id.ToString()),
            new(PolkuClaims.Name, person.FullName),
            new(PolkuClaims.Kind, "resident"),
            new(PolkuClaims.Provider, provider),
        };
        if (person.HomeMunicipalityCode is { } municipality)
        {
            claims.Add(new Claim(IdentityClaims.Municipality, municipality));
        }

        if (actingFor is { } ward)
        {
            claims.Add(new Claim(PolkuClaims.ActingFor, ward.ToString()));
        }

        return Principal(claims);
    }

    public static ClaimsPrincipal StaffPrincipal(StaffMember staff, IEnumerable<string> roles, string provider)
    {
        var claims = new List<Claim>
        {
            new(PolkuClaims.PersonId, staff.Id.ToString()),
            new(PolkuClaims.Name, staff.DisplayName),
            new(PolkuClaims.Kind, "staff"),
            new(PolkuClaims.Provider, provider),
        };
        claims.AddRange(roles.Select(r => new Claim(PolkuClaims.Role, r)));
        return Principal(claims);
    }

    private static ClaimsPrincipal Principal(List<Claim> claims) =>
        new(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, PolkuClaims.Name, PolkuClaims.Role));

    public static Task SignInAsync(HttpContext context, ClaimsPrincipal principal) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);

    /// <summary>
    /// The professional's principal, or null for a deactivated one (who may not sign in by any means). A coordinator
    /// of some units only gets the <see cref="IdentityClaims.StaffAdmin"/> claim instead of the coordinator role, which
    /// the county-wide coordinator pages require.
    /// </summary>
    public async Task<ClaimsPrincipal?> StaffPrincipalAsync(StaffMember staff, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        if (!staff.Active)
        {
            return null;
        }

        var roles = await db.Set<StaffRole>().Where(r => r.StaffId == staff.Id).Select(r => r.Role).ToListAsync(cancellationToken);
        if (staff.AdminCounty || !roles.Remove(Polku.Platform.Security.PolkuRoles.Coordinator))
        {
            return StaffPrincipal(staff, roles, provider);
        }

        var principal = StaffPrincipal(staff, roles, provider);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(IdentityClaims.StaffAdmin, "units"));
        return principal;
    }

    /// <summary>The ward's age in whole years on the given date.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        return birthDate.AddYears(age) > today ? age - 1 : age;
    }

    /// <summary>The guardian's wards whom the guardian may act for today (under the age limit).</summary>
    public async Task<IReadOnlyList<Person>> ActableWardsAsync(Guid guardianId, CancellationToken cancellationToken)
    {
        var wardIds = db.Set<Guardianship>().Where(g => g.GuardianId == guardianId).Select(g => g.WardId);
        var wards = await db.Set<Person>().AsNoTracking().Where(p => wardIds.Contains(p.Id)).ToListAsync(cancellationToken);
        return [.. wards.Where(CanBeActedFor).OrderBy(p => p.FirstName, StringComparer.CurrentCulture)];
    }

    public async Task<Person?> ActableWardAsync(Guid guardianId, Guid wardId, CancellationToken cancellationToken)
    {
        var isWard = await db.Set<Guardianship>().AnyAsync(g => g.GuardianId == guardianId && g.WardId == wardId, cancellationToken);
        if (!isWard)
        {
            return null;
        }

        var ward = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == wardId, cancellationToken);
        return ward is not null && CanBeActedFor(ward) ? ward : null;
    }

    private bool CanBeActedFor(Person ward)
    {
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var result = PersonalIdentityCode.Validate(ward.IdentityCode, today);
        return result.BirthDate is { } born && AgeOn(born, today) < options.Value.GuardianAgeLimit;
    }

    /// <summary>Signs the user out everywhere: every session of theirs ends, on every device and node.</summary>
    public Task<int> EndAllSessionsAsync(string kind, Guid id, CancellationToken cancellationToken) =>
        SessionStore.EndAllAsync(db, unit, cache, kind, id, cancellationToken);
}
