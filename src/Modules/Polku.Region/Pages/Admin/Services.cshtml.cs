using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Data;
using Polku.Region.Directory;

namespace Polku.Region.Pages.Admin;

[AuditExempt("county configuration, no personal data")]
internal sealed partial class ServicesModel(ServiceDirectory directory, PolkuDb db, Texts texts) : PageModel
{
    public IReadOnlyList<ServiceSummary> Services { get; private set; } = [];

    [BindProperty]
    public NewService Input { get; set; } = new();

    public sealed class NewService
    {
        public string? Code { get; set; }
        public string? NameFi { get; set; }
        public string? NameSv { get; set; }
        public string? NameEn { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => Services = await directory.SearchAsync(null, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var code = Input.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.code_invalid"]);
        }
        else if (await db.Set<Service>().AnyAsync(s => s.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.code_taken"]);
        }

        AdminForm.Require(ModelState, texts, ("Input.NameFi", Input.NameFi, 200), ("Input.NameSv", Input.NameSv, 200), ("Input.NameEn", Input.NameEn, 200));
        if (!ModelState.IsValid)
        {
            Services = await directory.SearchAsync(null, ct);
            return Page();
        }

        var max = await db.Set<Service>().MaxAsync(s => (int?)s.SortOrder, ct) ?? 0;
        db.Set<Service>().Add(new Service
        {
            Id = Guid.NewGuid(), Code = code, NameFi = Input.NameFi!.Trim(), NameSv = Input.NameSv!.Trim(), NameEn = Input.NameEn!.Trim(),
            SortOrder = max + 10,
        });
        await db.SaveChangesAsync(ct);
        return Redirect($"/admin/services/{code}");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,59}$")]
    private static partial Regex CodePattern();
}
