namespace Polku.Identity.Contracts;

/// <summary>
/// Addresses of the Identity module's pages that other modules and the host link to (see
/// <c>Polku.Region.Contracts.RegionRoutes</c> for the rule).
/// </summary>
public static class IdentityRoutes
{
    /// <summary>The resident's own page.</summary>
    public const string Me = "/me";

    /// <summary>Who has viewed the resident's data.</summary>
    public const string AccessLog = "/me/access-log";

    /// <summary>The sign-in page.</summary>
    public const string Login = "/login";

    /// <summary>Signing out (a POST form).</summary>
    public const string Logout = "/logout";

    /// <summary>The professional's own profile.</summary>
    public const string DeskProfile = "/desk/profile";

    /// <summary>The sign-in page, returning to a local address afterwards.</summary>
    public static string LoginReturningTo(string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(returnUrl);
        return Login + "?returnUrl=" + Uri.EscapeDataString(returnUrl);
    }
}
