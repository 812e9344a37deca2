using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.LocalRouting;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>The routing table in force as one municipality's week: per day the stretches of time and where each leads.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("routing configuration, no personal data")]
internal sealed class RoutingWeekModel(RoutingStore store, IUnitDirectory directory, IPeopleDirectory people, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "municipality")]
    public string? Municipality { get; set; }

    [BindProperty(SupportsGet = true, Name = "urgency")]
    public string? UrgencyCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "service")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? Week { get; set; }

    public int Number { get; private set; }
    public RoutingDisplay Display { get; private set; } = null!;
    public IReadOnlyList<string> ServiceCodes { get; private set; } = [];
    public DateOnly Monday { get; private set; }
    public IReadOnlyList<RoutingDay> Days { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (number, table) = await store.CurrentAsync(ct);
        Number = number;
        var municipalities = await directory.MunicipalitiesAsync(ct);
        var units = await directory.ListAsync(ct);
        Display = new RoutingDisplay(texts, municipalities, units);
        ServiceCodes = [.. table.Rows.Select(r => r.ServiceCode).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        ModelState.Clear();
        Municipality = string.IsNullOrEmpty(Municipality) ? await RoutingDefaults.MunicipalityAsync(User, people, municipalities, units, ct) : Municipality;
        UrgencyCode = string.IsNullOrEmpty(UrgencyCode) ? nameof(Urgency.P3) : UrgencyCode;
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var date = today;
        if (!string.IsNullOrEmpty(Week)
            && (!DateOnly.TryParseExact(Week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                || date.Year is < FinnishCalendar.MinYear + 1 or > FinnishCalendar.MaxYear - 1))
        {
            ModelState.AddModelError("week", texts["error.invalid_date"]);
            date = today;
        }

        Monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        Week = Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var urgency = UrgencyClasses.Parse(UrgencyCode);
        if (urgency is not { } u || !UrgencyClasses.Routed.Contains(u))
        {
            ModelState.AddModelError("urgency", texts["assessments.routing.error.urgency"]);
        }

        if (Municipality is null || municipalities.All(m => m.Code != Municipality))
        {
            ModelState.AddModelError("municipality", texts["assessments.routing.error.municipality"]);
        }

        var service = RoutingRowForm.Blank(Service);
        if (service is { Length: > RoutingRowForm.MaxId })
        {
            ModelState.AddModelError("service", texts["error.too_long"]);
        }

        if (ModelState.IsValid)
        {
            Days = table.WeekView(Municipality!, urgency!.Value, service, Monday);
        }
    }

    /// <summary>This view for another week; every filter is in the query, an empty one too (the form sends it so).</summary>
    public string Link(DateOnly monday) => WeekLink(Url, Municipality, UrgencyCode, Service, monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    internal static string WeekLink(IUrlHelper url, string? municipality, string? urgency, string? service, string? week) =>
        QueryHelpers.AddQueryString(url.Page("/Admin/RoutingWeek")!, new Dictionary<string, string?>
        {
            ["municipality"] = municipality ?? "",
            ["urgency"] = urgency ?? "",
            ["service"] = service ?? "",
            ["week"] = week ?? "",
        });

    public static string Stretch(RoutingSegment segment) =>
        segment.From.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + (segment.To == TimeOnly.MinValue ? "24:00" : segment.To.ToString("HH:mm", CultureInfo.InvariantCulture));
}
