using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Coordinator;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>
/// The coordinator's CSV import of programmes, courses and groups: <em>Check</em> is the dry run (every change and
/// every error by row, nothing written); when the file has no errors the page carries it on and <em>Import</em> writes
/// all of it in one unit of work — or nothing, if the data changed meanwhile so that a row now fails.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes, courses and groups; no resident data")]
[RequestSizeLimit(TrainingCsv.MaxBytes * 3)]
[RequestFormLimits(ValueLengthLimit = TrainingCsv.MaxBytes * 2, MultipartBodyLengthLimit = TrainingCsv.MaxBytes * 3)]
internal sealed class ImportModel(TrainingImport import, Texts texts) : PageModel
{
    /// <summary>Pasted CSV, or the checked file carried on to <em>Import</em>.</summary>
    [BindProperty]
    public string? Csv { get; set; }

    public TrainingImportOutcome? Outcome { get; private set; }

    /// <summary>The dry run of an uploaded file or of pasted text.</summary>
    public async Task<IActionResult> OnPostCheckAsync(IFormFile? file, CancellationToken ct)
    {
        var text = Csv;
        if (file is { Length: > 0 })
        {
            if (file.Length > TrainingCsv.MaxBytes)
            {
                ModelState.AddModelError("file", texts[TrainingCsv.TooLarge]);
                return Page();
            }

            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            text = CsvReader.Decode(copy.ToArray());
            if (text is null)
            {
                ModelState.AddModelError("file", texts[TrainingCsv.NotUtf8]);
                return Page();
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            ModelState.AddModelError("file", texts["training.importpage.file_required"]);
            return Page();
        }

        if (Encoding.UTF8.GetByteCount(text) > TrainingCsv.MaxBytes)
        {
            ModelState.AddModelError("Csv", texts[TrainingCsv.TooLarge]);
            return Page();
        }

        Csv = text;
        Outcome = await import.ImportAsync(text, dryRun: true, ct);
        return Page();
    }

    /// <summary>Applies the checked file (all or nothing), checking it again.</summary>
    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Csv) || Encoding.UTF8.GetByteCount(Csv) > TrainingCsv.MaxBytes)
        {
            ModelState.AddModelError("file", texts["training.importpage.file_required"]);
            return Page();
        }

        Outcome = await import.ImportAsync(Csv, dryRun: false, ct);
        if (!Outcome.Applied)
        {
            ModelState.AddModelError("", texts["training.importpage.not_applied"]);
        }

        return Page();
    }

    public string ErrorText(TrainingImportError e) => texts[e.Code];

    /// <summary>A value of a change as the coordinator reads it: yes/no in their language, a dash for empty.</summary>
    public string ValueText(TrainingFieldChange change, string? value) =>
        string.IsNullOrEmpty(value) ? "—"
        : change.Column is TrainingCsv.Published or TrainingCsv.Renewal or TrainingCsv.Mandatory ? texts[value == "true" ? "training.importpage.yes" : "training.importpage.no"]
        : value;

    /// <summary>The short example shown on the page (the full one: content/training/import-example.csv).</summary>
    public const string Example = "type;programme;course;group;name_fi;name_sv;name_en;published;titles;position;prerequisites;certificate_kind;validity_months;sessions;place;online_url;trainer;capacity;mandatory\n"
        + "programme;DIGI-AJANVARAUS;;;Sähköisen ajanvarauksen koulutus;Utbildning i elektronisk tidsbokning;Online booking training;yes;nurse|doctor;;;;;;;;;;\n"
        + "course;DIGI-AJANVARAUS;AJANVARAUS-1;;Ajanvarauksen perusteet;Grunderna i tidsbokning;Online booking basics;;;1;;;;;;;;;\n"
        + "group;;AJANVARAUS-1;AJANVARAUS-1-01;;;;;;;;;;2027-01-12 09:00-12:00|2027-01-19 09:00-12:00;Koulutustila 2;;kouluttaja;16;yes";
}
