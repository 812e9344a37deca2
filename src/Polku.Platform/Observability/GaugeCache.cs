using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Polku.Platform.Observability;

/// <summary>A gauge whose value is read from the database (a backlog, a queue length).</summary>
/// <param name="Name">Instrument name, e.g. <c>polku.queue.waiting</c>.</param>
/// <param name="Unit">UCUM unit or an annotation such as <c>{task}</c>.</param>
/// <param name="Description">What the value means, for the exporter's HELP line.</param>
public sealed record GaugeInstrument(string Name, string? Unit, string Description);

/// <summary>
/// Reads the current values of some gauges from the database. Register as a singleton
/// <c>IGaugeSource</c>; <see cref="GaugeCache"/> calls it at most once per <see cref="ObservabilityOptions.GaugeInterval"/>
/// with a fresh service scope, and only while an exporter is collecting.
/// </summary>
public interface IGaugeSource
{
    IReadOnlyList<GaugeInstrument> Instruments { get; }

    Task ReadAsync(IServiceProvider services, GaugeReadings readings, CancellationToken cancellationToken);
}

/// <summary>What one read of the gauge sources found.</summary>
public sealed class GaugeReadings
{
    private readonly Dictionary<string, List<Measurement<long>>> _values = new(StringComparer.Ordinal);

    public void Add(string instrument, long value, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_values.TryGetValue(instrument, out var list))
        {
            _values[instrument] = list = [];
        }

        list.Add(new Measurement<long>(value, tags));
    }

    internal IReadOnlyList<Measurement<long>> Get(string instrument) =>
        _values.TryGetValue(instrument, out var list) ? list : [];
}

/// <summary>
/// Serves gauge values from the last database read and reads again only when that is older than
/// <see cref="ObservabilityOptions.GaugeInterval"/>: a scrape storm costs one read per interval, not one per scrape.
/// The first collector that finds the values stale reads them (bounded by a timeout); collectors arriving meanwhile
/// get the previous values. A failed read is logged and reports nothing, so a stale backlog never looks current.
/// </summary>
public sealed class GaugeCache(
    IEnumerable<IGaugeSource> sources,
    IServiceScopeFactory scopes,
    IOptions<ObservabilityOptions> options,
    TimeProvider time,
    ILogger<GaugeCache> logger)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<IGaugeSource> _sources = [.. sources];
    private readonly Lock _gate = new();
    private GaugeReadings _current = new();
    private DateTimeOffset? _readAt;
    private bool _reading;

    public IReadOnlyList<GaugeInstrument> Instruments => [.. _sources.SelectMany(s => s.Instruments)];

    /// <summary>The values of one gauge; reads the database first when the last reading is stale.</summary>
    public IEnumerable<Measurement<long>> Observe(string instrument)
    {
        bool read;
        lock (_gate)
        {
            var stale = _readAt is not { } at || (time.GetUtcNow() - at).Duration() >= options.Value.GaugeInterval;
            read = stale && !_reading;
            if (read)
            {
                _reading = true;
            }
        }

        if (read)
        {
            var readings = Read();
            lock (_gate)
            {
                _current = readings;
                _readAt = time.GetUtcNow();
                _reading = false;
            }
        }

        lock (_gate)
        {
            return _current.Get(instrument);
        }
    }

    private GaugeReadings Read()
    {
        var readings = new GaugeReadings();
        // The gauges' own queries are not the application's work: keep them out of traces.
        using var suppress = SuppressInstrumentationScope.Begin();
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            // Metric callbacks are synchronous. Blocking here is bounded by the timeout and happens at most once per
            // interval, on the collecting thread (a scrape request or the OTLP exporter's timer), never on a user's request.
            ReadAllAsync(readings, timeout.Token).GetAwaiter().GetResult();
            return readings;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Reading the database gauges failed; they report no value until the next successful read.");
            return new GaugeReadings();
        }
    }

    private async Task ReadAllAsync(GaugeReadings readings, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var source in _sources)
        {
            await source.ReadAsync(scope.ServiceProvider, readings, ct).ConfigureAwait(false);
        }
    }
}
