using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Security;

namespace Polku.Identity.Auth;

/// <summary>Rejects cookies whose security stamp no longer matches the stored one ("sign out everywhere").</summary>
internal static class SecurityStampValidator
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    public static string CacheKey(string kind, Guid id) => $"polku:stamp:{kind}:{id}";

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        if (user is null)
        {
            return;
        }

        var kind = user.IsStaff() ? "staff" : user.IsResident() ? "resident" : null;
        var id = user.PersonId();
        var stamp = user.FindFirst(IdentityClaims.SecurityStamp)?.Value;
        if (kind is null || id is null || stamp is null)
        {
            await RejectAsync(context);
            return;
        }

        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<IMemoryCache>();
        var current = await cache.GetOrCreateAsync(CacheKey(kind, id.Value), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var db = services.GetRequiredService<PolkuDb>();
            return kind == "staff"
                ? await db.Set<StaffMember>().Where(s => s.Id == id).Select(s => s.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted)
                : await db.Set<Person>().Where(p => p.Id == id).Select(p => p.SecurityStamp).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        });
        if (!string.Equals(current, stamp, StringComparison.Ordinal))
        {
            await RejectAsync(context);
        }
    }

    private static Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}

