using Polku.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;

namespace Polku.Region.Pages.Admin;

/// <summary>Edit a municipality's names, languages and record system; the code stays.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class MunicipalityModel(RegionAdmin admin, RegionAdminViews views, Texts texts) : PageModel, IMunicipalityForm
{
    public string Code { get; private set; } = "";
    public bool Saved { get; private set; }

    public bool IsNew => false;

    [BindProperty]
    public MunicipalityInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        var m = await views.MunicipalityAsync(code, ct);
        if (m is null)
        {
            return NotFound();
        }

        Code = m.Code;
        Saved = saved;
        Input = new MunicipalityInput
        {
            Version = m.Version, Code = m.Code, NameFi = m.NameFi, NameSv = m.NameSv, NameEn = m.NameEn,
            Languages = [.. m.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries)], RecordSystem = m.RecordSystem,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await views.MunicipalityExistsAsync(code, ct))
        {
            return NotFound();
        }

        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        Code = code;
        MunicipalityForm.Validate(ModelState, texts, Input);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Optimistic concurrency: the row changes only if nobody saved it since this form was loaded.
        var updated = await admin.UpdateMunicipalityAsync(code, Input.Version, MunicipalityForm.Values(Input), ct);
        if (updated.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/Admin/Municipality", new { code, saved = "true" });
    }
}
