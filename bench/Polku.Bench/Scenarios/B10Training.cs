using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B10: the Training module at seed 002's volumes (issue 16). The real app runs as a child process on a fresh
/// PostgreSQL database <c>polku_bench_b10</c> (demo county seeded). The bench bulk-loads beside it: <c>--titles</c>
/// professional titles used as audiences, <c>--programmes</c> programmes, <c>--courses</c> courses spread over them,
/// <c>--groups</c> groups with two sessions each in the coming weeks and their capacities, <c>--trainees</c> staff rows
/// (Identity's tables, which the module reads through <c>IPeopleDirectory</c>), enrolments that fill most groups (some
/// full with a waiting list) and certificates for a share of the trainees. Then over HTTP: the enrolment race (pairs of
/// trainees POST for the last place of a group at the same moment: exactly one 201 and one 409
/// <c>training.group_full</c> each; the loser joins the waiting list, a third trainee after them, the winner cancels on
/// the group page and the database must show the loser promoted), and at a constant rate the programme search (a name
/// word, a code, a unit, a title) with the trainer's participant page, the trainee's own page and the coordinator's
/// reports (the report page with every table, the fill rates as JSON county-wide and for one organisation, the
/// certification report as JSON), weighted: each report once for every four of a trainee's requests (a few coordinators
/// beside thousands of trainees).
/// </summary>
public sealed partial class B10Training : Scenario
{
    private const string DatabaseName = "polku_bench_b10";
    private const double TargetP95 = 200;
    private const int Trainers = 20;

    // Weight in the mix of a trainee's search or own page; each report weighs --report-weight (default 1: a few
    // coordinators beside thousands of trainees; 4 sends every request equally often).
    private const int TraineeWeight = 4;
    private const string CoordinatorLogin = "koordinaattori";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    // Background work that is not the subject stays off; the training worker would send reminders for the seeded places.
    private static readonly Dictionary<string, string> QuietSettings = new()
    {
        ["ControlTower:DemoActivity"] = "false",
        ["ControlTower:WorkerEnabled"] = "false",
        ["Training:WorkerEnabled"] = "false",
    };

    public override string Name => "b10-training";

