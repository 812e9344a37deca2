using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polku.Bench.Database;
using Polku.Bench.Hosting;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B6 (chat): many concurrent chats over HTTP on the real app (PostgreSQL). The app runs as a child process on a fresh
/// database; the bench starts <c>--chats</c> anonymous sessions (<c>POST /api/chat/sessions</c>), keeps each one's
/// Server-Sent Events stream open (<c>GET /api/chat/sessions/{id}/events</c>) and sends a message in each every
/// <c>--interval</c> seconds, jittered (<c>POST /api/chat/sessions/{id}/messages</c> with a fresh <c>clientId</c>).
/// Each acknowledged message must come back on its session's stream exactly once (sender resident, with its marker),
/// followed by the bot's answer. Midway a share of the streams is dropped and reopened with <c>Last-Event-ID</c>;
/// afterwards every session's stream must hold exactly the messages the app has stored for it.
/// </summary>
public sealed class B6ChatLoad : Scenario
{
    private const string DatabaseName = "polku_bench_b6_chat";
    private const string Municipality = "638";
    private const int ConcurrentPairs = 10;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Questions from the demo FAQ that the bot answers itself (none asks for a person or raises a red flag).</summary>
    private static readonly string[] Questions =
    [
        "Milloin terveysasemat ovat auki?",
        "Miten varaan ajan terveysasemalle?",
        "Miten peruutan varatun ajan?",
        "Miten uusin reseptini?",
        "Milloin ja mistä näen laboratoriotulokseni?",
        "Pitääkö laboratorioon tulla syömättä?",
        "Miten saan influenssarokotteen?",
        "Miten vaihdan terveysasemaa?",
        "Miten teen oirearvion verkossa?",
        "Miten varaan ajan hammaslääkärille?",
    ];

    public override string Name => "b6-chat-load";

    public override string Description =>
        "Chat over HTTP (real app, PostgreSQL): --chats 1,000 sessions, each with its SSE stream open and a message every --interval 3 s; messages/s, send, echo and bot-answer latency; streams dropped midway resume with Last-Event-ID; a lost or duplicated message fails the run.";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        context.PostgresConnectionString is null ? PostgresSettings.MissingMessage : null;

    public override async Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var settings = new Settings(
            Chats: options.WholeNumber("chats", 1000),
            Interval: options.Seconds("interval", 3),
            Warmup: options.Seconds("warmup", 5),
            Duration: options.Seconds("duration", 30),
            Drop: options.Number("drop", 0.1, minimum: 0),
            ReconnectDelay: options.Seconds("reconnect-after", 1),
            Connections: options.WholeNumber("connections", 256),
            ConnectParallel: options.WholeNumber("connect-parallel", 100),
            Pool: options.WholeNumber("pool", 32),
            AppConfiguration: options.Choice("app-config", PolkuAppProcess.BenchConfiguration, ["Release", "Debug"]),
            StartTimeout: options.Seconds("timeout", 180));
        if (settings.Interval <= TimeSpan.Zero || settings.Drop > 1)
        {
            throw new FormatException("--interval must be above 0 and --drop between 0 and 1.");
        }

        var result = new ScenarioResult(Name);
        await using var fresh = await FreshPolkuApp.StartAsync(
            context.RepositoryRoot, context.PostgresConnectionString!, DatabaseName, settings.AppConfiguration, settings.Pool, settings.StartTimeout, context.Log, cancellationToken);
        var app = fresh.App;
        using var poster = CreateClient(app.BaseAddress, settings.Connections, RequestTimeout);
        using var streamer = CreateClient(app.BaseAddress, int.MaxValue, Timeout.InfiniteTimeSpan);

        // Correctness before load: the same clientId twice, one after the other and at once, is one message.
        await CheckIdempotencyAsync(context, poster, result, cancellationToken);

        var stats = new ChatLoadStats();
        var startWatch = Stopwatch.StartNew();
        var sessions = await StartSessionsAsync(poster, settings.Chats, stats, cancellationToken);
        var startTook = startWatch.Elapsed;
        context.Log(string.Create(CultureInfo.InvariantCulture, $"{sessions.Length} chats started with POST /api/chat/sessions ({startTook.TotalSeconds:0.0} s)"));

