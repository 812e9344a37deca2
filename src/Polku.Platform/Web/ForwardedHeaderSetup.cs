using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.Platform.Web;

/// <summary>
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from the load balancer, honoured only when the connection comes
/// from a proxy listed in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR). None are trusted by default — the framework would trust every sender when both lists are empty, so without
/// configuration the middleware is not added at all. Behind TLS termination this makes the scheme (cookies, HSTS, the
/// OpenID Connect <c>redirect_uri</c>), the client address (audit rows, rate limits) and the host right.
/// </summary>
public static class ForwardedHeaderSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddPolkuForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = Values(section.GetSection("KnownProxies")).Select(p => IPAddress.TryParse(p, out var ip)
            ? ip
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(n => System.Net.IPNetwork.TryParse(n, out var net)
            ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR form, e.g. 10.0.0.0/8.")).ToList();
        var allowedHosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(h => h != "*").ToList();
        var forwardLimit = section.GetValue("ForwardLimit", 1);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
            o.ForwardLimit = forwardLimit;
            // A forwarded host must be one of ours, exactly like a direct Host header (host filtering runs before this).
            allowedHosts.ForEach(o.AllowedHosts.Add);
        });
        services.AddSingleton(new ForwardedHeadersTrust(proxies.Count + networks.Count > 0));
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's real address and scheme.</summary>
    public static WebApplication UsePolkuForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ForwardedHeadersTrust>().AnyProxyTrusted)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Accepts a list (<c>KnownProxies:0</c>, <c>KnownProxies:1</c>) or one comma- or semicolon-separated value.</summary>
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        section.Value is { Length: > 0 } single
            ? single.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Trim().Length > 0).Select(v => v.Trim());

    private sealed record ForwardedHeadersTrust(bool AnyProxyTrusted);
}
