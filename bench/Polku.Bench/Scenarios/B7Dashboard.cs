using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using Polku.ControlTower.Data;
using Polku.ControlTower.Rollups;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B7: the control-tower dashboard over millions of service events (spec 08: p95 ≤ 50 ms over 10 million events). The
/// real app runs as a child process on a fresh database (PostgreSQL <c>polku_bench_b7</c>, or the embedded SQLite
/// database in a temp data folder) with the demo county seeded and its generated demo activity and rollup worker off.
/// The bench then hosts the app's services in process (the same <c>AddPolku</c> set-up, never started) to read the
/// county's shape, generates <c>--events</c> events over <c>--years</c> with <see cref="ActivityGenerator"/>,
/// bulk-loads them into the journal (binary COPY on PostgreSQL, one prepared insert in one transaction on SQLite) with
/// the generated phone and walk-in counts, and rebuilds the rollups with <see cref="Rollups.RebuildAsync"/>. The
/// organiser, signed in through the demo staff form, then requests round-robin the KPIs of the latest whole month, of
/// the latest 12 months, of the latest month for one municipality, and the HTML dashboard of the latest month, at a
/// constant rate. Checks: the county's <c>assessments</c> numerator equals a count on the journal, and 10,000 fresh
/// events are caught up by the next request (the incremental path, timed).
/// </summary>
public sealed class B7Dashboard : Scenario
{
    private const string DatabaseName = "polku_bench_b7";
    private const string Organiser = "jarjestaja";
    private const int FreshEvents = 10_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string> TowerSettings = new()
    {
        ["ControlTower:DemoActivity"] = "false",
        ["ControlTower:WorkerEnabled"] = "false",
    };

    public override string Name => "b7-dashboard";

    public override string Description =>
        "Control-tower dashboard over 10 million generated service events (real app; --engine postgres|sqlite): rollup rebuild time, KPI API and /tower p95 at --rate 20 (target 50 ms), catch-up of 10,000 fresh events.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.Options.Choice("engine", "postgres", ["postgres", "sqlite"]) == "postgres" && context.PostgresConnectionString is null
            ? PostgresSettings.MissingMessage
            : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var postgres = options.Choice("engine", "postgres", ["postgres", "sqlite"]) == "postgres";
        var settings = new Settings(
            Postgres: postgres,
            Events: options.WholeNumber("events", postgres ? 10_000_000 : 1_000_000),
            Years: options.WholeNumber("years", 3),
            Rate: options.Number("rate", 20, minimum: 0.1),
            Warmup: options.Seconds("warmup", 5),
            Duration: options.Seconds("duration", 30),
            Seed: options.WholeNumber("seed", 7),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            StartTimeout: options.Seconds("timeout", 180),
            Probe: options.WholeNumber("cpu-probe", 20, minimum: 0));
        var result = new ScenarioResult(Name + (postgres ? "-postgres" : "-sqlite"));

        await using var target = await StartAsync(context, settings, cancellationToken);
        await using var services = InProcessPolku.Build(context.RepositoryRoot, target.InProcessSettings);

        // 1. The county's shape, and a perDay that makes about --events over --years.
        ActivityShape shape;
        await using (var scope = services.Services.CreateAsyncScope())
        {
            shape = await DemoActivity.ShapeAsync(scope.ServiceProvider, cancellationToken)
                ?? throw new InvalidOperationException("The demo county is not seeded: no shape for the activity generator.");
        }

