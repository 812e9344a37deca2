using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using Polku.Identity.Contracts;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B6: Server-Sent Events fan-out on the real app (PostgreSQL). The app runs as a child process on a fresh database
/// with the demo county; one demo professional (<c>hoitaja.porvoo</c>, member of the Porvoo health station's queue
/// hs-638) signs in through the demo staff form and the bench opens <c>--clients</c> streams of <c>GET /events</c>
/// with that cookie. Each round a demo resident of Porvoo starts a secure message thread over the API
/// (<c>POST /api/messages/threads</c>), which creates a task in hs-638 and announces <c>task.created</c> to the queue's
/// audience: every stream must receive that frame exactly once. Delivery latency runs from just before the resident's
/// request to each stream's receipt of the frame. A bare minimal-API SSE fan-out in a process of its own is the
/// same-run baseline.
/// </summary>
public sealed class B6LiveEvents : Scenario
{
    private const string DatabaseName = "polku_bench_b6";
    private const string ProfessionalLogin = "hoitaja.porvoo";
    private const string QueueCode = "hs-638";
    private const string LiveEventType = "task.created";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Maija Meikäläinen of the demo county, home municipality Porvoo (638): her messages go to hs-638.</summary>
    private static readonly string ResidentIdentityCode = PersonalIdentityCode.Create(new DateOnly(1980, 5, 14), 902);

    public override string Name => "b6-live-events";

