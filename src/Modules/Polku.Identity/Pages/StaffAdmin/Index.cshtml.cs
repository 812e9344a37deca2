using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.Api;
using Polku.Identity.Contracts;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>The professionals within the coordinator's scope: search by words, unit, role and state, 25 a page.</summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
internal sealed class IndexModel(StaffAdministration admin, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true, Name = "role")]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public string? PageNumber { get; set; }

    public AdminScope Scope { get; private set; } = AdminScope.None(Guid.Empty);
    public StaffListPage? Results { get; private set; }
    public IReadOnlyList<UnitInfo> ScopeUnits { get; private set; } = [];
    public IReadOnlyDictionary<Guid, UnitInfo> AllUnits { get; private set; } = new Dictionary<Guid, UnitInfo>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        Scope = await admin.ScopeAsync(actor, ct);
        if (!Scope.IsAdmin)
        {
            return Forbid();
        }

        var units = await unitDirectory.ListAsync(ct);
        AllUnits = units.ToDictionary(u => u.Id);
        ScopeUnits = [.. units.Where(u => Scope.CanAssign(u.Id)).OrderBy(u => u.Name.Get(Language.Current), StringComparer.CurrentCulture)];
        Guid? unitId = null;
        if (!string.IsNullOrEmpty(Unit))
        {
            if (ScopeUnits.FirstOrDefault(u => u.Code == Unit) is { } found)
            {
                unitId = found.Id;
            }
            else
            {
                ModelState.AddModelError("unit", texts[StaffChanges.UnitUnknown]);
            }
        }

        if (!string.IsNullOrEmpty(Role) && !StaffRules.IsRole(Role))
        {
            ModelState.AddModelError("role", texts[StaffRules.RoleUnknown]);
        }

        if (Q is { Length: > StaffQuery.MaxTextLength })
        {
            ModelState.AddModelError("q", texts[StaffAdminApi.QueryInvalid]);
        }

        Status = Status is { } s && StaffQuery.Statuses.Contains(s, StringComparer.Ordinal) ? s : StaffQuery.Active;
        var page = int.TryParse(PageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await admin.ListAsync(actor, new StaffQuery(Q, unitId, string.IsNullOrEmpty(Role) ? null : Role, Status, page), ct);
        if (result.Error is not null)
        {
            return Forbid();
        }

        Results = result.Value;
        return Page();
    }

    public string PageHref(int page) =>
        IdentityRoutes.AdminStaff + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
        {
            ["q"] = Q, ["unit"] = Unit, ["role"] = Role, ["status"] = Status, ["page"] = page.ToString(CultureInfo.InvariantCulture),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));

    public string TitleText(string title) => StaffPageText.Title(texts, title);

    public string RoleText(string role) => StaffPageText.Role(texts, role);

    public string UnitsText(IEnumerable<Guid> ids) => StaffPageText.Units(AllUnits, ids);
}
