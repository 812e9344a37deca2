using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Polku.Platform.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.ControlTower.Data;
using Polku.ControlTower.Imports;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// Phone and walk-in counts from CSV: <em>Check</em> is the dry run (every bad row with its line, column and problem),
/// <em>Import</em> imports a file without errors as a new version; the imports so far are listed.
/// </summary>
[AuditExempt("daily counts of calls and walk-ins, without any person")]
[RequestSizeLimit(ContactImports.MaxBytes + 64 * 1024)]
internal sealed class ImportsModel(ContactImports imports, Texts texts) : PageModel
{
    public ImportOutcome? Outcome { get; private set; }
    public IReadOnlyList<ContactImport> History { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => History = await imports.ListAsync(50, ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? mode, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", texts["tower.imports.file_required"]);
        }
        else if (file.Length > ContactImports.MaxBytes)
        {
            ModelState.AddModelError("file", texts["tower.import.error.too_large"]);
        }
        else
        {
            string csv;
            using (var reader = new StreamReader(file.OpenReadStream()))
            {
                csv = await reader.ReadToEndAsync(ct);
            }

            Outcome = await imports.ImportAsync(csv, Path.GetFileName(file.FileName), mode != "import", User.PersonId(), ct);
            if (!Outcome.DryRun && !Outcome.Imported)
            {
                ModelState.AddModelError("file", texts["tower.imports.not_imported"]);
            }
        }

        History = await imports.ListAsync(50, ct);
        return Page();
    }

    public string ErrorText(ImportRowError e) => texts[e.Code];

    public string ColumnText(ImportRowError e) => e.Column.Length == 0 ? "—" : texts["tower.imports.column." + e.Column];

    public static string Days(IEnumerable<DateOnly> days) => string.Join(", ", days.Select(d => d.ToString("d", CultureInfo.CurrentCulture)));
}
