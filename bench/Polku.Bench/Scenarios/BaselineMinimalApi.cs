using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Polku.Bench.Scenarios;

/// <summary>
/// Baseline: a plain minimal API <c>GET /</c> hosted in-process. Saturation throughput with closed-loop
/// workers, then latency at a constant request rate.
/// </summary>
public sealed class BaselineMinimalApi : Scenario
{
    public override string Name => "baseline-minimal-api";

    public override string Description =>
        "Plain minimal API GET / in-process: saturation req/s (--workers 64) and p50/p99 at --rate 200 req/s.";

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var workers = options.WholeNumber("workers", 64);
        var warmup = options.Seconds("warmup", 2);
        var duration = options.Seconds("duration", 10);
        var rate = options.Number("rate", 200, minimum: 1);

        await using var host = await LoopbackHost.StartAsync(
            app => app.MapGet("/", () => HttpResults.Text("{\"status\":\"ok\"}", "application/json")),
            cancellationToken: cancellationToken);
        using var load = new LoadGenerator(host.BaseAddress, maxConnections: workers);
        var request = HttpRequests.Get("/");

        context.Log($"saturation: {workers} workers, {warmup.TotalSeconds} s warm-up + {duration.TotalSeconds} s against {host.BaseAddress}");
        var saturation = await load.RunSaturationAsync(request, workers, warmup, duration, cancellationToken);
        context.Log($"constant rate: {rate} req/s for {duration.TotalSeconds} s after {warmup.TotalSeconds} s warm-up");
        var constant = await load.RunConstantRateAsync(request, rate, warmup, duration, maxInFlight: 1000, cancellationToken);

        var result = new ScenarioResult(Name);
        result.Add(new Metric("rps", saturation.RequestsPerSecond, "req/s"));
        result.Add(new Metric("sat_p99_ms", saturation.Latency.P99Milliseconds, "ms"));
        result.Add(new Metric("p50_ms", constant.Latency.P50Milliseconds, "ms"));
        result.Add(new Metric("p95_ms", constant.Latency.P95Milliseconds, "ms"));
        result.Add(new Metric("p99_ms", constant.Latency.P99Milliseconds, "ms"));
        result.Add(new Metric("max_ms", constant.Latency.MaxMilliseconds, "ms"));
        result.Add(new Metric("errors", saturation.Errors + constant.Errors, "requests"));
        LoadNotes.Describe(result, "saturation", saturation);
        LoadNotes.Describe(result, "constant rate", constant);
        return result;
    }
}
