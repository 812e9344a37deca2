using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polku.Platform.Web;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>The answer of a development stand-in's health URL.</summary>
internal sealed record StandInHealth(string Status, bool StandIn);

/// <summary>
/// DEVELOPMENT STAND-IN, not a real service: the demo catalogue's external services (Omaolo, the video service) have
/// health URLs <c>/dev/stand-ins/{service}/health</c> because the demo machine has no internet. Each answers 200 while
/// it is "up" and 503 while the service desk has switched it "down" on the monitoring page, so a demo outage can be
/// shown. Mapped only in Development; elsewhere the route does not exist and a county sets the real addresses.
/// </summary>
internal static class DevStandIns
{
    public const string Prefix = "/dev/stand-ins";

    public static string HealthUrl(string service) => $"{Prefix}/{service}/health";

    public static bool IsStandIn(string? healthUrl) =>
        healthUrl is not null && healthUrl.StartsWith(Prefix + "/", StringComparison.Ordinal) && healthUrl.EndsWith("/health", StringComparison.Ordinal);

    /// <summary>The service of a stand-in's health URL (<c>/dev/stand-ins/omaolo/health</c> → <c>omaolo</c>).</summary>
    public static string? ServiceOf(string? healthUrl) =>
        IsStandIn(healthUrl) ? healthUrl![(Prefix.Length + 1)..^"/health".Length] : null;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return;
        }

        endpoints.MapGet(Prefix + "/{service}/health", Health)
            .AuditExempt("a development stand-in's health answer: no person, no data")
            .ExcludeFromDescription();
    }

    private static Results<Ok<StandInHealth>, JsonHttpResult<StandInHealth>> Health(string service, StandInSwitch standIns) =>
        standIns.IsDown(service)
            ? TypedResults.Json(new StandInHealth("down", true), statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(new StandInHealth("up", true));
}

/// <summary>Which development stand-ins are switched down, on this node (a demo aid; nothing is stored).</summary>
internal sealed class StandInSwitch
{
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.Ordinal);

    public bool IsDown(string service) => _down.ContainsKey(service);

    public void Set(string service, bool down)
    {
        if (down)
        {
            _down[service] = true;
        }
        else
        {
            _down.TryRemove(service, out _);
        }
    }
}
