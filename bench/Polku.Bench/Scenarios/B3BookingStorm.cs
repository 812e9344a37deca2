using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using Polku.Identity.Contracts;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B3: the booking storm. The real app runs as a child process on a fresh PostgreSQL database; the bench signs in
/// 1,000 residents (each its own test identity, cookie and connection) and adds open-booking slots of capacity 1 of
/// its own service. Phase 1: all 1,000 race for 100 slots, each wanting one; phase 2: they book as fast as they can
/// among 20,000 slots. Every booking is <c>POST /api/appointments</c> with an <c>Idempotency-Key</c>. The same clients
/// run first against a raw-Npgsql conditional update plus appointment insert on copies of the slots. After every
/// phase the database must show no slot over its capacity, no 201 without its appointment and no key used twice.
/// </summary>
public sealed class B3BookingStorm : Scenario
{
    private const string DatabaseName = "polku_bench_b3";
    private const string ServiceCode = "bench-open";
    private const string UnitCode = "hs-638";
    private const int SlotsPerSchedule = 200;
    private const int SlotMinutes = 15;
    private static readonly Uri BookPath = new("api/appointments", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public override string Name => "b3-booking-storm";

    public override string Description =>
        "Booking storm over HTTP (real app, PostgreSQL): 1,000 signed-in residents race for 100 slots, then for 20,000; bookings/s (target >= 50 % of a raw-Npgsql conditional update + insert); an over-booked slot or a lost 201 fails the run.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Clients: options.WholeNumber("clients", 1000),
            RaceSlots: options.WholeNumber("race-slots", 100),
            StormSlots: options.WholeNumber("storm-slots", 20_000),
            Warmup: options.Seconds("warmup", 2),
            Duration: options.Seconds("duration", 10),
            RaceLimit: options.Seconds("race-limit", 120),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            Baseline: options.Choice("baseline", "on", ["on", "off"]) == "on",
            StartTimeout: options.Seconds("timeout", 180));
        var admin = context.PostgresConnectionString!;
        var result = new ScenarioResult(Name);

        await using var fresh = await FreshPolkuApp.StartAsync(
            context.RepositoryRoot, admin, DatabaseName, settings.AppConfiguration, settings.Pool, settings.StartTimeout, context.Log, cancellationToken);
        var app = fresh.App;
        var db = fresh.Database;

        // One more resident than clients: the last one, with two connections, runs the idempotency check.
        var clients = SignedInClients.Create(app.BaseAddress, settings.Clients, RequestTimeout);
        using var checkClient = SignedInClients.Create(app.BaseAddress, 1, RequestTimeout, maxConnections: 2)[0];
        try
        {
            var residents = await SignInResidentsAsync(context, db, [.. clients, checkClient], cancellationToken);
            var fixture = await PrepareAsync(context, db, settings, cancellationToken);
            var phases = Phases(settings);

            Outcome? baseline = null;
            if (settings.Baseline)
            {
                var connection = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName }.ConnectionString;
                await using var reference = await BookingStormBaseline.StartAsync(connection, settings.Pool, ServiceCode, cancellationToken);
                using var shared = BaselineClient(reference.BaseAddress, settings.Clients);
                context.Log("same-run reference: raw Npgsql BEGIN; conditional UPDATE; appointment INSERT; COMMIT over HTTP (no app), same clients and slots");
                baseline = await RunPhasesAsync(
                    context, "baseline", phases, fixture, residents, BaselineAttempt(shared, residents), db, BookingStormBaseline.Schema, settings.Clients, result, null, cancellationToken);
            }

            await CheckIdempotencyAsync(context, checkClient, db, fixture, residents[^1], result, cancellationToken);
            context.Log("the app: the same phases");
            var loadBefore = LoadAverage.Read();
            var wrongCode = new WrongCodeCounter();
            var polku = await RunPhasesAsync(
                context, "app", phases, fixture, residents, AppAttempt(clients, wrongCode), db, "public", settings.Clients, result, () => app.ProcessorTime, cancellationToken);
            var loadAfter = LoadAverage.Read();

            Report(result, settings, polku, baseline);
            if (wrongCode.Count > 0)
            {
                result.Fail($"{wrongCode.Count} answers of the app were 409 without the code booking.slot_taken, or a 201 for another slot.");
            }

