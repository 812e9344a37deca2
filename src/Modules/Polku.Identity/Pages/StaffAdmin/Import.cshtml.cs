using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>
/// The HR file: <em>Check</em> is the dry run (every change and every error by line, nothing written); when the file
/// has no errors the page carries it on and <em>Apply</em> writes all of it in one unit of work — or nothing, if the
/// data changed meanwhile so that a row now fails.
/// </summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
[RequestSizeLimit(StaffCsv.MaxBytes * 3)]
[RequestFormLimits(ValueLengthLimit = StaffCsv.MaxBytes * 2, MultipartBodyLengthLimit = StaffCsv.MaxBytes * 3)]
internal sealed class ImportModel(StaffImport import, StaffAdministration admin, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    /// <summary>Pasted CSV, or the checked file carried on to <em>Apply</em>.</summary>
    [BindProperty]
    public string? Csv { get; set; }

    public StaffImportOutcome? Outcome { get; private set; }
    public IReadOnlyDictionary<Guid, UnitInfo> Units { get; private set; } = new Dictionary<Guid, UnitInfo>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ReadyAsync(ct) ? Page() : Forbid();

    /// <summary>The dry run of an uploaded file or of pasted text.</summary>
    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        if (!await ReadyAsync(ct))
        {
            return Forbid();
        }

        string? text = Csv;
        if (file is { Length: > 0 })
        {
            if (file.Length > StaffCsv.MaxBytes)
            {
                ModelState.AddModelError("file", texts[StaffCsv.TooLarge]);
                return Page();
            }

            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            text = StaffCsv.Decode(copy.ToArray());
            if (text is null)
            {
                ModelState.AddModelError("file", texts[StaffCsv.NotUtf8]);
                return Page();
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError("file", texts["staff.importpage.file_required"]);
            return Page();
        }

        if (Encoding.UTF8.GetByteCount(text) > StaffCsv.MaxBytes)
        {
            ModelState.AddModelError("Csv", texts[StaffCsv.TooLarge]);
            return Page();
        }

        Csv = text;
        Outcome = await import.ImportAsync(User.PersonId()!.Value, text, dryRun: true, "import", ct);
        return Page();
    }

    /// <summary>Applies the checked file (all or nothing).</summary>
    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (!await ReadyAsync(ct))
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(Csv) || Encoding.UTF8.GetByteCount(Csv) > StaffCsv.MaxBytes)
        {
            ModelState.AddModelError("file", texts["staff.importpage.file_required"]);
            return Page();
        }

        Outcome = await import.ImportAsync(User.PersonId()!.Value, Csv, dryRun: false, "import", ct);
        if (!Outcome.Applied)
        {
            ModelState.AddModelError("", texts["staff.importpage.not_applied"]);
        }

        return Page();
    }

    private async Task<bool> ReadyAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } actor || !(await admin.ScopeAsync(actor, ct)).IsAdmin)
        {
            return false;
        }

        Units = (await unitDirectory.ListAsync(ct)).ToDictionary(u => u.Id);
        return true;
    }

    public string ErrorText(StaffImportError e) => texts[e.Code];

    public string ValueText(FieldChange change, string? value) => StaffPageText.Value(texts, Units, change.Field, value);

    /// <summary>The example in docs/staff-administration.md and content/staff: the header and two rows.</summary>
    public const string Example = "login;name;title;email;directory_id;units;roles;active\n"
        + "hoitaja.esimerkki;Eeva Esimerkki;nurse;eeva.esimerkki@example.invalid;E1001;hs-638;professional;true\n"
        + "laakari.entinen;Erkki Entinen;doctor;;E1002;hs-638|hs-434;professional;false";
}
