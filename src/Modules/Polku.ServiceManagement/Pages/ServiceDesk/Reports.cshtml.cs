using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain.Availability;
using Polku.ServiceManagement.Reports;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>The monthly service-level reports: the stored versions with their hashes, freezing a closed month and correcting a frozen one.</summary>
[AuditExempt("service-level figures without any person")]
internal sealed class ReportsModel(AvailabilityService availability, ReportStore store, TimeProvider time, Texts texts) : PageModel
{
    [FromQuery(Name = "service")] public string? Filter { get; set; }

    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? Month { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<SmService> Services { get; private set; } = [];
    public IReadOnlyList<Report> Versions { get; private set; } = [];

    /// <summary>The month the forms offer by default: the previous one (the newest that can be frozen).</summary>
    public string DefaultMonth { get; private set; } = "";

    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFreezeAsync(CancellationToken ct)
    {
        Services = await availability.ServicesAsync(ct);
        if (Parse() is not { } p)
        {
            await LoadAsync(ct);
            return Page();
        }

        var result = await store.FreezeAsync(p.Service, p.Year, p.Month, User.PersonId(), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "month", texts[error.Code]);
            await LoadAsync(ct);
            return Page();
        }

        Done = "frozen";
        return Redirect(ReportsViewModel.Href(p.Service, p.Year, p.Month, null));
    }

    public async Task<IActionResult> OnPostCorrectAsync(CancellationToken ct)
    {
        Services = await availability.ServicesAsync(ct);
        if (Parse() is not { } p)
        {
            await LoadAsync(ct);
            return Page();
        }

        var result = await store.CorrectAsync(p.Service, p.Year, p.Month, Reason, User.PersonId(), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "month", texts[error.Code]);
            await LoadAsync(ct);
            return Page();
        }

        Done = "corrected";
        return Redirect(ReportsViewModel.Href(p.Service, p.Year, p.Month, null));
    }

    private (string Service, int Year, int Month)? Parse()
    {
        var ok = true;
        if (string.IsNullOrWhiteSpace(Service) || !Services.Any(s => s.Id == Service))
        {
            ModelState.AddModelError("service", texts["sm.availability.error.service"]);
            ok = false;
        }

        var month = AvailabilityModel.ParseMonth(Month ?? "");
        if (month is null)
        {
            ModelState.AddModelError("month", texts["sm.availability.error.month_text"]);
            ok = false;
        }

        return ok ? (Service!, month!.Value.Year, month.Value.Month) : null;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Services = await availability.ServicesAsync(ct);
        var filter = Services.Any(s => s.Id == Filter) ? Filter : null;
        Versions = await store.VersionsAsync(filter, ct);
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        DefaultMonth = previous.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public string ServiceName(string id) => Services.FirstOrDefault(s => s.Id == id) is { } s ? SmNames.Name(s) : texts["sm.reports.unknown_service"];

    public static string When(DateTime utc) => HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture);

    public static string ListHref => ServiceManagementRoutes.Reports;
}
