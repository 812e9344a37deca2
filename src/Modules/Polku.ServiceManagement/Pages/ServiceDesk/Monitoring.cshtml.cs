using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Monitoring;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// <c>/service/monitoring</c> (spec 06 "Monitoring and events"): each probed service's state (up, down since …, not
/// probed), its last probe and the last 24 hours as a strip, open and recent outages, recent events. The service
/// manager records a manual outage and sets an outage's exclusion reason (used by availability). In Development the
/// service desk switches the stand-ins of external services up and down to show a demo outage.
/// </summary>
[AuditExempt("the state of digital services, their outages and events: no resident's data is read or changed")]
internal sealed class MonitoringModel(MonitoringBoard board, StandInSwitch standIns, IHostEnvironment environment, Texts texts, TimeProvider time) : PageModel
{
    public const int EventLimit = 50;

    public MonitoringOverview Overview { get; private set; } = null!;

    public bool IsManager => User.HasClaim(PolkuClaims.Role, PolkuRoles.ServiceManager);

    public bool IsDevelopment => environment.IsDevelopment();

    [TempData] public string? Done { get; set; }

    // The manual outage form, kept as typed when it has errors.
    [BindProperty(Name = "service")] public string? Service { get; set; }
    [BindProperty(Name = "startDate")] public string? StartDate { get; set; }
    [BindProperty(Name = "startTime")] public string? StartTime { get; set; }
    [BindProperty(Name = "endDate")] public string? EndDate { get; set; }
    [BindProperty(Name = "endTime")] public string? EndTime { get; set; }
    [BindProperty(Name = "reason")] public string? Reason { get; set; }
    [BindProperty(Name = "note")] public string? Note { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOutageAsync(CancellationToken ct)
    {
        if (!IsManager)
        {
            return Forbid();
        }

        var start = ParseLocal(StartDate, StartTime, "start", required: true);
        var end = ParseLocal(EndDate, EndTime, "end", required: false);
        if (ModelState.IsValid)
        {
            var result = await board.RecordManualAsync(new ManualOutage(Service ?? "", start!.Value, end, Reason, Note), User.PersonId(), ct);
            if (result.IsSuccess)
            {
                Done = "outage";
                return Redirect(ServiceManagementRoutes.Monitoring);
            }

            AddError(result.Error!);
        }

        return await InvalidAsync(ct);
    }

    public async Task<IActionResult> OnPostExclusionAsync(Guid outage, string? exclusion, string? exclusionNote, CancellationToken ct)
    {
        if (!IsManager)
        {
            return Forbid();
        }

        var result = await board.SetExclusionAsync(outage, exclusion, exclusionNote, ct);
        if (result.IsSuccess)
        {
            Done = "exclusion";
            return Redirect(ServiceManagementRoutes.Monitoring + "#outages");
        }

        if (result.Error!.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        ModelState.AddModelError(result.Error.Field == "note" ? "exclusionNote-" + outage.ToString("N") : "exclusion-" + outage.ToString("N"), texts[result.Error.Code]);
        return await InvalidAsync(ct);
    }

    /// <summary>Development only: switches a stand-in's health answer up or down.</summary>
    public async Task<IActionResult> OnPostStandInAsync(string? standIn, bool down, CancellationToken ct)
    {
        if (!IsDevelopment)
        {
            return NotFound();
        }

        if (standIn is null || !await board.IsStandInAsync(standIn, ct))
        {
            return NotFound();
        }

        standIns.Set(standIn, down);
        Done = down ? "stand-in-down" : "stand-in-up";
        return Redirect(ServiceManagementRoutes.Monitoring + "#stand-ins");
    }

    public string Name(string? serviceId) =>
        serviceId is not null && Overview.Catalogue.TryGetValue(serviceId, out var s) ? SmNames.Name(s) : texts["sm.monitoring.polku_itself"];

    public string StateText(ServiceState s) => s.State switch
    {
        ServiceStates.Down => texts["sm.monitoring.state.down_since", Local(s.DownSinceUtc!.Value)],
        ServiceStates.Failing => texts["sm.monitoring.state.failing"],
        ServiceStates.Up => texts["sm.monitoring.state.up"],
        _ => texts["sm.monitoring.state.not_probed"],
    };

    public string EventText(string kind) =>
        EventKinds.All.Contains(kind) ? texts["sm.monitoring.event." + kind.Replace('-', '_')] : texts["sm.monitoring.event.other"];

    public string SeverityText(string severity) =>
        severity is Severities.Info or Severities.Warning or Severities.Major ? texts["sm.monitoring.severity." + severity] : texts["sm.monitoring.event.other"];

    public string ReasonText(string? reason) =>
        reason is not null && ExclusionReasons.All.Contains(reason) ? texts["sm.monitoring.reason." + reason.Replace('-', '_')] : texts["sm.monitoring.reason.none"];

    public string SourceText(string source) => source == OutageSources.Manual ? texts["sm.monitoring.source.manual"] : texts["sm.monitoring.source.probe"];

    public string DoneText => Done switch
    {
        "outage" => texts["sm.monitoring.done.outage"],
        "exclusion" => texts["sm.monitoring.done.exclusion"],
        "stand-in-down" => texts["sm.monitoring.done.stand_in_down"],
        "stand-in-up" => texts["sm.monitoring.done.stand_in_up"],
        _ => "",
    };

    /// <summary>The 24-hour counts of a service, as text (also the strip's text alternative).</summary>
    public string DayText(ServiceState s) =>
        s.Day.Count == 0 ? texts["sm.monitoring.day.none"] : texts["sm.monitoring.day.counts", s.Day.Count(r => r.Ok), s.Day.Count(r => !r.Ok)];

    /// <summary>The development stand-ins among the probed services, with whether each is switched down.</summary>
    public IEnumerable<(string StandIn, SmService Service, bool Down)> StandIns =>
        Overview.Catalogue.Values
            .Select(s => (StandIn: DevStandIns.ServiceOf(s.HealthUrl), Service: s))
            .Where(x => x.StandIn is not null)
            .OrderBy(x => x.StandIn, StringComparer.Ordinal)
            .Select(x => (x.StandIn!, x.Service, standIns.IsDown(x.StandIn!)));

    /// <summary>A UTC time as Helsinki wall-clock time in the current culture's short date and time.</summary>
    public static string Local(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture);

    public string Today => HelsinkiTime.LocalDate(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<IActionResult> InvalidAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void AddError(Error error) => ModelState.AddModelError(error.Field ?? "", texts[error.Code]);

    /// <summary>A Helsinki date and time from the form (yyyy-MM-dd and HH:mm) as UTC; a field error when it is not one.</summary>
    private DateTime? ParseLocal(string? date, string? clock, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(date) && string.IsNullOrWhiteSpace(clock))
        {
            if (required)
            {
                ModelState.AddModelError(field, texts["sm.monitoring.error." + field + "_required"]);
            }

            return null;
        }

        if (!DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || !TimeOnly.TryParseExact(clock?.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            ModelState.AddModelError(field, texts["sm.monitoring.error." + field + "_invalid"]);
            return null;
        }

        return HelsinkiTime.ToInstant(d, t).UtcDateTime;
    }

    private async Task LoadAsync(CancellationToken ct) => Overview = await board.OverviewAsync(EventLimit, ct);
}
