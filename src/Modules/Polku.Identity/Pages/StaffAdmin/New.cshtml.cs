using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>A new professional: name, login, title, contact and directory ids, units and roles within the coordinator's scope.</summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
internal sealed class NewModel(StaffAdministration admin, IUnitDirectory unitDirectory, Texts texts) : PageModel, IStaffForm
{
    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public AdminScope Scope { get; private set; } = AdminScope.None(Guid.Empty);
    public IReadOnlyList<UnitInfo> AssignableUnits { get; private set; } = [];
    public IReadOnlyList<UnitInfo> AllUnits { get; private set; } = [];
    public string OtherUnits => "";
    public Texts Texts => texts;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        Input = new StaffInput { Roles = [PolkuRoles.Professional], AdminScope = "units" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return Forbid();
        }

        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        var values = StaffForm.Validate(ModelState, texts, Input);
        if (values is null)
        {
            return Page();
        }

        var created = await admin.CreateAsync(User.PersonId()!.Value, values, "page", ct);
        if (created.Error is { } error)
        {
            if (error.Status == 403)
            {
                return Forbid();
            }

            StaffPageText.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/StaffAdmin/Person", new { id = created.Value, saved = "created" });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return false;
        }

        Scope = await admin.ScopeAsync(actor, ct);
        (AllUnits, AssignableUnits) = await StaffUnits.ForAsync(unitDirectory, Scope, ct);
        return Scope.IsAdmin;
    }
}

/// <summary>The county's units by name, and those the coordinator may assign.</summary>
internal static class StaffUnits
{
    public static async Task<(IReadOnlyList<UnitInfo> All, IReadOnlyList<UnitInfo> Assignable)> ForAsync(IUnitDirectory directory, AdminScope scope, CancellationToken ct)
    {
        var lang = Language.Current;
        var all = (await directory.ListAsync(ct)).OrderBy(u => u.Name.Get(lang), StringComparer.CurrentCulture).ToList();
        return (all, [.. all.Where(u => scope.CanAssign(u.Id))]);
    }
}
