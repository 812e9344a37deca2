using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Data;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The county's municipalities and a form to add one.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class MunicipalitiesModel(PolkuDb db, Texts texts) : PageModel, IMunicipalityForm
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
        else if (await db.Set<Municipality>().AnyAsync(m => m.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.municipality_code_taken"]);
        }

        MunicipalityForm.Validate(ModelState, texts, Input);
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        db.Set<Municipality>().Add(new Municipality
        {
            Code = code, NameFi = Input.NameFi!.Trim(), NameSv = Input.NameSv!.Trim(), NameEn = Input.NameEn!.Trim(),
            Languages = RegionRules.JoinLanguages(Input.Languages), RecordSystem = MunicipalityForm.Blank(Input.RecordSystem),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another coordinator added the same code between the check and the insert.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Code", texts["region.admin.municipality_code_taken"]);
            await LoadAsync(ct);
            return Page();
        }

        return Redirect($"/admin/municipalities/{code}?saved=true");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Municipalities = await db.Set<Municipality>().AsNoTracking().OrderBy(m => m.Code).ToListAsync(ct);
}
