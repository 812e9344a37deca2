using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Identity.StaffAdmin;

/// <summary>
/// Which professional a staff provider's sign-in is (spec 01: professionals through the county's directory): the
/// provider's <see cref="OidcProviderOptions.StaffMatchClaim"/> against <see cref="OidcProviderOptions.StaffMatchField"/>
/// — never a name, which two people can share. With the subject as the match field an account without a subject yet
/// is linked once by its login (<see cref="OidcProviderOptions.LoginClaim"/>), as a coordinator created it. An unknown
/// professional is refused, or, with <see cref="StaffProvisioningOptions.Enabled"/>, gets an account from the claims.
/// A deactivated one is refused (<c>signin.deactivated</c>).
/// </summary>
internal sealed class StaffSignIn(PolkuDb db, UnitOfWork unit, ReferenceCache cache, IUnitDirectory unitDirectory, TimeProvider time, ILogger<StaffSignIn> logger)
{
    public const string Unknown = "signin.unknown_staff";
    public const string Deactivated = "signin.deactivated";

    /// <summary>The professional the claims identify, or the sign-in error.</summary>
    public async Task<(StaffMember? Staff, string? Error)> FindAsync(OidcProvider provider, ClaimsPrincipal claims, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(claims);
        var options = provider.Options;
        var value = claims.FindFirst(options.StaffMatchClaim)?.Value;
        if (value is not { Length: > 0 and <= StaffRules.ExternalIdMax })
        {
            logger.LogWarning("Provider {Provider} gave no {Claim} claim to match a professional on", provider.Name, options.StaffMatchClaim);
            return (null, Unknown);
        }

        var staff = await ByMatchAsync(options, value, ct);
        if (staff is null && !options.MatchesDirectoryId && claims.FindFirst(options.LoginClaim)?.Value is { Length: > 0 } login)
        {
            var normalised = StaffRules.NormaliseLogin(login);
            staff = await db.Set<StaffMember>().FirstOrDefaultAsync(s => s.Login == normalised && s.ExternalSubject == null, ct);
            if (staff is not null)
            {
                staff.ExternalSubject = value;
                await unit.RunAsync(async c =>
                {
                    db.Set<StaffChange>().Add(History(staff.Id, provider, "updated", [new FieldChange(StaffChanges.ExternalSubjectField, null, value)]));
                    await Task.CompletedTask;
                }, ct);
            }
        }

        if (staff is null && options.Provisioning.Enabled)
        {
            staff = await ProvisionAsync(provider, claims, value, ct);
        }

        if (staff is null)
        {
            return (null, Unknown);
        }

        return staff.Active ? (staff, null) : (null, Deactivated);
    }

    private Task<StaffMember?> ByMatchAsync(OidcProviderOptions options, string value, CancellationToken ct) =>
        options.MatchesDirectoryId
            ? db.Set<StaffMember>().FirstOrDefaultAsync(s => s.DirectoryId == value, ct)
            : db.Set<StaffMember>().FirstOrDefaultAsync(s => s.ExternalSubject == value, ct);

    /// <summary>
    /// A new account from the provider's claims: the name (required), the e-mail when valid, the login from the login
    /// claim when free (else one made from the match value), and only the roles and units the mappings give.
    /// </summary>
    private async Task<StaffMember?> ProvisionAsync(OidcProvider provider, ClaimsPrincipal claims, string value, CancellationToken ct)
    {
        var settings = provider.Options.Provisioning;
        var name = claims.FindFirst(settings.NameClaim)?.Value?.Trim() is { Length: > 0 } full ? full
            : $"{claims.FindFirst("given_name")?.Value} {claims.FindFirst("family_name")?.Value}".Trim();
        if (name.Length is 0 or > StaffRules.NameMax || name.Any(char.IsControl))
        {
            logger.LogWarning("Provider {Provider} gave no usable name for a new professional", provider.Name);
            return null;
        }

        var email = StaffRules.Blank(claims.FindFirst(settings.EmailClaim)?.Value) is { } e && StaffRules.IsEmail(e) ? e : null;
        var wanted = StaffRules.NormaliseLogin(claims.FindFirst(provider.Options.LoginClaim)?.Value);
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        var unitCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in settings.Mappings.Where(m => claims.FindAll(m.Claim).Any(c => string.Equals(c.Value, m.Value, StringComparison.Ordinal))))
        {
            roles.UnionWith(mapping.Roles.Where(StaffRules.IsRole));
            unitCodes.UnionWith(mapping.Units);
        }

        // A role that requires a certificate is never given at a first sign-in: a new account holds none yet.
        roles.ExceptWith(await db.Set<RoleRequirement>().Select(r => r.Role).ToListAsync(ct));
        var units = (await unitDirectory.ListAsync(ct)).Where(u => unitCodes.Contains(u.Code)).Select(u => u.Id).Order().ToList();
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        try
        {
            await unit.RunAsync(async c =>
            {
                var login = StaffRules.IsLogin(wanted) && !await db.Set<StaffMember>().AnyAsync(s => s.Login == wanted, c)
                    ? wanted
                    : "oidc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(provider.Name + ":" + value)))[..16];
                var after = new StaffSnapshot(id, login, name, "", email, provider.Options.MatchesDirectoryId ? null : value,
                    provider.Options.MatchesDirectoryId ? value : null, true, false, 0, units, [.. roles], []);
                var changes = StaffChanges.Diff(null, after);
                new StaffWriter(db, now.UtcDateTime, unit, cache).Apply(null, after, changes, null, ByName(provider), "provisioned", "oidc");
                await Task.CompletedTask;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The same person's simultaneous first sign-in on another request made the account: use that one.
            db.ChangeTracker.Clear();
            return await ByMatchAsync(provider.Options, value, ct);
        }

        logger.LogInformation("Provisioned professional {StaffId} from provider {Provider}", id, provider.Name);
        return await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    private static string ByName(OidcProvider provider) => provider.Options.DisplayNameIn("fi", provider.Name);

    private StaffChange History(Guid staffId, OidcProvider provider, string action, IReadOnlyList<FieldChange> changes)
    {
        var now = time.GetUtcNow();
        return new StaffChange
        {
            Id = Guid.CreateVersion7(now), StaffId = staffId, AtUtc = now.UtcDateTime, ByName = ByName(provider), Action = action, Source = "oidc",
            Details = StaffChanges.ToJson(changes),
        };
    }
}
