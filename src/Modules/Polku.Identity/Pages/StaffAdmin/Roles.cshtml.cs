using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>
/// The certificates roles require (spec 07): a coordinator of the whole county says which certificate kind a trainer,
/// organiser, service manager or service desk must hold. Unit-scoped coordinators see the page but cannot change it.
/// </summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
internal sealed class RolesModel(StaffAdministration admin, RoleCertificates roles, Texts texts) : PageModel
{
    public IReadOnlyList<RoleRequirementView> Requirements { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> Kinds { get; private set; } = [];
    public bool CanChange { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(string? role, string? kind, CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        var scope = await admin.ScopeAsync(actor, ct);
        var result = await roles.SetAsync(scope, role ?? "", kind, ct);
        if (result.Error is { } error)
        {
            if (error.Status == 403)
            {
                return Forbid();
            }

            ModelState.AddModelError(error.Field is { } field ? field + "-" + role : "", texts[error.Code]);
            return await LoadAsync(ct) ?? Page();
        }

        return RedirectToPage("/StaffAdmin/Roles", new { saved = true });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        var scope = await admin.ScopeAsync(actor, ct);
        if (!scope.IsAdmin)
        {
            return Forbid();
        }

        CanChange = scope.CanSetAdminScope;
        Requirements = await roles.ListAsync(ct);
        Kinds = await roles.KindsAsync(Language.Current, ct);
        return null;
    }

    public string RoleText(string role) => StaffPageText.Role(texts, role);

    public string KindText(string code) => Kinds.FirstOrDefault(k => k.Code == code).Name ?? texts["staff.roles.kind_missing"];
}
