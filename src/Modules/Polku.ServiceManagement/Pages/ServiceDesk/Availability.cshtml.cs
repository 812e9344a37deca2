using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain.Availability;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>A service's availability in one calendar month, against its target, explained outage by outage.</summary>
[AuditExempt("service availability figures without any person")]
internal sealed class AvailabilityModel(AvailabilityService availability, TimeProvider time, Texts texts) : PageModel
{
    [FromQuery(Name = "service")] public string? Service { get; set; }
    [FromQuery(Name = "month")] public string? Month { get; set; }

    public IReadOnlyList<SmService> Services { get; private set; } = [];
    public SmService? Chosen { get; private set; }
    public (int Year, int Month) Period { get; private set; }
    public AvailabilityResult? Result { get; private set; }
    public int MergeGap => availability.MergeGapMinutes;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Services = await availability.ServicesAsync(ct);
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        Period = (previous.Year, previous.Month);
        if (!string.IsNullOrWhiteSpace(Month))
        {
            if (ParseMonth(Month) is { } parsed)
            {
                Period = parsed;
            }
            else
            {
                ModelState.AddModelError("month", texts["sm.availability.error.month_text"]);
            }
        }

        if (!string.IsNullOrWhiteSpace(Service))
        {
            Chosen = Services.FirstOrDefault(s => s.Id == Service);
            if (Chosen is null)
            {
                ModelState.AddModelError("service", texts["sm.availability.error.service"]);
            }
        }

        Chosen ??= ModelState.IsValid && Services.Count > 0 ? Services[0] : null;
        if (Chosen is not null && ModelState.IsValid)
        {
            Result = await availability.MonthAsync(Chosen.Id, Period.Year, Period.Month, ct);
        }

        return Page();
    }

    public string MonthValue => string.Create(CultureInfo.InvariantCulture, $"{Period.Year:D4}-{Period.Month:D2}");

    /// <summary>A month typed as yyyy-MM (what a month input sends), 2000–2100.</summary>
    public static (int Year, int Month)? ParseMonth(string text) =>
        DateTime.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100
            ? (d.Year, d.Month)
            : null;

    public static string Number(decimal value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);

    public static string When(DateTimeOffset t) => HelsinkiTime.ToLocal(t).ToString("g", CultureInfo.CurrentCulture);

    public static string MonthName(int year, int month) => new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("Y", CultureInfo.CurrentCulture);
}