        var now = TimeProvider.System.GetUtcNow();
        var today = HelsinkiTime.LocalDate(now);
        var from = today.AddYears(-settings.Years);
        var to = today.AddDays(-1);
        var days = to.DayNumber - from.DayNumber + 1;
        const int CalibrationDays = 28, CalibrationPerDay = 100;
        var sample = new ActivityGenerator(shape, settings.Seed + 1).Generate(to.AddDays(1 - CalibrationDays), to, CalibrationPerDay).Events.Count;
        var eventsPerUnit = sample / (double)(CalibrationDays * CalibrationPerDay);
        var perDay = Math.Max(1, (int)Math.Round(settings.Events / (eventsPerUnit * days)));
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"shape: {shape.Municipalities.Count} municipalities ({string.Join(", ", shape.Municipalities.Select(m => m.Code))}); {days} days {from:yyyy-MM-dd}..{to:yyyy-MM-dd}, "
            + $"about {eventsPerUnit:0.0} events per assessment a day: perDay {perDay}"));

        // 2. Generate and bulk-load the journal, then the imported phone and walk-in counts.
        var cutoff = now.UtcDateTime.AddMinutes(-5);
        var imported = new List<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)>();
        long loaded;
        var loadWatch = Stopwatch.StartNew();
        await using (var scope = services.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            await using var loader = await JournalLoader.OpenAsync(connection, postgres, cancellationToken);
            var generator = new ActivityGenerator(shape, settings.Seed);
            var nextLog = 1_000_000L;
            foreach (var (events, counts) in generator.Stream(from, to, perDay))
            {
                // The generator dates some consequences (a visit, a form's handling) after their day; none may lie ahead.
                foreach (var e in events)
                {
                    if (e.AtUtc < cutoff)
                    {
                        await loader.WriteAsync(e, cancellationToken);
                    }
                }

                imported.AddRange(counts);
                if (loader.Written >= nextLog)
                {
                    context.Log(string.Create(CultureInfo.InvariantCulture,
                        $"  {loader.Written:N0} events written ({loader.Written / loadWatch.Elapsed.TotalSeconds:N0}/s)"));
                    nextLog += 1_000_000;
                }
            }

            loaded = await loader.CompleteAsync(cancellationToken);
        }

        loadWatch.Stop();
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"journal: {loaded:N0} events generated and loaded in {loadWatch.Elapsed.TotalSeconds:0.0} s ({loaded / loadWatch.Elapsed.TotalSeconds:N0} rows/s)"));
        await InsertImportedAsync(services.Services, imported, cancellationToken);
        context.Log(string.Create(CultureInfo.InvariantCulture, $"imported contacts: {imported.Count:N0} daily rows (one import, version 1)"));

        // 3. The real rebuild, in process.
        var rebuildWatch = Stopwatch.StartNew();
        long rebuilt;
        await using (var scope = services.Services.CreateAsyncScope())
        {
            rebuilt = await scope.ServiceProvider.GetRequiredService<Rollups>().RebuildAsync(cancellationToken);
        }

        rebuildWatch.Stop();
        var facts = await ScalarAsync(services.Services, "SELECT count(*) FROM tower_facts", [], cancellationToken);
        var journal = await ScalarAsync(services.Services, "SELECT count(*) FROM platform_service_events", [], cancellationToken);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"rollups rebuilt in {rebuildWatch.Elapsed.TotalSeconds:0.0} s: {rebuilt:N0} events read (journal {journal:N0}), {facts:N0} rollup rows"));
        if (rebuilt < loaded)
        {
            result.Fail($"the rebuild read {rebuilt} events, fewer than the {loaded} loaded");
        }

        if (postgres)
        {
            // What autovacuum would do shortly after such loads; the planner needs the statistics of the new rows.
            await ScalarAsync(services.Services, "ANALYZE tower_facts", [], cancellationToken);
            await ScalarAsync(services.Services, "ANALYZE platform_service_events", [], cancellationToken);
        }

        // 4. The organiser's requests.
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var monthFrom = firstOfMonth.AddMonths(-1);
        var monthTo = firstOfMonth.AddDays(-1);
        var yearFrom = firstOfMonth.AddMonths(-12);
        var month = Range(monthFrom, monthTo);
        RequestKind[] kinds =
        [
            new("month", "/api/control-tower/kpis?" + month, "\"kpis\""),
            new("year", "/api/control-tower/kpis?" + Range(yearFrom, monthTo), "\"kpis\""),
            new("municipality", "/api/control-tower/kpis?" + month + "&municipality=638", "\"kpis\""),
            new("dashboard", "/tower?" + month, "id=\"h-"),
        ];
        var clients = SignedInClients.Create(target.App.BaseAddress, 1, RequestTimeout, maxConnections: 64);
        var client = clients[0];
        try
        {
            await SignedInClients.SignInStaffAsync(client, Organiser, cancellationToken);
            context.Log($"signed in as {Organiser} (organiser) through the demo staff form");

            // Correctness before the load: every request once, and the month's assessments against the journal.
            foreach (var kind in kinds)
            {
                var watch = Stopwatch.StartNew();
                var body = await FetchAsync(client, kind, cancellationToken);
                context.Log(string.Create(CultureInfo.InvariantCulture, $"GET {kind.Path}: 200, {body.Length:N0} characters, {watch.Elapsed.TotalMilliseconds:0.0} ms (first)"));
            }

            await CheckAssessmentsAsync(context, services.Services, client, kinds[0], monthFrom, monthTo, result, cancellationToken);

            // The constant rate, round-robin.
            var loadBefore = LoadAverage.Read();
            var cpuBefore = target.App.ProcessorTime;
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"constant rate: {settings.Rate} req/s for {settings.Duration.TotalSeconds} s after {settings.Warmup.TotalSeconds} s warm-up, round-robin over {kinds.Length} requests"));
            var run = await RunConstantRateAsync(client, kinds, settings, cancellationToken);
            var cpu = target.App.ProcessorTime - cpuBefore;
            var loadAfter = LoadAverage.Read();

            await ProbeAsync(context, client, target.App, kinds, settings.Probe, result, cancellationToken);

            // The incremental path: fresh events, then the next request catches them up.
            var catchUp = await MeasureCatchUpAsync(context, services.Services, shape, settings, postgres, client, kinds[0], result, cancellationToken);

            var plans = postgres ? await ExplainAsync(services.Services, yearFrom, monthTo, cancellationToken) : [];

            Report(result, settings, kinds, run, perDay, loaded, loadWatch.Elapsed, rebuilt, rebuildWatch.Elapsed, facts, catchUp);
            result.Add(new Metric("app_cpu_ms_per_request", run.Sent > 0 ? cpu.TotalMilliseconds / run.Sent : 0, "ms (incl. warm-up)"));
            result.Note($"engine {(postgres ? "PostgreSQL" : "SQLite (embedded, one file)")}; journal generated with ActivityGenerator seed {settings.Seed}, perDay {perDay}, "
                + $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd} (events after {cutoff:yyyy-MM-dd HH:mm} UTC dropped), {imported.Count:N0} imported daily counts");
            result.Note($"requests round-robin as the organiser: {string.Join(", ", kinds.Select(k => k.Name + " GET " + k.Path))}; "
                + $"latency from each request's scheduled send time (open loop); app {settings.AppConfiguration} build, ControlTower:WorkerEnabled=false, so every request runs its own catch-up check");
            if (postgres)
            {
                result.Note("ANALYZE tower_facts and platform_service_events after the rebuild (what autovacuum does shortly after such loads)");
            }

            foreach (var plan in plans)
            {
                result.Note(plan);
            }

            result.Note($"load average before / after the load: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores; app, database and load generator on the same box)");
            if (target.App.HasExited)
            {
                result.Fail("Polku.Web exited during the run: " + target.App.Output);
            }
        }
        catch (HttpRequestException ex)
        {
            result.Fail(ex.Message);
        }
        finally
        {
            SignedInClients.DisposeAll(clients);
        }

        return result;
    }

    private static string Range(DateOnly from, DateOnly to) =>
        string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

    /// <summary>The app on a fresh database of the engine, and the settings the in-process services need for the same database.</summary>
    private static Task<FreshAppTarget> StartAsync(ScenarioContext context, Settings settings, CancellationToken cancellationToken) =>
        FreshAppTarget.StartAsync(context, "b7", DatabaseName, settings.Postgres, settings.AppConfiguration, settings.Pool, settings.StartTimeout, TowerSettings,
            cancellationToken);

    private static async Task InsertImportedAsync(
        IServiceProvider services, List<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)> imported, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var now = TimeProvider.System.GetUtcNow();
        var import = new ContactImport
        {
            Id = Guid.CreateVersion7(now), Number = 1, ImportedUtc = now.UtcDateTime, FileName = "bench-b7", Rows = imported.Count,
            Days = imported.Select(i => i.Day).Distinct().Count(),
        };
        db.Set<ContactImport>().Add(import);
        db.Set<ImportedContact>().AddRange(imported.Select(i => new ImportedContact
        {
            Id = Guid.CreateVersion7(now), ImportId = import.Id, Day = i.Day, MunicipalityCode = i.Municipality, Channel = i.Channel, Kind = i.Kind, Count = i.Count,
            Current = true,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(IServiceProvider services, string sql, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<PolkuDb>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        var scalar = await command.ExecuteScalarAsync(cancellationToken);
        return scalar is null or DBNull ? 0 : Convert.ToInt64(scalar, CultureInfo.InvariantCulture);
    }

    /// <summary>GETs a request as the organiser; throws unless 200 with its marker. Returns the body.</summary>
    private static async Task<string> FetchAsync(HttpClient client, RequestKind kind, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kind.Path, UriKind.Relative));
        request.Headers.Accept.ParseAdd(kind.Marker.StartsWith("id=", StringComparison.Ordinal) ? "text/html" : "application/json");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var location = response.Headers.Location is { } l ? " to " + l : "";
            throw new HttpRequestException($"{kind.Name} GET {kind.Path}: HTTP {(int)response.StatusCode}{location}: {Excerpt(body)}", null, response.StatusCode);
        }

        if (!body.Contains(kind.Marker, StringComparison.Ordinal))
        {
            throw new HttpRequestException($"{kind.Name} GET {kind.Path}: 200 without '{kind.Marker}': {Excerpt(body)}");
        }

        return body;
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300];

    /// <summary>The county's assessments numerator of the month must equal the journal's count of the same Helsinki month.</summary>
    private static async Task CheckAssessmentsAsync(
        ScenarioContext context, IServiceProvider services, HttpClient client, RequestKind month, DateOnly from, DateOnly to, ScenarioResult result, CancellationToken cancellationToken)
    {
        var body = await FetchAsync(client, month, cancellationToken);
        using var json = JsonDocument.Parse(body);
        var kpi = json.RootElement.GetProperty("kpis").EnumerateArray()
            .Single(k => k.GetProperty("code").GetString() == "assessments" && k.GetProperty("municipality").ValueKind == JsonValueKind.Null);
        var numerator = kpi.GetProperty("numerator").GetDecimal();
        var fromUtc = HelsinkiTime.ToInstant(from, TimeOnly.MinValue).UtcDateTime;
        var toUtc = HelsinkiTime.ToInstant(to.AddDays(1), TimeOnly.MinValue).UtcDateTime;
        var counted = await ScalarAsync(services,
            "SELECT count(*) FROM platform_service_events WHERE type = 'assessment.completed' AND at_utc >= @from AND at_utc < @to",
            [("@from", fromUtc), ("@to", toUtc)], cancellationToken);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"check: assessments {from:yyyy-MM-dd}..{to:yyyy-MM-dd}, KPI numerator {numerator} / journal count {counted}"));
        result.Add(new Metric("assessments_kpi", (double)numerator, "county, latest month") { Figure = "check" });
        result.Add(new Metric("assessments_journal", counted, "count(*) of the same Helsinki month") { Figure = "check" });
        if (numerator != counted)
        {
            result.Fail($"the county's assessments KPI of {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is {numerator}, the journal has {counted}");
        }
    }

    /// <summary>Open loop: request i is due at start + i / rate and its latency runs from then, answered or not in time.</summary>
    private static async Task<RunStats> RunConstantRateAsync(HttpClient client, RequestKind[] kinds, Settings settings, CancellationToken cancellationToken)
    {
        var stats = new RunStats(kinds.Length);
        var total = (long)Math.Round(settings.Rate * (settings.Warmup + settings.Duration).TotalSeconds);
        var warmupCount = (long)Math.Round(settings.Rate * settings.Warmup.TotalSeconds);
        var tasks = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var wall = Stopwatch.StartNew();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * (Stopwatch.Frequency / settings.Rate));
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            var index = (int)(i % kinds.Length);
            tasks.Add(SendAsync(client, kinds[index], index, due, i >= warmupCount, stats, cancellationToken));
        }

        await Task.WhenAll(tasks);
        stats.Sent = total;
        stats.Measured = total - warmupCount;
        stats.Wall = wall.Elapsed - settings.Warmup;
        return stats;
    }

    private static async Task SendAsync(HttpClient client, RequestKind kind, int index, long due, bool measured, RunStats stats, CancellationToken cancellationToken)
    {
        try
        {
            await FetchAsync(client, kind, cancellationToken);
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

    /// <summary>
    /// Service time without queueing: after the load, <paramref name="count"/> requests of each kind one after the other;
    /// the median wall time and the app process's CPU per request. On two shared cores the constant-rate latency includes
    /// waiting for a core; this says what one request costs.
    /// </summary>
    private static async Task ProbeAsync(
        ScenarioContext context, HttpClient client, PolkuAppProcess app, RequestKind[] kinds, int count, ScenarioResult result, CancellationToken cancellationToken)
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
                await FetchAsync(client, kind, cancellationToken);
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
    /// Writes 10,000 fresh events (timed just after the rollups' watermark), waits until they have settled, and times the
    /// next month request, whose catch-up adds them; the watermark's event count must grow by at least as many.
    /// </summary>
    private static async Task<double> MeasureCatchUpAsync(
        ScenarioContext context, IServiceProvider services, ActivityShape shape, Settings settings, bool postgres, HttpClient client, RequestKind month, ScenarioResult result,
        CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TowerOptions>>().Value;
        var before = await StateAsync(services, cancellationToken);
        var t0 = TimeProvider.System.GetUtcNow();
        var first = t0.UtcDateTime - options.Settle + TimeSpan.FromSeconds(1);
        if (first <= before.RolledUntil)
        {
            first = before.RolledUntil.AddSeconds(1);
        }

        var today = HelsinkiTime.LocalDate(t0);
        var fresh = new ActivityGenerator(shape, settings.Seed + 2).Generate(today, today, 2_000).Events.Take(FreshEvents).ToList();
        var spread = TimeSpan.FromSeconds(9);
        await using (var scope = services.CreateAsyncScope())
        {
            var connection = scope.ServiceProvider.GetRequiredService<PolkuDb>().Database.GetDbConnection();
            await connection.OpenAsync(cancellationToken);
            await using var loader = await JournalLoader.OpenAsync(connection, postgres, cancellationToken);
            for (var i = 0; i < fresh.Count; i++)
            {
                var e = fresh[i];
                e.AtUtc = first + spread * i / fresh.Count;
                e.Id = Guid.CreateVersion7(new DateTimeOffset(e.AtUtc, TimeSpan.Zero));
                await loader.WriteAsync(e, cancellationToken);
            }

            await loader.CompleteAsync(cancellationToken);
        }

        var last = first + spread;
        var settledAt = last + options.Settle + TimeSpan.FromSeconds(3);
        var wait = settledAt - TimeProvider.System.GetUtcNow().UtcDateTime;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"catch-up: {fresh.Count:N0} fresh events at {first:HH:mm:ss}..{last:HH:mm:ss} UTC (watermark {before.RolledUntil:HH:mm:ss}); waiting {Math.Max(0, wait.TotalSeconds):0} s for them to settle"));
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var watch = Stopwatch.StartNew();
        await FetchAsync(client, month, cancellationToken);
        var ms = watch.Elapsed.TotalMilliseconds;
        var after = await StateAsync(services, cancellationToken);
        var added = after.EventsRolled - before.EventsRolled;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"catch-up: the next month request took {ms:0.0} ms; the watermark moved {before.RolledUntil:HH:mm:ss} -> {after.RolledUntil:HH:mm:ss}, {added:N0} events added"));
        result.Add(new Metric("catchup_events", added, "events added by that request") { Figure = "catchup" });
        if (added < fresh.Count || after.RolledUntil < last)
        {
            result.Fail($"the request after {fresh.Count} fresh events added {added} events to the rollups (watermark {after.RolledUntil:O}, last fresh event {last:O})");
        }

        return ms;
    }

    private static async Task<(DateTime RolledUntil, long EventsRolled)> StateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var state = await db.Set<RollupState>().AsNoTracking().SingleAsync(cancellationToken);
        return (state.RolledUntilUtc, state.EventsRolled);
    }

    /// <summary>EXPLAIN ANALYZE of the two rollup reads of the 12-month request (as KpiService builds them), for the notes.</summary>
    private static async Task<List<string>> ExplainAsync(IServiceProvider services, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        const string Select = "SELECT municipality_code, type, channel, digital, contact_kind, facet, sum(events), sum(waiting_sum), sum(waiting_n), "
            + "sum(handling_sum), sum(handling_n) FROM tower_facts WHERE ";
        const string Group = " GROUP BY municipality_code, type, channel, digital, contact_kind, facet";
        (string Name, string Where)[] queries =
        [
            ("period rows (12 whole months)", "(grain = 'm' AND period >= @mf AND period <= @mt) OR (grain = 'd' AND ((period >= DATE '2999-01-01' AND period <= DATE '2000-01-01') OR (period >= DATE '2999-01-01' AND period <= DATE '2000-01-01')))"),
            ("backlog all-time rows", "grain = 'a' AND type IN ('task.created', 'task.completed')"),
            ("backlog rows after the period", "((grain = 'm' AND period >= (@mt + 31) AND period <= DATE '2998-12-01') OR (grain = 'd' AND period > @mt AND period < (@mt + 31))) AND type IN ('task.created', 'task.completed')"),
        ];
        var notes = new List<string>();
        await using var scope = services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<PolkuDb>().Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        foreach (var (name, where) in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN (ANALYZE, BUFFERS) " + Select + where + Group;
            AddParameter(command, "@mf", from);
            AddParameter(command, "@mt", new DateOnly(to.Year, to.Month, 1));
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(0).Trim());
                }
            }

            notes.Add($"EXPLAIN ANALYZE {name}: " + string.Join(" | ", lines));
        }

        return notes;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static void Report(
        ScenarioResult result, Settings settings, RequestKind[] kinds, RunStats run, int perDay, long loaded, TimeSpan load, long rebuilt, TimeSpan rebuild, long facts, double catchUp)
    {
        result.Add(new Metric("events", loaded, "events in the journal (generated)") { Figure = "data", Target = string.Create(CultureInfo.InvariantCulture, $"~{settings.Events:N0}") });
        result.Add(new Metric("per_day", perDay, "generator perDay") { Figure = "data" });
        result.Add(new Metric("load_s", load.TotalSeconds, "s (generate + bulk load)") { Figure = "data" });
        result.Add(new Metric("rows_per_s", load.TotalSeconds > 0 ? loaded / load.TotalSeconds : 0, "rows/s") { Figure = "data" });
        result.Add(new Metric("rebuild_s", rebuild.TotalSeconds, "s (Rollups.RebuildAsync)") { Figure = "data" });
        result.Add(new Metric("rebuild_events", rebuilt, "events read by the rebuild") { Figure = "data" });
        result.Add(new Metric("facts_rows", facts, "tower_facts rows") { Figure = "data" });

        var all = run.All.Summarise();
        var errors = run.ErrorsPerKind.Sum();
        result.Add(new Metric("rate_completed_per_s", run.Wall > TimeSpan.Zero ? all.Count / run.Wall.TotalSeconds : 0, "req/s")
        {
            Target = string.Create(CultureInfo.InvariantCulture, $"{settings.Rate:0.###} offered"),
        });
        result.Add(new Metric("p50_ms", all.P50Milliseconds, "ms"));
        result.Add(new Metric("p95_ms", all.P95Milliseconds, "ms") { Target = "<= 50" });
        result.Add(new Metric("p99_ms", all.P99Milliseconds, "ms"));
        result.Add(new Metric("max_ms", all.MaxMilliseconds, "ms"));
        result.Add(new Metric("requests", all.Count, "200s measured"));
        result.Add(new Metric("errors", errors, "requests (incl. warm-up)") { Target = "0" });
        result.Add(new Metric("catchup_ms", catchUp, $"ms (first month request after {FreshEvents:N0} fresh events)") { Figure = "catchup" });
        for (var k = 0; k < kinds.Length; k++)
        {
            var latency = run.PerKind[k].Summarise();
            var figure = "request=" + kinds[k].Name;
            result.Add(new Metric(kinds[k].Name + "_p50_ms", latency.P50Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric(kinds[k].Name + "_p95_ms", latency.P95Milliseconds, "ms") { Figure = figure, Target = "<= 50" });
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

    private sealed record Settings(
        bool Postgres, int Events, int Years, double Rate, TimeSpan Warmup, TimeSpan Duration, int Seed, int Pool, string AppConfiguration, TimeSpan StartTimeout,
        int Probe);

    private sealed record RequestKind(string Name, string Path, string Marker);

    /// <summary>
    /// Bulk writer of journal rows on the in-process services' connection: binary COPY on PostgreSQL, one prepared
    /// INSERT in one transaction on SQLite (values in EF Core's SQLite formats: upper-case GUID text, the ADO.NET
    /// provider's date-time text, 0/1 flags, as the app's own rows).
    /// </summary>
    private sealed class JournalLoader : IAsyncDisposable
    {
        private readonly NpgsqlBinaryImporter? copy;
        private readonly DbTransaction? transaction;
        private readonly DbCommand? insert;

        private JournalLoader(NpgsqlBinaryImporter? copy, DbTransaction? transaction, DbCommand? insert)
        {
            this.copy = copy;
            this.transaction = transaction;
            this.insert = insert;
        }

        public long Written { get; private set; }

        private static readonly string[] Columns =
            ["id", "at_utc", "type", "municipality_code", "unit_id", "service_code", "channel", "digital", "contact_kind", "outcome", "waiting_seconds", "handling_seconds", "resident_key", "detail"];

        public static async Task<JournalLoader> OpenAsync(DbConnection connection, bool postgres, CancellationToken cancellationToken)
        {
            if (postgres)
            {
                var npgsql = (NpgsqlConnection)connection;
                var copy = await npgsql.BeginBinaryImportAsync(
                    $"COPY platform_service_events ({string.Join(", ", Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                copy.Timeout = TimeSpan.FromHours(1);
                return new JournalLoader(copy, null, null);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO platform_service_events ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))})";
            foreach (var column in Columns)
            {
                var p = insert.CreateParameter();
                p.ParameterName = "@" + column;
                insert.Parameters.Add(p);
            }

            await insert.PrepareAsync(cancellationToken);
            return new JournalLoader(null, transaction, insert);
        }

        public async Task WriteAsync(ServiceEvent e, CancellationToken cancellationToken)
        {
            if (copy is not null)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(e.Type, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, e.MunicipalityCode, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, e.UnitId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteOrNullAsync(copy, e.ServiceCode, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Channel, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Digital, NpgsqlDbType.Boolean, cancellationToken);
                await copy.WriteAsync(e.ContactKind, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, e.Outcome, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, e.WaitingSeconds, NpgsqlDbType.Integer, cancellationToken);
                await WriteOrNullAsync(copy, e.HandlingSeconds, NpgsqlDbType.Integer, cancellationToken);
                await WriteOrNullAsync(copy, e.ResidentKey, NpgsqlDbType.Varchar, cancellationToken);
                await WriteOrNullAsync(copy, e.Detail, NpgsqlDbType.Varchar, cancellationToken);
            }
            else
            {
                var p = insert!.Parameters;
                p[0].Value = e.Id.ToString("D").ToUpperInvariant();
                p[1].Value = DateTime.SpecifyKind(e.AtUtc, DateTimeKind.Utc);
                p[2].Value = e.Type;
                p[3].Value = (object?)e.MunicipalityCode ?? DBNull.Value;
                p[4].Value = (object?)e.UnitId?.ToString("D").ToUpperInvariant() ?? DBNull.Value;
                p[5].Value = (object?)e.ServiceCode ?? DBNull.Value;
                p[6].Value = e.Channel;
                p[7].Value = e.Digital;
                p[8].Value = e.ContactKind;
                p[9].Value = (object?)e.Outcome ?? DBNull.Value;
                p[10].Value = (object?)e.WaitingSeconds ?? DBNull.Value;
                p[11].Value = (object?)e.HandlingSeconds ?? DBNull.Value;
                p[12].Value = (object?)e.ResidentKey ?? DBNull.Value;
                p[13].Value = (object?)e.Detail ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            Written++;
        }

        private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) where T : class =>
            value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

        private static Task WriteOrNullAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) where T : struct =>
            value is { } v ? copy.WriteAsync(v, type, cancellationToken) : copy.WriteNullAsync(cancellationToken);

        /// <summary>Commits (SQLite) or completes the COPY (PostgreSQL); returns the rows written.</summary>
        public async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            if (copy is not null)
            {
                var rows = await copy.CompleteAsync(cancellationToken);
                return (long)rows;
            }

            await transaction!.CommitAsync(cancellationToken);
            return Written;
        }

        public async ValueTask DisposeAsync()
        {
            if (copy is not null)
            {
                await copy.DisposeAsync();
            }

            if (insert is not null)
            {
                await insert.DisposeAsync();
            }

            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }
}