            result.Note($"load average before / after the app's phases: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores; app, PostgreSQL and the clients on the same box)");
            if (app.HasExited)
            {
                result.Fail("Polku.Web exited during the run: " + app.Output);
            }
        }
        finally
        {
            SignedInClients.DisposeAll(clients);
        }

        return result;
    }

    private static List<StormPhase> Phases(Settings settings)
    {
        var phases = new List<StormPhase>();
        if (settings.Warmup > TimeSpan.Zero)
        {
            phases.Add(new StormPhase("warmup", settings.StormSlots, OneEach: false, settings.Warmup));
        }

        phases.Add(new StormPhase("race", settings.RaceSlots, OneEach: true, settings.RaceLimit));
        phases.Add(new StormPhase("storm", settings.StormSlots, OneEach: false, settings.Duration));
        return phases;
    }

    /// <summary>
    /// Signs in one resident per client through the test identity provider with test identity codes (individual
    /// numbers 900–999, so fictional by definition); the app creates each person on first sign-in. Then gives them a
    /// phone number and an e-mail address, as the demo residents have, so a booking sends its notices like a real one.
    /// </summary>
    private static async Task<Guid[]> SignInResidentsAsync(ScenarioContext context, NpgsqlDataSource db, HttpClient[] clients, CancellationToken cancellationToken)
    {
        var codes = new string[clients.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = PersonalIdentityCode.Create(new DateOnly(1950, 1, 1).AddDays(i / 100), 900 + (i % 100));
        }

        var took = await SignedInClients.SignInAllAsync(
            clients, 8, (client, i, ct) => SignedInClients.SignInResidentAsync(client, codes[i], ct), cancellationToken);

        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var contacts = db.CreateCommand(
            "UPDATE identity_people SET phone = '+358 50 ' || lpad(((ordinality - 1))::text, 7, '0'), "
            + "email = 'asukas.' || (ordinality - 1) || '@bench.invalid', preferred_language = 'fi' "
            + "FROM unnest($1) WITH ORDINALITY AS c(code, ordinality) WHERE identity_people.identity_code = c.code "
            + "RETURNING identity_people.identity_code, identity_people.id"))
        {
            contacts.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = codes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar });
            await using var reader = await contacts.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        if (ids.Count != codes.Length)
        {
            throw new InvalidOperationException($"{codes.Length} residents signed in but {ids.Count} people exist with their identity codes.");
        }

        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"{clients.Length} residents signed in through the test identity provider, one cookie and connection each ({took.TotalSeconds:0.0} s)"));
        return [.. codes.Select(c => ids[c])];
    }

    /// <summary>
    /// The bench's own slots in the demo unit hs-638: service <c>bench-open</c>, open for booking (no booking right
    /// needed), capacity 1, in person, 15 minutes, 200 per schedule (so 20,000 slots are 100 calendars), each set on
    /// its own days far enough apart that "the nearest free times" of one set never reach into another.
    /// </summary>
    private static async Task<Fixture> PrepareAsync(ScenarioContext context, NpgsqlDataSource db, Settings settings, CancellationToken cancellationToken)
    {
        Guid unitId;
        await using (var unit = db.CreateCommand("SELECT id FROM region_units WHERE code = $1"))
        {
            unit.Parameters.Add(new NpgsqlParameter<string> { TypedValue = UnitCode });
            unitId = await unit.ExecuteScalarAsync(cancellationToken) is Guid id
                ? id
                : throw new InvalidOperationException($"the demo unit {UnitCode} is missing; did the app seed the demo county?");
        }

        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var day0 = now.Date.AddDays(1).AddHours(6);
        var sets = new Dictionary<string, SlotSet>
        {
            ["check"] = await AddSlotsAsync(db, unitId, 4, day0.AddDays(10), now, cancellationToken),
            ["warmup"] = await AddSlotsAsync(db, unitId, settings.Warmup > TimeSpan.Zero ? settings.StormSlots : 1, day0.AddDays(30), now, cancellationToken),
            ["race"] = await AddSlotsAsync(db, unitId, settings.RaceSlots, day0.AddDays(60), now, cancellationToken),
            ["storm"] = await AddSlotsAsync(db, unitId, settings.StormSlots, day0.AddDays(90), now, cancellationToken),
        };
        await PostgresSettings.ExecuteAsync(db, "ANALYZE appointment_slots; ANALYZE appointment_schedules; ANALYZE identity_people;", cancellationToken);
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"slots of service {ServiceCode} in {UnitCode}: {string.Join(", ", sets.Select(s => $"{s.Key} {s.Value.Ids.Length}"))} (capacity 1, open booking)"));
        return new Fixture(sets);
    }

    private static async Task<SlotSet> AddSlotsAsync(NpgsqlDataSource db, Guid unitId, int count, DateTime firstStart, DateTime now, CancellationToken cancellationToken)
    {
        var schedules = new Guid[(count + SlotsPerSchedule - 1) / SlotsPerSchedule];
        for (var i = 0; i < schedules.Length; i++)
        {
            schedules[i] = Guid.CreateVersion7();
        }

        var ids = new Guid[count];
        var scheduleOf = new Guid[count];
        var starts = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.CreateVersion7();
            scheduleOf[i] = schedules[i / SlotsPerSchedule];
            starts[i] = firstStart.AddMinutes(SlotMinutes * (i % SlotsPerSchedule));
        }

        await using var batch = db.CreateBatch();
        var schedule = new NpgsqlBatchCommand(
            "INSERT INTO appointment_schedules (id, unit_id, unit_code, staff_id, resource, service_code, mode, pattern, slot_minutes, "
            + "buffer_before_minutes, buffer_after_minutes, capacity, min_notice_minutes, horizon_days, cancel_notice_hours, open_booking, "
            + "open_on_holidays, exceptions, served_municipalities, active, materialized_through, created_utc, updated_utc, version) "
            + "SELECT s, $1, $2, NULL, 'Kuormitustesti ' || n, $3, 'InPerson', 'Mon-Fri 08:00-16:00', $4, 0, 0, 1, 30, 0, 24, true, "
            + "true, '', '', true, $5, $6, $6, 0 FROM unnest($7::uuid[]) WITH ORDINALITY AS t(s, n)");
        schedule.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = unitId });
        schedule.Parameters.Add(new NpgsqlParameter<string> { TypedValue = UnitCode });
        schedule.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceCode });
        schedule.Parameters.Add(new NpgsqlParameter<int> { TypedValue = SlotMinutes });

        // Materialised "through" a date past every slot and horizon 0: the housekeeping job never adds slots to these.
        schedule.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = DateOnly.FromDateTime(now).AddYears(2) });
        schedule.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        schedule.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = schedules });
        batch.BatchCommands.Add(schedule);

        var slots = new NpgsqlBatchCommand(
            "INSERT INTO appointment_slots (id, schedule_id, unit_id, staff_id, service_code, mode, served_municipalities, start_utc, end_utc, "
            + "closes_utc, capacity, taken, open_booking, blocked, block_reason, version) "
            + "SELECT id, schedule_id, $1, NULL, $2, 'InPerson', '', start_utc, start_utc + make_interval(mins => $3), "
            + "start_utc - interval '30 minutes', 1, 0, true, false, NULL, 0 "
            + "FROM unnest($4::uuid[], $5::uuid[], $6::timestamptz[]) AS t(id, schedule_id, start_utc)");
        slots.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = unitId });
        slots.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceCode });
        slots.Parameters.Add(new NpgsqlParameter<int> { TypedValue = SlotMinutes });
        slots.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        slots.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = scheduleOf });
        slots.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = starts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(slots);
        await batch.ExecuteNonQueryAsync(cancellationToken);

        var bodies = ids.Select(id => Encoding.UTF8.GetBytes("{\"slotId\":\"" + id.ToString("D") + "\"}")).ToArray();
        return new SlotSet(ids, bodies);
    }

    /// <summary>
    /// Before the load, with a resident of its own on two connections: one booking sent twice with the same key one
    /// after the other, then another sent twice at once; each pair must leave one appointment and answer its id.
    /// </summary>
    private static async Task CheckIdempotencyAsync(
        ScenarioContext context, HttpClient client, NpgsqlDataSource db, Fixture fixture, Guid resident, ScenarioResult result, CancellationToken cancellationToken)
    {
        var set = fixture.Sets["check"];
        var prefix = "b3-check-" + Guid.NewGuid().ToString("N")[..8];
        var first = await BookOnceAsync(client, set.Bodies[0], prefix + "-a", cancellationToken);
        var repeat = await BookOnceAsync(client, set.Bodies[0], prefix + "-a", cancellationToken);
        var race = await Task.WhenAll(
            BookOnceAsync(client, set.Bodies[1], prefix + "-b", cancellationToken),
            BookOnceAsync(client, set.Bodies[1], prefix + "-b", cancellationToken));
        var statuses = $"sequential {(int)first.Status} then {(int)repeat.Status}; concurrent {(int)race[0].Status} and {(int)race[1].Status}";
        context.Log("idempotency: " + statuses);

        if (first.Status != HttpStatusCode.Created || repeat.Status != HttpStatusCode.Created || first.Id != repeat.Id)
        {
            result.Fail($"idempotency check: the same booking twice with one key answered {statuses}; ids {first.Id} and {repeat.Id} ({repeat.Excerpt}).");
        }

        if (race.Any(r => r.Status != HttpStatusCode.Created) || race[0].Id != race[1].Id)
        {
            result.Fail($"idempotency check: the same booking twice at once with one key answered {statuses} "
                + $"({string.Join(" / ", race.Select(r => r.Excerpt))}); a repeat must answer the first appointment.");
        }

        await using var rows = db.CreateCommand("SELECT count(*) FROM appointment_bookings WHERE resident_id = $1 AND slot_id = ANY($2)");
        rows.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = resident });
        rows.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = set.Ids[..2] });
        var count = (long)(await rows.ExecuteScalarAsync(cancellationToken))!;
        if (count != 2)
        {
            result.Fail($"idempotency check: two keys, each sent twice, left {count} appointments instead of 2.");
        }
    }

    private static async Task<(HttpStatusCode Status, Guid? Id, string Excerpt)> BookOnceAsync(HttpClient client, byte[] body, string key, CancellationToken cancellationToken)
    {
        using var request = BookRequest(body, key);
        using var response = await client.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var (id, _) = ParseBooked(bytes);
        return (response.StatusCode, id, Excerpt(bytes));
    }

    private static HttpRequestMessage BookRequest(byte[] body, string key)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, BookPath) { Content = content };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>An attempt against the app: the client's own cookie and connection; 201 must name the slot, 409 must be booking.slot_taken.</summary>
    private static BookingAttempt AppAttempt(HttpClient[] clients, SlotSet set, WrongCodeCounter wrongCode) => async (client, slot, key, cancellationToken) =>
    {
        using var request = BookRequest(set.Bodies[slot], key);
        using var response = await clients[client].SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                var (id, slotId) = ParseBooked(bytes);
                if (id is null || slotId != set.Ids[slot])
                {
                    wrongCode.Add();
                    return AttemptResult.Failed("201 without the booked slot's id: " + Excerpt(bytes));
                }

                return AttemptResult.Booked(id.Value);
            case HttpStatusCode.Conflict when bytes.AsSpan().IndexOf("\"booking.slot_taken\""u8) >= 0:
                return AttemptResult.Taken;
            case HttpStatusCode.Conflict:
                wrongCode.Add();
                return AttemptResult.Failed("409 with another code: " + Excerpt(bytes));
            default:
                return AttemptResult.Failed($"HTTP {(int)response.StatusCode}: {Excerpt(bytes)}");
        }
    };

    private static HttpClient BaselineClient(Uri baseAddress, int connections)
    {
        LoopbackGuard.EnsureLoopback(baseAddress);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = RequestTimeout };
    }

    private static Func<SlotSet, BookingAttempt> BaselineAttempt(HttpClient http, Guid[] residents) => set => async (client, slot, key, cancellationToken) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("book/" + set.Ids[slot].ToString("D"), UriKind.Relative));
        request.Headers.Add("X-Resident", residents[client].ToString("D"));
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.Created when ParseBooked(bytes).Id is { } id => AttemptResult.Booked(id),
            HttpStatusCode.Conflict => AttemptResult.Taken,
            _ => AttemptResult.Failed($"HTTP {(int)response.StatusCode}: {Excerpt(bytes)}"),
        };
    };

    private static Func<SlotSet, BookingAttempt> AppAttempt(HttpClient[] clients, WrongCodeCounter wrongCode) =>
        set => AppAttempt(clients, set, wrongCode);

    /// <summary>Runs the phases one after the other with the same clients and checks each against the database.</summary>
    private static async Task<Outcome> RunPhasesAsync(
        ScenarioContext context,
        string label,
        IReadOnlyList<StormPhase> phases,
        Fixture fixture,
        Guid[] residents,
        Func<SlotSet, BookingAttempt> attemptFor,
        NpgsqlDataSource db,
        string schema,
        int clients,
        ScenarioResult result,
        Func<TimeSpan>? appProcessorTime,
        CancellationToken cancellationToken)
    {
        var outcome = new Outcome();
        var runId = Guid.NewGuid().ToString("N")[..8];
        foreach (var phase in phases)
        {
            var set = fixture.Sets[phase.Name];
            var cpuBefore = appProcessorTime?.Invoke();
            var run = await BookingStormDriver.RunAsync(phase, clients, $"b3-{label}-{runId}-{phase.Name}-", attemptFor(set), cancellationToken);
            if (cpuBefore is { } before && appProcessorTime is not null && run.Booked + run.Taken + run.Errors > 0)
            {
                outcome.CpuMillisecondsPerAttempt[phase.Name] = (appProcessorTime() - before).TotalMilliseconds / (run.Booked + run.Taken + run.Errors);
            }

            var check = await BookingStormCheck.VerifyAsync(db, schema, set.Ids, residents, run, cancellationToken);
            outcome.Phases[phase.Name] = (run, check);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"{label} {phase.Name}: {run.Booked} booked of {phase.Slots} slots, {run.Taken} taken (409), {run.Errors} errors in {run.Elapsed.TotalSeconds:0.0} s "
                + $"= {run.BookingsPerSecond:0.0} bookings/s, {run.AttemptsPerSecond:0.0} attempts/s; p50 {run.Latency.P50Milliseconds:0.#} / p99 {run.Latency.P99Milliseconds:0.#} ms; "
                + $"db: {check.Appointments} appointments, over-booked {check.OverBooked}, lost {check.Lost}"));
            Judge(result, $"{label} {phase.Name}", run, check);
        }

        return outcome;
    }

    /// <summary>Correctness of one phase; every finding fails the run.</summary>
    private static void Judge(ScenarioResult result, string phase, PhaseRun run, StormCheck check)
    {
        if (check.OverBooked > 0)
        {
            result.Fail($"{phase}: {check.OverBooked} slots hold more appointments than their capacity (or taken > capacity).");
        }

        if (check.TakenMismatch > 0)
        {
            result.Fail($"{phase}: {check.TakenMismatch} slots have a taken count other than their held and booked appointments.");
        }

        if (run.DoubleAcknowledged > 0)
        {
            result.Fail($"{phase}: {run.DoubleAcknowledged} times a second 201 was answered for a slot of capacity 1.");
        }

        if (check.Lost > 0)
        {
            result.Fail($"{phase}: {check.Lost} answered 201s have no booked appointment of that resident in that slot.");
        }

        if (check.Unacknowledged > run.Errors)
        {
            result.Fail($"{phase}: {check.Unacknowledged} appointments exist that no client was told about, more than the {run.Errors} failed requests.");
        }

        if (check.DuplicateKeys > 0)
        {
            result.Fail($"{phase}: {check.DuplicateKeys} idempotency keys have more than one appointment.");
        }

        if (run.Phase.OneEach && !run.AllBooked && run.Errors == 0)
        {
            result.Fail($"{phase}: only {run.Booked} of {run.Phase.Slots} slots were booked although {run.Phase.Slots} clients or more wanted one and nothing failed.");
        }
    }

    private static void Report(ScenarioResult result, Settings settings, Outcome app, Outcome? baseline)
    {
        const string Reference = "raw Npgsql update+insert";
        foreach (var name in new[] { "race", "storm" })
        {
            var (run, check) = app.Phases[name];
            var reference = baseline?.Phases[name].Run;
            var figure = "slots=" + run.Phase.Slots.ToString(CultureInfo.InvariantCulture);
            Metric Add(string metric, double value, string unit, double? baselineValue = null, string? target = null) =>
                result.Add(new Metric(metric, value, unit)
                {
                    Figure = figure,
                    Baseline = baselineValue,
                    BaselineName = baselineValue is null ? null : Reference,
                    Target = target,
                });

            Add("slots", run.Phase.Slots, "slots");
            Add("bookings_per_s", run.BookingsPerSecond, "201s/s", reference?.BookingsPerSecond, ">= 0.50x baseline");
            if (reference is not null)
            {
                Add("baseline_bookings_per_s", reference.BookingsPerSecond, "201s/s");
                Add("ratio", reference.BookingsPerSecond > 0 ? run.BookingsPerSecond / reference.BookingsPerSecond : 0, "x", target: ">= 0.5");
            }

            Add("attempts_per_s", run.AttemptsPerSecond, "req/s", reference?.AttemptsPerSecond);
            Add("bookings", run.Booked, "201s", reference?.Booked);
            Add("conflicts", run.Taken, "409s", reference?.Taken);
            Add("errors", run.Errors, "requests", reference?.Errors, "0");
            Add("elapsed_s", run.Elapsed.TotalSeconds, "s", reference?.Elapsed.TotalSeconds);
            Add("p50_ms", run.Latency.P50Milliseconds, "ms", reference?.Latency.P50Milliseconds);
            Add("p99_ms", run.Latency.P99Milliseconds, "ms", reference?.Latency.P99Milliseconds);
            if (app.CpuMillisecondsPerAttempt.TryGetValue(name, out var cpu))
            {
                Add("app_cpu_ms_per_request", cpu, "ms");
            }

            Add("overbooked", check.OverBooked + check.TakenMismatch + run.DoubleAcknowledged, "slots", target: "0");
            Add("lost", check.Lost, "201s", target: "0");
            Add("duplicate_keys", check.DuplicateKeys, "keys", target: "0");
            Add("appointments", check.Appointments, "rows");
            foreach (var sample in run.ErrorSamples)
            {
                result.Note($"{figure} error sample: {sample}");
            }

            if (baseline is not null)
            {
                foreach (var sample in baseline.Phases[name].Run.ErrorSamples)
                {
                    result.Note($"{figure} baseline error sample: {sample}");
                }
            }
        }

        var race = app.Phases["race"].Run;
        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Clients} residents (own cookie and connection each), app {settings.AppConfiguration} build, app pool {settings.Pool}; "
            + $"race: each resident walks the {race.Phase.Slots} slots in its own random order until it has one, until all are booked"
            + $" or {settings.RaceLimit.TotalSeconds} s; storm: residents go on booking for {settings.Duration.TotalSeconds} s or until all"
            + $" {settings.StormSlots} are booked; warm-up {settings.Warmup.TotalSeconds} s of the storm on slots of its own (not counted, checked)."));
        result.Note("overbooked counts slots over capacity, slots whose taken differs from their held and booked appointments, and second 201s for a slot; "
            + "in the race phase bookings_per_s is the slot count over the time until the last slot went, so attempts_per_s says more.");
        if (app.Phases.TryGetValue("warmup", out var warm))
        {
            var baselineWarm = baseline is not null && baseline.Phases.TryGetValue("warmup", out var bw)
                ? string.Create(CultureInfo.InvariantCulture, $"{bw.Run.Booked} booked, {bw.Run.BookingsPerSecond:0.0}/s")
                : "-";
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"warm-up (not counted): app {warm.Run.Booked} booked, {warm.Run.Errors} errors, {warm.Run.BookingsPerSecond:0.0}/s; baseline {baselineWarm}"));
            foreach (var sample in warm.Run.ErrorSamples)
            {
                result.Note($"warm-up error sample: {sample}");
            }
        }
    }

    private static (Guid? Id, Guid? SlotId) ParseBooked(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            Guid? id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String && i.TryGetGuid(out var g) ? g : null;
            Guid? slot = root.TryGetProperty("slotId", out var s) && s.ValueKind == JsonValueKind.String && s.TryGetGuid(out var h) ? h : null;
            return (id, slot);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Excerpt(byte[] bytes) => Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300));

    private sealed record Settings(
        int Clients, int RaceSlots, int StormSlots, TimeSpan Warmup, TimeSpan Duration, TimeSpan RaceLimit, int Pool, string AppConfiguration, bool Baseline,
        TimeSpan StartTimeout);

    /// <summary>A set of slots: ids by index and the request body for each.</summary>
    private sealed record SlotSet(Guid[] Ids, byte[][] Bodies);

    private sealed record Fixture(IReadOnlyDictionary<string, SlotSet> Sets);

    private sealed class Outcome
    {
        public Dictionary<string, (PhaseRun Run, StormCheck Check)> Phases { get; } = new(StringComparer.Ordinal);

        /// <summary>CPU of the app process per request over a phase (app only).</summary>
        public Dictionary<string, double> CpuMillisecondsPerAttempt { get; } = new(StringComparer.Ordinal);
    }

    private sealed class WrongCodeCounter
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Add() => Interlocked.Increment(ref count);
    }
}
