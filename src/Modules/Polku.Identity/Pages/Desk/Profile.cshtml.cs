using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Directory;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.Desk;

/// <summary>Työpöytä — the professional's home: who they are, their roles and units.</summary>
[AuditExempt("shows only the signed-in professional's own data")]
public sealed class ProfileModel : PageModel
{
    public string Name { get; private set; } = "";
    public string Title { get; private set; } = "";
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public IReadOnlyList<string> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var services = HttpContext.RequestServices;
        var views = services.GetRequiredService<IdentityViews>();
        if (!User.IsStaff() || User.PersonId() is not { } id
            || await views.StaffAsync(id, HttpContext.RequestAborted) is not { } staff)
        {
            return Forbid();
        }

        Name = staff.DisplayName;
        Title = staff.Title;
        Roles = await views.RolesAsync(id, HttpContext.RequestAborted);
        var unitIds = await views.UnitIdsAsync(id, HttpContext.RequestAborted);
        var units = await services.GetRequiredService<IUnitDirectory>().GetAsync(unitIds, HttpContext.RequestAborted);
        Units = [.. units.Select(u => u.Name.Get(Language.Current)).Order(StringComparer.CurrentCulture)];
        return Page();
    }
}