        using var stopStreams = new CancellationTokenSource();
        var streams = new List<Task>(sessions.Length);
        var connectWatch = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(settings.ConnectParallel))
        {
            var opening = new List<Task>(sessions.Length);
            foreach (var session in sessions)
            {
                await gate.WaitAsync(cancellationToken);
                streams.Add(Task.Run(() => session.RunStreamAsync(streamer, settings.ReconnectDelay, stopStreams.Token), CancellationToken.None));
                opening.Add(ReleaseWhenConnectedAsync(session, gate));
            }

            await Task.WhenAll(opening);
        }

        var connectTook = connectWatch.Elapsed;
        context.Log(string.Create(CultureInfo.InvariantCulture, $"{sessions.Length} streams open ({connectTook.TotalSeconds:0.0} s)"));

        var idle = ProcessMemory.Of(app.ProcessId);
        var loadBefore = LoadAverage.Read();
        var cpuBefore = app.ProcessorTime;
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"load: a message every {settings.Interval.TotalSeconds:0.###} s (jittered 0.5-1.5x) in each chat, {settings.Warmup.TotalSeconds} s warm-up + {settings.Duration.TotalSeconds} s; "
            + $"{settings.Drop:P0} of the streams dropped at half time and reopened after {settings.ReconnectDelay.TotalSeconds:0.###} s with Last-Event-ID"));
        var run = await LoadAsync(context, app, poster, sessions, settings, cancellationToken);
        var cpu = app.ProcessorTime - cpuBefore;
        var loadAfter = LoadAverage.Read();

        // Everything acknowledged should now arrive: wait for the echoes and the bot's answers (bounded).
        var settleWatch = Stopwatch.StartNew();
        while (settleWatch.Elapsed < TimeSpan.FromSeconds(20) && sessions.Any(s => s.Outstanding > 0))
        {
            await Task.Delay(100, cancellationToken);
        }

        var check = await VerifyAsync(poster, sessions, run, cancellationToken);
        await stopStreams.CancelAsync();
        await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Report(result, settings, run, check, stats, startTook, connectTook, cpu, idle, ProcessMemory.Of(app.ProcessId));
        result.Note($"load average before / after the load: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores; app, PostgreSQL and the load generator on the same box)");
        if (app.HasExited)
        {
            result.Fail("Polku.Web exited during the run: " + app.Output);
        }

        return result;

        static async Task ReleaseWhenConnectedAsync(ChatSessionClient session, SemaphoreSlim gate)
        {
            try
            {
                await session.Connected.WaitAsync(RequestTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // Counted as a stream error by the session itself when the request fails; the load goes on.
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static HttpClient CreateClient(Uri baseAddress, int connections, TimeSpan timeout)
    {
        LoopbackGuard.EnsureLoopback(baseAddress);
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = timeout };
        // As a browser does: the chat page is Polku's own origin.
        client.DefaultRequestHeaders.Add("Origin", baseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    private static async Task<(Guid SessionId, string Token)> StartSessionAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(
            new Uri("api/chat/sessions", UriKind.Relative), new { language = "fi", municipality = Municipality }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/chat/sessions gave {(int)response.StatusCode}: {Excerpt(body)}");
        }

        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("sessionId").GetGuid(), json.RootElement.GetProperty("token").GetString()!);
    }

    private static async Task<ChatSessionClient[]> StartSessionsAsync(HttpClient client, int count, ChatLoadStats stats, CancellationToken cancellationToken)
    {
        var sessions = new ChatSessionClient[count];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var (id, token) = await StartSessionAsync(client, cancellationToken);
                sessions[i] = new ChatSessionClient(i, id, token, stats);
            }
            finally
            {
                gate.Release();
            }
        }));
        return sessions;
    }

    /// <summary>One message; a transport failure or timeout is retried once with the same clientId (the API makes that idempotent).</summary>
    private static async Task<(int? Id, string? Error)> PostMessageAsync(
        HttpClient client, Guid sessionId, string token, string text, string clientId, CancellationToken cancellationToken)
    {
        var uri = new Uri($"api/chat/sessions/{sessionId:D}/messages", UriKind.Relative);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(new { text, clientId }) };
                request.Headers.Add("X-Chat-Token", token);
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return (null, $"HTTP {(int)response.StatusCode}: {Excerpt(body)}");
                }

                using var json = JsonDocument.Parse(body);
                return (json.RootElement.GetProperty("id").GetInt32(), null);
            }
            catch (Exception ex) when (attempt == 1 && !cancellationToken.IsCancellationRequested
                && ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // Retried once with the same clientId.
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or IOException)
            {
                return (null, ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    /// <summary>Every message of a session in order, through <c>GET /messages?after=</c> pages.</summary>
    private static async Task<List<(int Id, string Sender, string Text)>> MessagesAsync(
        HttpClient client, Guid sessionId, string token, CancellationToken cancellationToken)
    {
        var all = new List<(int Id, string Sender, string Text)>();
        var after = 0;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/chat/sessions/{sessionId:D}/messages?after={after}", UriKind.Relative));
            request.Headers.Add("X-Chat-Token", token);
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /api/chat/sessions/{sessionId:D}/messages gave {(int)response.StatusCode}: {Excerpt(body)}");
            }

            using var json = JsonDocument.Parse(body);
            var page = json.RootElement.GetProperty("messages");
            if (page.GetArrayLength() == 0)
            {
                return all;
            }

            foreach (var m in page.EnumerateArray())
            {
                all.Add((m.GetProperty("id").GetInt32(), m.GetProperty("sender").GetString() ?? "", m.GetProperty("text").GetString() ?? ""));
            }

            after = all[^1].Id;
        }
    }

    /// <summary>
    /// The same clientId twice must be one message with one id: once one after the other, then <see cref="ConcurrentPairs"/>
    /// times two at once (a retry racing its first attempt). Each clientId must leave exactly one stored message.
    /// </summary>
    private static async Task CheckIdempotencyAsync(ScenarioContext context, HttpClient client, ScenarioResult result, CancellationToken cancellationToken)
    {
        var (sessionId, token) = await StartSessionAsync(client, cancellationToken);
        string Text(string clientId) => Questions[0] + " (viite " + clientId[..12] + ")";
        var failures = new List<string>();
        var clientIds = new List<string>();

        var one = Guid.NewGuid().ToString("N");
        clientIds.Add(one);
        var first = await PostMessageAsync(client, sessionId, token, Text(one), one, cancellationToken);
        var again = await PostMessageAsync(client, sessionId, token, Text(one), one, cancellationToken);
        if (first.Id is null || first.Id != again.Id)
        {
            failures.Add($"one after the other: {Answer(first)} and {Answer(again)}");
        }

        var concurrentFailures = 0;
        for (var pair = 0; pair < ConcurrentPairs; pair++)
        {
            var clientId = Guid.NewGuid().ToString("N");
            clientIds.Add(clientId);
            var together = await Task.WhenAll(
                PostMessageAsync(client, sessionId, token, Text(clientId), clientId, cancellationToken),
                PostMessageAsync(client, sessionId, token, Text(clientId), clientId, cancellationToken));
            if (together[0].Id is null || together[0].Id != together[1].Id)
            {
                concurrentFailures++;
                if (concurrentFailures <= 2)
                {
                    failures.Add($"at once: {Answer(together[0])} and {Answer(together[1])}");
                }
            }
        }

        var messages = await MessagesAsync(client, sessionId, token, cancellationToken);
        var notOne = clientIds.Count(id => messages.Count(m => m.Sender == "resident" && m.Text.Contains(id[..12], StringComparison.Ordinal)) != 1);
        if (notOne > 0)
        {
            result.Fail($"{notOne} of {clientIds.Count} clientIds sent twice do not have exactly one stored message.");
        }

        if (failures.Count > 0)
        {
            result.Fail($"the same clientId twice must answer 201 with the same id; it did not {(first.Id is not null && first.Id == again.Id ? 0 : 1)} of 1 time one after the other "
                + $"and {concurrentFailures} of {ConcurrentPairs} times at once: {string.Join("; ", failures)}");
        }
        else if (notOne == 0)
        {
            context.Log($"idempotency: the same clientId twice (once one after the other, {ConcurrentPairs} times at once) gave one message with one id each");
        }

        static string Answer((int? Id, string? Error) answer) =>
            answer.Id is { } id ? "201 id " + id.ToString(CultureInfo.InvariantCulture) : answer.Error ?? "no answer";
    }

    private static async Task<LoadRun> LoadAsync(
        ScenarioContext context, PolkuAppProcess app, HttpClient poster, ChatSessionClient[] sessions, Settings settings, CancellationToken cancellationToken)
    {
        var send = new LatencyHistogram();
        var counters = new OutcomeCounters();
        var acknowledged = sessions.Select(_ => new List<int>()).ToArray();
        long measuredAcks = 0;
        long late = 0;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + Ticks(settings.Warmup);
        var end = measureStart + Ticks(settings.Duration);
        var intervalTicks = Ticks(settings.Interval);
        var peakRss = 0.0;

        async Task SessionAsync(ChatSessionClient session)
        {
            var due = start + (long)(Random.Shared.NextDouble() * intervalTicks);
            while (true)
            {
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), cancellationToken);
                }

                var started = Stopwatch.GetTimestamp();
                if (started >= end)
                {
                    return;
                }

                var measured = started >= measureStart;
                var clientId = Guid.NewGuid().ToString("N");
                var marker = "viite " + clientId[..12];
                var text = Questions[Random.Shared.Next(Questions.Length)] + " (" + marker + ")";
                var stream = session.Stream;
                var (id, error) = await PostMessageAsync(poster, session.SessionId, session.Token, text, clientId, cancellationToken);
                var done = Stopwatch.GetTimestamp();
                if (id is { } ok)
                {
                    lock (acknowledged[session.Index])
                    {
                        acknowledged[session.Index].Add(ok);
                    }

                    session.Acknowledged(new ChatSent(ok, started, stream, marker, measured));
                    counters.Add(RequestOutcome.Success);
                    if (measured && done <= end)
                    {
                        Interlocked.Increment(ref measuredAcks);
                        send.RecordStopwatchTicks(done - started);
                    }
                }
                else
                {
                    counters.Add(RequestOutcome.Error);
                    counters.AddErrorSample(error ?? "no id");
                }

                due += (long)((0.5 + Random.Shared.NextDouble()) * intervalTicks);
                if (due < done)
                {
                    Interlocked.Increment(ref late);
                    due = done;
                }
            }
        }

        async Task DropAsync()
        {
            var at = measureStart + (Ticks(settings.Duration) / 2);
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, at - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency), cancellationToken);
            var count = (int)Math.Round(sessions.Length * settings.Drop);
            for (var i = 0; i < count; i++)
            {
                // Spread over the sessions: every (1 / drop)-th one.
                sessions[(int)((long)i * sessions.Length / count)].Drop();
            }

            context.Log(string.Create(CultureInfo.InvariantCulture, $"dropped {count} streams; they reopen with Last-Event-ID after {settings.ReconnectDelay.TotalSeconds:0.###} s"));
        }

        async Task SampleMemoryAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                peakRss = Math.Max(peakRss, ProcessMemory.Of(app.ProcessId).RssMegabytes);
                try
                {
                    await Task.Delay(1000, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        using var sampling = new CancellationTokenSource();
        var sampler = SampleMemoryAsync(sampling.Token);
        var dropper = settings.Drop > 0 ? DropAsync() : Task.CompletedTask;
        await Task.WhenAll(sessions.Select(s => Task.Run(() => SessionAsync(s), CancellationToken.None)));
        await dropper;
        await sampling.CancelAsync();
        await sampler;
        var elapsed = Stopwatch.GetElapsedTime(measureStart, Math.Max(measureStart, Math.Min(Stopwatch.GetTimestamp(), end)));
        var dropped = settings.Drop > 0 ? (int)Math.Round(sessions.Length * settings.Drop) : 0;
        var droppedSessions = new HashSet<int>(Enumerable.Range(0, dropped).Select(i => (int)((long)i * sessions.Length / dropped)));
        return new LoadRun(send.Summarise(), Interlocked.Read(ref measuredAcks), elapsed, counters.Succeeded, counters.Errors, [.. counters.ErrorSamples],
            Interlocked.Read(ref late), acknowledged, droppedSessions, peakRss);
    }

    private static async Task<Check> VerifyAsync(HttpClient client, ChatSessionClient[] sessions, LoadRun run, CancellationToken cancellationToken)
    {
        long lost = 0, lostAfterResume = 0, unknown = 0, ackedNotStored = 0, wrongSender = 0, stored = 0, noBotAnswer = 0;
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(sessions.Select(async session =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var messages = await MessagesAsync(client, session.SessionId, session.Token, cancellationToken);
                // Stragglers: what the database has and the stream has not shown yet gets a last few seconds.
                var deadline = Stopwatch.GetTimestamp() + Ticks(TimeSpan.FromSeconds(5));
                while (messages.Any(m => !session.Received().ContainsKey(m.Id)) && Stopwatch.GetTimestamp() < deadline)
                {
                    await Task.Delay(200, cancellationToken);
                }

                var received = session.Received();
                var storedIds = messages.Select(m => m.Id).ToHashSet();
                var missing = messages.Count(m => !received.ContainsKey(m.Id));
                Interlocked.Add(ref stored, messages.Count);
                Interlocked.Add(ref lost, missing);
                if (run.Dropped.Contains(session.Index))
                {
                    Interlocked.Add(ref lostAfterResume, missing);
                }

                Interlocked.Add(ref unknown, received.Keys.Count(id => !storedIds.Contains(id)));
                Interlocked.Add(ref wrongSender, messages.Count(m => received.TryGetValue(m.Id, out var r) && r.Sender != m.Sender));
                Interlocked.Add(ref noBotAnswer, session.AwaitingBot);
                int[] acked;
                lock (run.Acknowledged[session.Index])
                {
                    acked = [.. run.Acknowledged[session.Index]];
                }

                Interlocked.Add(ref ackedNotStored, acked.Count(id => !storedIds.Contains(id)));
            }
            finally
            {
                gate.Release();
            }
        }));
        return new Check(stored, lost, lostAfterResume, unknown, ackedNotStored, wrongSender, noBotAnswer);
    }

    private static void Report(
        ScenarioResult result, Settings settings, LoadRun run, Check check, ChatLoadStats stats, TimeSpan startTook, TimeSpan connectTook, TimeSpan cpu,
        ProcessMemory idle, ProcessMemory end)
    {
        var offered = settings.Chats / settings.Interval.TotalSeconds;
        var rate = run.Elapsed > TimeSpan.Zero ? run.MeasuredAcknowledged / run.Elapsed.TotalSeconds : 0;
        var echo = stats.Echo.Summarise();
        var bot = stats.Bot.Summarise();
        result.Add(new Metric("messages_per_s", rate, "acknowledged/s")
        {
            Target = string.Create(CultureInfo.InvariantCulture, $"{offered:0.#} offered"),
        });
        result.Add(new Metric("send_p50_ms", run.Send.P50Milliseconds, "ms (POST to 201)"));
        result.Add(new Metric("send_p99_ms", run.Send.P99Milliseconds, "ms"));
        result.Add(new Metric("echo_p50_ms", echo.P50Milliseconds, "ms (send start to the echo on the stream)"));
        result.Add(new Metric("echo_p99_ms", echo.P99Milliseconds, "ms") { Target = "<= 250 (as B6)" });
        result.Add(new Metric("echo_max_ms", echo.MaxMilliseconds, "ms"));
        result.Add(new Metric("bot_answer_p50_ms", bot.P50Milliseconds, "ms (send start to the bot's answer on the stream)"));
        result.Add(new Metric("bot_answer_p99_ms", bot.P99Milliseconds, "ms"));
        result.Add(new Metric("lost", check.Lost, "messages stored but never on the stream") { Target = "0" });
        result.Add(new Metric("lost_after_resume", check.LostAfterResume, "of those, in the dropped and resumed sessions") { Target = "0" });
        result.Add(new Metric("duplicated", stats.Duplicated, "messages twice on one session's stream") { Target = "0" });
        result.Add(new Metric("acked_not_stored", check.AcknowledgedNotStored, "201s whose id the session does not have") { Target = "0" });
        result.Add(new Metric("wrong_echo", stats.WrongEcho + check.WrongSender + stats.MismatchedIds + check.Unknown, "frames not matching the stored message") { Target = "0" });
        result.Add(new Metric("errors", run.Errors + stats.StreamErrors, "failed sends + streams that broke") { Target = "0" });
        result.Add(new Metric("no_bot_answer", check.NoBotAnswer, "acknowledged messages without a bot answer on the stream"));
        result.Add(new Metric("late_sends", run.Late, "sends that started later than their jittered slot"));
        result.Add(new Metric("chats", settings.Chats, "sessions"));
        result.Add(new Metric("messages_stored", check.Stored, "messages (greetings, residents', bot's)"));
        result.Add(new Metric("reconnected", stats.Reconnects, "streams reopened with Last-Event-ID"));
        result.Add(new Metric("app_rss_mb", Math.Max(run.PeakRssMegabytes, end.RssMegabytes), "MB (VmRSS, highest sample during the load)"));
        // The kernel updates VmHWM lazily, so the current RSS can be a little above it: the peak is the larger.
        result.Add(new Metric("app_hwm_mb", Math.Max(end.PeakRssMegabytes, Math.Max(run.PeakRssMegabytes, end.RssMegabytes)), "MB (VmHWM, peak since start)"));
        result.Add(new Metric("app_idle_rss_mb", idle.RssMegabytes, "MB (streams open, before the load)"));
        if (run.Sent + run.Errors > 0)
        {
            result.Add(new Metric("app_cpu_ms_per_message", cpu.TotalMilliseconds / (run.Sent + run.Errors), "ms (incl. warm-up, streams and bot)"));
        }

        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Chats} anonymous chats (municipality {Municipality}, fi) started in {startTook.TotalSeconds:0.0} s, their streams open in {connectTook.TotalSeconds:0.0} s; "
            + $"a message every {settings.Interval.TotalSeconds:0.###} s per chat jittered 0.5-1.5x ({offered:0.#}/s offered), {settings.Warmup.TotalSeconds} s warm-up + {settings.Duration.TotalSeconds} s measured; "
            + $"{run.Sent} acknowledged in all, {run.MeasuredAcknowledged} in the measured window; POSTs over {settings.Connections} connections, one stream connection per chat"));
        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"{run.Dropped.Count} streams ({settings.Drop:P0}) dropped at half time and reopened after {settings.ReconnectDelay.TotalSeconds:0.###} s with Last-Event-ID; "
            + $"echo and bot latency count only messages whose answer came on the stream that was open when they were sent"));
        result.Note("checks: every stored message of every chat (GET /messages?after=) once on its stream, every 201 id stored, the echo is the resident's message "
            + "with its marker, SSE id = data id; before the load the same clientId twice (once one after the other, 10 times at once) must answer 201 with one id and leave one message");
        foreach (var sample in run.ErrorSamples)
        {
            result.Note("error sample: " + sample);
        }

        if (check.Lost > 0)
        {
            result.Fail($"{check.Lost} stored messages never reached their session's stream ({check.LostAfterResume} in resumed sessions).");
        }

        if (stats.Duplicated > 0)
        {
            result.Fail($"{stats.Duplicated} messages arrived twice on one session's stream.");
        }

        if (check.AcknowledgedNotStored > 0)
        {
            result.Fail($"{check.AcknowledgedNotStored} acknowledged messages are not among their session's messages.");
        }

        if (stats.WrongEcho + check.WrongSender + stats.MismatchedIds + check.Unknown > 0)
        {
            result.Fail($"frames that do not match the stored messages: {stats.WrongEcho} wrong echoes, {check.WrongSender} wrong senders, "
                + $"{stats.MismatchedIds} SSE ids different from the data's, {check.Unknown} ids the session does not have.");
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200];

    private sealed record Settings(
        int Chats, TimeSpan Interval, TimeSpan Warmup, TimeSpan Duration, double Drop, TimeSpan ReconnectDelay, int Connections, int ConnectParallel,
        int Pool, string AppConfiguration, TimeSpan StartTimeout);

    private sealed record LoadRun(
        LatencySummary Send,
        long MeasuredAcknowledged,
        TimeSpan Elapsed,
        long Sent,
        long Errors,
        string[] ErrorSamples,
        long Late,
        List<int>[] Acknowledged,
        HashSet<int> Dropped,
        double PeakRssMegabytes);

    private sealed record Check(long Stored, long Lost, long LostAfterResume, long Unknown, long AcknowledgedNotStored, long WrongSender, long NoBotAnswer);
}
