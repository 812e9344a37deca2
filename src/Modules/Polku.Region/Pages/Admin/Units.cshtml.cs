using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Data;
using Polku.Region.Directory;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The county's units and a form to add one.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class UnitsModel(PolkuDb db, ServiceDirectory directory, Texts texts) : PageModel, IUnitForm
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
        else if (await db.Set<Unit>().AnyAsync(u => u.Code == code, ct))
        {
            ModelState.AddModelError("Input.Code", texts["region.admin.code_taken"]);
        }

        var values = UnitForm.Validate(ModelState, texts, Input, Municipalities);
        if (values is null || !ModelState.IsValid)
        {
            return Page();
        }

        db.Set<Unit>().Add(new Unit
        {
            Id = Guid.NewGuid(), Code = code, NameFi = values.NameFi, NameSv = values.NameSv, NameEn = values.NameEn, Kind = values.Kind,
            MunicipalityCode = values.Municipality, ServedMunicipalities = values.Served, Phone = values.Phone, Address = values.Address,
            OpenOnHolidays = values.OpenOnHolidays,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another coordinator took the code between the check and the insert (the unique index decides).
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Code", texts["region.admin.code_taken"]);
            return Page();
        }

        return Redirect($"/admin/units/{code}?saved=true");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Municipalities = await directory.MunicipalitiesAsync(ct);
        Units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.Code).ToListAsync(ct);
    }
}
