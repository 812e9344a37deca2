using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>What one probe of a service's health URL found.</summary>
internal sealed record ProbeOutcome(bool Ok, int? StatusCode, int DurationMs, string? Error);

/// <summary>Probes one service's health URL. The real adapter is HTTP; tests script the outcomes.</summary>
internal interface IHealthProbe
{
    Task<ProbeOutcome> ProbeAsync(SmService service, CancellationToken cancellationToken);
}

/// <summary>
/// GET on the service's health URL with the service's own time-out: a 2xx answer is up, anything else (another
/// status, no answer, a time-out) is down. Relative URLs are resolved against this node's own address.
/// </summary>
internal sealed class HttpHealthProbe(IHttpClientFactory clients, SelfAddress self) : IHealthProbe
{
    public const string ClientName = "sm-health-probe";

    public const int MaxErrorLength = 400;

    public async Task<ProbeOutcome> ProbeAsync(SmService service, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (Resolve(service.HealthUrl) is not { } url)
        {
            return new ProbeOutcome(false, null, 0, "no usable address");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, service.ProbeTimeoutSeconds)));
        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            return new ProbeOutcome(ok, status, Elapsed(watch), ok ? null : "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeOutcome(false, null, Elapsed(watch), "timeout");
        }
        catch (HttpRequestException e)
        {
            return new ProbeOutcome(false, null, Elapsed(watch), Truncate(e.Message));
        }
    }

    private Uri? Resolve(string? healthUrl)
    {
        if (string.IsNullOrWhiteSpace(healthUrl))
        {
            return null;
        }

        if (Uri.TryCreate(healthUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute;
        }

        return healthUrl.StartsWith('/') && self.BaseAddress is { } baseAddress ? new Uri(baseAddress, healthUrl) : null;
    }

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
}

/// <summary>
/// This node's own base address: <c>ServiceManagement:SelfBaseUrl</c>, or else the first address the server listens
/// on (a wildcard host such as <c>0.0.0.0</c>, <c>[::]</c>, <c>+</c> or <c>*</c> is reached at <c>localhost</c>).
/// </summary>
internal sealed class SelfAddress(IOptions<MonitoringOptions> options, IServer server)
{
    public Uri? BaseAddress
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.SelfBaseUrl) && Uri.TryCreate(options.Value.SelfBaseUrl, UriKind.Absolute, out var configured))
            {
                return configured;
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var first = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault();
            if (first is null)
            {
                return null;
            }

            var normalised = first.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal);
            return Uri.TryCreate(normalised, UriKind.Absolute, out var listening) ? listening : null;
        }
    }
}
