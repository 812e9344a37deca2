using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
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
        var db = services.GetRequiredService<PolkuDb>();
        if (!User.IsStaff() || User.PersonId() is not { } id
            || await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, HttpContext.RequestAborted) is not { } staff)
        {
            return Forbid();
        }

        Name = staff.DisplayName;
        Title = staff.Title;
        Roles = await db.Set<StaffRole>().Where(r => r.StaffId == id).Select(r => r.Role).OrderBy(r => r).ToListAsync(HttpContext.RequestAborted);
        var unitIds = await db.Set<StaffUnit>().Where(u => u.StaffId == id).Select(u => u.UnitId).ToListAsync(HttpContext.RequestAborted);
        var units = await services.GetRequiredService<IUnitDirectory>().GetAsync(unitIds, HttpContext.RequestAborted);
        Units = [.. units.Select(u => u.Name.Get(Language.Current)).Order(StringComparer.CurrentCulture)];
        return Page();
    }
}
