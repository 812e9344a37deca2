using System.Net;

namespace Polku.Platform.Observability;

/// <summary>The <c>Observability</c> configuration section. With nothing set, no exporter runs and nothing is collected.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>The <c>service.name</c> resource attribute of every metric and span.</summary>
    public string ServiceName { get; set; } = "polku";

    public OtlpSettings Otlp { get; set; } = new();

    public PrometheusSettings Prometheus { get; set; } = new();

    /// <summary>
    /// The shortest time between two database reads of the gauges (outbox backlog, queue lengths). Scrapes in between
    /// see the last reading, so any number of scrapers cost at most one read per interval.
    /// </summary>
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Share of traces kept (0–1), decided at the root; child spans follow their parent's decision.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    public bool MetricsEnabled => Otlp.Enabled || Prometheus.Enabled;
}

/// <summary>Export metrics and traces to an OpenTelemetry collector.</summary>
public sealed class OtlpSettings
{
    /// <summary>Collector address, e.g. <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c> (HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Extra request headers, <c>key=value</c> pairs separated by commas (e.g. an API key for a hosted collector).</summary>
    public string? Headers { get; set; }

    /// <summary>How often metrics are pushed.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}

/// <summary>A Prometheus scrape endpoint at <c>/metrics</c>.</summary>
public sealed class PrometheusSettings
{
    public const string Path = "/metrics";

    public bool Enabled { get; set; }

    /// <summary>
    /// Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose connections may scrape; others get 404. Empty: only this machine
    /// (loopback). The connection's own address is checked, not <c>X-Forwarded-For</c>.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    internal IReadOnlyList<IPNetwork> ParseNetworks()
    {
        var networks = new List<IPNetwork>();
        foreach (var text in AllowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (!IPNetwork.TryParse(text.Trim(), out var network))
            {
                throw new InvalidOperationException(
                    $"Observability:Prometheus:AllowedNetworks contains '{text}', which is not a network in CIDR form such as 10.0.0.0/8 or fd00::/8.");
            }

            networks.Add(network);
        }

        return networks;
    }
}
