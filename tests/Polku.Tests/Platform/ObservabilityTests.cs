using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Polku.Contacts.Data;
using Polku.Platform.Health;
using Polku.Platform.Observability;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.Appointments;
using Polku.Tests.Assessments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// Metrics on <c>/metrics</c> (when enabled, and only for allowed networks), the liveness and readiness endpoints,
/// and the Polku meter's instruments recorded where bookings, claims, submissions and deliveries happen.
/// </summary>
[Collection(ProcessWideMetrics.Name)]
[Trait("Category", "Postgres")]
public sealed class ObservabilityTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly WebApplicationFactoryClientOptions BrowserLike = new() { AllowAutoRedirect = false, HandleCookies = true };

    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        await using var app = new PolkuAppFactory();
        using var response = await app.CreateClient().GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Metrics_show_requests_database_and_Polku_instruments_after_real_work(string engine)
    {
        await using var app = new PolkuAppFactory(engine)
        {
            Time = new ManualTimeProvider(DateTimeOffset.Parse(SlotApiTests.Tuesday10, System.Globalization.CultureInfo.InvariantCulture)),
            Settings = new Dictionary<string, string?> { ["Observability:Prometheus:Enabled"] = "true", ["Outbox:MaxAttempts"] = "1" },
        };

        // An anonymous page, an anonymous and a signed-in assessment, a booking, a won and a lost claim.
        var anonymous = app.CreateClient(BrowserLike);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(anonymous)).StatusCode);

        var maija = app.CreateClient(BrowserLike);
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(maija)).StatusCode);
        var slots = await maija.GetFromJsonAsync<JsonArray>(
            "/api/appointments/slots?serviceCode=health-station&municipality=638&mode=remote&from=2026-12-01T10:00:00%2B02:00&to=2026-12-02T10:00:00%2B02:00");
        using (var booked = await maija.PostAsJsonAsync("/api/appointments", new { slotId = slots![0]!["id"]!.GetValue<string>() }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        Guid threadId;
        using (var thread = await maija.PostAsJsonAsync("/api/messages/threads", new { subject = "Mittari", body = "Kysymys." }))
        {
            Assert.Equal(HttpStatusCode.Created, thread.StatusCode);
            threadId = (await thread.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        Guid taskId;
        using (var scope = app.Services.CreateScope())
        {
            taskId = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => t.Id).SingleAsync();
        }

        var nurse = app.CreateClient(BrowserLike);
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var doctor = app.CreateClient(BrowserLike);
        await SignIn.SignInAsStaffAsync(doctor, "laakari.porvoo");
        Assert.Equal(HttpStatusCode.OK, (await nurse.PostAsJsonAsync($"/api/desk/tasks/{taskId}/claim", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await doctor.PostAsJsonAsync($"/api/desk/tasks/{taskId}/claim", new { })).StatusCode);

        // The booking's notices wait in the outbox; a webhook with no sender fails for good (MaxAttempts 1).
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            scope.ServiceProvider.GetRequiredService<Outbox>().Enqueue(OutboxChannel.Webhook, "https://hooks.example.invalid/x", "metrics:test", "{}");
            await db.SaveChangesAsync();
        }

        var dispatched = await app.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        Assert.True(dispatched > 0);

        var text = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("microsoft_entityframeworkcore_queries_total", text, StringComparison.Ordinal);
        if (engine == "postgres")
        {
            Assert.Contains("db_client_operation_duration_seconds", text, StringComparison.Ordinal);
        }

        Assert.Matches("""polku_outbox_pending\{[^}]*channel="email"[^}]*\} \d+""", text);
        Assert.Matches("""polku_outbox_failed\{[^}]*channel="webhook"[^}]*\} 1""", text);
        Assert.Contains("polku_outbox_oldest_pending_age_seconds", text, StringComparison.Ordinal);
        Assert.Matches("""polku_outbox_delivery_failures_total\{[^}]*channel="webhook"[^}]*final="true"[^}]*\} 1""", text);
        Assert.Matches("""polku_outbox_sent_total\{[^}]*channel="(email|sms)"[^}]*\} [1-9]""", text);
        Assert.Matches("""polku_queue_waiting\{[^}]*queue="[a-z0-9-]+"[^}]*\} \d+""", text);
        Assert.Matches("""polku_bookings_total\{[^}]*channel="api"[^}]*\} [1-9]""", text);
        Assert.Matches("""polku_task_claims_total\{[^}]*outcome="won"[^}]*\} [1-9]""", text);
        Assert.Matches("""polku_task_claims_total\{[^}]*outcome="lost"[^}]*\} [1-9]""", text);
        Assert.Matches("""polku_assessment_submissions_total\{[^}]*assessment="respiratory-infection"[^}]*signed_in="false"[^}]*\} [1-9]""", text);
        Assert.Matches("""polku_assessment_submissions_total\{[^}]*assessment="respiratory-infection"[^}]*signed_in="true"[^}]*\} [1-9]""", text);
    }

    [Fact]
    public async Task Metrics_are_served_only_to_allowed_networks()
    {
        await using var root = new PolkuAppFactory();
        await using var app = root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Observability:Prometheus:Enabled", "true");
            b.UseSetting("Observability:Prometheus:AllowedNetworks:0", "10.0.0.0/8");
            // The test server has no sockets: a header stands in for the connection's address.
            b.ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteAddressFromHeader>());
        });
        var client = app.CreateClient();

        async Task<HttpStatusCode> ScrapeFrom(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add(RemoteAddressFromHeader.Header, address);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ScrapeFrom("10.20.30.40"));
        Assert.Equal(HttpStatusCode.OK, await ScrapeFrom("::ffff:10.1.1.1"));
        Assert.Equal(HttpStatusCode.NotFound, await ScrapeFrom("203.0.113.7"));
        Assert.Equal(HttpStatusCode.NotFound, await ScrapeFrom("127.0.0.1"));
    }

    [Fact]
    public void Without_configured_networks_only_loopback_may_scrape()
    {
        Assert.True(PolkuObservability.MayScrape(IPAddress.Loopback, []));
        Assert.True(PolkuObservability.MayScrape(IPAddress.IPv6Loopback, []));
        Assert.True(PolkuObservability.MayScrape(null, []));
        Assert.False(PolkuObservability.MayScrape(IPAddress.Parse("192.168.1.10"), []));
        Assert.True(PolkuObservability.MayScrape(IPAddress.Parse("fd00::5"), [IPNetwork.Parse("fd00::/8")]));
        Assert.False(PolkuObservability.MayScrape(IPAddress.Parse("10.0.0.1"), [IPNetwork.Parse("fd00::/8")]));
        var bad = new PrometheusSettings { AllowedNetworks = ["10.0.0.0/8", "intranet"] };
        Assert.Contains("intranet", Assert.Throws<InvalidOperationException>(() => bad.ParseNetworks()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Live_answers_always_and_ready_needs_the_database_with_this_versions_migrations(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateClient();
        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
        {
            using var ok = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("Healthy", await ok.Content.ReadAsStringAsync());
        }

        // A migration of this build missing from the database (the deploy's migrate step has not run): not ready.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var last = scope.ServiceProvider.GetRequiredService<Migrator>().Discover()[^1].Id;
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"DELETE FROM schema_migrations WHERE id = {last}"));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    [Trait("Category", "Slow")]
    public async Task Ready_fails_and_live_stays_up_when_the_database_is_unreachable(string engine)
    {
        var unreachable = engine == "postgres"
            ? "Host=127.0.0.1;Port=1;Username=polku;Password=polku;Database=polku;Timeout=2"
            : $"Data Source={Path.Combine(Path.GetTempPath(), "polku-no-such-dir-" + Guid.NewGuid().ToString("N"), "polku.db")};Mode=ReadWrite";
        await using var app = new PolkuAppFactory(engine)
        {
            Settings = new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = unreachable,
                ["Database:MigrateOnStart"] = "false",
                ["Database:SeedDemoData"] = "false",
            },
        };
        var client = app.CreateClient();

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_node_that_is_shutting_down_is_not_ready()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var check = new ShutdownHealthCheck(lifetime);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        lifetime.StopApplication();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task Gauges_read_the_database_at_most_once_per_interval()
    {
        var time = new ManualTimeProvider();
        var source = new CountingSource();
        var services = new ServiceCollection().AddSingleton<IGaugeSource>(source).BuildServiceProvider();
        await using var _ = services;
        var cache = new GaugeCache(services.GetServices<IGaugeSource>(), services.GetRequiredService<IServiceScopeFactory>(),
            Microsoft.Extensions.Options.Options.Create(new ObservabilityOptions { GaugeInterval = TimeSpan.FromSeconds(15) }),
            time, NullLogger<GaugeCache>.Instance);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, Assert.Single(cache.Observe("test.gauge")).Value);
        }

        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(1, Assert.Single(cache.Observe("test.gauge")).Value);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Assert.Single(cache.Observe("test.gauge")).Value);
        Assert.Equal(2, source.Reads);
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client) =>
        await client.PostAsJsonAsync("/api/assessments/respiratory-infection/responses", new JsonObject
        {
            ["answers"] = JsonSerializer.SerializeToNode(AssessmentFlowTests.NonUrgent),
            ["context"] = new JsonObject { ["municipality"] = "638", ["at"] = SlotApiTests.Tuesday10 },
        });

    private sealed class CountingSource : IGaugeSource
    {
        public int Reads { get; private set; }

        public IReadOnlyList<GaugeInstrument> Instruments { get; } = [new("test.gauge", null, "test")];

        public Task ReadAsync(IServiceProvider services, GaugeReadings readings, CancellationToken cancellationToken)
        {
            Reads++;
            readings.Add("test.gauge", Reads);
            return Task.CompletedTask;
        }
    }

    private sealed class RemoteAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(Header, out var value))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(value.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
