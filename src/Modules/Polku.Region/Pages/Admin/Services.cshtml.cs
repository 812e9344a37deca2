using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Directory;

namespace Polku.Region.Pages.Admin;

[AuditExempt("county configuration, no personal data")]
internal sealed partial class ServicesModel(ServiceDirectory directory, RegionAdmin admin, RegionAdminViews views, Texts texts) : PageModel
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
        else if (await views.ServiceExistsAsync(code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.code_taken"]);
        }

        AdminForm.Require(ModelState, texts, ("Input.NameFi", Input.NameFi, 200), ("Input.NameSv", Input.NameSv, 200), ("Input.NameEn", Input.NameEn, 200));
        if (!ModelState.IsValid)
        {
            Services = await directory.SearchAsync(null, ct);
            return Page();
        }

        var added = await admin.AddServiceAsync(code, Input.NameFi!.Trim(), Input.NameSv!.Trim(), Input.NameEn!.Trim(), ct);
        if (added.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            Services = await directory.SearchAsync(null, ct);
            return Page();
        }

        return RedirectToPage("/Admin/Service", new { code });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,59}$")]
    private static partial Regex CodePattern();
}
