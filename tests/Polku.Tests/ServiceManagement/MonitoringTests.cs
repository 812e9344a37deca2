using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Monitoring;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06 "Monitoring and events": probes taken with a lease run once across nodes; consecutive failures
/// open an outage, recovery closes it and a failure within five minutes reopens it; an outage of a tier M or L service
/// opens one incident and drafts one disruption notice; Polku's own signals are raised once and cleared.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class MonitoringTests
{
    /// <summary>Tuesday 10 March 2026, 10:00 in Helsinki.</summary>
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The demo catalogue's probed services: Polku's six modules and the two external stand-ins.</summary>
    private const int ProbedServices = 8;

    /// <summary>A probe the test scripts: every service is up unless switched down; counts the probes per service.</summary>
    private sealed class ScriptedProbe : IHealthProbe
    {
        public ConcurrentDictionary<string, bool> Down { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Calls { get; } = new();

        public TimeSpan Delay { get; init; }

        public async Task<ProbeOutcome> ProbeAsync(SmService service, CancellationToken cancellationToken)
        {
            Calls.Enqueue(service.Id);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            return Down.ContainsKey(service.Id) ? new ProbeOutcome(false, 503, 4, "HTTP 503") : new ProbeOutcome(true, 200, 4, null);
        }
    }

    private sealed class DelegatingProbe(Func<SmService, CancellationToken, Task<ProbeOutcome>> probe) : IHealthProbe
    {
        public Task<ProbeOutcome> ProbeAsync(SmService service, CancellationToken cancellationToken) => probe(service, cancellationToken);
    }

    private sealed class FakePing : IDatabasePing
    {
        public TimeSpan Elapsed { get; set; } = TimeSpan.FromMilliseconds(1);

        public Task<TimeSpan> PingAsync(CancellationToken cancellationToken) => Task.FromResult(Elapsed);
    }

    private sealed class HandlerClients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    /// <summary>Never answers: the request waits until it is cancelled.</summary>
    private sealed class SilentHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private static PolkuAppFactory App(string engine, ManualTimeProvider time) => new(engine) { Time = time };

    private static async Task<int> RoundAsync(PolkuAppFactory app, IHealthProbe probe)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<Prober>(scope.ServiceProvider, probe).RunRoundAsync(CancellationToken.None);
    }

    private static async Task<T> ReadAsync<T>(PolkuAppFactory app, Func<PolkuDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PolkuDb>());
    }

    private static DateTime At(int minutes) => Start.UtcDateTime.AddMinutes(minutes);

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Down_for_12_minutes_up_for_3_and_down_again_is_one_outage_with_one_incident_and_one_drafted_notice(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        var probe = new ScriptedProbe();

        // Minute 0: everything answers. Omaolo (tier L, two failures open an outage) fails at minutes 1–12.
        Assert.Equal(ProbedServices, await RoundAsync(app, probe));
        probe.Down["omaolo"] = true;
        for (var minute = 1; minute <= 12; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(ProbedServices, await RoundAsync(app, probe));
            var open = await ReadAsync(app, db => db.Set<Outage>().Where(o => o.ServiceId == "omaolo").ToListAsync());
            // One failure is not an outage yet; the second opens it, starting at the first failed probe.
            Assert.Equal(minute == 1 ? 0 : 1, open.Count);
            if (minute >= 2)
            {
                Assert.Equal((At(1), (DateTime?)null), (open[0].StartUtc, open[0].EndUtc));
            }
        }

        // Minute 13: back up; the first success closes the outage at its own time. Up for 3 minutes (13, 14, 15).
        probe.Down.TryRemove("omaolo", out _);
        for (var minute = 13; minute <= 15; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await RoundAsync(app, probe);
        }

        var closed = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "omaolo"));
        Assert.Equal(At(13), closed.EndUtc);

        // Down again at minutes 16–20: three minutes after the end, so the same outage reopens; back up at 21.
        probe.Down["omaolo"] = true;
        for (var minute = 16; minute <= 21; minute++)
        {
            if (minute == 21)
            {
                probe.Down.TryRemove("omaolo", out _);
            }

            time.Advance(TimeSpan.FromMinutes(1));
            await RoundAsync(app, probe);
            if (minute == 17)
            {
                var reopened = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "omaolo"));
                Assert.Null(reopened.EndUtc);
            }
        }

        var outage = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "omaolo"));
        Assert.Equal((At(1), At(21), "probe"), (outage.StartUtc, outage.EndUtc!.Value, outage.Source));

        var incidents = await ReadAsync(app, db => db.Set<Ticket>().Where(t => t.ServiceId == "omaolo").ToListAsync());
        var incident = Assert.Single(incidents);
        Assert.Matches("^INC-[0-9]{6}$", incident.Number);
        Assert.Equal(("incident", "new", "line1", "monitoring"), (incident.Kind, incident.Status, incident.AssigneeGroup, incident.ReporterName));
        Assert.Equal(("wide", "critical", "P1", "P1"), (incident.Impact, incident.Urgency, incident.MatrixPriority, incident.Priority));
        Assert.Equal(outage.Id, incident.OutageId);
        Assert.Equal(incident.Id, outage.IncidentId);
        Assert.Equal(At(2), incident.OpenedUtc);
        var entry = await ReadAsync(app, db => db.Set<TicketEntry>().SingleAsync(e => e.TicketId == incident.Id));
        Assert.Equal("created", entry.Kind);

        var notices = await ReadAsync(app, db => db.Set<Notice>().ToListAsync());
        var notice = Assert.Single(notices);
        Assert.Equal(("disruption", "draft", "omaolo", incident.Id, At(1)), (notice.Kind, notice.State, notice.ServiceId!, notice.IncidentId!.Value, notice.StartsUtc));
        var service = await ReadAsync(app, db => db.Set<SmService>().SingleAsync(s => s.Id == "omaolo"));
        Assert.Contains(service.NameFi, notice.TitleFi + notice.BodyFi, StringComparison.Ordinal);
        Assert.Contains(service.NameSv, notice.TitleSv, StringComparison.Ordinal);
        Assert.Contains(service.NameEn, notice.TitleEn, StringComparison.Ordinal);
        Assert.Contains(service.NameEn, notice.BodyEn, StringComparison.Ordinal);
        Assert.NotEqual(notice.TitleFi, notice.TitleEn);

        var kinds = await ReadAsync(app, db => db.Set<MonitoringEvent>().Where(e => e.ServiceId == "omaolo").OrderBy(e => e.AtUtc).Select(e => e.Kind).ToListAsync());
        Assert.Equal(["outage-opened", "outage-closed", "outage-reopened", "outage-closed"], kinds);

        // Every probe was stored: 22 rounds of the eight services.
        Assert.Equal(22 * ProbedServices, await ReadAsync(app, db => db.Set<ProbeResult>().CountAsync()));
        Assert.Equal(17, await ReadAsync(app, db => db.Set<ProbeResult>().CountAsync(r => r.ServiceId == "omaolo" && !r.Ok)));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_outage_of_a_tier_S_service_opens_no_incident_and_an_outage_later_than_the_gap_is_a_new_one(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        var probe = new ScriptedProbe();
        // polku-tower is tier S (best effort): minutes 0–1 down, 2 up, 3–8 up, 9–10 down (7 minutes after the end), 11 up.
        foreach (var (minute, down) in new[] { (0, true), (1, true), (2, false), (8, false), (9, true), (10, true), (11, false) })
        {
            time.Advance(TimeSpan.FromMinutes(minute) - (time.GetUtcNow() - Start));
            probe.Down.Clear();
            if (down)
            {
                probe.Down["polku-tower"] = true;
            }

            await RoundAsync(app, probe);
        }

        var outages = await ReadAsync(app, db => db.Set<Outage>().Where(o => o.ServiceId == "polku-tower").OrderBy(o => o.StartUtc).ToListAsync());
        Assert.Equal([(At(0), At(2)), (At(9), At(11))], outages.Select(o => (o.StartUtc, o.EndUtc!.Value)));
        Assert.All(outages, o => Assert.Null(o.IncidentId));
        Assert.Equal(0, await ReadAsync(app, db => db.Set<Ticket>().CountAsync(t => t.OutageId != null)));
        Assert.Equal(0, await ReadAsync(app, db => db.Set<Notice>().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Two_concurrent_rounds_probe_each_due_service_once(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        for (var round = 0; round < 3; round++)
        {
            var probe = new ScriptedProbe { Delay = TimeSpan.FromMilliseconds(20) };
            var counts = await Task.WhenAll(Task.Run(() => RoundAsync(app, probe)), Task.Run(() => RoundAsync(app, probe)));
            Assert.Equal(ProbedServices, counts.Sum());
            Assert.Equal(ProbedServices, probe.Calls.Count);
            Assert.Equal(ProbedServices, probe.Calls.Distinct().Count());

            // Nothing is due again until the interval has passed.
            Assert.Equal(0, await RoundAsync(app, probe));
            time.Advance(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(3 * ProbedServices, await ReadAsync(app, db => db.Set<ProbeResult>().CountAsync()));
        Assert.All(await ReadAsync(app, db => db.Set<ProbeSchedule>().ToListAsync()), s => Assert.Null(s.LeasedUntilUtc));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_time_out_counts_as_a_failure(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        await ReadAsync(app, db => db.Set<SmService>().Where(s => s.Id == "video")
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ProbeTimeoutSeconds, 1).SetProperty(s => s.FailuresToOpen, 1)));
        using var silent = new SilentHandler();
        var self = new SelfAddress(Options.Create(new MonitoringOptions { SelfBaseUrl = "http://localhost" }), app.Server);
        var http = new HttpHealthProbe(new HandlerClients(silent), self);
        var up = new ScriptedProbe();
        var probe = new DelegatingProbe((s, ct) => s.Id == "video" ? http.ProbeAsync(s, ct) : up.ProbeAsync(s, ct));

        await RoundAsync(app, probe);

        var result = await ReadAsync(app, db => db.Set<ProbeResult>().SingleAsync(r => r.ServiceId == "video"));
        Assert.False(result.Ok);
        Assert.Equal("timeout", result.Error);
        Assert.Null(result.StatusCode);
        var outage = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "video"));
        Assert.Equal((At(0), (DateTime?)null), (outage.StartUtc, outage.EndUtc));
        // Video is tier M: the time-out outage opened its incident.
        Assert.NotNull(outage.IncidentId);
    }

    [Fact]
    public async Task The_stand_in_answers_up_until_the_service_desk_switches_it_down_on_the_monitoring_page()
    {
        await using var app = new PolkuAppFactory();
        var self = new SelfAddress(Options.Create(new MonitoringOptions { SelfBaseUrl = PolkuAppFactory.PublicBaseUrl }), app.Server);
        using var handler = app.Server.CreateHandler();
        var http = new HttpHealthProbe(new HandlerClients(handler), self);
        var omaolo = await ReadAsync(app, db => db.Set<SmService>().SingleAsync(s => s.Id == "omaolo"));
        Assert.Equal("/dev/stand-ins/omaolo/health", omaolo.HealthUrl);

        var up = await http.ProbeAsync(omaolo, CancellationToken.None);
        Assert.Equal((true, (int?)200), (up.Ok, up.StatusCode));

        var desk = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(desk, "tukipalvelu");
        var (html, token) = await SignIn.GetFormAsync(desk, "/service/monitoring");
        Assert.Contains("name=\"standIn\" value=\"omaolo\"", html, StringComparison.Ordinal);
        using (var switched = await SignIn.PostFormAsync(desk, "/service/monitoring?handler=StandIn", token, [new("standIn", "omaolo"), new("down", "true")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        }

        var down = await http.ProbeAsync(omaolo, CancellationToken.None);
        Assert.Equal((false, (int?)503), (down.Ok, down.StatusCode));

        // An unknown stand-in is not found; nothing else is switched.
        using var unknown = await SignIn.PostFormAsync(desk, "/service/monitoring?handler=StandIn", token, [new("standIn", "nothing"), new("down", "true")]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_stand_in_is_not_mapped_outside_Development()
    {
        await using var app = new PolkuAppFactory
        {
            EnvironmentName = Environments.Production,
            Settings = new Dictionary<string, string?>
            {
                ["Identity:TestProvider:Enabled"] = "false",
                ["Identity:DemoStaffLogin:Enabled"] = "false",
                ["Pseudonyms:Key"] = "a-long-random-secret-for-this-test-only-0123456789",
                ["Database:SeedDemoData"] = "false",
                ["AllowedHosts"] = "polku.example.fi",
                ["Site:PublicBaseUrl"] = "https://polku.example.fi",
                ["Outbox:Email:Mode"] = "Pickup",
                ["Outbox:Sms:Mode"] = "Pickup",
            },
        };
        var patterns = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "").ToList();
        Assert.Contains(patterns, p => p.Contains("service-management/monitoring", StringComparison.Ordinal));
        Assert.DoesNotContain(patterns, p => p.Contains("stand-ins", StringComparison.Ordinal));
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://polku.example.fi"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri("/dev/stand-ins/omaolo/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Polkus_own_signals_are_raised_once_while_they_last_and_cleared_when_they_end(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        var ping = new FakePing();

        async Task<List<string>> CheckAsync()
        {
            time.Advance(TimeSpan.FromSeconds(15));
            await using var scope = app.Services.CreateAsyncScope();
            var written = await ActivatorUtilities.CreateInstance<SignalWatcher>(scope.ServiceProvider, ping).CheckAsync(CancellationToken.None);
            return [.. written.Select(e => e.Kind)];
        }

        Assert.Empty(await CheckAsync());

        // A slow database: raised once, not again while it lasts, cleared when it answers fast again.
        ping.Elapsed = TimeSpan.FromSeconds(2);
        Assert.Equal(["database-slow"], await CheckAsync());
        Assert.Empty(await CheckAsync());
        ping.Elapsed = TimeSpan.FromMilliseconds(3);
        Assert.Equal(["database-slow-cleared"], await CheckAsync());
        Assert.Empty(await CheckAsync());

        // An outbox message waiting for 20 minutes is a backlog (threshold 15); a dead letter is a failing delivery.
        var waiting = Guid.NewGuid();
        var dead = Guid.NewGuid();
        await ReadAsync(app, async db =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.Set<OutboxMessage>().AddRange(
                new OutboxMessage { Id = waiting, CreatedUtc = now.AddMinutes(-20), Channel = OutboxChannel.Sms, Recipient = "+358401234567", Body = "Muistutus", DedupeKey = "t:1", Status = OutboxStatus.Pending, NextAttemptUtc = now.AddMinutes(5) },
                new OutboxMessage { Id = dead, CreatedUtc = now.AddMinutes(-1), Channel = OutboxChannel.Email, Recipient = "anna@example.fi", Body = "Muistutus", DedupeKey = "t:2", Status = OutboxStatus.Failed, Attempts = 5, NextAttemptUtc = now });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(["outbox-backlog", "deliveries-failing"], await CheckAsync());
        Assert.Empty(await CheckAsync());

        await ReadAsync(app, db => db.Set<OutboxMessage>().Where(m => m.Id == waiting || m.Id == dead)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, OutboxStatus.Sent)));
        Assert.Equal(["outbox-backlog-cleared", "deliveries-failing-cleared"], await CheckAsync());
        Assert.Empty(await CheckAsync());

        var events = await ReadAsync(app, db => db.Set<MonitoringEvent>().Where(e => e.ServiceId == null).OrderBy(e => e.AtUtc).Select(e => e.Kind).ToListAsync());
        Assert.Equal(6, events.Count);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_page_and_the_API_show_the_outage_and_the_service_manager_records_and_excludes_outages(string engine)
    {
        var time = new ManualTimeProvider(Start);
        await using var app = App(engine, time);
        var probe = new ScriptedProbe();
        probe.Down["video"] = true;
        await RoundAsync(app, probe);
        time.Advance(TimeSpan.FromMinutes(1));
        await RoundAsync(app, probe);

        var desk = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(desk, "tukipalvelu");
        var (page, token) = await SignIn.GetFormAsync(desk, "/service/monitoring");
        page = SignIn.Html(page);
        Assert.Contains("Palveluiden valvonta", page, StringComparison.Ordinal);
        Assert.Contains("Videovastaanottopalvelu", page, StringComparison.Ordinal);
        Assert.Contains("Poissa käytöstä", page, StringComparison.Ordinal);
        Assert.Contains("Katko alkoi", page, StringComparison.Ordinal);
        Assert.Matches("INC-[0-9]{6}", page);
        Assert.Contains("<svg class=\"probe-strip\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("outage-opened", page, StringComparison.Ordinal);
        Assert.DoesNotContain("[sm.", page, StringComparison.Ordinal);
        // The service desk sees the state but records nothing: the service manager's forms are not shown and are refused.
        Assert.DoesNotContain("handler=Outage", page, StringComparison.Ordinal);
        using (var refused = await SignIn.PostFormAsync(desk, "/service/monitoring?handler=Outage", token, [new("service", "video"), new("startDate", "2026-03-09"), new("startTime", "10:00")]))
        {
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true,
                $"the service desk's manual outage got {(int)refused.StatusCode} {refused.Headers.Location}");
            Assert.Equal(0, await ReadAsync(app, db => db.Set<Outage>().CountAsync(o => o.Source == "manual")));
        }

        using (var states = await desk.GetAsync(new Uri("/api/service-management/monitoring", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, states.StatusCode);
            var body = await states.Content.ReadFromJsonAsync<JsonElement>();
            var video = body.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "video");
            Assert.Equal("down", video.GetProperty("state").GetString());
            Assert.Equal(Start, video.GetProperty("downSince").GetDateTimeOffset());
            Assert.Equal("up", body.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "omaolo").GetProperty("state").GetString());
            Assert.Single(body.GetProperty("openOutages").EnumerateArray());
        }

        using (var events = await desk.GetAsync(new Uri("/api/service-management/events?since=2026-03-10T08:00:00Z&limit=10", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
            var list = await events.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("outage-opened", Assert.Single(list.EnumerateArray()).GetProperty("kind").GetString());
        }

        foreach (var bad in new[] { "limit=abc", "limit=0", "limit=501", "since=eilen" })
        {
            using var response = await desk.GetAsync(new Uri("/api/service-management/events?" + bad, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("sm.monitoring.error.", problem.GetProperty("code").GetString(), StringComparison.Ordinal);
        }

        // The service manager: an end before the start is a form error, a valid manual outage is recorded.
        var manager = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(manager, "palvelupaallikko");
        (page, token) = await SignIn.GetFormAsync(manager, "/service/monitoring");
        using (var invalid = await SignIn.PostFormAsync(manager, "/service/monitoring?handler=Outage", token,
            [new("service", "terveyskyla"), new("startDate", "2026-03-09"), new("startTime", "10:00"), new("endDate", "2026-03-09"), new("endTime", "09:00")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("Päättymisajan on oltava alkamisen jälkeen", SignIn.Html(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var invalidDate = await SignIn.PostFormAsync(manager, "/service/monitoring?handler=Outage", token,
            [new("service", "terveyskyla"), new("startDate", "9.3.2026"), new("startTime", "25:00")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalidDate.StatusCode);
        }

        using (var recorded = await SignIn.PostFormAsync(manager, "/service/monitoring?handler=Outage", token,
            [new("service", "terveyskyla"), new("startDate", "2026-03-09"), new("startTime", "10:00"), new("endDate", "2026-03-09"), new("endTime", "10:45"),
             new("reason", "third-party"), new("note", "HUS:n verkkokatko")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        var manual = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.Source == "manual"));
        // 10:00 and 10:45 Helsinki time (UTC+2 in March).
        Assert.Equal((new DateTime(2026, 3, 9, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 9, 8, 45, 0, DateTimeKind.Utc)), (manual.StartUtc, manual.EndUtc!.Value));
        Assert.Equal(("third-party", "HUS:n verkkokatko"), (manual.ExcludedReason!, manual.ExclusionNote!));

        // An exclusion needs a note; with one it is saved on the probe's outage.
        var probed = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "video"));
        (page, token) = await SignIn.GetFormAsync(manager, "/service/monitoring");
        using (var noNote = await SignIn.PostFormAsync(manager, "/service/monitoring?handler=Exclusion", token, [new("outage", probed.Id.ToString()), new("exclusion", "customer"), new("exclusionNote", " ")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
            Assert.Contains("Kirjoita perustelu rajaukselle.", SignIn.Html(await noNote.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var saved = await SignIn.PostFormAsync(manager, "/service/monitoring?handler=Exclusion", token, [new("outage", probed.Id.ToString()), new("exclusion", "customer"), new("exclusionNote", "Tilaajan palomuurimuutos")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        probed = await ReadAsync(app, db => db.Set<Outage>().SingleAsync(o => o.ServiceId == "video"));
        Assert.Equal(("customer", "Tilaajan palomuurimuutos"), (probed.ExcludedReason!, probed.ExclusionNote!));
        var html = SignIn.Html(await manager.GetStringAsync(new Uri("/service/monitoring", UriKind.Relative)));
        Assert.Contains("Tilaajan aiheuttama", html, StringComparison.Ordinal);
        Assert.Contains("Kolmannen osapuolen aiheuttama", html, StringComparison.Ordinal);
        Assert.DoesNotContain("third-party</", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("Katko kirjattiin käsin"), html);
    }
}
