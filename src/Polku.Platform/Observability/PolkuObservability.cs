using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Polku.Platform.Health;
using Polku.Platform.Outbox;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Platform.Observability;

/// <summary>
/// Metrics, traces, logs and health endpoints: one call from <c>AddPolku</c>, one from <c>UsePolku</c>. With no
/// exporter configured no OpenTelemetry pipeline is built at all, so nothing listens to the meters and activity
/// sources and the request path does no extra work.
/// </summary>
public static class PolkuObservability
{
    /// <summary>Npgsql 8+ reports through its own activity source and meter of this name.</summary>
    public const string NpgsqlSource = "Npgsql";

    /// <summary>EF Core's meter (contexts, queries, SaveChanges, cache hits, concurrency failures).</summary>
    public const string EntityFrameworkMeter = "Microsoft.EntityFrameworkCore";

    public static WebApplicationBuilder AddPolkuObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(ObservabilityOptions.Section);
        services.Configure<ObservabilityOptions>(section);
        var options = section.Get<ObservabilityOptions>() ?? new ObservabilityOptions();

        services.AddPolkuMetrics();
        services.AddSingleton<IGaugeSource, OutboxGauges>();
        services.AddScoped<OutboxMonitor>();
        services.AddAuthorizationBuilder().AddPolicy(PolkuRoles.ServiceManagementPolicy, p => p
            .RequireClaim(Audit.PolkuClaims.Kind, "staff")
            .RequireClaim(Audit.PolkuClaims.Role, PolkuRoles.ServiceManager, PolkuRoles.Coordinator));
        services.AddHealthChecks().AddCheck<ShutdownHealthCheck>("shutdown");

        AddLogging(builder);
        AddOpenTelemetry(builder, options);
        return builder;
    }

    /// <summary>The <see cref="PolkuMetrics"/> singleton and its gauge cache (also for hosts without the web part, e.g. tests).</summary>
    public static IServiceCollection AddPolkuMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<ObservabilityOptions>();
        services.TryAddSingleton<GaugeCache>();
        services.TryAddSingleton<PolkuMetrics>();
        return services;
    }

    /// <summary>Maps the health endpoints and, when enabled, the Prometheus scrape endpoint.</summary>
    public static WebApplication MapPolkuObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Live: the process answers; no dependency is checked, so a database outage never restarts healthy nodes.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AuditExempt("process liveness, no personal data");
        // Ready: the database answers, this version's migrations are applied and the node is not shutting down.
        app.MapHealthChecks("/health/ready").AuditExempt("readiness of the node and its database, no personal data");
        app.MapHealthChecks("/health").AuditExempt("readiness of the node and its database (same as /health/ready), no personal data");

        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (options.Prometheus.Enabled)
        {
            var networks = options.Prometheus.ParseNetworks();
            app.MapPrometheusScrapingEndpoint(PrometheusSettings.Path, meterProvider: null,
                    configureBranchedPipeline: branch => branch.Use((context, next) => MayScrape(context.Connection.RemoteIpAddress, networks)
                        ? next(context)
                        : NotFound(context)),
                    optionsName: null)
                .AuditExempt("aggregate service metrics, no personal data");
        }

        return app;
    }

    /// <summary>
    /// Whether a connection from <paramref name="remote"/> may read the metrics: loopback when no network is
    /// configured, else an address inside one of <paramref name="networks"/>. No address means an in-process caller.
    /// </summary>
    internal static bool MayScrape(IPAddress? remote, IReadOnlyList<IPNetwork> networks)
    {
        if (remote is null)
        {
            return true;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return networks.Count == 0 ? IPAddress.IsLoopback(remote) : networks.Any(n => n.Contains(remote));
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Console format by <c>Logging:Format</c> (<c>json</c>, <c>simple</c> or <c>systemd</c>; JSON by default in
    /// Production; an explicit <c>Logging:Console:FormatterName</c> wins) and identity-code redaction for every format
    /// and provider.
    /// </summary>
    private static void AddLogging(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var format = configuration["Logging:Format"] is { Length: > 0 } f ? f.Trim().ToLowerInvariant() : builder.Environment.IsProduction() ? "json" : null;
        var formatter = format switch
        {
            null => null,
            "json" => ConsoleFormatterNames.Json,
            "simple" => ConsoleFormatterNames.Simple,
            "systemd" => ConsoleFormatterNames.Systemd,
            _ => throw new InvalidOperationException($"Logging:Format is '{format}'; use json, simple or systemd."),
        };
        if (formatter is not null && string.IsNullOrEmpty(configuration["Logging:Console:FormatterName"]))
        {
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = formatter);
        }

        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            // One line per entry with UTC time and the request's scope (trace id, request path) for correlation.
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
            {
                o.IncludeScopes = true;
            }
        });

        // Decorates whatever logger factory the host registered, after every provider has been added.
        var factory = builder.Services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory))
            ?? throw new InvalidOperationException("No ILoggerFactory is registered.");
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(Create(sp, factory))));
    }

    private static ILoggerFactory Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ILoggerFactory
        ?? descriptor.ImplementationFactory?.Invoke(services) as ILoggerFactory
        ?? (ILoggerFactory)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private static void AddOpenTelemetry(WebApplicationBuilder builder, ObservabilityOptions options)
    {
        if (!options.MetricsEnabled)
        {
            return;
        }

        var version = typeof(PolkuObservability).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceVersion: version, serviceInstanceId: Environment.MachineName))
            .WithMetrics(m =>
            {
                m.AddMeter(PolkuMetrics.MeterName, NpgsqlSource, EntityFrameworkMeter)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.Prometheus.Enabled)
                {
                    m.AddPrometheusExporter();
                }

                if (options.Otlp.Enabled)
                {
                    m.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, options.Otlp, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Otlp.MetricsInterval.TotalMilliseconds;
                    });
                }
            });

        // Traces have nowhere to go without a collector; Prometheus carries metrics only.
        if (options.Otlp.Enabled)
        {
            otel.WithTracing(t => t
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                .AddSource(NpgsqlSource)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => Configure(exporter, options.Otlp, "v1/traces")));
        }
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(PrometheusSettings.Path);

    private static void Configure(OtlpExporterOptions exporter, OtlpSettings settings, string signalPath)
    {
        var http = settings.Protocol.Trim().ToLowerInvariant() switch
        {
            "grpc" => false,
            "http/protobuf" or "http" => true,
            _ => throw new InvalidOperationException($"Observability:Otlp:Protocol is '{settings.Protocol}'; use grpc or http/protobuf."),
        };
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var endpoint = new Uri(settings.Endpoint!, UriKind.Absolute);
        // An endpoint set in code is used as is for HTTP; the collector expects each signal at its own path.
        if (http && !endpoint.AbsolutePath.EndsWith(signalPath, StringComparison.Ordinal))
        {
            endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath);
        }

        exporter.Endpoint = endpoint;
        if (!string.IsNullOrWhiteSpace(settings.Headers))
        {
            exporter.Headers = settings.Headers;
        }
    }
}
