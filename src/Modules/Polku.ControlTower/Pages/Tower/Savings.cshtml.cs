using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Polku.Platform.Audit;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Contracts;
using Polku.ControlTower.Kpis;
using Polku.Platform.Localization;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// Estimated savings (spec 05, seed 003): each line with its quantity from the period's events, the parameter (seed
/// 003's figure unless changed here), the formula and the hours — labelled an estimate everywhere it is shown.
/// </summary>
[AuditExempt("aggregate figures of the service-event journal, without any person")]
internal sealed class SavingsModel(KpiService kpis, TowerContext context, IPreInformation preInformation, Texts texts) : PageModel
{
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    [FromQuery(Name = "municipality")] public string? Municipality { get; set; }

    /// <summary>The parameters as typed (Finnish decimal comma or a point).</summary>
    [FromQuery(Name = "assessmentBooking")] public string? AssessmentBooking { get; set; }
    [FromQuery(Name = "avoidedCall")] public string? AvoidedCall { get; set; }
    [FromQuery(Name = "preInformation")] public string? PreInformation { get; set; }
    [FromQuery(Name = "guidance")] public string? Guidance { get; set; }
    [FromQuery(Name = "followUp")] public string? FollowUp { get; set; }

    public TowerChoices Choices { get; private set; } = null!;
    public KpiFilter? Filter { get; private set; }
    public SavingsParameters Parameters { get; private set; } = new();
    public TowerTable? Table { get; private set; }
    public decimal TotalHours { get; private set; }

    /// <summary>The parameter fields: query name, parameter name and the value shown.</summary>
    public IReadOnlyList<(string Name, string Parameter, string Value)> Fields { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Table is { } t ? File(t.ToCsv(), "text/csv; charset=utf-8", "savings-estimate.csv") : NotFound();
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Table is { } t ? File(t.ToXlsx(), TowerTable.XlsxType, "savings-estimate.xlsx") : NotFound();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await context.ChoicesAsync(User, TowerContext.County, ct);
        var defaults = new SavingsParameters();
        var typed = new (string Name, string Parameter, string? Text, decimal Default)[]
        {
            ("assessmentBooking", nameof(SavingsParameters.MinutesPerAssessmentBooking), AssessmentBooking, defaults.MinutesPerAssessmentBooking),
            ("avoidedCall", nameof(SavingsParameters.MinutesPerAvoidedCall), AvoidedCall, defaults.MinutesPerAvoidedCall),
            ("preInformation", nameof(SavingsParameters.MinutesPerPreInformationForm), PreInformation, defaults.MinutesPerPreInformationForm),
            ("guidance", nameof(SavingsParameters.GuidanceSharePercent), Guidance, defaults.GuidanceSharePercent),
            ("followUp", nameof(SavingsParameters.FollowUpSharePercent), FollowUp, defaults.FollowUpSharePercent),
        };
        var values = new decimal[typed.Length];
        for (var i = 0; i < typed.Length; i++)
        {
            var (name, _, text, fallback) = typed[i];
            if (string.IsNullOrWhiteSpace(text))
            {
                values[i] = fallback;
            }
            else if (!decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out values[i]))
            {
                ModelState.AddModelError(name, texts["tower.savings.invalid"]);
            }
        }

        Parameters = new SavingsParameters(values[0], values[1], values[2], values[3], values[4]);
        foreach (var invalid in Parameters.Invalid())
        {
            ModelState.AddModelError(typed.First(t => t.Parameter == invalid).Name, texts["tower.savings.invalid"]);
        }

        Fields = [.. typed.Select((t, i) => (t.Name, t.Parameter, t.Text ?? values[i].ToString("0.##", CultureInfo.CurrentCulture)))];
        var filter = await context.FilterAsync(new KpiQuery(From, To, Municipality, null, null, null), Choices, ct);
        if (filter.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
        }

        if (!ModelState.IsValid)
        {
            return;
        }

        Filter = filter.Value;
        var rows = await kpis.CountyFactsAsync(Filter!, ct);
        var lines = SavingsCalculator.Estimate(rows, await preInformation.FormIdsAsync(ct), Parameters);
        TotalHours = lines.Sum(l => l.Hours);
        Table = new TowerTable("savings", texts["tower.savings.title"],
            [texts["tower.savings.line"], texts["tower.savings.quantity"], texts["tower.savings.formula"], texts["tower.savings.hours"]],
            [.. lines.Select(l => (IReadOnlyList<TowerCell>)[
                new TowerCell(texts["tower.savings." + l.Code]),
                new TowerCell(l.Quantity.ToString("#,0.#", CultureInfo.CurrentCulture), Number: l.Quantity),
                new TowerCell(texts["tower.savings." + l.Code + ".formula", l.Parameter.ToString("0.##", CultureInfo.CurrentCulture)]),
                new TowerCell(l.Hours.ToString("#,0.0", CultureInfo.CurrentCulture), Number: l.Hours),
            ]),
            [new TowerCell(texts["tower.savings.total"]), new TowerCell(""), new TowerCell(""), new TowerCell(TotalHours.ToString("#,0.0", CultureInfo.CurrentCulture), Number: TotalHours)]]);
    }
}
