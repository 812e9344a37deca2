using Microsoft.AspNetCore.Mvc;
using Polku.Platform.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.ControlTower.Contracts;
using Polku.ControlTower.Kpis;
using Polku.Platform.Localization;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// The dashboard (spec 05 "Views"): the KPIs of the reader's view for the period and filters, the county and each
/// municipality side by side, the headline KPIs also as bar charts, the breakdowns, and a CSV of every table. Every
/// figure links to its computation on the definitions page.
/// </summary>
[AuditExempt("aggregate figures of the service-event journal, without any person")]
internal sealed class IndexModel(KpiService kpis, TowerContext context, Texts texts) : PageModel
{
    /// <summary>The KPIs drawn as charts too.</summary>
    public static readonly IReadOnlyList<string> Charted = ["digital-first-line", "digital-other", "nps", "satisfied", "e-booking"];

    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    [FromQuery(Name = "municipality")] public string? Municipality { get; set; }
    [FromQuery(Name = "service")] public string? Service { get; set; }
    [FromQuery(Name = "channel")] public string? Channel { get; set; }
    [FromQuery(Name = "unit")] public string? Unit { get; set; }
    [FromQuery(Name = "view")] public string? View { get; set; }

    public TowerChoices Choices { get; private set; } = null!;
    public KpiReport? Report { get; private set; }
    public IReadOnlyList<(string Group, TowerTable Table, IReadOnlyList<string> Charts)> Groups { get; private set; } = [];
    public IReadOnlyList<TowerTable> Breakdowns { get; private set; } = [];
    public string Query => Report is null ? "" : KpiQuery.QueryString(Report.Filter) + "&view=" + Choices.View;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>One table of the page as CSV (the same rows as shown).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        await LoadAsync(ct);
        var found = Groups.Select(g => g.Table).Concat(Breakdowns).FirstOrDefault(t => t.Id == table);
        return found is null || Report is null
            ? NotFound()
            : File(found.ToCsv(), "text/csv; charset=utf-8", found.Id + "-" + KpiQuery.Iso(Report.Filter.From) + "-" + KpiQuery.Iso(Report.Filter.To) + ".csv");
    }

    /// <summary>One table of the page as an Excel workbook.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(string? table, CancellationToken ct)
    {
        await LoadAsync(ct);
        var found = Groups.Select(g => g.Table).Concat(Breakdowns).FirstOrDefault(t => t.Id == table);
        return found is null || Report is null
            ? NotFound()
            : File(found.ToXlsx(), TowerTable.XlsxType, found.Id + "-" + KpiQuery.Iso(Report.Filter.From) + "-" + KpiQuery.Iso(Report.Filter.To) + ".xlsx");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await context.ChoicesAsync(User, View, ct);
        var filter = await context.FilterAsync(new KpiQuery(From, To, Municipality, Service, Channel, Unit), Choices, ct);
        if (filter.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
            return;
        }

        Report = await kpis.ReportAsync(filter.Value!, ct);
        var query = KpiQuery.QueryString(Report.Filter);
        var headers = new List<string> { texts["tower.kpi"], texts["tower.target"] };
        headers.AddRange(Report.Columns.Select(c => TowerContext.MunicipalityName(Choices, c.Municipality, texts)));
        Groups = [.. TowerContext.Groups(Choices.View).Select(group =>
        {
            var definitions = KpiCatalogue.All.Where(k => k.Group == group).ToList();
            var rows = definitions.Select(k => (IReadOnlyList<TowerCell>)[
                new TowerCell(texts["tower.kpi." + k.Code], ControlTowerRoutes.Definitions + "#" + k.Code),
                new TowerCell(k.Target?.Text ?? ""),
                .. Report.Columns.Select(c => c[k.Code]).Select(v => new TowerCell(context.Format(k.Unit, v.Value),
                    ControlTowerRoutes.Definitions + "?kpi=" + k.Code + "&" + query + "#computation", v.Met, v.Value)),
            ]).ToList();
            var table = new TowerTable("group-" + group, texts["tower.group." + group], headers, rows);
            return (group, table, (IReadOnlyList<string>)[.. definitions.Where(k => Charted.Contains(k.Code)).Select(k => k.Code)]);
        })];
        Breakdowns = [.. Report.Breakdowns.Select(b => new TowerTable("breakdown-" + b.Code, texts["tower.breakdown." + b.Code],
            [texts["tower.breakdown.key"], .. Report.Columns.Select(c => TowerContext.MunicipalityName(Choices, c.Municipality, texts))],
            [.. b.Keys.Select((key, i) => (IReadOnlyList<TowerCell>)[new TowerCell(context.Label(b.Code, key)),
                .. b.Counts[i].Select(n => new TowerCell(n.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), Number: n))])]))];
    }

    /// <summary>The bars of one KPI: the county first, then each municipality.</summary>
    public IReadOnlyList<(string Label, decimal? Value, string Text)> Bars(string code)
    {
        var definition = KpiCatalogue.Find(code)!;
        return [.. Report!.Columns.Select(c => (TowerContext.MunicipalityName(Choices, c.Municipality, texts), c[code].Value, context.Format(definition.Unit, c[code].Value)))];
    }
}
