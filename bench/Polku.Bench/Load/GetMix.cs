using System.Diagnostics;
using System.Globalization;
using System.Net;
using Polku.Bench.Hosting;
using Polku.Bench.Scenarios;

namespace Polku.Bench.Load;

/// <summary>
/// A request of a constant-rate GET mix: its path and the marker its 200 must carry for the n-th time it is sent, and
/// whether it is a page (HTML) or the API (JSON). <see cref="Client"/> picks a signed-in client per send (e.g. another
/// trainee's cookies in turn); without it the mix's own client sends it. <see cref="Weight"/> is how many times it is
/// sent in one round of the mix (a report read by a few coordinators beside searches by thousands of trainees).
/// </summary>
public sealed record MixRequest(string Name, Func<long, (string Path, string Marker)> Request, bool Html)
{
    public Func<long, HttpClient>? Client { get; init; }

    public int Weight { get; init; } = 1;
}

/// <summary>
/// A round-robin mix of GET requests at a constant rate (open loop, latency from each request's scheduled send time),
/// the sequential probe after it (service time and app CPU without queueing) and the latency figures per request.
/// Shared by the scenarios that bulk-load data beside the running app and then read it (B9, B10).
/// </summary>
public static class GetMix
{
    /// <summary>GETs a request; throws unless 200 with its marker. Returns the body.</summary>
    public static async Task<string> FetchAsync(HttpClient client, MixRequest kind, long index, CancellationToken cancellationToken)
    {
        var (path, marker) = kind.Request(index);
        var sender = kind.Client?.Invoke(index) ?? client;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd(kind.Html ? "text/html" : "application/json");
        using var response = await sender.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var location = response.Headers.Location is { } l ? " to " + l : "";
            throw new HttpRequestException($"{kind.Name} GET {path}: HTTP {(int)response.StatusCode}{location}: {Excerpt(body)}", null, response.StatusCode);
        }

        if (!body.Contains(marker, StringComparison.Ordinal))
        {
            throw new HttpRequestException($"{kind.Name} GET {path}: 200 without '{marker}': {Excerpt(body)}");
        }

