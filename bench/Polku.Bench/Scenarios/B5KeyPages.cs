using System.Diagnostics;
using System.Globalization;
using System.Net;
using Polku.Bench.Cli;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;
using Polku.Identity.Contracts;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B5: the key pages over HTTP on the real app (PostgreSQL): the front page, an assessment's start page, a resident's
/// own page and the desk's situational picture, round-robin. The app runs as a child process on a fresh database with
/// the demo county; the own page is requested with the cookies of demo residents signed in through the test identity
/// provider, the desk with those of demo professionals signed in through the demo staff form. Every answer must be 200
/// with the page's own markers (a redirect to the sign-in or an error page is an error). Saturation pages/s against the
/// same-run plain minimal-API baseline, and latency at a constant rate, overall and per page.
/// </summary>
public sealed class B5KeyPages : Scenario
{
    private const string DatabaseName = "polku_bench_b5";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Demo residents of the seeded county (test identity codes, individual numbers 900–999, fictional by definition).</summary>
    private static readonly string[] DemoResidents =
    [
        PersonalIdentityCode.Create(new DateOnly(1980, 5, 14), 902),
        PersonalIdentityCode.Create(new DateOnly(1975, 3, 2), 903),
        PersonalIdentityCode.Create(new DateOnly(1990, 11, 23), 904),
        PersonalIdentityCode.Create(new DateOnly(1985, 8, 9), 905),
    ];

    /// <summary>Demo professionals of the seeded county (professional role, one or two units each).</summary>
    private static readonly string[] DemoProfessionals =
        ["hoitaja.porvoo", "laakari.porvoo", "hoitaja.loviisa", "sosiaalityo.porvoo", "sihteeri.porvoo", "hoitaja.digi"];

    public override string Name => "b5-key-pages";

