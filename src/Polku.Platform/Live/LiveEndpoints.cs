using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Platform.Live;

public static class LiveEndpoints
{
    /// <summary>
    /// Adds the live-event hub and notifier: <see cref="PostgresNotifier"/> with its listener when
    /// <c>Database:Provider</c> is <c>Postgres</c> (or <c>Live:Mode</c> is <c>Postgres</c>), else <see cref="InProcessNotifier"/>.
    /// </summary>
    public static IServiceCollection AddPolkuLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection(LiveOptions.Section));
        services.AddSingleton<LiveHub>();
        var live = configuration.GetSection(LiveOptions.Section).Get<LiveOptions>() ?? new LiveOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var mode = live.Mode ?? (database.Provider == DatabaseProvider.Postgres ? LiveMode.Postgres : LiveMode.InProcess);
        if (mode == LiveMode.Postgres)
        {
            if (database.Provider != DatabaseProvider.Postgres || string.IsNullOrWhiteSpace(database.ConnectionString))
            {
                throw new InvalidOperationException("Live:Mode Postgres needs Database:Provider Postgres and Database:ConnectionString.");
            }

            services.AddSingleton(new PostgresLiveConnection(database.ConnectionString));
            services.AddSingleton<ILiveNotifier, PostgresNotifier>();
            services.AddSingleton<PostgresLiveListener>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveListener>());
        }
        else
        {
            services.AddSingleton<ILiveNotifier, InProcessNotifier>();
        }

        return services;
    }

    /// <summary>Maps <c>GET /events</c>: the signed-in user's live events as Server-Sent Events.</summary>
    public static IEndpointConventionBuilder MapPolkuLive(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/events", StreamAsync)
            .RequireAuthorization()
            .ExcludeFromDescription()
            .AuditExempt("carries only event types and ids, no personal data");

    /// <summary>The audiences of a user: their own <c>person:{id}</c> plus what the registered sources add.</summary>
    public static async Task<IReadOnlyList<string>> AudiencesForAsync(ClaimsPrincipal user, IEnumerable<ILiveAudienceSource> sources, CancellationToken cancellationToken)
    {
        var audiences = new List<string>();
        if (Guid.TryParse(user.FindFirstValue(PolkuClaims.PersonId), out var personId))
        {
            audiences.Add(LiveAudiences.Person(personId));
        }

        // A guardian acting for a child follows the child's events too (replies to the child's messages).
        if (user.ActingFor() is { } ward && ward != personId)
        {
            audiences.Add(LiveAudiences.Person(ward));
        }

        foreach (var source in sources)
        {
            audiences.AddRange(await source.GetAudiencesAsync(user, cancellationToken));
        }

        return audiences;
    }

    /// <summary>
    /// The stream as a pushed body rather than <c>TypedResults.ServerSentEvents</c>: it writes the reconnection delay,
    /// comment lines as heartbeats and frames that <see cref="LiveHub"/> encoded once for all subscribers, which the
    /// SSE formatter does not.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, StatusCodeHttpResult>> StreamAsync(
        HttpContext context,
        LiveHub hub,
        IServiceScopeFactory scopes,
        IOptions<LiveOptions> options,
        TimeProvider time)
    {
        // The audiences come from a scope of their own, disposed before the stream starts: a stream lives for hours, and
        // the request's scope would otherwise keep the sources' services (a database context among them) alive with it —
        // about 18 KB per open stream (B6).
        IReadOnlyList<string> audiences;
        await using (var scope = scopes.CreateAsyncScope())
        {
            audiences = await AudiencesForAsync(context.User, scope.ServiceProvider.GetServices<ILiveAudienceSource>(), context.RequestAborted);
        }

        if (audiences.Count == 0)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var heartbeatEvery = options.Value.Heartbeat > TimeSpan.Zero ? options.Value.Heartbeat : TimeSpan.FromSeconds(15);
        return TypedResults.Stream(body => WriteEventsAsync(body, hub, audiences, heartbeatEvery, time, context.RequestAborted), "text/event-stream");
    }

    private static async Task WriteEventsAsync(Stream body, LiveHub hub, IReadOnlyList<string> audiences, TimeSpan heartbeatEvery, TimeProvider time, CancellationToken ct)
    {
        using var subscription = hub.Subscribe(audiences);
        var reader = subscription.Reader;
        try
        {
            // Browsers reconnect after `retry` ms; the comment makes the headers and the stream reach the client now.
            await body.WriteAsync("retry: 5000\n: connected\n\n"u8.ToArray(), ct);
            await body.FlushAsync(ct);

            Task<bool>? waiting = null;
            var heartbeat = Task.Delay(heartbeatEvery, time, ct);
            while (!ct.IsCancellationRequested)
            {
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                var first = await Task.WhenAny(waiting, heartbeat);
                if (first == heartbeat)
                {
                    await heartbeat;
                    await body.WriteAsync(HeartbeatFrame, ct);
                    await body.FlushAsync(ct);
                    heartbeat = Task.Delay(heartbeatEvery, time, ct);
                    continue;
                }

                var open = await waiting;
                waiting = null;
                if (!open)
                {
                    return;
                }

                while (reader.TryRead(out var delivery))
                {
                    await body.WriteAsync(delivery.Frame, ct);
                }

                await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static readonly ReadOnlyMemory<byte> HeartbeatFrame = ": heartbeat\n\n"u8.ToArray();
}
