using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Bench.Cli;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B2: assessment submits over HTTP on the real app (PostgreSQL). The app runs as a child process on a fresh
/// database; the bench POSTs realistic answer sets of the demo respiratory assessment to
/// <c>/api/assessments/respiratory-infection/responses</c>, each with its own <c>Idempotency-Key</c>, and expects 201
/// with the evaluated urgency. Saturation submits/s with closed-loop workers, latency at a constant rate, and
/// afterwards every acknowledged submit must be a row in <c>assessment_responses</c> with the urgency the client saw.
/// </summary>
public sealed class B2AssessmentSubmit : Scenario
{
    private const string DatabaseName = "polku_bench_b2";
    private const string AssessmentId = "respiratory-infection";
    private const string Municipality = "638";
    private static readonly Uri SubmitPath = new($"api/assessments/{AssessmentId}/responses", UriKind.Relative);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public override string Name => "b2-assessment-submit";

    public override string Description =>
        "Assessment submits over HTTP, evaluated and stored (real app, PostgreSQL): submits/s (target >= 50 % of baseline-npgsql-insert) and p99 at --rate 500 (target 50 ms); a lost 201 fails the run.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Workers: options.WholeNumber("workers", 64),
            Rate: options.Number("rate", 500, minimum: 1),
            Warmup: options.Seconds("warmup", 2),
            Duration: options.Seconds("duration", 10),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            Baseline: options.Choice("baseline", "on", ["on", "off"]) == "on",
            StartTimeout: options.Seconds("timeout", 180));
        var admin = context.PostgresConnectionString!;
        var result = new ScenarioResult(Name);

        var baseline = settings.Baseline ? await RunBaselineAsync(context, settings, result, cancellationToken) : null;

        await using var fresh = await FreshPolkuApp.StartAsync(
            context.RepositoryRoot, admin, DatabaseName, settings.AppConfiguration, settings.Pool, settings.StartTimeout, context.Log, cancellationToken);
        var app = fresh.App;
        var db = fresh.Database;
        var submits = new Submissions(Bodies(TimeProvider.System.GetUtcNow()));
        using var load = new LoadGenerator(app.BaseAddress, maxConnections: settings.Workers, RequestTimeout);

        // Correctness before load: every answer set once (201 with the expected urgency), then the idempotency check.
        var rowsBefore = await CountRowsAsync(db, cancellationToken);
        if (rowsBefore != 0)
        {
            result.Fail($"the fresh database already holds {rowsBefore} assessment responses.");
        }

        if (!await CheckAnswerSetsAsync(context, load.Client, submits, result, cancellationToken))
        {
            return result;
        }

        var idempotency = await CheckIdempotencyAsync(context, load.Client, db, submits, result, cancellationToken);

        var request = submits.Request();
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"saturation: {settings.Workers} workers, {settings.Warmup.TotalSeconds} s warm-up + {settings.Duration.TotalSeconds} s"));
        var loadBefore = LoadAverage.Read();
        var cpuBefore = app.ProcessorTime;
        var saturation = await load.RunSaturationAsync(request, settings.Workers, settings.Warmup, settings.Duration, cancellationToken);
        var saturationCpu = app.ProcessorTime - cpuBefore;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"constant rate: {settings.Rate} req/s for {settings.Duration.TotalSeconds} s after {settings.Warmup.TotalSeconds} s warm-up"));
        var constantWatch = Stopwatch.StartNew();
        var constant = await load.RunConstantRateAsync(request, settings.Rate, settings.Warmup, settings.Duration, maxInFlight: 1000, cancellationToken);
        constantWatch.Stop();
        var loadAfter = LoadAverage.Read();

        var check = await VerifyAsync(db, submits, cancellationToken);
        Report(result, settings, saturation, constant, constantWatch.Elapsed, submits, check, idempotency, baseline);
        // The app's own CPU (user + system) per submit in the saturation phase, warm-up included: what one submit costs
        // the app, whatever else shares the machine.
        if (saturation.TotalSucceeded + saturation.TotalErrors > 0)
        {
            result.Add(new Metric("app_cpu_ms_per_request", saturationCpu.TotalMilliseconds / (saturation.TotalSucceeded + saturation.TotalErrors), "ms"));
        }

        result.Note($"load average before / after the load: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores; app, PostgreSQL and load generator on the same box)");
        if (app.HasExited)
        {
            result.Fail("Polku.Web exited during the run: " + app.Output);
        }

        return result;
    }

    /// <summary>The raw-Npgsql single-insert baseline with the same workers, rate, pool and durations.</summary>
    private static async Task<Baseline?> RunBaselineAsync(ScenarioContext context, Settings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
        var baselineContext = new ScenarioContext
        {
            Options = BenchOptions.Parse(
            [
                "baseline-npgsql-insert",
                "--workers", Text(settings.Workers),
                "--rate", Text(settings.Rate),
                "--warmup", Text(settings.Warmup.TotalSeconds),
                "--duration", Text(settings.Duration.TotalSeconds),
                "--pool", Text(settings.Pool),
            ]),
            Out = context.Out,
            RepositoryRoot = context.RepositoryRoot,
            PostgresConnectionString = context.PostgresConnectionString,
        };
        context.Log("same-run reference: baseline-npgsql-insert (raw single INSERT over HTTP, no app)");
        var reference = await new BaselineNpgsqlInsert().RunAsync(baselineContext, cancellationToken);
        foreach (var failure in reference.Failures)
        {
            result.Fail("baseline-npgsql-insert: " + failure);
        }

        double? Value(string name) => reference.Metrics.FirstOrDefault(m => m.Name == name)?.Value;
        foreach (var note in reference.Notes)
        {
            result.Note("baseline-npgsql-insert " + note);
        }

        return Value("inserts_per_s") is { } inserts && Value("sat_p99_ms") is { } satP99
            && Value("p50_ms") is { } p50 && Value("p95_ms") is { } p95 && Value("p99_ms") is { } p99
            ? new Baseline(inserts, satP99, p50, p95, p99)
            : null;
    }

    /// <summary>The request bodies: every B1 answer set with the municipality and a submit time with its offset.</summary>
    private static SubmitBody[] Bodies(DateTimeOffset now)
    {
        var at = ToHelsinki(now).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return RespiratoryAnswers.Json()
            .Select(c => new SubmitBody(
                c.Name,
                JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
                {
                    ["answers"] = c.Answers,
                    ["context"] = new Dictionary<string, string> { ["municipality"] = Municipality, ["at"] = at },
                }),
                c.Expected))
            .ToArray();
    }

    private static DateTimeOffset ToHelsinki(DateTimeOffset now)
    {
        try
        {
            return TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki"));
        }
        catch (TimeZoneNotFoundException)
        {
            return now.ToOffset(TimeSpan.FromHours(2));
        }
    }

    private static async Task<bool> CheckAnswerSetsAsync(
        ScenarioContext context, HttpClient client, Submissions submits, ScenarioResult result, CancellationToken cancellationToken)
    {
        var ok = true;
        for (var i = 0; i < submits.Bodies.Count; i++)
        {
            var body = submits.Bodies[i];
            var answer = await PostAsync(client, body, submits.NextKey(), cancellationToken);
            if (i == 0 && answer.Status == HttpStatusCode.NotFound && answer.Excerpt.Length == 0)
            {
                result.Fail($"POST /{SubmitPath} answered 404 without a body: the endpoint is not mapped in this build of Polku.Web.");
                return false;
            }

            if (answer.Status != HttpStatusCode.Created || answer.Id is null)
            {
                result.Fail($"answer set '{body.Name}': expected 201 with an id, got {(int)answer.Status}: {answer.Excerpt}");
                ok = false;
                continue;
            }

            submits.Acknowledge(answer.Id.Value, body.Expected);
            if (answer.Urgency != body.Expected.ToString())
            {
                result.Fail($"answer set '{body.Name}': expected urgency {body.Expected}, the API answered {answer.Urgency ?? "none"}: {answer.Excerpt}");
                ok = false;
            }

            if (answer.Routing == RoutingShape.Absent)
            {
                result.Fail($"answer set '{body.Name}': the 201 body has no \"routing\" property: {answer.Excerpt}");
                ok = false;
            }
            else if (answer.Routing == RoutingShape.Null && body.Expected != Urgency.S)
            {
                // Not this benchmark's correctness check (the routing table decides), but worth seeing.
                result.Note($"answer set '{body.Name}' ({body.Expected}): \"routing\" is null, no destination.");
            }
        }

        if (ok)
        {
            context.Log($"{submits.Bodies.Count} answer sets: 201 with the expected urgency ({string.Join(", ", submits.Bodies.Select(b => $"{b.Name}={b.Expected}"))})");
        }

        return ok;
    }

    /// <summary>
    /// The same request twice with one key (one after the other), then twice at once with another key:
    /// each pair must leave exactly one row, and a repeat that names a response must name the first one.
    /// </summary>
    private static async Task<IdempotencyCheck> CheckIdempotencyAsync(
        ScenarioContext context, HttpClient client, NpgsqlDataSource db, Submissions submits, ScenarioResult result, CancellationToken cancellationToken)
    {
        var body = submits.Bodies[0];
        var extraRows = 0L;
        var statuses = new List<string>();

        // Sequential repeat.
        var key = submits.NextKey();
        var first = await PostAsync(client, body, key, cancellationToken);
        var rowsAfterFirst = await CountRowsAsync(db, cancellationToken);
        var repeat = await PostAsync(client, body, key, cancellationToken);
        var rowsAfterRepeat = await CountRowsAsync(db, cancellationToken);
        statuses.Add($"sequential: {(int)first.Status} then {(int)repeat.Status}");
        if (first.Status != HttpStatusCode.Created || first.Id is null)
        {
            result.Fail($"idempotency check: the first submit gave {(int)first.Status}, expected 201: {first.Excerpt}");
        }
        else
        {
            submits.Acknowledge(first.Id.Value, body.Expected);
        }

        extraRows += rowsAfterRepeat - rowsAfterFirst;
        if (rowsAfterRepeat != rowsAfterFirst)
        {
            result.Fail($"idempotency check: repeating a submit with the same Idempotency-Key stored {rowsAfterRepeat - rowsAfterFirst} more rows (status {(int)repeat.Status}).");
        }

        if (repeat.Id is { } repeatId && first.Id is { } firstId && repeatId != firstId)
        {
            result.Fail($"idempotency check: the repeat answered another response id ({repeatId}) than the first submit ({firstId}).");
        }

        if (!repeat.IsSuccess)
        {
            result.Note($"idempotency check: the sequential repeat answered {(int)repeat.Status} (no second row): {repeat.Excerpt}");
        }

        // Two at once with one key: the race the unique index has to settle.
        var raceKey = submits.NextKey();
        var rowsBeforeRace = await CountRowsAsync(db, cancellationToken);
        var race = await Task.WhenAll(PostAsync(client, body, raceKey, cancellationToken), PostAsync(client, body, raceKey, cancellationToken));
        var rowsAfterRace = await CountRowsAsync(db, cancellationToken);
        statuses.Add($"concurrent: {(int)race[0].Status} and {(int)race[1].Status}");
        var raceIds = race.Where(r => r.Status == HttpStatusCode.Created && r.Id is not null).Select(r => r.Id!.Value).Distinct().ToList();
        foreach (var id in raceIds)
        {
            submits.Acknowledge(id, body.Expected);
        }

        extraRows += Math.Max(0, rowsAfterRace - rowsBeforeRace - 1);
        if (rowsAfterRace - rowsBeforeRace > 1)
        {
            result.Fail($"idempotency check: two concurrent submits with one Idempotency-Key stored {rowsAfterRace - rowsBeforeRace} rows.");
        }

        if (raceIds.Count > 1)
        {
            result.Fail($"idempotency check: two concurrent submits with one Idempotency-Key were both acknowledged with different ids.");
        }

        if (race.Any(r => !r.IsSuccess))
        {
            result.Note("idempotency check: in the concurrent pair one answered " + string.Join(", ", race.Where(r => !r.IsSuccess).Select(r => $"{(int)r.Status}: {r.Excerpt}")));
        }

        context.Log("idempotency: " + string.Join("; ", statuses) + $"; extra rows {extraRows}");
        return new IdempotencyCheck(extraRows, string.Join("; ", statuses));
    }

    private static async Task<Answer> PostAsync(HttpClient client, SubmitBody body, string key, CancellationToken cancellationToken)
    {
        using var request = Submissions.Message(body, key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var (id, urgency, routing) = Submissions.Parse(bytes);
        var excerpt = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 400));
        return new Answer(response.StatusCode, id, urgency, routing, excerpt);
    }

    private static async Task<Check> VerifyAsync(NpgsqlDataSource db, Submissions submits, CancellationToken cancellationToken)
    {
        var rows = await CountRowsAsync(db, cancellationToken);
        var stored = new Dictionary<Guid, string?>();
        await using (var select = db.CreateCommand("SELECT id, urgency FROM assessment_responses"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        long lost = 0;
        long wrongStored = 0;
        foreach (var (id, expected) in submits.Acknowledged)
        {
            if (!stored.TryGetValue(id, out var urgency))
            {
                lost++;
            }
            else if (urgency != expected.ToString())
            {
                wrongStored++;
            }
        }

        long duplicateKeys;
        await using (var duplicates = db.CreateCommand(
            // One key cannot be stored twice (primary key on the caller-scoped key); what could go wrong is a key that
            // answers a response that was never stored.
            "SELECT count(*) FROM platform_idempotency_keys k WHERE NOT EXISTS (SELECT 1 FROM assessment_responses r WHERE r.id::text = k.resource_id)"))
        {
            duplicateKeys = (long)(await duplicates.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        return new Check(rows, lost, wrongStored, duplicateKeys);
    }

    private static void Report(
        ScenarioResult result, Settings settings, LoadResult saturation, LoadResult constant, TimeSpan constantWall, Submissions submits, Check check, IdempotencyCheck idempotency, Baseline? baseline)
    {
        var baselineName = baseline is null ? null : "baseline-npgsql-insert";
        result.Add(new Metric("submits_per_s", saturation.SucceededPerSecond, "submits/s")
        {
            Baseline = baseline?.InsertsPerSecond,
            BaselineName = baselineName,
            Target = ">= 0.50x baseline",
        });
        if (baseline is not null)
        {
            result.Add(new Metric("baseline_inserts_per_s", baseline.InsertsPerSecond, "inserts/s"));
            result.Add(new Metric("ratio", baseline.InsertsPerSecond > 0 ? saturation.SucceededPerSecond / baseline.InsertsPerSecond : 0, "x") { Target = ">= 0.50" });
        }

        result.Add(new Metric("sat_p99_ms", saturation.Latency.P99Milliseconds, "ms") { Baseline = baseline?.SaturationP99, BaselineName = baselineName });
        // The schedule offers --rate; when the app cannot keep up, the 201s arrive later, so the completed rate is
        // every 201 of the constant-rate phase (warm-up included) over its wall time until the last answer.
        result.Add(new Metric("rate_completed_per_s", constantWall > TimeSpan.Zero ? constant.TotalSucceeded / constantWall.TotalSeconds : 0, "submits/s")
        {
            Target = string.Create(CultureInfo.InvariantCulture, $"{settings.Rate:0.###} offered"),
        });
        result.Add(new Metric("p50_ms", constant.Latency.P50Milliseconds, "ms") { Baseline = baseline?.P50, BaselineName = baselineName });
        result.Add(new Metric("p95_ms", constant.Latency.P95Milliseconds, "ms") { Baseline = baseline?.P95, BaselineName = baselineName });
        result.Add(new Metric("p99_ms", constant.Latency.P99Milliseconds, "ms")
        {
            Baseline = baseline?.P99,
            BaselineName = baselineName,
            Target = string.Create(CultureInfo.InvariantCulture, $"<= 50 at {settings.Rate:0.###}/s"),
        });
        result.Add(new Metric("max_ms", constant.Latency.MaxMilliseconds, "ms"));
        result.Add(new Metric("errors", saturation.Errors + constant.Errors, "requests") { Target = "0" });
        result.Add(new Metric("acknowledged", submits.AcknowledgedCount, "201s (incl. warm-up and checks)"));
        result.Add(new Metric("rows", check.Rows, "rows"));
        result.Add(new Metric("lost", check.Lost, "201s without a row") { Target = "0" });
        result.Add(new Metric("wrong_urgency", submits.WrongUrgency + check.WrongStored, "submits") { Target = "0" });
        result.Add(new Metric("duplicate_rows", idempotency.ExtraRows + check.DuplicateKeys, "rows") { Target = "0" });
        LoadNotes.Describe(result, "saturation", saturation);
        LoadNotes.Describe(result, "constant rate", constant);
        result.Note($"{submits.Bodies.Count} answer sets round-robin (urgencies {string.Join(" ", submits.Bodies.Select(b => b.Expected))}), "
            + $"a fresh Idempotency-Key per request; app {settings.AppConfiguration} build, app pool {settings.Pool}, {settings.Workers} client connections");
        result.Note($"idempotency check (same key twice): {idempotency.Statuses}");
        if (baseline is not null)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"ratio submits_per_s / baseline inserts_per_s = {(baseline.InsertsPerSecond > 0 ? saturation.SucceededPerSecond / baseline.InsertsPerSecond : 0):0.00} (target >= 0.50)"));
        }

        var completedRate = constantWall > TimeSpan.Zero ? constant.TotalSucceeded / constantWall.TotalSeconds : 0;
        if (completedRate < 0.9 * settings.Rate)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"the app did not keep up with {settings.Rate:0.###} req/s (completed {completedRate:0.#}/s): the constant-rate latency is queueing delay, not service time; compare with a --rate below submits_per_s."));
        }

        var uncertain = saturation.TotalErrors + constant.TotalErrors;
        if (check.Lost > 0)
        {
            result.Fail($"{check.Lost} acknowledged submits (201) have no row in assessment_responses.");
        }

        if (check.Rows > submits.AcknowledgedCount + uncertain)
        {
            result.Fail($"assessment_responses holds {check.Rows} rows but only {submits.AcknowledgedCount} submits were acknowledged and {uncertain} failed.");
        }
        else if (check.Rows != submits.AcknowledgedCount)
        {
            result.Note($"assessment_responses holds {check.Rows} rows for {submits.AcknowledgedCount} acknowledged submits; the difference is within the {uncertain} failed requests.");
        }

        if (submits.WrongUrgency > 0)
        {
            result.Fail($"{submits.WrongUrgency} submits under load were answered with another urgency than expected.");
        }

        if (check.WrongStored > 0)
        {
            result.Fail($"{check.WrongStored} stored responses carry another urgency than the 201 promised.");
        }

        if (check.DuplicateKeys > 0)
        {
            result.Fail($"{check.DuplicateKeys} idempotency keys occur on more than one row.");
        }
    }

    private static async Task<long> CountRowsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var count = db.CreateCommand("SELECT count(*) FROM assessment_responses");
        return (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    private sealed record Settings(
        int Workers, double Rate, TimeSpan Warmup, TimeSpan Duration, int Pool, string AppConfiguration, bool Baseline, TimeSpan StartTimeout);

    private sealed record Baseline(double InsertsPerSecond, double SaturationP99, double P50, double P95, double P99);

    private sealed record SubmitBody(string Name, byte[] Json, Urgency Expected);

    private enum RoutingShape
    {
        Absent,
        Null,
        Object,
    }

    private sealed record Answer(HttpStatusCode Status, Guid? Id, string? Urgency, RoutingShape Routing, string Excerpt)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;
    }

    private sealed record Check(long Rows, long Lost, long WrongStored, long DuplicateKeys);

    private sealed record IdempotencyCheck(long ExtraRows, string Statuses);

    /// <summary>Request bodies, unique keys, and every acknowledged response id with the urgency it must carry.</summary>
    private sealed class Submissions(IReadOnlyList<SubmitBody> bodies)
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json");
        private readonly string keyPrefix = "b2-" + Guid.NewGuid().ToString("N")[..12] + "-";
        private readonly ConcurrentQueue<(Guid Id, Urgency Expected)> acknowledged = new();
        private long sequence;
        private long wrongUrgency;

        public IReadOnlyList<SubmitBody> Bodies { get; } = bodies;

        public IEnumerable<(Guid Id, Urgency Expected)> Acknowledged => acknowledged;

        public long AcknowledgedCount => acknowledged.Count;

        public long WrongUrgency => Interlocked.Read(ref wrongUrgency);

        public string NextKey() => keyPrefix + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);

        public void Acknowledge(Guid id, Urgency expected) => acknowledged.Enqueue((id, expected));

        public static HttpRequestMessage Message(SubmitBody body, string key)
        {
            var content = new ByteArrayContent(body.Json);
            content.Headers.ContentType = Json;
            var request = new HttpRequestMessage(HttpMethod.Post, SubmitPath) { Content = content };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        /// <summary>Round-robin over the answer sets; 201 is success (its id is kept), anything else an error with the status and body.</summary>
        public LoadRequest Request() => async (client, cancellationToken) =>
        {
            var n = Interlocked.Increment(ref sequence);
            var body = Bodies[(int)(n % Bodies.Count)];
            using var request = Message(body, keyPrefix + n.ToString(CultureInfo.InvariantCulture));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new HttpRequestException(
                    $"HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200))}", null, response.StatusCode);
            }

            var (id, urgency, _) = Parse(bytes);
            if (id is null)
            {
                throw new HttpRequestException("201 without an id: " + Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200)));
            }

            Acknowledge(id.Value, body.Expected);
            if (urgency != body.Expected.ToString())
            {
                Interlocked.Increment(ref wrongUrgency);
            }

            return RequestOutcome.Success;
        };

        /// <summary>Reads <c>id</c>, <c>recommendation.urgency</c> and the shape of <c>routing</c>; nulls when absent or not JSON.</summary>
        public static (Guid? Id, string? Urgency, RoutingShape Routing) Parse(byte[] json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return (null, null, RoutingShape.Absent);
                }

                Guid? id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String && idElement.TryGetGuid(out var g) ? g : null;
                string? urgency = root.TryGetProperty("recommendation", out var recommendation) && recommendation.ValueKind == JsonValueKind.Object
                    && recommendation.TryGetProperty("urgency", out var u) && u.ValueKind == JsonValueKind.String
                    ? u.GetString()
                    : null;
                var routing = !root.TryGetProperty("routing", out var r) ? RoutingShape.Absent
                    : r.ValueKind == JsonValueKind.Object ? RoutingShape.Object
                    : RoutingShape.Null;
                return (id, urgency, routing);
            }
            catch (JsonException)
            {
                return (null, null, RoutingShape.Absent);
            }
        }
    }
}
