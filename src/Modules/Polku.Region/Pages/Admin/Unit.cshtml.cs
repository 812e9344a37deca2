using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Directory;

namespace Polku.Region.Pages.Admin;

/// <summary>Edit a unit's names, kind, municipalities and contact details; the code stays.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class UnitModel(RegionAdmin admin, RegionAdminViews views, ServiceDirectory directory, Texts texts) : PageModel, IUnitForm
{
    public string Code { get; private set; } = "";
    public bool Saved { get; private set; }
    public IReadOnlyList<MunicipalityView> Municipalities { get; private set; } = [];

    public bool IsNew => false;

    [BindProperty]
    public UnitInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        var u = await views.UnitAsync(code, ct);
        if (u is null)
        {
            return NotFound();
        }

        Code = u.Code;
        Saved = saved;
        Municipalities = await directory.MunicipalitiesAsync(ct);
        Input = new UnitInput
        {
            Version = u.Version, Code = u.Code, NameFi = u.NameFi, NameSv = u.NameSv, NameEn = u.NameEn, Kind = u.Kind.ToString(),
            Municipality = u.MunicipalityCode, Served = [.. u.ServedMunicipalities.Split(',', StringSplitOptions.RemoveEmptyEntries)],
            Phone = u.Phone, Address = u.Address, OpenOnHolidays = u.OpenOnHolidays ? "true" : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        var unit = await views.UnitAsync(code, ct);
        if (unit is null)
        {
            return NotFound();
        }

        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        Code = unit.Code;
        Municipalities = await directory.MunicipalitiesAsync(ct);
        var v = UnitForm.Validate(ModelState, texts, Input, Municipalities);
        if (v is null)
        {
            return Page();
        }

        // Optimistic concurrency: the row changes only if nobody saved it since this form was loaded.
        var updated = await admin.UpdateUnitAsync(unit.Id, Input.Version, v, ct);
        if (updated.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/Admin/Unit", new { code = Code, saved = "true" });
    }
}
