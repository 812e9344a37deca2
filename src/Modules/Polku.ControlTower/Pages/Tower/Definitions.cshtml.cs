using Microsoft.AspNetCore.Mvc;
using Polku.Platform.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.ControlTower.Kpis;
using Polku.Platform.Localization;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// How every KPI is computed (spec 05 "every number links to how it was computed"): what it counts above and below the
/// line and its target; with <c>kpi</c> and a filter, the numerator, denominator and value of each column, so a figure
/// on the dashboard can be checked by hand.
/// </summary>
[AuditExempt("aggregate figures of the service-event journal, without any person")]
internal sealed class DefinitionsModel(KpiService kpis, TowerContext context, Texts texts) : PageModel
{
    [FromQuery(Name = "kpi")] public string? Kpi { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    [FromQuery(Name = "municipality")] public string? Municipality { get; set; }
    [FromQuery(Name = "service")] public string? Service { get; set; }
    [FromQuery(Name = "channel")] public string? Channel { get; set; }
    [FromQuery(Name = "unit")] public string? Unit { get; set; }
    [FromQuery(Name = "view")] public string? View { get; set; }

    public KpiDefinition? Chosen { get; private set; }
    public TowerTable? Computation { get; private set; }
    public KpiFilter? Filter { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The computation table as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await LoadAsync(ct) && Computation is { } table ? File(table.ToCsv(), "text/csv; charset=utf-8", table.Id + ".csv") : NotFound();

    /// <summary>The computation table as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct) =>
        await LoadAsync(ct) && Computation is { } table ? File(table.ToXlsx(), TowerTable.XlsxType, table.Id + ".xlsx") : NotFound();

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Kpi is null)
        {
            return true;
        }

        Chosen = KpiCatalogue.Find(Kpi);
        if (Chosen is null)
        {
            return false;
        }

        var choices = await context.ChoicesAsync(User, View, ct);
        var filter = await context.FilterAsync(new KpiQuery(From, To, Municipality, Service, Channel, Unit), choices, ct);
        if (filter.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
            return true;
        }

        Filter = filter.Value;
        var report = await kpis.ReportAsync(Filter!, ct);
        var averaged = Chosen.Unit is KpiUnit.Minutes or KpiUnit.Hours;
        Computation = new TowerTable("computation-" + Chosen.Code, texts["tower.definitions.computation"],
            [texts["tower.filter.municipality"], texts["tower.definitions.numerator"], texts["tower.definitions.denominator"], texts["tower.definitions.value"]],
            [.. report.Columns.Select(c => (IReadOnlyList<TowerCell>)[
                new TowerCell(TowerContext.MunicipalityName(choices, c.Municipality, texts)),
                new TowerCell(c[Chosen.Code].Numerator.ToString(averaged ? "N0" : "#,0.##", System.Globalization.CultureInfo.CurrentCulture), Number: c[Chosen.Code].Numerator),
                new TowerCell(Chosen.Unit == KpiUnit.Count ? "—" : c[Chosen.Code].Denominator.ToString("N0", System.Globalization.CultureInfo.CurrentCulture),
                    Number: Chosen.Unit == KpiUnit.Count ? null : c[Chosen.Code].Denominator),
                new TowerCell(context.Format(Chosen.Unit, c[Chosen.Code].Value), null, c[Chosen.Code].Met, c[Chosen.Code].Value),
            ])]);
        return true;
    }
}
