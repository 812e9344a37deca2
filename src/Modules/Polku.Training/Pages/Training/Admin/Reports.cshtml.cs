using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;
using Polku.Training.Data;
using Polku.Training.Reports;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>
/// Raportit — the coordinator's fill rates (per course, county-wide, and places per organisation) and certification per
/// organisation and kind, for a period; every table downloads as CSV, and so do attendance and the certificates.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training reports of professionals; no resident data")]
internal sealed class ReportsModel(TrainingReports reports, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }

    public ReportFilter? Filter { get; private set; }
    public FillReport? Fill { get; private set; }
    public CertificationReport? Certification { get; private set; }
    public IReadOnlyList<UnitInfo> Units { get; private set; } = [];
    public IReadOnlyList<CertificateKindRow> Kinds { get; private set; } = [];

    /// <summary>The checked filters as a query string for the CSV links (empty values left out).</summary>
    public string Query(string table) => "?handler=Csv&table=" + table + Filters(Organisation);

    /// <summary>This report for one organisation (the link in the per-organisation summary), the other filters kept.</summary>
    public string ForOrganisation(string unitCode) => "?" + Filters(unitCode)[1..];

    private string Filters(string? organisation) => string.Concat(new[] { ("from", From), ("to", To), ("organisation", organisation), ("kind", Kind) }
        .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => "&" + p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await CheckAsync(ct))
        {
            return Page();
        }

        var noUnit = texts["training.reports.no_unit"];
        Fill = await reports.FillRatesAsync(Filter!, Language.Current, noUnit, ct);
        Certification = await reports.CertificationsAsync(Filter!, Language.Current, noUnit, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        if (!await CheckAsync(ct))
        {
            return Page();
        }

        var filter = Filter!;
        var noUnit = texts["training.reports.no_unit"];
        var lang = Language.Current;
        return table switch
        {
            "fill" => File(ReportCsv.FillRates(await reports.FillRatesAsync(filter, lang, noUnit, ct), texts), ReportCsv.ContentType, ReportCsv.FileName("fill-rates", filter)),
            "organisations" => File(ReportCsv.Organisations(await reports.FillRatesAsync(filter, lang, noUnit, ct), texts), ReportCsv.ContentType,
                ReportCsv.FileName("organisations", filter)),
            "certifications" => File(ReportCsv.Certifications(await reports.CertificationsAsync(filter, lang, noUnit, ct), texts), ReportCsv.ContentType,
                ReportCsv.FileName("certifications", null)),
            "attendance" => File(ReportCsv.Attendance(await reports.AttendanceAsync(null, filter, lang, noUnit, ct), texts), ReportCsv.ContentType,
                ReportCsv.FileName("attendance", filter)),
            "certificates" => File(ReportCsv.Certificates(await reports.CertificatesAsync(filter, lang, noUnit, ct), texts), ReportCsv.ContentType,
                ReportCsv.FileName("certificates", null)),
            _ => NotFound(),
        };
    }

    /// <summary>Checks the filters; on an error the form shows it next to the field, keeping what was typed, with 400.</summary>
    private async Task<bool> CheckAsync(CancellationToken ct)
    {
        Units = await unitDirectory.ListAsync(ct);
        Kinds = await reports.KindsAsync(ct);
        var (filter, errors) = await reports.ParseAsync(new ReportQuery(From, To, Organisation, Kind, null), ct);
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
        }

        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }

        Filter = filter;
        From = ReportFilter.Iso(filter.From);
        To = ReportFilter.Iso(filter.To);
        return true;
    }
}