    public override string Description =>
        "Server-Sent Events over HTTP (real app, PostgreSQL): --clients 10,000 GET /events streams of one professional, one task.created per round fanned out to all; delivery p99 (target 250 ms), app memory (target 1 GB); a lost or duplicated event fails the run.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Clients: options.WholeNumber("clients", 10_000),
            Events: options.WholeNumber("events", 5),
            WarmupEvents: options.WholeNumber("warmup-events", 3, minimum: 0),
            Gap: options.Seconds("gap", 1),
            ConnectParallel: options.WholeNumber("connect-parallel", 200),
            DeliverTimeout: options.Seconds("deliver-timeout", 10),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            Baseline: options.Choice("baseline", "on", ["on", "off"]) == "on",
            StartTimeout: options.Seconds("timeout", 180));
        var result = new ScenarioResult(Name);
        var fileLimit = OpenFileLimit();
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"open-file limit (soft) {fileLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} per process; the bench holds {settings.Clients} client sockets, the app as many server sockets"));
        if (fileLimit is { } limit && settings.Clients + 512 > limit)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"--clients {settings.Clients} is close to or above the open-file limit of {limit} per process (ulimit -n): expect failed connections; raise the limit or lower --clients"));
        }

        var baseline = settings.Baseline ? await RunBaselineAsync(context, settings, result, cancellationToken) : null;

        await using var fresh = await FreshPolkuApp.StartAsync(
            context.RepositoryRoot, context.PostgresConnectionString!, DatabaseName, settings.AppConfiguration, settings.Pool, settings.StartTimeout, context.Log, cancellationToken);
        var app = fresh.App;
        var queueId = await QueueIdAsync(fresh.Database, cancellationToken);
        var users = SignedInClients.Create(app.BaseAddress, 2, RequestTimeout);
        try
        {
            var (professional, resident) = (users[0], users[1]);
            await SignedInClients.SignInStaffAsync(professional, ProfessionalLogin, cancellationToken);
            await SignedInClients.SignInResidentAsync(resident, ResidentIdentityCode, cancellationToken);
            var cookie = SignedInClients.CookieHeader(professional);
            context.Log($"{ProfessionalLogin} signed in through the demo staff form (queue {QueueCode} {queueId:D}), the demo resident 902 through the test identity provider");

            var idle = ProcessMemory.Of(app.ProcessId);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"opening {settings.Clients} GET /events streams with {ProfessionalLogin}'s cookie, at most {settings.ConnectParallel} at a time (app RSS {idle.RssMegabytes:0} MB before)"));
            await using var streams = await FanOutSubscribers.ConnectAsync(
                app.BaseAddress, "events", cookie, settings.Clients, settings.ConnectParallel, RequestTimeout, context.Log, cancellationToken);
            var run = await RunRoundsAsync(
                context, "app", streams, settings, app.ProcessId, () => app.ProcessorTime,
                (round, ct) => PostMessageAsync(resident, fresh.Database, round, ct), cancellationToken);
            Report(result, settings, run, baseline, idle);
            result.Note($"each round: the demo resident 902 (home municipality Porvoo) sends POST /api/messages/threads; the app creates a task in {QueueCode} "
                + $"and announces '{LiveEventType}' to queue:{queueId:D} (pg_notify on commit, the LISTEN connection, the hub, every /events stream); "
                + "delivery latency runs from just before that request (t0) to each stream's receipt of the frame, so it includes the request up to its commit "
                + "and the bench's own receipt on the same two cores; the frame is matched by the new task's id (from the database by the thread's id); "
                + "trigger_ms is the request's whole answer time, which ends after most deliveries: the app's own listener gets the commit's notification "
                + "while the request still has its audit row and its response to do, and those steps queue behind the streams' writes on the same thread pool");
            if (app.HasExited)
            {
                result.Fail("Polku.Web exited during the run: " + app.Output);
            }
        }
        finally
        {
            SignedInClients.DisposeAll(users);
        }

        return result;
    }

    /// <summary>The bare SSE fan-out in a child process: same clients, rounds and checks, no app.</summary>
    private static async Task<FanOutRun?> RunBaselineAsync(ScenarioContext context, Settings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        context.Log("same-run reference: a bare minimal-API SSE endpoint in a process of its own, one pre-encoded frame handed to every stream");
        var (process, address) = await SseBaselineHost.StartAsync(TimeSpan.FromSeconds(60), cancellationToken);
        await using (process)
        {
            using var publisher = new HttpClient { BaseAddress = address, Timeout = RequestTimeout };
            await using var streams = await FanOutSubscribers.ConnectAsync(
                address, "events", null, settings.Clients, settings.ConnectParallel, RequestTimeout, context.Log, cancellationToken);
            var run = await RunRoundsAsync(
                context, "baseline", streams, settings, process.Id, () => process.ProcessorTime,
                async (_, ct) =>
                {
                    var id = Guid.NewGuid();
                    using var response = await publisher.PostAsync(new Uri($"publish?id={id:D}", UriKind.Relative), content: null, ct);
                    var answered = System.Diagnostics.Stopwatch.GetTimestamp();
                    response.EnsureSuccessStatusCode();
                    return new FanOutTrigger(id, answered);
                },
                cancellationToken);
            if (run.Lost > 0 || run.Duplicated > 0 || run.RepeatedSseIds > 0)
            {
                result.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"baseline: {run.Lost} lost, {run.Duplicated} duplicated, {run.RepeatedSseIds} repeated SSE ids: the bench's client, not the app, is at fault"));
            }

            return run;
        }
    }

    /// <summary>Opens nothing itself: runs the rounds on open streams, with memory and CPU of the serving process.</summary>
    private static async Task<FanOutRun> RunRoundsAsync(
        ScenarioContext context,
        string label,
        FanOutSubscribers streams,
        Settings settings,
        int serverProcessId,
        Func<TimeSpan> serverCpu,
        Func<int, CancellationToken, Task<FanOutTrigger>> trigger,
        CancellationToken cancellationToken)
    {
        var connected = streams.OpenCount;
        var connectedMemory = ProcessMemory.Of(serverProcessId);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {connected} of {settings.Clients} streams connected in {streams.RampTime.TotalSeconds:0.0} s "
            + $"(connect p99 {streams.ConnectLatency.P99Milliseconds:0.#} ms); server RSS {connectedMemory.RssMegabytes:0} MB, bench RSS {ProcessMemory.OfCurrentProcess().RssMegabytes:0} MB"));
        if (connected == 0)
        {
            throw new InvalidOperationException($"{label}: no stream connected: " + string.Join("; ", streams.FailureSummary(3)));
        }

        var expected = streams.All.Where(s => s.IsConnected && s.Failure is null).ToArray();
        var overall = new LatencyHistogram();
        var rounds = new List<FanOutRound>();
        var warmupRounds = new List<FanOutRound>();
        var cpu = new List<double>();
        var peakRss = connectedMemory.RssMegabytes;
        var benchRss = ProcessMemory.OfCurrentProcess().RssMegabytes;
        for (var i = 1 - settings.WarmupEvents; i <= settings.Events; i++)
        {
            // Warm-up rounds (numbered 0, -1, ...) are checked like the rest but left out of the figures: the first
            // event of a fresh app also measures the JIT of the path that causes it.
            var round = i;
            var warmup = round <= 0;
            var cpuBefore = serverCpu();
            var outcome = await streams.MeasureRoundAsync(
                round, ct => trigger(round, ct), settings.DeliverTimeout, warmup ? new LatencyHistogram() : overall, cancellationToken);
            var roundCpu = (serverCpu() - cpuBefore).TotalMilliseconds;
            (warmup ? warmupRounds : rounds).Add(outcome);
            if (!warmup)
            {
                cpu.Add(roundCpu);
            }

            peakRss = Math.Max(peakRss, ProcessMemory.Of(serverProcessId).RssMegabytes);
            benchRss = Math.Max(benchRss, ProcessMemory.OfCurrentProcess().RssMegabytes);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"{label} {(warmup ? "warm-up round" : "round")} {round}: {outcome.Delivered} of {outcome.Expected} delivered, {outcome.Missing} missing, {outcome.Duplicated} duplicated; "
                + $"p50 {outcome.Delivery.P50Milliseconds:0.#} / p99 {outcome.Delivery.P99Milliseconds:0.#} / max {outcome.Delivery.MaxMilliseconds:0.#} ms, "
                + $"trigger {outcome.TriggerMilliseconds:0.#} ms, server CPU {roundCpu:0} ms"));
            await Task.Delay(settings.Gap, cancellationToken);
        }

        // Late and duplicate frames of every round, after the last gap.
        var (duplicated, repeated, missing) = FanOutSubscribers.Check([.. warmupRounds, .. rounds], expected);
        var end = ProcessMemory.Of(serverProcessId);
        return new FanOutRun(
            settings.Clients,
            connected,
            streams.RampTime,
            streams.ConnectLatency,
            rounds,
            [.. cpu],
            overall.Summarise(),
            Lost: missing,
            Duplicated: duplicated,
            RepeatedSseIds: repeated,
            Disconnected: expected.Count(s => s.Failure is not null),
            ConnectedRssMegabytes: connectedMemory.RssMegabytes,
            PeakRssMegabytes: Math.Max(peakRss, end.RssMegabytes),
            // The kernel updates VmHWM lazily, so the current RSS can be a little above it: the peak is the larger.
            HighWaterMegabytes: Math.Max(end.PeakRssMegabytes, Math.Max(peakRss, end.RssMegabytes)),
            BenchRssMegabytes: benchRss,
            Failures: [.. streams.FailureSummary(5)]);
    }

    /// <summary>One round's cause: a new message thread of the demo resident, whose task is announced to the queue.</summary>
    private static async Task<FanOutTrigger> PostMessageAsync(HttpClient resident, NpgsqlDataSource db, int round, CancellationToken cancellationToken)
    {
        var request = new
        {
            subject = string.Create(CultureInfo.InvariantCulture, $"B6 kuormitustesti {round}"),
            body = "Kuormitustestin viesti: tämä tehtävä syntyy vain, jotta jonon jäsenet saavat live-tapahtuman.",
        };
        using var response = await resident.PostAsJsonAsync(new Uri("api/messages/threads", UriKind.Relative), request, cancellationToken);
        var answered = System.Diagnostics.Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/messages/threads gave {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}");
        }

        var threadId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        await using var query = db.CreateCommand("SELECT id FROM contacts_work_tasks WHERE source_id = $1");
        query.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = threadId });
        var taskId = await query.ExecuteScalarAsync(cancellationToken) as Guid?
            ?? throw new InvalidOperationException($"The thread {threadId:D} has no task in the database.");
        return new FanOutTrigger(taskId, answered);
    }

    private static async Task<Guid> QueueIdAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var query = db.CreateCommand("SELECT id FROM contacts_work_queues WHERE code = $1");
        query.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QueueCode });
        return await query.ExecuteScalarAsync(cancellationToken) as Guid?
            ?? throw new InvalidOperationException($"The demo county has no queue {QueueCode}.");
    }

    /// <summary>The soft <c>Max open files</c> of this process from /proc/self/limits; the app inherits it.</summary>
    private static int? OpenFileLimit()
    {
        try
        {
            var line = File.Exists("/proc/self/limits")
                ? File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))
                : null;
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: >= 5 } && int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Report(ScenarioResult result, Settings settings, FanOutRun run, FanOutRun? baseline, ProcessMemory idle)
    {
        var baselineName = baseline is null ? null : "bare SSE fan-out";
        var expected = (long)run.Rounds.Sum(r => r.Expected);
        var delivered = run.Rounds.Sum(r => (long)r.Delivered);
        result.Add(new Metric("clients_connected", run.Connected, "streams")
        {
            Target = settings.Clients.ToString(CultureInfo.InvariantCulture),
            Baseline = baseline?.Connected,
            BaselineName = baselineName,
        });
        result.Add(new Metric("expected", expected, "frames (streams x events)"));
        result.Add(new Metric("delivered", delivered, "frames (in time)"));
        result.Add(new Metric("lost", run.Lost, "frames (warm-up included)") { Target = "0" });
        result.Add(new Metric("duplicated", run.Duplicated + run.RepeatedSseIds, "frames (warm-up included)") { Target = "0" });
        result.Add(new Metric("p50_ms", run.Delivery.P50Milliseconds, "ms") { Baseline = baseline?.Delivery.P50Milliseconds, BaselineName = baselineName });
        result.Add(new Metric("p99_ms", run.Delivery.P99Milliseconds, "ms")
        {
            Target = "<= 250",
            Baseline = baseline?.Delivery.P99Milliseconds,
            BaselineName = baselineName,
        });
        result.Add(new Metric("max_ms", run.Delivery.MaxMilliseconds, "ms") { Baseline = baseline?.Delivery.MaxMilliseconds, BaselineName = baselineName });
        result.Add(new Metric("trigger_ms", Median(run.Rounds.Select(r => r.TriggerMilliseconds)), "ms (median request that causes the event; inside t0)")
        {
            Baseline = baseline is null ? null : Median(baseline.Rounds.Select(r => r.TriggerMilliseconds)),
            BaselineName = baselineName,
        });
        result.Add(new Metric("app_rss_mb", run.PeakRssMegabytes, "MB (VmRSS, highest sample with the streams open)")
        {
            Target = "<= 1024",
            Baseline = baseline?.PeakRssMegabytes,
            BaselineName = baselineName,
        });
        result.Add(new Metric("app_hwm_mb", run.HighWaterMegabytes, "MB (VmHWM, peak since start)") { Target = "<= 1024" });
        result.Add(new Metric("app_idle_rss_mb", idle.RssMegabytes, "MB (VmRSS before the streams)"));
        if (run.Connected > 0)
        {
            result.Add(new Metric("app_kb_per_stream", (run.ConnectedRssMegabytes - idle.RssMegabytes) * 1024 / run.Connected, "KB (RSS growth / streams)"));
        }

        result.Add(new Metric("app_cpu_ms_per_event", run.ServerCpuMilliseconds.Average(), "ms (app CPU over a round)")
        {
            Baseline = baseline?.ServerCpuMilliseconds.Average(),
            BaselineName = baselineName,
        });
        result.Add(new Metric("bench_rss_mb", run.BenchRssMegabytes, "MB (the load generator)"));
        result.Add(new Metric("connect_s", run.RampTime.TotalSeconds, "s (all streams)") { Baseline = baseline?.RampTime.TotalSeconds, BaselineName = baselineName });
        result.Add(new Metric("connect_p99_ms", run.ConnectLatency.P99Milliseconds, "ms (one stream to ': connected')"));
        result.Add(new Metric("disconnected", run.Disconnected, "streams ended during the rounds") { Target = "0" });
        if (baseline is not null)
        {
            result.Add(new Metric("baseline_p50_ms", baseline.Delivery.P50Milliseconds, "ms"));
            result.Add(new Metric("baseline_p99_ms", baseline.Delivery.P99Milliseconds, "ms"));
            result.Add(new Metric("baseline_rss_mb", baseline.PeakRssMegabytes, "MB"));
        }

        for (var i = 0; i < run.Rounds.Count; i++)
        {
            var round = run.Rounds[i];
            var figure = string.Create(CultureInfo.InvariantCulture, $"round={round.Round}");
            result.Add(new Metric("round", round.Round, "") { Figure = figure });
            result.Add(new Metric("round_delivered", round.Delivered, "frames") { Figure = figure });
            result.Add(new Metric("round_lost", round.Missing, "frames (by the deadline)") { Figure = figure, Target = "0" });
            result.Add(new Metric("round_duplicated", round.Duplicated, "frames") { Figure = figure, Target = "0" });
            result.Add(new Metric("round_p50_ms", round.Delivery.P50Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric("round_p99_ms", round.Delivery.P99Milliseconds, "ms") { Figure = figure, Target = "<= 250" });
            result.Add(new Metric("round_max_ms", round.Delivery.MaxMilliseconds, "ms") { Figure = figure });
            result.Add(new Metric("round_trigger_ms", round.TriggerMilliseconds, "ms") { Figure = figure });
            result.Add(new Metric("round_app_cpu_ms", run.ServerCpuMilliseconds[i], "ms") { Figure = figure });
        }

        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Clients} streams requested, {run.Connected} connected in {run.RampTime.TotalSeconds:0.0} s (at most {settings.ConnectParallel} at a time); "
            + $"{settings.WarmupEvents} warm-up and {settings.Events} measured events {settings.Gap.TotalSeconds:0.###} s apart, each waited for up to {settings.DeliverTimeout.TotalSeconds:0.###} s; "
            + $"app {settings.AppConfiguration} build, app pool {settings.Pool}"));
        foreach (var failure in run.Failures)
        {
            result.Note("stream failures: " + failure);
        }

        if (baseline is not null)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"baseline: {baseline.Connected} streams to a bare minimal-API SSE endpoint in its own process, p50 {baseline.Delivery.P50Milliseconds:0.#} / "
                + $"p99 {baseline.Delivery.P99Milliseconds:0.#} / max {baseline.Delivery.MaxMilliseconds:0.#} ms, RSS {baseline.PeakRssMegabytes:0} MB, "
                + $"{baseline.ServerCpuMilliseconds.Average():0} ms CPU per event; the same client and timing, so the difference is the app's"));
            foreach (var failure in baseline.Failures)
            {
                result.Note("baseline stream failures: " + failure);
            }
        }

        result.Note($"open-file limit per process (soft): {OpenFileLimit()?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; load average now {LoadAverage.Read()} ({Environment.ProcessorCount} cores)");
        if (run.Lost > 0)
        {
            result.Fail(string.Create(CultureInfo.InvariantCulture, $"{run.Lost} of {expected} frames never reached a connected stream (streams that ended: {run.Disconnected})."));
        }

        if (run.Duplicated > 0 || run.RepeatedSseIds > 0)
        {
            result.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{run.Duplicated} frames of an event arrived more than once on one stream, {run.RepeatedSseIds} SSE ids repeated on one stream."));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Settings(
        int Clients, int Events, int WarmupEvents, TimeSpan Gap, int ConnectParallel, TimeSpan DeliverTimeout, int Pool, string AppConfiguration, bool Baseline, TimeSpan StartTimeout);

    private sealed record FanOutRun(
        int Requested,
        int Connected,
        TimeSpan RampTime,
        LatencySummary ConnectLatency,
        IReadOnlyList<FanOutRound> Rounds,
        double[] ServerCpuMilliseconds,
        LatencySummary Delivery,
        long Lost,
        long Duplicated,
        long RepeatedSseIds,
        int Disconnected,
        double ConnectedRssMegabytes,
        double PeakRssMegabytes,
        double HighWaterMegabytes,
        double BenchRssMegabytes,
        string[] Failures);
}
