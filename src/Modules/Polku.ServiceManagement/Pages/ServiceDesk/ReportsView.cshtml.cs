using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Reports;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>One service's report for one month: the newest (or a chosen) frozen version or the live draft, printable and as CSV.</summary>
[AuditExempt("service-level figures without any person")]
internal sealed class ReportsViewModel(ReportStore store, Texts texts) : PageModel
{
    [FromRoute(Name = "serviceId")] public string ServiceId { get; set; } = "";
    [FromRoute(Name = "year")] public string Year { get; set; } = "";
    [FromRoute(Name = "month")] public string Month { get; set; } = "";
    [FromQuery(Name = "version")] public string? Version { get; set; }

    public ReportView? View { get; private set; }
    public bool Closed { get; private set; }

    [TempData] public string? Done { get; set; }

    public static string Href(string serviceId, int year, int month, int? version) =>
        string.Create(CultureInfo.InvariantCulture, $"{ServiceManagementRoutes.Reports}/{Uri.EscapeDataString(serviceId)}/{year}/{month}")
        + (version is { } v ? string.Create(CultureInfo.InvariantCulture, $"?version={v}") : "");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (view, error) = await ReportsApi.LoadAsync(ServiceId, Year, Month, Version, store, ct);
        if (error is not null)
        {
            return error.Status == StatusCodes.Status404NotFound ? NotFound() : BadRequest();
        }

        View = view;
        Closed = store.Closed(view!.Content.Year, view.Content.Month);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var (view, error) = await ReportsApi.LoadAsync(ServiceId, Year, Month, Version, store, ct);
        if (error is not null)
        {
            return error.Status == StatusCodes.Status404NotFound ? NotFound() : BadRequest();
        }

        return File(ReportRows.Csv(view!.Content, view.Stored, texts), "text/csv; charset=utf-8", ReportRows.FileName(view.Content, view.Stored));
    }
}
