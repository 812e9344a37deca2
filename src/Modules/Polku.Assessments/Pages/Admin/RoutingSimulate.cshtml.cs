using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>
/// The routing simulator: an urgency, an optional service, a municipality and a Helsinki date and time in, the
/// destination, the row that chose it and every candidate considered out. A GET form, so it works without JavaScript
/// and a result can be linked to.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("routing configuration, no personal data")]
internal sealed class RoutingSimulateModel(RoutingStore store, IUnitDirectory directory, IPeopleDirectory people, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "urgency")]
    public string? UrgencyCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "service")]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true, Name = "municipality")]
    public string? Municipality { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? DateText { get; set; }

    [BindProperty(SupportsGet = true, Name = "time")]
    public string? TimeText { get; set; }

    public int Number { get; private set; }
    public RoutingDisplay Display { get; private set; } = null!;
    public IReadOnlyList<string> ServiceCodes { get; private set; } = [];
    public RoutingDecision? Decision { get; private set; }
    public string? ActionUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (number, table) = await store.CurrentAsync(ct);
        Number = number;
        var municipalities = await directory.MunicipalitiesAsync(ct);
        var units = await directory.ListAsync(ct);
        Display = new RoutingDisplay(texts, municipalities, units);
        ServiceCodes = [.. table.Rows.SelectMany(r => new[] { r.ServiceCode, r.Destination.Service }).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

        if (UrgencyCode is null && Municipality is null && DateText is null && TimeText is null)
        {
            // First visit: a sensible starting point, no result yet.
            var now = HelsinkiTime.ToLocal(time.GetUtcNow());
            UrgencyCode = nameof(Urgency.P3);
            Municipality = await RoutingDefaults.MunicipalityAsync(User, people, municipalities, units, ct);
            DateText = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            TimeText = now.ToString("HH:mm", CultureInfo.InvariantCulture);
            return;
        }

        // Bound strings never fail to bind; every check is ours and every message localised.
        ModelState.Clear();
        var urgency = UrgencyClasses.Parse(UrgencyCode);
        if (urgency is not { } u || !UrgencyClasses.Routed.Contains(u))
        {
            ModelState.AddModelError("urgency", texts["assessments.routing.error.urgency"]);
        }

        if (string.IsNullOrEmpty(Municipality) || municipalities.All(m => m.Code != Municipality))
        {
            ModelState.AddModelError("municipality", texts["assessments.routing.error.municipality"]);
        }

        if (!DateOnly.TryParseExact(DateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year is < FinnishCalendar.MinYear or > FinnishCalendar.MaxYear - 1)
        {
            ModelState.AddModelError("date", texts["error.invalid_date"]);
        }

        if (!TimeOnly.TryParseExact(TimeText, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            ModelState.AddModelError("time", texts["error.invalid_time"]);
        }

        var service = RoutingRowForm.Blank(Service);
        if (service is { Length: > RoutingRowForm.MaxId })
        {
            ModelState.AddModelError("service", texts["error.too_long"]);
        }

        if (!ModelState.IsValid)
        {
            return;
        }

        var at = HelsinkiTime.ToInstant(date, clock);
        Decision = table.Resolve(urgency!.Value, service, Municipality!, at, ChannelOnlyCapacity.Instance);
        ActionUrl = Decision.Destination is { } d ? Destinations.ActionUrl(d, Municipality) : null;
    }

    public string WeekLink() => RoutingWeekModel.WeekLink(Url, Municipality, UrgencyCode, Service, DateText);
}
