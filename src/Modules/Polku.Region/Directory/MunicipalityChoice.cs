using Microsoft.AspNetCore.Http;

namespace Polku.Region.Directory;

/// <summary>
/// Which municipality's channels a resident sees: the one chosen on the page (remembered in a cookie), else the home
/// municipality from sign-in, else none (county-wide channels only, with a prompt to choose).
/// </summary>
internal static class MunicipalityChoice
{
    public const string CookieName = "polku.municipality";
    public const string ClaimType = "polku:municipality";

    public static string? Resolve(HttpContext context, string? chosen, IReadOnlyCollection<string> known)
    {
        if (chosen is not null && known.Contains(chosen))
        {
            context.Response.Cookies.Append(CookieName, chosen, new CookieOptions
            {
                HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
            return chosen;
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var remembered) && known.Contains(remembered))
        {
            return remembered;
        }

        var fromLogin = context.User.FindFirst(ClaimType)?.Value;
        return fromLogin is not null && known.Contains(fromLogin) ? fromLogin : null;
    }
}
