using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Monitoring;
using Polku.ServiceManagement.Pages.ServiceDesk;

namespace Polku.ServiceManagement.Api;

internal sealed record ProbeDto(DateTimeOffset At, bool Ok, int? StatusCode, int DurationMs, string? Error);

internal sealed record OutageDto(Guid Id, string ServiceId, DateTimeOffset Start, DateTimeOffset? End, string Source, string? ExcludedReason, string? ExclusionNote, Guid? IncidentId);

/// <summary>A probed service's state: up, failing (the last probe failed, no outage yet), down (an open outage) or not-probed.</summary>
internal sealed record ServiceStateDto(string Id, string Name, string Tier, string State, DateTimeOffset? DownSince, ProbeDto? LastProbe,
    int OkLast24h, int FailedLast24h, OutageDto? OpenOutage);

internal sealed record MonitoringDto(DateTimeOffset At, IReadOnlyList<ServiceStateDto> Services, IReadOnlyList<OutageDto> OpenOutages);

internal sealed record EventDto(Guid Id, string? ServiceId, DateTimeOffset At, string Kind, string Severity, string Message, Guid? OutageId, Guid? IncidentId);

/// <summary>Monitoring over HTTP (spec 06): the probed services' states and the event stream.</summary>
internal static class MonitoringApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management").WithTags("Service management").RequireAuthorization(PolkuRoles.ServiceDeskPolicy);
        api.MapGet("/monitoring", MonitoringAsync).AuditExempt("the state of digital services: no person")
            .WithSummary("Each probed service's state (up, failing, down since …, not-probed), its last probe and the last 24 hours' counts, and the open outages.");
        api.MapGet("/events", EventsAsync).AuditExempt("monitoring events of digital services: no person")
            .WithSummary("Monitoring events latest first: outages opened, reopened, closed and recorded, exclusions, and Polku's own signals raised and cleared. ?since=2026-03-01T00:00:00Z&limit=50 (at most 500).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Ok<MonitoringDto>> MonitoringAsync(MonitoringBoard board, CancellationToken ct)
    {
        var overview = await board.OverviewAsync(0, ct);
        return TypedResults.Ok(new MonitoringDto(
            Utc(overview.NowUtc),
            [.. overview.Services.Select(s => new ServiceStateDto(s.Service.Id, SmNames.Name(s.Service), s.Service.Tier, s.State,
                s.DownSinceUtc is { } d ? Utc(d) : null,
                s.Last is { } l ? new ProbeDto(Utc(l.AtUtc), l.Ok, l.StatusCode, l.DurationMs, l.Error) : null,
                s.Day.Count(r => r.Ok), s.Day.Count(r => !r.Ok),
                s.OpenOutage is { } o ? Outage(o) : null))],
            [.. overview.Outages.Where(o => o.EndUtc is null).Select(Outage)]));
    }

    private static async Task<Results<Ok<IReadOnlyList<EventDto>>, ProblemHttpResult>> EventsAsync(string? since, string? limit, HttpContext context,
        MonitoringBoard board, CancellationToken ct)
    {
        DateTime? from = null;
        if (!string.IsNullOrEmpty(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiErrors.Problem(Error.Validation("sm.monitoring.error.since", "since"), context);
            }

            from = parsed.UtcDateTime;
        }

        var take = MonitoringBoard.DefaultEvents;
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MonitoringBoard.MaxEvents))
        {
            return ApiErrors.Problem(Error.Validation("sm.monitoring.error.limit", "limit"), context);
        }

        var events = await board.EventsAsync(from, take, ct);
        return TypedResults.Ok<IReadOnlyList<EventDto>>([.. events.Select(e =>
            new EventDto(e.Id, e.ServiceId, Utc(e.AtUtc), e.Kind, e.Severity, e.Message, e.OutageId, e.IncidentId))]);
    }

    private static OutageDto Outage(Outage o) =>
        new(o.Id, o.ServiceId, Utc(o.StartUtc), o.EndUtc is { } e ? Utc(e) : null, o.Source, o.ExcludedReason, o.ExclusionNote, o.IncidentId);

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