    public override string Description =>
        "Training at seed 002's volumes (real app, PostgreSQL): 125 programmes, 130 courses, 700 groups, 10,000 trainees; the race for a group's last place "
        + "(one 201 and one 409 per pair, waiting-list promotion) and programme search, trainer, own and the coordinator's report pages and APIs at --rate 20, "
        + "each report once for every four trainee requests (--report-weight 1; p95 target 200 ms, ours).";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Titles: options.WholeNumber("titles", 150),
            Programmes: options.WholeNumber("programmes", 125),
            Courses: options.WholeNumber("courses", 130),
            Groups: options.WholeNumber("groups", 700),
            Trainees: options.WholeNumber("trainees", 10_000),
            Pairs: options.WholeNumber("pairs", 20),
            Rate: options.Number("rate", 20, minimum: 0.1),
            Warmup: options.Seconds("warmup", 5),
            Duration: options.Seconds("duration", 60),
            Seed: options.WholeNumber("seed", 10),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            StartTimeout: options.Seconds("timeout", 180),
            Probe: options.WholeNumber("cpu-probe", 20, minimum: 0),
            ReportWeight: options.WholeNumber("report-weight", 1));
        if (settings.Courses < settings.Programmes || settings.Groups < settings.Courses + settings.Pairs || settings.Titles > TrainingData.MaxTitles
            || settings.Programmes > TrainingData.MaxProgrammes)
        {
            throw new FormatException($"need programmes <= courses, courses + pairs <= groups, titles <= {TrainingData.MaxTitles}, programmes <= {TrainingData.MaxProgrammes}.");
        }

        var result = new ScenarioResult(Name + "-postgres");
        await using var target = await FreshAppTarget.StartAsync(context, "b10", DatabaseName, true, settings.AppConfiguration, settings.Pool, settings.StartTimeout,
            QuietSettings, cancellationToken);
        await using var db = PostgresSettings.CreateDataSource(target.InProcessSettings["Database:ConnectionString"], 4);

        // 1. Seed 002's volumes beside what the demo seed left.
        var units = await TrainingData.StringsAsync(db, "SELECT code FROM region_units ORDER BY code", cancellationToken);
        var unitIds = await TrainingData.GuidsAsync(db, "SELECT id FROM region_units ORDER BY code", cancellationToken);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var data = new TrainingData(settings, units, unitIds, now);
        var loadWatch = Stopwatch.StartNew();
        await data.LoadAsync(context, db, cancellationToken);
        await PostgresSettings.ExecuteAsync(db, "ANALYZE", cancellationToken);
        loadWatch.Stop();
        var counts = await TrainingData.CountsAsync(db, cancellationToken);
        var described = string.Join(", ", counts.Select(c => c.Key + " " + c.Value.ToString("N0", CultureInfo.InvariantCulture)));
        context.Log(string.Create(CultureInfo.InvariantCulture, $"seeded in {loadWatch.Elapsed.TotalSeconds:0.0} s (with ANALYZE): {described}"));

        // 2. Signed-in clients: one trainer, three trainees per race pair, the trainees whose own page is read, and the coordinator.
        var raceCount = 3 * settings.Pairs;
        var clients = SignedInClients.Create(target.App.BaseAddress, 1 + raceCount + data.PageTrainees.Count + 1, RequestTimeout, maxConnections: 8);
        try
        {
            var logins = new List<string> { TrainingData.TrainerLoginOf(0) };
            logins.AddRange(data.RaceTrainees.Select(t => t.Login));
            logins.AddRange(data.PageTrainees.Select(t => t.Login));
            logins.Add(CoordinatorLogin);
            var signIn = await SignedInClients.SignInAllAsync(clients, 8, (client, i, ct) => SignedInClients.SignInStaffAsync(client, logins[i], ct), cancellationToken);
            context.Log(string.Create(CultureInfo.InvariantCulture, $"signed in {clients.Length} professionals through the demo staff form in {signIn.TotalSeconds:0.0} s"));
            var trainer = clients[0];
            var race = clients[1..(1 + raceCount)];
            var pageClients = clients[(1 + raceCount)..^1];
            var coordinator = clients[^1];

            // 3. The race for the last places, then the waiting list and the promotion.
            var outcome = await RaceAsync(context, db, data, race, result, cancellationToken);

            // 4. Correctness of the search before the load.
            var kinds = Mix(data, trainer, pageClients, coordinator, units, settings.ReportWeight);
            await GetMix.FirstAsync(context, race[0], kinds, cancellationToken);
            await CheckSearchAsync(context, race[0], db, data, result, cancellationToken);

            // 5. The constant rate, weighted round-robin.
            var loadBefore = LoadAverage.Read();
            var cpuBefore = target.App.ProcessorTime;
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"constant rate: {settings.Rate} req/s for {settings.Duration.TotalSeconds} s after {settings.Warmup.TotalSeconds} s warm-up, weighted round-robin over {kinds.Length} requests ({GetMix.Round(kinds).Length} a round)"));
            var run = await GetMix.RunConstantRateAsync(race[0], kinds, settings.Rate, settings.Warmup, settings.Duration, cancellationToken);
            var cpu = target.App.ProcessorTime - cpuBefore;
            var loadAfter = LoadAverage.Read();
            await GetMix.ProbeAsync(context, race[0], target.App, kinds, settings.Probe, result, cancellationToken);

            foreach (var (name, value) in counts)
            {
                result.Add(new Metric(name, value, "rows") { Figure = "data" });
            }

            result.Add(new Metric("seed_s", loadWatch.Elapsed.TotalSeconds, "s (generate + load + ANALYZE)") { Figure = "data" });
            outcome.Report(result);
            GetMix.Report(result, kinds, run, settings.Rate, string.Create(CultureInfo.InvariantCulture, $"<= {TargetP95:0} (ours)"));
            result.Add(new Metric("app_cpu_ms_per_request", run.Sent > 0 ? cpu.TotalMilliseconds / run.Sent : 0, "ms (incl. warm-up)"));
            result.Note($"seeded with seed {settings.Seed} until {now:yyyy-MM-dd HH:mm} UTC: {settings.Titles} titles as audiences, {settings.Programmes} programmes "
                + $"(names fi/sv/en from {TrainingData.Topics.Length} topics x {TrainingData.Forms.Length} forms), {settings.Courses} courses, {settings.Groups} groups "
                + $"(2 sessions each, 1-10 weeks ahead, capacity 12-30, {Trainers} trainers), {settings.Trainees:N0} trainees, enrolments filling most groups "
                + "(about 15 % full with 1-5 waiting), certificates for about 30 % of the trainees");
            result.Note($"requests in weighted round-robin: {string.Join(", ", kinds.Select(k => $"{k.Name} x{k.Weight} GET {k.Request(0).Path}"))}; search as a trainee, trainer page as "
                + $"{TrainingData.TrainerLoginOf(0)} over their {data.TrainerGroups(0).Count} groups, own page as {data.PageTrainees.Count} trainees in turn; latency from each "
                + $"request's scheduled send time (open loop); app {settings.AppConfiguration} build; p95 target {TargetP95} ms is ours (spec 08 names none for training)");
            result.Note($"the coordinator's reports as {CoordinatorLogin}: the report page (default period, 90 days either side, every table), the fill rates as JSON "
                + "county-wide and for one unit in turn, the certification report as JSON; each report weighing "
                + string.Create(CultureInfo.InvariantCulture, $"{settings.ReportWeight} against a trainee request's {TraineeWeight}: {settings.Rate * settings.ReportWeight * 4 / GetMix.Round(kinds).Length:0.0} reports/s of {settings.Rate} req/s"));
            result.Note($"load average before / after the load: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores, shared with other engineers' work; "
                + "app, database and load generator on the same box)");
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

    private static MixRequest[] Mix(TrainingData data, HttpClient trainer, HttpClient[] pageClients, HttpClient coordinator, List<string> units, int reportWeight)
    {
        const string Reports = "/api/training/admin/reports";
        const string Api = "/api/training/programmes";
        var word = data.SearchWord;
        var codes = data.ProgrammeCodes;
        var groups = data.TrainerGroups(0);
        return
        [
            new("q_word", _ => (Api + "?q=" + Uri.EscapeDataString(word.Word), "\"code\":\"" + word.FirstCode + "\""), false) { Weight = TraineeWeight },
            new("q_code", i => (Api + "?q=" + codes[(int)(i * 7 % codes.Count)], "\"code\":\"" + codes[(int)(i * 7 % codes.Count)] + "\""), false) { Weight = TraineeWeight },
            new("unit", i => (Api + "?unit=" + data.SearchUnit(i), "\"value\":\"" + data.SearchUnit(i) + "\""), false) { Weight = TraineeWeight },
            new("title", i => (Api + "?title=" + Uri.EscapeDataString(data.SearchTitle(i)), "\"value\":\"" + data.SearchTitle(i) + "\""), false) { Weight = TraineeWeight },
            new("trainer_page", i => ("/training/trainer/groups/" + groups[(int)(i % groups.Count)].Id, groups[(int)(i % groups.Count)].Code), true)
            {
                Client = _ => trainer,
                Weight = TraineeWeight / 2,
            },
            new("my_page", i => ("/training/my", data.PageTrainees[(int)(i % data.PageTrainees.Count)].Marker), true)
            {
                Client = i => pageClients[(int)(i % pageClients.Length)],
                Weight = TraineeWeight,
            },
            new("reports_page", _ => ("/training/admin/reports", "id=\"fill-caption\""), true) { Client = _ => coordinator, Weight = reportWeight },
            new("fill_rates", _ => (Reports + "/fill-rates", "\"courseCode\":\"B10-C"), false) { Client = _ => coordinator, Weight = reportWeight },
            new("fill_unit", i => (Reports + "/fill-rates?organisation=" + Uri.EscapeDataString(units[(int)(i % units.Count)]), "\"organisations\":["), false)
            {
                Client = _ => coordinator,
                Weight = reportWeight,
            },
            new("certifications", _ => (Reports + "/certifications", "\"kind\":\"b10-k"), false) { Client = _ => coordinator, Weight = reportWeight },
        ];
    }

    /// <summary>The search's answers against the generator's: a code finds its programme alone, a word its programmes, a title and a unit theirs and the open ones.</summary>
    private static async Task CheckSearchAsync(ScenarioContext context, HttpClient client, NpgsqlDataSource db, TrainingData data, ScenarioResult result, CancellationToken cancellationToken)
    {
        async Task<List<string>> CodesAsync(string query)
        {
            var found = await client.GetFromJsonAsync<JsonElement>("/api/training/programmes?" + query, cancellationToken);
            return [.. found.EnumerateArray().Select(p => p.GetProperty("code").GetString()!)];
        }

        var wrong = 0;
        var code = data.ProgrammeCodes[data.ProgrammeCodes.Count / 2];
        if (await CodesAsync("q=" + code) is not [var only] || only != code)
        {
            wrong++;
            result.Fail($"searching for the code {code} did not return exactly that programme");
        }

        var byWord = await CodesAsync("q=" + Uri.EscapeDataString(data.SearchWord.Word));
        if (!byWord.Order(StringComparer.Ordinal).SequenceEqual(data.SearchWord.Codes.Order(StringComparer.Ordinal)))
        {
            wrong++;
            result.Fail($"the word '{data.SearchWord.Word}' found {byWord.Count} programmes, the generator named {data.SearchWord.Codes.Count}");
        }

        var title = data.SearchTitle(0);
        var byTitle = await CodesAsync("title=" + Uri.EscapeDataString(title));
        var expected = await TrainingData.StringsAsync(db,
            "SELECT p.code FROM training_programmes p WHERE p.published AND (EXISTS (SELECT 1 FROM training_programme_audiences a WHERE a.programme_id = p.id "
            + "AND a.kind = 'title' AND a.value = @title) OR NOT EXISTS (SELECT 1 FROM training_programme_audiences a WHERE a.programme_id = p.id AND a.kind = 'title')) "
            + "ORDER BY p.code LIMIT 100", cancellationToken, new NpgsqlParameter<string>("title", title));
        if (!byTitle.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
        {
            wrong++;
            result.Fail($"the title '{title}' found {byTitle.Count} programmes, a direct query {expected.Count} (its own and those without a title audience)");
        }

        context.Log($"check: code {code} alone; word '{data.SearchWord.Word}' {byWord.Count} programmes (generator {data.SearchWord.Codes.Count}); title '{title}' {byTitle.Count} (direct query {expected.Count})");
        result.Add(new Metric("search_word_hits", byWord.Count, "programmes") { Figure = "check" });
        result.Add(new Metric("search_title_hits", byTitle.Count, "programmes") { Figure = "check" });
        result.Add(new Metric("search_wrong", wrong, "answers") { Figure = "check", Target = "0" });
    }

    /// <summary>
    /// Every pair POSTs for its group's last place at once (all pairs released together): one 201 and one 409
    /// <c>training.group_full</c> each. The loser then joins the waiting list (202, position 1), the pair's third trainee
    /// after them (position 2), and the winner cancels on the group page; the database must show the loser enrolled, the
    /// third still waiting, and the group exactly full.
    /// </summary>
    private static async Task<RaceOutcome> RaceAsync(
        ScenarioContext context, NpgsqlDataSource db, TrainingData data, HttpClient[] clients, ScenarioResult result, CancellationToken cancellationToken)
    {
        var pairs = data.RaceGroups.Count;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new Task<(HttpStatusCode Status, string Body, double Ms)>[2 * pairs];
        for (var p = 0; p < pairs; p++)
        {
            for (var side = 0; side < 2; side++)
            {
                var client = clients[3 * p + side];
                var group = data.RaceGroups[p].Id;
                attempts[2 * p + side] = Task.Run(async () =>
                {
                    await go.Task;
                    var watch = Stopwatch.StartNew();
                    using var response = await client.PostAsJsonAsync($"/api/training/groups/{group:D}/enrolments", new { }, cancellationToken);
                    return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), watch.Elapsed.TotalMilliseconds);
                }, cancellationToken);
            }
        }

        await Task.Delay(200, cancellationToken);
        go.SetResult();
        var answers = await Task.WhenAll(attempts);

        var outcome = new RaceOutcome { Pairs = pairs };
        var latencies = new List<double>();
        for (var p = 0; p < pairs; p++)
        {
            var (a, b) = (answers[2 * p], answers[2 * p + 1]);
            latencies.Add(a.Ms);
            latencies.Add(b.Ms);
            var winners = new[] { a, b }.Count(x => x.Status == HttpStatusCode.Created);
            var full = new[] { a, b }.Count(x => x.Status == HttpStatusCode.Conflict && x.Body.Contains("\"training.group_full\"", StringComparison.Ordinal));
            if (winners == 1 && full == 1)
            {
                outcome.ExactlyOne++;
            }
            else
            {
                outcome.Wrong++;
                result.Fail($"pair {p + 1} (group {data.RaceGroups[p].Code}): {(int)a.Status} and {(int)b.Status}, expected one 201 and one 409 training.group_full: {Excerpt(a.Body)} | {Excerpt(b.Body)}");
            }
        }

        latencies.Sort();
        outcome.RaceMaxMs = latencies.Count > 0 ? latencies[^1] : 0;
        outcome.RaceMedianMs = latencies.Count > 0 ? latencies[latencies.Count / 2] : 0;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"race: {pairs} pairs at once, {outcome.ExactlyOne} with exactly one 201 and one 409 training.group_full, {outcome.Wrong} wrong; median {outcome.RaceMedianMs:0.0} ms, max {outcome.RaceMaxMs:0.0} ms"));

        // Database: every race group exactly full, its places = its enrolled rows.
        outcome.Overbooked = await TrainingData.ScalarAsync(db,
            "SELECT count(*) FROM training_groups g WHERE g.id = ANY(@ids) AND (g.taken <> g.capacity OR g.taken <> "
            + "(SELECT count(*) FROM training_enrolments e WHERE e.group_id = g.id AND e.status = 'enrolled'))", cancellationToken,
            new NpgsqlParameter<Guid[]>("ids", [.. data.RaceGroups.Select(g => g.Id)]));
        if (outcome.Overbooked > 0)
        {
            result.Fail($"{outcome.Overbooked} race groups are not exactly full after the race (taken, capacity and enrolled rows disagree)");
        }

        // The waiting list and the promotion, pair by pair.
        for (var p = 0; p < pairs; p++)
        {
            if (answers[2 * p].Status != HttpStatusCode.Created && answers[2 * p + 1].Status != HttpStatusCode.Created)
            {
                continue;
            }

            var winnerSide = answers[2 * p].Status == HttpStatusCode.Created ? 0 : 1;
            var winner = clients[3 * p + winnerSide];
            var loser = clients[3 * p + 1 - winnerSide];
            var third = clients[3 * p + 2];
            var loserTrainee = data.RaceTrainees[3 * p + 1 - winnerSide];
            var thirdTrainee = data.RaceTrainees[3 * p + 2];
            var group = data.RaceGroups[p];
            var enrolmentId = JsonDocument.Parse(answers[2 * p + winnerSide].Body).RootElement.GetProperty("enrolmentId").GetGuid();

            var loserPosition = await WaitAsync(loser, group.Id, cancellationToken);
            var thirdPosition = await WaitAsync(third, group.Id, cancellationToken);
            var cancel = await SignedInClients.PostFormAsync(winner, $"/training/groups/{group.Id:D}", $"/training/groups/{group.Id:D}?handler=Cancel",
                new Dictionary<string, string> { ["enrolmentId"] = enrolmentId.ToString("D") }, cancellationToken);

            var statuses = await TrainingData.StatusesAsync(db, group.Id, cancellationToken);
            var promoted = statuses.GetValueOrDefault(loserTrainee.Id) == "enrolled" && statuses.GetValueOrDefault(thirdTrainee.Id) == "waiting";
            var taken = await TrainingData.ScalarAsync(db, "SELECT taken - capacity FROM training_groups WHERE id = @id", cancellationToken, new NpgsqlParameter<Guid>("id", group.Id));
            if (loserPosition == 1 && thirdPosition == 2 && SignedInClients.IsRedirect(cancel) && promoted && taken == 0)
            {
                outcome.Promoted++;
            }
            else
            {
                outcome.NotPromoted++;
                result.Fail($"pair {p + 1} (group {group.Code}): waiting positions {loserPosition} and {thirdPosition} (expected 1 and 2), cancel {(int)cancel}, "
                    + $"then the first waiting is '{statuses.GetValueOrDefault(loserTrainee.Id)}', the second '{statuses.GetValueOrDefault(thirdTrainee.Id)}', taken - capacity {taken}");
            }
        }

        context.Log($"waiting list: {outcome.Promoted} groups promoted the first in line after the winner cancelled, {outcome.NotPromoted} did not");
        return outcome;
    }

    /// <summary>Joins the waiting list; the position from the 202, or -HTTP status.</summary>
    private static async Task<int> WaitAsync(HttpClient client, Guid group, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync($"/api/training/groups/{group:D}/enrolments?waitingList=true", new { }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted && JsonDocument.Parse(body).RootElement.TryGetProperty("position", out var position) && position.ValueKind == JsonValueKind.Number
            ? position.GetInt32()
            : -(int)response.StatusCode;
    }

    private static string Excerpt(string text) => text.Length <= 300 ? text : text[..300];

    private sealed record Settings(
        int Titles, int Programmes, int Courses, int Groups, int Trainees, int Pairs, double Rate, TimeSpan Warmup, TimeSpan Duration, int Seed, int Pool,
        string AppConfiguration, TimeSpan StartTimeout, int Probe, int ReportWeight);

    private sealed class RaceOutcome
    {
        public int Pairs { get; init; }
        public int ExactlyOne { get; set; }
        public int Wrong { get; set; }
        public long Overbooked { get; set; }
        public int Promoted { get; set; }
        public int NotPromoted { get; set; }
        public double RaceMedianMs { get; set; }
        public double RaceMaxMs { get; set; }

        public void Report(ScenarioResult result)
        {
            result.Add(new Metric("race_pairs", Pairs, "pairs at once") { Figure = "race" });
            result.Add(new Metric("race_one_201_one_409", ExactlyOne, "pairs") { Figure = "race", Target = Pairs.ToString(CultureInfo.InvariantCulture) });
            result.Add(new Metric("race_wrong", Wrong, "pairs") { Figure = "race", Target = "0" });
            result.Add(new Metric("race_not_exactly_full", Overbooked, "groups") { Figure = "race", Target = "0" });
            result.Add(new Metric("race_median_ms", RaceMedianMs, "ms") { Figure = "race" });
            result.Add(new Metric("race_max_ms", RaceMaxMs, "ms") { Figure = "race" });
            result.Add(new Metric("promoted_first_waiting", Promoted, "groups") { Figure = "race", Target = Pairs.ToString(CultureInfo.InvariantCulture) });
            result.Add(new Metric("not_promoted", NotPromoted, "groups") { Figure = "race", Target = "0" });
        }
    }
}
