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

/// <summary>Edit a municipality's names, languages and record system; the code stays.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class MunicipalityModel(PolkuDb db, Texts texts) : PageModel, IMunicipalityForm
{
    public string Code { get; private set; } = "";
    public bool Saved { get; private set; }

    public bool IsNew => false;

    [BindProperty]
    public MunicipalityInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        var m = await db.Set<Municipality>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
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
        if (!await db.Set<Municipality>().AnyAsync(x => x.Code == code, ct))
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
        var languages = RegionRules.JoinLanguages(Input.Languages);
        var recordSystem = MunicipalityForm.Blank(Input.RecordSystem);
        var updated = await db.Set<Municipality>().Where(m => m.Code == code && m.Version == Input.Version).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.NameFi, Input.NameFi!.Trim()).SetProperty(m => m.NameSv, Input.NameSv!.Trim()).SetProperty(m => m.NameEn, Input.NameEn!.Trim())
            .SetProperty(m => m.Languages, languages).SetProperty(m => m.RecordSystem, recordSystem)
            .SetProperty(m => m.Version, m => m.Version + 1), ct);
        if (updated == 0)
        {
            ModelState.AddModelError("", texts["error.concurrency"]);
            return Page();
        }

        return Redirect($"/admin/municipalities/{code}?saved=true");
    }
}
