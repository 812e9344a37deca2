namespace Polku.Identity.Auth;

/// <summary>Claim types the identity module adds beside <see cref="Polku.Platform.Audit.PolkuClaims"/>.</summary>
public static class IdentityClaims
{
    /// <summary>The resident's home municipality code.</summary>
    public const string Municipality = "polku:municipality";

    /// <summary>The server-side session this cookie belongs to (<see cref="SessionStore"/>); never logged.</summary>
    public const string SessionId = "polku:sid";

    /// <summary>
    /// <c>units</c>: a coordinator who administers the staff of some units only. Such a coordinator's session carries
    /// no <c>coordinator</c> role claim, so every county-wide coordinator page and API (units, services, routing …)
    /// stays closed to them; the staff administration pages accept either (<see cref="StaffAdmin.StaffAdminAccess"/>).
    /// </summary>
    public const string StaffAdmin = "polku:staff_admin";
}
