using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Sla;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// Prioriteettimatriisi — the service manager's priority matrix: the 4 × 4 impact × urgency table, each cell changeable
/// with a reason, and the history of changes (who, when, why). The service desk may not open it (the policy covers every
/// handler); existing tickets keep their priority, new ones and re-prioritised ones follow the table.
/// </summary>
[Authorize(Policy = PolkuRoles.ServiceManagerPolicy)]
[AuditExempt("the priority table of digital services' tickets, no personal data")]
internal sealed class PriorityMatrixModel(PriorityMatrixEditor editor, Texts texts) : PageModel
{
    /// <summary>The cells as stored (what the form saw).</summary>
    public IReadOnlyDictionary<(string Impact, string Urgency), string> Stored { get; private set; } = new Dictionary<(string, string), string>();

    /// <summary>The priority each cell's list shows: as typed after a refused save, else as stored.</summary>
    public Dictionary<(string Impact, string Urgency), string?> Chosen { get; } = [];

    /// <summary>The priority each cell's form carries as seen (after a refused save, what the editor saw then).</summary>
    public Dictionary<(string Impact, string Urgency), string?> Seen { get; } = [];

    public IReadOnlyList<PriorityMatrixChange> History { get; private set; } = [];

    [BindProperty(Name = "reason")] public string? Reason { get; set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool? saved, CancellationToken ct)
    {
        Saved = saved == true;
        await LoadAsync(ct);
        foreach (var (cell, priority) in Stored)
        {
            Chosen[cell] = priority;
            Seen[cell] = priority;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var edits = new List<MatrixCellEdit>();
        foreach (var impact in Impacts.All)
        {
            foreach (var urgency in Urgencies.All)
            {
                var seen = Request.Form[PriorityMatrixEditor.SeenField(impact, urgency)].FirstOrDefault();
                var chosen = Request.Form[PriorityMatrixEditor.CellField(impact, urgency)].FirstOrDefault();
                edits.Add(new MatrixCellEdit(impact, urgency, seen, chosen));
                (Seen[(impact, urgency)], Chosen[(impact, urgency)]) = (seen, chosen);
            }
        }

        var result = await editor.ChangeAsync(edits, Reason, TicketsApi.Actor(User), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
            await LoadAsync(ct);
            if (error.Code == PriorityMatrixEditor.Changed)
            {
                // The page now shows the table as it is (each cell's saved value beside the one typed): saving again
                // means the editor has seen the other change.
                foreach (var (cell, priority) in Stored)
                {
                    Seen[cell] = priority;
                }
            }

            return Page();
        }

        return RedirectToPage(new { saved = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Stored = await editor.CellsAsync(ct);
        History = await editor.HistoryAsync(ct);
    }
}