    public override string Description =>
        "Key pages over HTTP (real app, PostgreSQL): front page, assessment page, own page, desk situational picture; pages/s (target >= 30 % of baseline-minimal-api) and p99 at --rate 200 (target 100 ms).";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Workers: options.WholeNumber("workers", 64),
            Rate: options.Number("rate", 200, minimum: 1),
            Warmup: options.Seconds("warmup", 2),
            Duration: options.Seconds("duration", 10),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            Baseline: options.Choice("baseline", "on", ["on", "off"]) == "on",
            StartTimeout: options.Seconds("timeout", 180),
            CpuProbe: options.WholeNumber("cpu-probe", 100, minimum: 0));
        var result = new ScenarioResult(Name);

        var baseline = settings.Baseline ? await RunBaselineAsync(context, settings, result, cancellationToken) : null;

        await using var fresh = await FreshPolkuApp.StartAsync(
            context.RepositoryRoot, context.PostgresConnectionString!, DatabaseName, settings.AppConfiguration, settings.Pool, settings.StartTimeout, context.Log, cancellationToken);
        var app = fresh.App;
        var (residents, professionals) = await SignInAsync(context, app.BaseAddress, cancellationToken);
        KeyPage[] pages =
        [
            new("front", "/", [], "<h1>", "id=\"search-heading\""),
            new("assessment", "/assessments/respiratory-infection", [], "<h1>", "id=\"municipality\"", "<form method=\"post\""),
            new("own", "/me", residents, "<h1>", "id=\"my-matters\"", "href=\"/me/access-log\""),
            new("desk", "/desk", professionals, "<h1>", "id=\"picture-heading\"", "id=\"queues-heading\""),
        ];
        var mix = new PageMix(pages);
        using var load = new LoadGenerator(app.BaseAddress, maxConnections: settings.Workers, RequestTimeout);

        // Correctness before load: every page once with every user's cookies.
        if (!await CheckPagesAsync(context, load.Client, pages, result, cancellationToken))
        {
            return result;
        }

        var request = mix.Request();
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"saturation: {settings.Workers} workers, {settings.Warmup.TotalSeconds} s warm-up + {settings.Duration.TotalSeconds} s, pages round-robin"));
        var loadBefore = LoadAverage.Read();
        var saturationPages = mix.Begin(rate: null, settings.Warmup, settings.Duration);
        var cpuBefore = app.ProcessorTime;
        var saturation = await load.RunSaturationAsync(request, settings.Workers, settings.Warmup, settings.Duration, cancellationToken);
        var saturationCpu = app.ProcessorTime - cpuBefore;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"constant rate: {settings.Rate} req/s for {settings.Duration.TotalSeconds} s after {settings.Warmup.TotalSeconds} s warm-up"));
        var constantPages = mix.Begin(settings.Rate, settings.Warmup, settings.Duration);
        var constantWatch = Stopwatch.StartNew();
        var constant = await load.RunConstantRateAsync(request, settings.Rate, settings.Warmup, settings.Duration, maxInFlight: 1000, cancellationToken);
        constantWatch.Stop();
        var loadAfter = LoadAverage.Read();
        double[] cpu;
        try
        {
            cpu = await ProbeCpuAsync(context, load.Client, app, pages, settings.CpuProbe, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            result.Fail("CPU probe after the load: " + ex.Message);
            cpu = new double[pages.Length];
        }

        var cpuPerPage = saturation.TotalSucceeded + saturation.TotalErrors > 0
            ? saturationCpu.TotalMilliseconds / (saturation.TotalSucceeded + saturation.TotalErrors)
            : 0;

        Report(result, settings, pages, saturation, saturationPages, constant, constantPages, constantWatch.Elapsed, baseline, cpuPerPage, cpu);
        result.Note($"load average before / after the load: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores; app, PostgreSQL, baseline host and load generator on the same box)");
        if (app.HasExited)
        {
            result.Fail("Polku.Web exited during the run: " + app.Output);
        }

        return result;
    }

    /// <summary>The plain minimal-API baseline, in this process, with the same workers, rate and durations.</summary>
    private static async Task<Baseline?> RunBaselineAsync(ScenarioContext context, Settings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
        var baselineContext = new ScenarioContext
        {
            Options = BenchOptions.Parse(
            [
                "baseline-minimal-api",
                "--workers", Text(settings.Workers),
                "--rate", Text(settings.Rate),
                "--warmup", Text(settings.Warmup.TotalSeconds),
                "--duration", Text(settings.Duration.TotalSeconds),
            ]),
            Out = context.Out,
            RepositoryRoot = context.RepositoryRoot,
            PostgresConnectionString = context.PostgresConnectionString,
        };
        context.Log("same-run reference: baseline-minimal-api (plain minimal API GET /, in process, no app)");
        var reference = await new BaselineMinimalApi().RunAsync(baselineContext, cancellationToken);
        foreach (var failure in reference.Failures)
        {
            result.Fail("baseline-minimal-api: " + failure);
        }

        foreach (var note in reference.Notes)
        {
            result.Note("baseline-minimal-api " + note);
        }

        double? Value(string name) => reference.Metrics.FirstOrDefault(m => m.Name == name)?.Value;
        return Value("rps") is { } rps && Value("sat_p99_ms") is { } satP99
            && Value("p50_ms") is { } p50 && Value("p95_ms") is { } p95 && Value("p99_ms") is { } p99 && Value("max_ms") is { } max
            ? new Baseline(rps, satP99, p50, p95, p99, max)
            : null;
    }

    /// <summary>
    /// Signs in the demo residents through the test identity provider's OpenID Connect flow and the demo professionals
    /// through the demo staff form (the shared <see cref="SignedInClients"/> code of B3 and B4), and returns the
    /// <c>Cookie</c> header each would send. The load then replays those headers over the generator's connections.
    /// </summary>
    private static async Task<(string[] Residents, string[] Professionals)> SignInAsync(
        ScenarioContext context, Uri baseAddress, CancellationToken cancellationToken)
    {
        var residentClients = SignedInClients.Create(baseAddress, DemoResidents.Length, RequestTimeout);
        var staffClients = SignedInClients.Create(baseAddress, DemoProfessionals.Length, RequestTimeout);
        try
        {
            var residentsTook = await SignedInClients.SignInAllAsync(
                residentClients, 4, (client, i, ct) => SignedInClients.SignInResidentAsync(client, DemoResidents[i], ct), cancellationToken);
            var staffTook = await SignedInClients.SignInAllAsync(
                staffClients, 4, (client, i, ct) => SignedInClients.SignInStaffAsync(client, DemoProfessionals[i], ct), cancellationToken);
            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"{residentClients.Length} demo residents signed in through the test identity provider ({residentsTook.TotalSeconds:0.0} s), "
                + $"{staffClients.Length} demo professionals through the demo staff form ({staffTook.TotalSeconds:0.0} s)"));
            return ([.. residentClients.Select(SignedInClients.CookieHeader)], [.. staffClients.Select(SignedInClients.CookieHeader)]);
        }
        finally
        {
            SignedInClients.DisposeAll(residentClients);
            SignedInClients.DisposeAll(staffClients);
        }
    }

    private static async Task<bool> CheckPagesAsync(
        ScenarioContext context, HttpClient client, IReadOnlyList<KeyPage> pages, ScenarioResult result, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var page in pages)
        {
            var cookies = page.Cookies.Count == 0 ? [null] : page.Cookies.Cast<string?>().ToArray();
            for (var i = 0; i < cookies.Length; i++)
            {
                try
                {
                    var bytes = await PageMix.FetchAsync(client, page, cookies[i], cancellationToken);
                    if (i == 0)
                    {
                        context.Log(string.Create(CultureInfo.InvariantCulture, $"GET {page.Path} ({page.Name}): 200 with its markers, {bytes} characters"));
                    }
                }
                catch (HttpRequestException ex)
                {
                    result.Fail($"before the load, {page.Name} page (user {i + 1} of {cookies.Length}): {ex.Message}");
                    ok = false;
                }
            }
        }

        return ok;
    }

    /// <summary>
    /// The app's CPU per page: after the load (JIT warm), <paramref name="count"/> requests of each page one after the
    /// other, the app process's CPU time over them divided by the count. On two shared cores this, not the wall time,
    /// says how many pages per second the app can serve at best.
    /// </summary>
    private static async Task<double[]> ProbeCpuAsync(
        ScenarioContext context, HttpClient client, PolkuAppProcess app, IReadOnlyList<KeyPage> pages, int count, CancellationToken cancellationToken)
    {
        var perPage = new double[pages.Count];
        if (count == 0)
        {
            return perPage;
        }

        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            var before = app.ProcessorTime;
            for (var i = 0; i < count; i++)
            {
                var cookie = page.Cookies.Count == 0 ? null : page.Cookies[i % page.Cookies.Count];
                await PageMix.FetchAsync(client, page, cookie, cancellationToken);
            }

            perPage[p] = (app.ProcessorTime - before).TotalMilliseconds / count;
        }

        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"app CPU per page ({count} sequential requests each): {string.Join(", ", pages.Select((page, p) => $"{page.Name} {perPage[p]:0.00} ms"))}"));
        return perPage;
    }

    private static void Report(
        ScenarioResult result,
        Settings settings,
        IReadOnlyList<KeyPage> pages,
        LoadResult saturation,
        PageStats saturationPages,
        LoadResult constant,
        PageStats constantPages,
        TimeSpan constantWall,
        Baseline? baseline,
        double cpuPerPage,
        double[] cpuProbe)
    {
        var baselineName = baseline is null ? null : "baseline-minimal-api";
        var target = string.Create(CultureInfo.InvariantCulture, $"<= 100 at {settings.Rate:0.###}/s");
        result.Add(new Metric("pages_per_s", saturation.SucceededPerSecond, "pages/s")
        {
            Baseline = baseline?.RequestsPerSecond,
            BaselineName = baselineName,
            Target = ">= 0.30x baseline",
        });
        if (baseline is not null)
        {
            result.Add(new Metric("baseline_rps", baseline.RequestsPerSecond, "req/s"));
            result.Add(new Metric("ratio", baseline.RequestsPerSecond > 0 ? saturation.SucceededPerSecond / baseline.RequestsPerSecond : 0, "x") { Target = ">= 0.30" });
        }

        result.Add(new Metric("sat_p99_ms", saturation.Latency.P99Milliseconds, "ms") { Baseline = baseline?.SaturationP99, BaselineName = baselineName });
        var completedRate = constantWall > TimeSpan.Zero ? constant.TotalSucceeded / constantWall.TotalSeconds : 0;
        result.Add(new Metric("rate_completed_per_s", completedRate, "pages/s")
        {
            Target = string.Create(CultureInfo.InvariantCulture, $"{settings.Rate:0.###} offered"),
        });
        result.Add(new Metric("p50_ms", constant.Latency.P50Milliseconds, "ms") { Baseline = baseline?.P50, BaselineName = baselineName });
        result.Add(new Metric("p95_ms", constant.Latency.P95Milliseconds, "ms") { Baseline = baseline?.P95, BaselineName = baselineName });
        result.Add(new Metric("p99_ms", constant.Latency.P99Milliseconds, "ms") { Baseline = baseline?.P99, BaselineName = baselineName, Target = target });
        result.Add(new Metric("max_ms", constant.Latency.MaxMilliseconds, "ms") { Baseline = baseline?.Max, BaselineName = baselineName });
        result.Add(new Metric("errors", saturation.Errors + constant.Errors, "requests") { Target = "0" });
        result.Add(new Metric("app_cpu_ms_per_page", cpuPerPage, "ms (saturation, incl. warm-up)"));

        // Per page, at the constant rate: one RESULT line each.
        for (var p = 0; p < pages.Count; p++)
        {
            var page = pages[p];
            var latency = constantPages.Latency(p);
            var figure = "page=" + page.Name;
            result.Add(new Metric(page.Name + "_p50_ms", latency.P50Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric(page.Name + "_p95_ms", latency.P95Milliseconds, "ms") { Figure = figure });
            result.Add(new Metric(page.Name + "_p99_ms", latency.P99Milliseconds, "ms") { Figure = figure, Target = "<= 100" });
            result.Add(new Metric(page.Name + "_max_ms", latency.MaxMilliseconds, "ms") { Figure = figure });
            result.Add(new Metric(page.Name + "_requests", latency.Count, "200s at the constant rate") { Figure = figure });
            if (settings.CpuProbe > 0)
            {
                result.Add(new Metric(page.Name + "_app_cpu_ms", cpuProbe[p], $"ms ({settings.CpuProbe} sequential)") { Figure = figure });
            }

            result.Add(new Metric(page.Name + "_errors", saturationPages.Errors(p) + constantPages.Errors(p), "requests (incl. warm-up)")
            {
                Figure = figure,
                Target = "0",
            });
        }

        LoadNotes.Describe(result, "saturation", saturation);
        LoadNotes.Describe(result, "constant rate", constant);
        result.Note($"pages round-robin: {string.Join(", ", pages.Select(p => $"{p.Name} GET {p.Path}" + (p.Cookies.Count > 0 ? $" ({p.Cookies.Count} signed-in users' cookies in turn)" : " (anonymous)")))}; "
            + $"app {settings.AppConfiguration} build, app pool {settings.Pool}, {settings.Workers} client connections");
        result.Note("per-page latency at the constant rate runs from each request's scheduled send time, as the overall figure does; "
            + "success is 200 with the page's markers (its <h1> and known element ids), anything else is an error");
        if (baseline is not null)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"ratio pages_per_s / baseline rps = {(baseline.RequestsPerSecond > 0 ? saturation.SucceededPerSecond / baseline.RequestsPerSecond : 0):0.00} (target >= 0.30)"));
        }

        if (completedRate < 0.9 * settings.Rate)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"the app did not keep up with {settings.Rate:0.###} req/s (completed {completedRate:0.#}/s): the constant-rate latency is queueing delay, not service time; compare with a --rate below pages_per_s."));
        }
    }

    private sealed record Settings(
        int Workers, double Rate, TimeSpan Warmup, TimeSpan Duration, int Pool, string AppConfiguration, bool Baseline, TimeSpan StartTimeout, int CpuProbe);

    private sealed record Baseline(double RequestsPerSecond, double SaturationP99, double P50, double P95, double P99, double Max);

    /// <summary>One key page: path, the cookies of the users who request it (none: anonymous) and the markers a real answer has.</summary>
    private sealed record KeyPage(string Name, string Path, IReadOnlyList<string> Cookies, params string[] Markers);

    /// <summary>Per-page latency and errors of one load phase.</summary>
    private sealed class PageStats(int pages, double? rate, TimeSpan warmup, TimeSpan duration)
    {
        private readonly LatencyHistogram[] histograms = [.. Enumerable.Range(0, pages).Select(_ => new LatencyHistogram())];
        private readonly long[] errors = new long[pages];
        private long firstSend;

        public LatencySummary Latency(int page) => histograms[page].Summarise();

        public long Errors(int page) => Interlocked.Read(ref errors[page]);

        /// <summary>
        /// The phase starts at its first request. At a constant rate request <paramref name="n"/> is due at
        /// start + n / rate (the generator's own schedule, which calls the request delegate in order), so per-page
        /// latency runs from the due time like the overall figure; warm-up requests are not recorded. In saturation
        /// latency runs from the send and counts when the answer arrives inside the measured window.
        /// </summary>
        public void Record(int page, long n, long sent, long done, bool success)
        {
            var start = Interlocked.Read(ref firstSend);
            var measureStart = start + ToTicks(warmup);
            long from;
            bool measured;
            if (rate is { } r)
            {
                var warmupCount = (long)Math.Round(r * warmup.TotalSeconds);
                var due = start + (long)(n * (Stopwatch.Frequency / r));
                from = Math.Min(due, sent);
                measured = n >= warmupCount;
            }
            else
            {
                from = sent;
                measured = done >= measureStart && done <= measureStart + ToTicks(duration);
            }

            if (!success)
            {
                Interlocked.Increment(ref errors[page]);
            }
            else if (measured)
            {
                histograms[page].RecordStopwatchTicks(done - from);
            }
        }

        /// <summary>Called as each request starts; request 0 is the first the generator sends, and its send time is the phase's start.</summary>
        public void Sending(long n, long sent)
        {
            if (n == 0)
            {
                Interlocked.Exchange(ref firstSend, sent);
            }
        }

        private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>The pages round-robin; signed-in pages take their users' cookies in turn.</summary>
    private sealed class PageMix(IReadOnlyList<KeyPage> pages)
    {
        private readonly Uri[] paths = [.. pages.Select(p => new Uri(p.Path, UriKind.Relative))];
        private long sequence = -1;
        private PageStats? stats;

        /// <summary>Starts a phase: the sequence from 0 and fresh per-page figures.</summary>
        public PageStats Begin(double? rate, TimeSpan warmup, TimeSpan duration)
        {
            var phase = new PageStats(pages.Count, rate, warmup, duration);
            Interlocked.Exchange(ref sequence, -1);
            Volatile.Write(ref stats, phase);
            return phase;
        }

        public LoadRequest Request() => async (client, cancellationToken) =>
        {
            // Taken before the first await: the constant-rate schedule calls the delegate in order, so n is the schedule index.
            var n = Interlocked.Increment(ref sequence);
            var phase = Volatile.Read(ref stats);
            var sent = Stopwatch.GetTimestamp();
            phase?.Sending(n, sent);
            var index = (int)(n % pages.Count);
            var page = pages[index];
            var cookie = page.Cookies.Count == 0 ? null : page.Cookies[(int)(n / pages.Count % page.Cookies.Count)];
            try
            {
                await FetchAsync(client, paths[index], page, cookie, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                phase?.Record(index, n, sent, Stopwatch.GetTimestamp(), success: false);
                throw;
            }

            phase?.Record(index, n, sent, Stopwatch.GetTimestamp(), success: true);
            return RequestOutcome.Success;
        };

        /// <summary>GETs a page as a browser would (HTML accepted, the user's cookies); throws unless 200 with every marker. Returns its length.</summary>
        public static Task<int> FetchAsync(HttpClient client, KeyPage page, string? cookie, CancellationToken cancellationToken) =>
            FetchAsync(client, new Uri(page.Path, UriKind.Relative), page, cookie, cancellationToken);

        private static async Task<int> FetchAsync(HttpClient client, Uri path, KeyPage page, string? cookie, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            if (!string.IsNullOrEmpty(cookie))
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var location = response.Headers.Location is { } l ? " to " + l : "";
                throw new HttpRequestException(
                    $"{page.Name} GET {page.Path}: HTTP {(int)response.StatusCode}{location}: {Excerpt(html)}", null, response.StatusCode);
            }

            foreach (var marker in page.Markers)
            {
                if (!html.Contains(marker, StringComparison.Ordinal))
                {
                    throw new HttpRequestException($"{page.Name} GET {page.Path}: 200 without '{marker}': {Excerpt(html)}");
                }
            }

            return html.Length;
        }

        private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200];
    }
}
