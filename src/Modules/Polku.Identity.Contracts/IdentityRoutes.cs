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

    /// <summary>Staff administration: the list of professionals (coordinators of the county or of units).</summary>
    public const string AdminStaff = "/admin/staff";

    /// <summary>A new professional's form.</summary>
    public const string AdminStaffNew = "/admin/staff/new";

    /// <summary>The HR file import (CSV) with its dry run.</summary>
    public const string AdminStaffImport = "/admin/staff/import";

    /// <summary>The certificates roles require (a coordinator of the whole county sets them).</summary>
    public const string AdminStaffRoles = "/admin/staff/roles";

    /// <summary>One professional's page: details, history, deactivation.</summary>
    public static string AdminStaffMember(Guid id) => $"{AdminStaff}/{id:D}";

    /// <summary>One professional's edit form.</summary>
    public static string AdminStaffEdit(Guid id) => $"{AdminStaff}/{id:D}/edit";

    /// <summary>The sign-in page, returning to a local address afterwards.</summary>
    public static string LoginReturningTo(string returnUrl)
    {
        ArgumentNullException.ThrowIfNull(returnUrl);
        return Login + "?returnUrl=" + Uri.EscapeDataString(returnUrl);
    }
}
