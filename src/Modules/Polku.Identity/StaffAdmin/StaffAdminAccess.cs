using Microsoft.AspNetCore.Authorization;
using Polku.Identity.Auth;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;
using Polku.Identity.Contracts;

namespace Polku.Identity.StaffAdmin;

/// <summary>
/// Who reaches the staff administration pages and API: a coordinator of the whole county (the coordinator role) or of
/// some units (<see cref="IdentityClaims.StaffAdmin"/>). The policy only opens the door; every handler asks
/// <see cref="StaffAdministration"/>, which reads the coordinator's scope from the database.
/// </summary>
internal static class StaffAdminAccess
{
    public const string Policy = "staff-admin";

    public static void AddPolicy(AuthorizationOptions options) =>
        options.AddPolicy(Policy, p => p.RequireClaim(PolkuClaims.Kind, "staff").RequireAssertion(c =>
            c.User.HasClaim(PolkuClaims.Role, PolkuRoles.Coordinator) || c.User.HasClaim(IdentityClaims.StaffAdmin, "units")));

    /// <summary>The audit exemption of every staff administration handler: no resident's data; changes have their own history.</summary>
    public const string AuditReason = "staff administration: professionals' accounts, no resident data; every change is in the account's own history";
}

/// <summary>The staff administration card on the coordinator's <c>/admin</c> page.</summary>
internal sealed class StaffAdminLinks(Texts texts) : IAdminLinks
{
    public IReadOnlyList<AdminLink> Links { get; } =
    [
        new(5, texts.All("staff.admin.title"), texts.All("staff.admin.card_hint"), IdentityRoutes.AdminStaff),
    ];
}
