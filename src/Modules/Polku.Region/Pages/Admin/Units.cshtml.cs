using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Data;
using Polku.Region.Directory;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The county's units and a form to add one.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class UnitsModel(RegionAdmin admin, RegionAdminViews views, ServiceDirectory directory, Texts texts) : PageModel, IUnitForm
{
    public IReadOnlyList<Unit> Units { get; private set; } = [];
    public IReadOnlyList<MunicipalityView> Municipalities { get; private set; } = [];

    public bool IsNew => true;

    [BindProperty]
    public UnitInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new UnitInput { Kind = nameof(UnitKind.HealthStation) };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        var code = Input.Code?.Trim() ?? "";
        if (!RegionRules.IsUnitCode(code))
        {
            ModelState.AddModelError("Input.Code", texts[RegionRules.UnitCodeInvalid]);
        }
        else if (await views.UnitExistsAsync(code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.code_taken"]);
        }

        var values = UnitForm.Validate(ModelState, texts, Input, Municipalities);
        if (values is null || !ModelState.IsValid)
        {
            return Page();
        }

        // The service checks the code again inside its unit: another coordinator may have taken it meanwhile.
        var added = await admin.AddUnitAsync(code, values, ct);
        if (added.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/Admin/Unit", new { code, saved = "true" });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Municipalities = await directory.MunicipalitiesAsync(ct);
        Units = await views.UnitsAsync(ct);
    }
}
