using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>
/// Create (<c>new</c>), edit or delete one row of the routing table. Every save is a whole new table version checked by
/// <see cref="RoutingTable.Validate"/>: a change that leaves a hole is refused with the first gap named and the typed
/// values kept. The form carries the version it was made from; a save on top of a newer version is refused (409).
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("routing configuration, no personal data")]
internal sealed class RoutingRowModel(RoutingStore store, IUnitDirectory directory, Texts texts) : PageModel
{
    public const string NewId = "new";

    public bool IsNew { get; private set; }
    public string RowId { get; private set; } = "";
    public int Number { get; private set; }
    public RoutingDisplay Display { get; private set; } = null!;
    public IReadOnlyList<string> ServiceCodes { get; private set; } = [];

    /// <summary>Set when the save was refused because someone else saved first: the newest version and its row.</summary>
    public RoutingTableVersion? Newer { get; private set; }
    public bool StaleRefused { get; private set; }
    public RoutingRow? NewestRow { get; private set; }

    [BindProperty]
    public RoutingRowInput Input { get; set; } = new();

    [BindProperty]
    public int DeleteVersion { get; set; }

    [BindProperty]
    public string? DeleteNote { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var table = await LoadAsync(id, ct);
        if (IsNew)
        {
            Input = new RoutingRowInput
            {
                Version = Number,
                Urgency = "P3",
                Days = [.. RoutingDisplay.Week.Take(5).Select(d => d.ToString())],
                Holidays = nameof(HolidayMatch.Any),
                Kind = nameof(DestinationKind.Callback),
            };
            return Page();
        }

        if (Find(table, id) is not { } row)
        {
            return NotFound();
        }

        Input = RoutingRowForm.FromRow(row, Number);
        DeleteVersion = Number;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var table = await LoadAsync(id, ct);
        DeleteVersion = Input.Version;
        var existing = IsNew ? null : Find(table, id);
        if (!IsNew && existing is null && Input.Version == Number)
        {
            return NotFound();
        }

        var municipalities = Display.Municipalities;
        var row = RoutingRowForm.Parse(ModelState, texts, Input, IsNew ? null : id, municipalities, Display.Units);
        if (row is null)
        {
            return Page();
        }

        if (IsNew && Input.Version == Number && Find(table, row.Id) is not null)
        {
            ModelState.AddModelError("Input.Id", texts["assessments.routing.problem.duplicate_id"]);
            return Page();
        }

        RoutingRow[] rows = existing is null
            ? [.. table.Rows, row]
            : [.. table.Rows.Select(r => ReferenceEquals(r, existing) ? row : r)];
        return await SaveAsync(new RoutingTable(table.Id, rows, table.Description), Input.Version, Input.Note!.Trim(), row.Id, ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        var table = await LoadAsync(id, ct);
        if (IsNew)
        {
            return NotFound();
        }

        var existing = Find(table, id);
        if (existing is null && DeleteVersion == Number)
        {
            return NotFound();
        }

        // The edit form shows the row as stored; the delete form's own fields carry the version and the note.
        ModelState.Clear();
        Input = existing is null ? new RoutingRowInput { Id = id, Version = DeleteVersion } : RoutingRowForm.FromRow(existing, DeleteVersion);
        RoutingRowForm.RequireNote(ModelState, texts, nameof(DeleteNote), DeleteNote);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var rows = table.Rows.Where(r => !ReferenceEquals(r, existing)).ToList();
        var result = await SaveAsync(new RoutingTable(table.Id, rows, table.Description), DeleteVersion, DeleteNote!.Trim(), id, ct, deleted: true);
        return result;
    }

    private async Task<IActionResult> SaveAsync(RoutingTable table, int basedOn, string note, string rowId, CancellationToken ct, bool deleted = false)
    {
        var result = await store.SaveAsync(table, basedOn, User.PersonId(), User.DisplayName(), note, ct);
        if (result.Saved)
        {
            return deleted
                ? RedirectToPage("/Admin/Routing", new { saved = result.Number, deleted = rowId })
                : RedirectToPage("/Admin/Routing", null, new { saved = result.Number }, "row-" + Uri.EscapeDataString(rowId));
        }

        if (result.Stale)
        {
            var (number, newest) = await store.CurrentAsync(ct);
            Number = number;
            Newer = (await store.HistoryAsync(ct)).FirstOrDefault(v => v.Number == number);
            NewestRow = Find(newest, rowId);
            StaleRefused = true;
            ModelState.AddModelError("", texts["assessments.routing.error.stale", basedOn, number]);

            // The typed values stay; saving again is a deliberate choice made after seeing the newer version.
            Input.Version = number;
            DeleteVersion = number;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError(deleted ? "" : RoutingRowForm.FieldFor(problem, rowId), Display.Problem(problem));
        }

        return Page();
    }

    private async Task<RoutingTable> LoadAsync(string id, CancellationToken ct)
    {
        IsNew = id == NewId;
        RowId = id;
        var (number, table) = await store.CurrentAsync(ct);
        Number = number;
        Display = new RoutingDisplay(texts, await directory.MunicipalitiesAsync(ct), await directory.ListAsync(ct));
        ServiceCodes = [.. table.Rows.SelectMany(r => new[] { r.ServiceCode, r.Destination.Service }).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return table;
    }

    private static RoutingRow? Find(RoutingTable table, string id) => table.Rows.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
}
