using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Contracts;
using Polku.ControlTower.Contracts;
using Polku.ControlTower.Kpis;
using Polku.Platform.Audit;
using Polku.Platform.Localization;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// The feedback views (spec 05 "Feedback", issue 17 item 5): NPS (% promoters − % detractors) and the share satisfied
/// (9–10) per service, per stage and per municipality for the period and filters, the monthly trend as a table and a
/// chart, and a search of the free texts, shown as plain text with score, service, stage, municipality and date. Names
/// only, never a code; never a person. Every table is also a CSV.
/// </summary>
[AuditExempt("feedback is stored without any person: aggregate counts and anonymous free texts")]
internal sealed class FeedbackModel(IFeedbackReport report, TowerContext context, Texts texts) : PageModel
{
    private static readonly string[] StageOrder = ["assessment", "form", "contact", "appointment"];

    /// <summary>The stages the feedback service writes, in the order a resident's path goes.</summary>
    public static IReadOnlyList<string> Stages => StageOrder;

    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    [FromQuery(Name = "municipality")] public string? Municipality { get; set; }
    [FromQuery(Name = "service")] public string? Service { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "page")] public string? PageText { get; set; }

    public TowerChoices Choices { get; private set; } = null!;
    public KpiFilter? Filter { get; private set; }
    public IReadOnlyList<TowerTable> Tables { get; private set; } = [];
    public TowerTable? Trend { get; private set; }
    public IReadOnlyList<(string Label, decimal? Value, string Text)> TrendPoints { get; private set; } = [];
    public int Answers { get; private set; }
    public int Skipped { get; private set; }

    /// <summary>The search as typed (trimmed), when there is one and it is valid.</summary>
    public string? Search { get; private set; }
    public FeedbackTextPage? Hits { get; private set; }
    public string Query => Filter is null ? "" : KpiQuery.QueryString(Filter);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>One table of the page as CSV (the same rows as shown); the free texts are not exported.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        await LoadAsync(ct);
        var found = Tables.Append(Trend).FirstOrDefault(t => t is not null && t.Id == table);
        return found is null || Filter is null
            ? NotFound()
            : File(found.ToCsv(), "text/csv; charset=utf-8", found.Id + "-" + KpiQuery.Iso(Filter.From) + "-" + KpiQuery.Iso(Filter.To) + ".csv");
    }

    public string ServiceName(string? code) =>
        code is null ? texts["tower.feedback.no_service"] : Choices.Services.Where(s => s.Code == code).Select(s => s.Name).FirstOrDefault() ?? texts["tower.feedback.other"];

    public string StageName(string stage) => Stages.Contains(stage) ? texts["tower.feedback.stage." + stage] : texts["tower.feedback.other"];

    public string MunicipalityName(string? code) =>
        code is null ? texts["tower.feedback.no_municipality"] : Choices.Municipalities.FirstOrDefault(m => m.Code == code)?.Name.Get(Language.Current) ?? texts["tower.feedback.other"];

    /// <summary>A Helsinki date as the page's language writes it.</summary>
    public static string Date(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    /// <summary>The address of another page of the search results.</summary>
    public string SearchPageHref(int page) =>
        ControlTowerRoutes.Feedback + "?" + Query + "&q=" + Uri.EscapeDataString(Search ?? "") + "&page=" + page.ToString(CultureInfo.InvariantCulture) + "#search";

    private async Task LoadAsync(CancellationToken ct)
    {
        Choices = await context.ChoicesAsync(User, TowerContext.County, ct);
        var filter = await context.FilterAsync(new KpiQuery(From, To, Municipality, Service, null, null), Choices, ct);
        if (filter.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
        }

        var search = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        if (search is { Length: > IFeedbackReport.MaxSearchLength })
        {
            ModelState.AddModelError("q", texts["tower.feedback.q_too_long", IFeedbackReport.MaxSearchLength]);
            search = null;
        }
        else if (search is not null && search.Any(char.IsControl))
        {
            ModelState.AddModelError("q", texts["tower.feedback.q_invalid"]);
            search = null;
        }

        if (filter.Value is not { } f)
        {
            return;
        }

        Filter = f;
        var scope = new FeedbackReportFilter(f.From, f.To, f.Municipality, f.Service);
        var rows = await report.SummaryAsync(scope, ct);
        Answers = rows.Sum(r => r.Answers);
        Skipped = rows.Sum(r => r.Skipped);
        Tables =
        [
            Table("feedback-services", texts["tower.feedback.by_service"], texts["tower.feedback.service"], rows, r => r.ServiceCode ?? "", r => ServiceName(r.ServiceCode)),
            Table("feedback-stages", texts["tower.feedback.by_stage"], texts["tower.feedback.stage"], rows, r => r.Stage, r => StageName(r.Stage),
                g => Array.IndexOf(StageOrder, g) is var i and >= 0 ? i : StageOrder.Length),
            Table("feedback-municipalities", texts["tower.feedback.by_municipality"], texts["tower.feedback.municipality"], rows, r => r.MunicipalityCode ?? "", r => MunicipalityName(r.MunicipalityCode)),
        ];

        var months = await report.TrendAsync(scope, ct);
        Trend = new TowerTable("feedback-trend", texts["tower.feedback.trend"],
            [texts["tower.feedback.month"], texts["tower.feedback.answers"], texts["tower.feedback.promoters"], texts["tower.feedback.detractors"], texts["tower.feedback.nps"]],
            [.. months.Select(m => (IReadOnlyList<TowerCell>)[
                new TowerCell(m.Month.ToString("MMMM yyyy", CultureInfo.CurrentCulture)),
                new TowerCell(Count(m.Answers)),
                new TowerCell(Count(m.Promoters)),
                new TowerCell(Count(m.Detractors)),
                new TowerCell(FormatNps(Nps(m.Answers, m.Promoters, m.Detractors))),
            ])]);
        TrendPoints = [.. months.Select(m => (m.Month.ToString("M/yyyy", CultureInfo.CurrentCulture), Nps(m.Answers, m.Promoters, m.Detractors),
            FormatNps(Nps(m.Answers, m.Promoters, m.Detractors))))];

        if (search is not null)
        {
            var page = int.TryParse(PageText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= IFeedbackReport.MaxSearchResults / IFeedbackReport.SearchPageSize ? p : 1;
            Search = search;
            Hits = await report.SearchAsync(scope, search, page, ct);
        }
    }

    /// <summary>NPS: the share of promoters minus the share of detractors, in percentage points; null without answers.</summary>
    public static decimal? Nps(int answers, int promoters, int detractors) =>
        answers == 0 ? null : Math.Round(100m * (promoters - detractors) / answers, 1);

    /// <summary>The share satisfied (9–10) in per cent; null without answers.</summary>
    public static decimal? Satisfied(int answers, int promoters) => answers == 0 ? null : Math.Round(100m * promoters / answers, 1);

    private string FormatNps(decimal? nps) => nps is { } v ? v.ToString("0.#", CultureInfo.CurrentCulture) : texts["tower.feedback.no_value"];

    private string FormatPercent(decimal? share) =>
        share is { } v ? texts["tower.feedback.percent", v.ToString("0.#", CultureInfo.CurrentCulture)] : texts["tower.feedback.no_value"];

    private static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    /// <summary>One breakdown: a row per group (ordered by <paramref name="order"/>, then by name) and the total last.</summary>
    private TowerTable Table(string id, string caption, string groupHeader, IReadOnlyList<FeedbackSummaryRow> rows, Func<FeedbackSummaryRow, string> key,
        Func<FeedbackSummaryRow, string> name, Func<string, int>? order = null)
    {
        var comparer = StringComparer.Create(CultureInfo.CurrentCulture, false);
        var groups = rows.GroupBy(key)
            .Select(g => (Key: g.Key, Name: name(g.First()), Answers: g.Sum(r => r.Answers), Promoters: g.Sum(r => r.Promoters),
                Detractors: g.Sum(r => r.Detractors), Skipped: g.Sum(r => r.Skipped)))
            .OrderBy(g => order?.Invoke(g.Key) ?? 0).ThenBy(g => g.Name, comparer)
            .ToList();
        groups.Add(("", texts["tower.feedback.total"], Answers, rows.Sum(r => r.Promoters), rows.Sum(r => r.Detractors), Skipped));
        return new TowerTable(id, caption,
            [groupHeader, texts["tower.feedback.answers"], texts["tower.feedback.nps"], texts["tower.feedback.satisfied"], texts["tower.feedback.detractor_share"], texts["tower.feedback.skipped"]],
            [.. groups.Select(g => (IReadOnlyList<TowerCell>)[
                new TowerCell(g.Name),
                new TowerCell(Count(g.Answers)),
                new TowerCell(FormatNps(Nps(g.Answers, g.Promoters, g.Detractors))),
                new TowerCell(FormatPercent(Satisfied(g.Answers, g.Promoters))),
                new TowerCell(FormatPercent(g.Answers == 0 ? null : Math.Round(100m * g.Detractors / g.Answers, 1))),
                new TowerCell(Count(g.Skipped)),
            ])]);
    }
}