        return body;
    }

    /// <summary>Sends each request once (the first time, index 0) and logs its size and time: the first answers, and a check that every request works.</summary>
    public static async Task FirstAsync(ScenarioContext context, HttpClient client, IReadOnlyList<MixRequest> kinds, CancellationToken cancellationToken)
    {
        foreach (var kind in kinds)
        {
            var watch = Stopwatch.StartNew();
            var (path, _) = kind.Request(0);
            var body = await FetchAsync(client, kind, 0, cancellationToken);
            context.Log(string.Create(CultureInfo.InvariantCulture, $"GET {path}: 200, {body.Length:N0} characters, {watch.Elapsed.TotalMilliseconds:0.0} ms (first)"));
        }
    }

    /// <summary>
    /// One round of the mix: each request as many times as its weight, interleaved (the first of every request, then
    /// the second of those weighing two or more, …), with the count of the request's sends before it in the round.
    /// </summary>
    public static (int Kind, int Occurrence)[] Round(IReadOnlyList<MixRequest> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var most = kinds.Max(k => k.Weight);
        return [.. Enumerable.Range(0, most).SelectMany(o => Enumerable.Range(0, kinds.Count).Where(k => kinds[k].Weight > o).Select(k => (k, o)))];
    }

    /// <summary>Open loop: request i is due at start + i / rate and its latency runs from then, answered or not in time.</summary>
    public static async Task<RunStats> RunConstantRateAsync(
        HttpClient client, IReadOnlyList<MixRequest> kinds, double rate, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stats = new RunStats(kinds.Count);
        var total = (long)Math.Round(rate * (warmup + duration).TotalSeconds);
        var warmupCount = (long)Math.Round(rate * warmup.TotalSeconds);
        var round = Round(kinds);
        var tasks = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var wall = Stopwatch.StartNew();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * (Stopwatch.Frequency / rate));
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var (index, occurrence) = round[(int)(i % round.Length)];
            var sent = i / round.Length * kinds[index].Weight + occurrence;
            tasks.Add(SendAsync(client, kinds[index], index, sent, due, i >= warmupCount, stats, cancellationToken));
        }

        await Task.WhenAll(tasks);
        stats.Sent = total;
        stats.Wall = wall.Elapsed - warmup;
        return stats;
    }

    private static async Task SendAsync(
        HttpClient client, MixRequest kind, int index, long round, long due, bool measured, RunStats stats, CancellationToken cancellationToken)
    {
        try
        {
            await FetchAsync(client, kind, round, cancellationToken);
            if (measured)
            {
                var ticks = Stopwatch.GetTimestamp() - due;
                stats.All.RecordStopwatchTicks(ticks);
                stats.PerKind[index].RecordStopwatchTicks(ticks);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref stats.ErrorsPerKind[index]);
            stats.Sample(ex.Message);
        }
    }

    /// <summary>Service time without queueing: after the load, <paramref name="count"/> requests of each kind one after the other.</summary>
    public static async Task ProbeAsync(
        ScenarioContext context, HttpClient client, PolkuAppProcess app, IReadOnlyList<MixRequest> kinds, int count, ScenarioResult result, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        foreach (var kind in kinds)
        {
            var walls = new double[count];
            var before = app.ProcessorTime;
            for (var i = 0; i < count; i++)
            {
                var watch = Stopwatch.StartNew();
                await FetchAsync(client, kind, i, cancellationToken);
                walls[i] = watch.Elapsed.TotalMilliseconds;
            }

            var cpu = (app.ProcessorTime - before).TotalMilliseconds / count;
            Array.Sort(walls);
            var median = walls[count / 2];
            var figure = "request=" + kind.Name;
            result.Add(new Metric(kind.Name + "_seq_median_ms", median, $"ms ({count} sequential)") { Figure = figure });
            result.Add(new Metric(kind.Name + "_app_cpu_ms", cpu, $"ms ({count} sequential)") { Figure = figure });
            context.Log(string.Create(CultureInfo.InvariantCulture, $"sequential {kind.Name}: median {median:0.0} ms, app CPU {cpu:0.0} ms per request"));
        }
    }

    /// <summary>
    /// The latency figures of a run: the rate completed, p50 ... max overall and per request (p95 against
    /// <paramref name="p95Target"/>), errors (which fail the run) and a few error samples as notes.
    /// </summary>
    public static void Report(ScenarioResult result, IReadOnlyList<MixRequest> kinds, RunStats run, double rate, string p95Target)
    {
        var all = run.All.Summarise();
        var errors = run.ErrorsPerKind.Sum();
        result.Add(new Metric("rate_completed_per_s", run.Wall > TimeSpan.Zero ? all.Count / run.Wall.TotalSeconds : 0, "req/s")
        {
            Target = string.Create(CultureInfo.InvariantCulture, $"{rate:0.###} offered"),
        });
        result.Add(new Metric("p50_ms", all.P50Milliseconds, "ms"));
        result.Add(new Metric("p95_ms", all.P95Milliseconds, "ms") { Target = p95Target });
        result.Add(new Metric("p99_ms", all.P99Milliseconds, "ms"));
        result.Add(new Metric("max_ms", all.MaxMilliseconds, "ms"));
        result.Add(new Metric("requests", all.Count, "200s measured"));
        result.Add(new Metric("errors", errors, "requests (incl. warm-up)") { Target = "0" });
        for (var k = 0; k < kinds.Count; k++)
        {
            var latency = run.PerKind[k].Summarise();
            var figure = "request=" + kinds[k].Name;
            result.Add(new Metric(kinds[k].Name + "_p50_ms", latency.P50Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric(kinds[k].Name + "_p95_ms", latency.P95Milliseconds, "ms") { Figure = figure, Target = p95Target });
            result.Add(new Metric(kinds[k].Name + "_p99_ms", latency.P99Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric(kinds[k].Name + "_max_ms", latency.MaxMilliseconds, "ms") { Figure = figure });
            result.Add(new Metric(kinds[k].Name + "_errors", Interlocked.Read(ref run.ErrorsPerKind[k]), "requests") { Figure = figure, Target = "0" });
        }

        foreach (var sample in run.Samples)
        {
            result.Note("error: " + sample);
        }

        if (errors > 0)
        {
            result.Fail($"{errors} requests failed (not 200 with their marker)");
        }
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300];
}
