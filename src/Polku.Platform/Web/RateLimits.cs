using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Platform.Results;
using Polku.Platform.Security;

namespace Polku.Platform.Web;

/// <summary>Names of the rate-limit policies; endpoints attach them with <c>RequireRateLimiting</c> / <c>[EnableRateLimiting]</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in attempts: the demo staff form, the test identity provider, starting sign-in with a provider.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Assessment answers and responses sent by callers who are not signed in.</summary>
    public const string AnonymousSubmission = "anonymous-submission";

    /// <summary>Call-back requests.</summary>
    public const string Callback = "callback";

    /// <summary>Secure messages (new threads and replies).</summary>
    public const string Message = "message";

    /// <summary>Starting a chat (anonymous residents can start one at any hour), per client address.</summary>
    public const string ChatStart = "chat-start";

    /// <summary>Messages and typing indicators of one chat session, per session and client address.</summary>
    public const string ChatMessage = "chat-message";
}

/// <summary>One policy's limit: at most <see cref="PermitLimit"/> requests per <see cref="Window"/> per partition.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The <c>RateLimits</c> configuration section.</summary>
public sealed class PolkuRateLimitOptions
{
    public const string Section = "RateLimits";

    public RateLimitRule SignIn { get; set; } = new() { PermitLimit = 30 };
    public RateLimitRule AnonymousSubmission { get; set; } = new() { PermitLimit = 120 };
    public RateLimitRule Callback { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };
    public RateLimitRule Message { get; set; } = new() { PermitLimit = 30 };
    public RateLimitRule ChatStart { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };
    public RateLimitRule ChatMessage { get; set; } = new() { PermitLimit = 60 };
}

/// <summary>
/// Rate limits with the framework's limiter (fixed windows, no queue). Partitions: the client address — the real one,
/// after <see cref="ForwardedHeaderSetup"/> — for sign-in and anonymous submissions; the signed-in person for call-backs
/// and messages, because a health station's professionals share one address behind their NAT. Limits live in each node's
/// memory: with N nodes a client may get up to N times the limit, which is still a limit. Viewing a form (GET on a page)
/// never counts, only sending it; a GET endpoint that starts a sign-in counts.
/// </summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddPolkuRateLimits(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<PolkuRateLimitOptions>()
            .Bind(configuration.GetSection(PolkuRateLimitOptions.Section))
            .Validate(o => Rules(o).All(r => r.PermitLimit > 0 && r.Window > TimeSpan.Zero), "RateLimits: every PermitLimit and Window must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(RateLimitPolicies.SignIn, ctx => Partition(ctx, RateLimitPolicies.SignIn, x => x.SignIn, byPerson: false, anonymousOnly: false));
            o.AddPolicy(RateLimitPolicies.AnonymousSubmission, ctx => Partition(ctx, RateLimitPolicies.AnonymousSubmission, x => x.AnonymousSubmission, byPerson: false, anonymousOnly: true));
            o.AddPolicy(RateLimitPolicies.Callback, ctx => Partition(ctx, RateLimitPolicies.Callback, x => x.Callback, byPerson: true, anonymousOnly: false));
            o.AddPolicy(RateLimitPolicies.Message, ctx => Partition(ctx, RateLimitPolicies.Message, x => x.Message, byPerson: true, anonymousOnly: false));
            o.AddPolicy(RateLimitPolicies.ChatStart, ctx => Partition(ctx, RateLimitPolicies.ChatStart, x => x.ChatStart, byPerson: false, anonymousOnly: false));
            o.AddPolicy(RateLimitPolicies.ChatMessage, ctx => Partition(ctx, RateLimitPolicies.ChatMessage, x => x.ChatMessage, byPerson: false, anonymousOnly: false, bySession: true));
        });
        return services;
    }

    private static IEnumerable<RateLimitRule> Rules(PolkuRateLimitOptions o) => [o.SignIn, o.AnonymousSubmission, o.Callback, o.Message, o.ChatStart, o.ChatMessage];

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, Func<PolkuRateLimitOptions, RateLimitRule> rule, bool byPerson, bool anonymousOnly,
        bool bySession = false)
    {
        var method = context.Request.Method;
        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is not null)
        {
            return RateLimitPartition.GetNoLimiter("view");
        }

        var signedIn = context.User.Identity?.IsAuthenticated == true;
        if (anonymousOnly && signedIn)
        {
            return RateLimitPartition.GetNoLimiter("signed-in");
        }

        var key = byPerson && signedIn && context.User.PersonId() is { } person
            ? "person:" + person.ToString("N")
            : "address:" + ClientKey(context.Connection.RemoteIpAddress);
        if (bySession && context.Request.RouteValues.TryGetValue("id", out var session) && session is string id && id.Length <= 64)
        {
            // One chat's messages: a second chat of the same address has its own budget, a flood in one chat does not.
            key = "session:" + id + "|" + key;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<PolkuRateLimitOptions>>().Value;
        var limit = rule(options);
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>The partition of an address: IPv4 as is, IPv6 by its /64 (one subscriber usually holds a whole /64).</summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// 429 with <c>Retry-After</c>. The API answers ProblemDetails <c>request.rate_limited</c>; a page answers with no body,
    /// so the status-code pages show the localised error page for 429.
    /// </summary>
    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var problem = ApiErrors.ToProblemDetails(new Error("request.rate_limited", null, StatusCodes.Status429TooManyRequests), context);
            await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }
    }
}
