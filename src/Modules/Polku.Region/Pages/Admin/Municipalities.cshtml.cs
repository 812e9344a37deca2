using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Data;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The county's municipalities and a form to add one.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class MunicipalitiesModel(RegionAdmin admin, RegionAdminViews views, Texts texts) : PageModel, IMunicipalityForm
{
    public IReadOnlyList<Municipality> Municipalities { get; private set; } = [];

    public bool IsNew => true;

    [BindProperty]
    public MunicipalityInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input = new MunicipalityInput { Languages = ["fi"] };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        var code = Input.Code?.Trim() ?? "";
        if (!RegionRules.IsMunicipalityCode(code))
        {
            ModelState.AddModelError("Input.Code", texts[RegionRules.MunicipalityCodeInvalid]);
        }
        else if (await views.MunicipalityExistsAsync(code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.municipality_code_taken"]);
        }

        MunicipalityForm.Validate(ModelState, texts, Input);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        // The service checks the code again inside its unit: another coordinator may have added it meanwhile.
        var added = await admin.AddMunicipalityAsync(code, MunicipalityForm.Values(Input), ct);
        if (added.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            await LoadAsync(ct);
            return Page();
        }

        return RedirectToPage("/Admin/Municipality", new { code, saved = "true" });
    }

    private async Task LoadAsync(CancellationToken ct) => Municipalities = await views.MunicipalitiesAsync(ct);
}
