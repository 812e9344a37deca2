using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polku.Platform.Audit;
using Polku.Platform.Live;

namespace Polku.Tests.Platform;

public sealed class LiveTests
{
    [Fact]
    public void Hub_fans_out_to_many_subscribers_filtered_by_audience()
    {
        var hub = NewHub(capacity: 8);
        var queue = LiveAudiences.Queue(Guid.NewGuid());
        var people = Enumerable.Range(0, 10_000).Select(_ => Guid.NewGuid()).ToArray();
        var subscriptions = people.Select((p, i) => hub.Subscribe(i % 2 == 0 ? [LiveAudiences.Person(p), queue] : [LiveAudiences.Person(p)])).ToArray();
        Assert.Equal(10_000, hub.SubscriberCount);

        Assert.Equal(5_000, hub.Publish(new LiveEvent(queue, "task.new", "t1")));
        Assert.Equal(1, hub.Publish(new LiveEvent(LiveAudiences.Person(people[3]), "message.new", "m1")));
        Assert.Equal(0, hub.Publish(new LiveEvent(LiveAudiences.Person(Guid.NewGuid()), "message.new", "m2")));

        for (var i = 0; i < subscriptions.Length; i++)
        {
            var received = Drain(subscriptions[i]);
            var expected = new List<string>();
            if (i % 2 == 0)
            {
                expected.Add("task.new:t1");
            }

            if (i == 3)
            {
                expected.Add("message.new:m1");
            }

            Assert.Equal(expected, received.Select(d => $"{d.Event.Type}:{d.Event.Id}"));
        }

        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        Assert.Equal(0, hub.SubscriberCount);
        Assert.Equal(0, hub.Publish(new LiveEvent(queue, "task.new", "t2")));
    }

    [Fact]
    public void A_slow_subscriber_loses_its_oldest_events_without_holding_up_others()
    {
        var hub = NewHub(capacity: 4);
        var audience = LiveAudiences.Queue(Guid.NewGuid());
        using var slow = hub.Subscribe([audience]);
        using var fast = hub.Subscribe([audience]);
        var fastReceived = new List<long>();
        for (var i = 0; i < 100; i++)
        {
            hub.Publish(new LiveEvent(audience, "task.changed", $"t{i}"));
            fastReceived.AddRange(Drain(fast).Select(d => d.Sequence));
        }

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), fastReceived);
        Assert.Equal(["t96", "t97", "t98", "t99"], Drain(slow).Select(d => d.Event.Id));
        Assert.Equal(96, slow.Dropped);
        Assert.Equal(0, fast.Dropped);
        Assert.Equal(96, hub.DroppedTotal);
    }

    [Fact]
    public void Events_carry_only_a_safe_type_and_id_in_the_stream_frame()
    {
        var hub = NewHub(capacity: 4);
        using var sub = hub.Subscribe(["person:x"]);
        hub.Publish(new LiveEvent("person:x", "message.new", "0b3c2a6e-1d7a-4e25-9a53-5a7e1f3c9e11"));
        var frame = Encoding.UTF8.GetString(Assert.Single(Drain(sub)).Frame.Span);
        Assert.Equal("id: 1\nevent: message.new\ndata: {\"id\":\"0b3c2a6e-1d7a-4e25-9a53-5a7e1f3c9e11\"}\n\n", frame);

        Assert.Throws<ArgumentException>(() => hub.Publish(new LiveEvent("person:x", "message.new\ndata: x", "1")));
        Assert.Throws<ArgumentException>(() => hub.Publish(new LiveEvent("person:x", "message.new", "1\n\nevent: x")));
        Assert.Throws<ArgumentException>(() => hub.Publish(new LiveEvent("person:x", "", "1")));
    }

    [Fact]
    public async Task Events_endpoint_streams_the_users_events_and_rejects_anonymous()
    {
        var person = Guid.NewGuid();
        var queue = Guid.NewGuid();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(TestAuth.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuth>(TestAuth.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ILiveAudienceSource>(new QueueSource(queue));
        builder.Services.AddPolkuLive(builder.Configuration);
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapPolkuLive();
        await app.StartAsync();
        using var client = app.GetTestClient();

        using (var anonymous = await client.GetAsync("/events"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add(TestAuth.Header, person.ToString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { NoCache: true, NoStore: true });
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
        Assert.False(response.Headers.Contains("Accept-Ranges"));
        Assert.Null(response.Content.Headers.ContentDisposition);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("retry: 5000", await reader.ReadLineAsync(timeout.Token));

        var hub = app.Services.GetRequiredService<LiveHub>();
        var notifier = app.Services.GetRequiredService<ILiveNotifier>();
        Assert.IsType<InProcessNotifier>(notifier);
        await WaitForAsync(() => hub.SubscriberCount == 1, timeout.Token);
        await notifier.PublishAsync(new LiveEvent(LiveAudiences.Person(Guid.NewGuid()), "message.new", "other"), timeout.Token);
        await notifier.PublishAsync(new LiveEvent(LiveAudiences.Person(person), "message.new", "m1"), timeout.Token);
        await notifier.PublishAsync(new LiveEvent(LiveAudiences.Queue(queue), "task.new", "t1"), timeout.Token);

        var lines = new List<string>();
        while (lines.Count(l => l.StartsWith("data:", StringComparison.Ordinal)) < 2)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            Assert.NotNull(line);
            if (line.Length > 0 && !line.StartsWith(':'))
            {
                lines.Add(line);
            }
        }

        Assert.Equal(["id: 1", "event: message.new", "data: {\"id\":\"m1\"}", "id: 2", "event: task.new", "data: {\"id\":\"t1\"}"], lines);
        await app.StopAsync();
    }

    [Fact]
    [Trait("Category", "Postgres")]
    public async Task Postgres_notifier_delivers_across_nodes_exactly_once()
    {
        if (PlatformTestDatabase.PostgresConnectionString is null && !PlatformTestDatabase.IsCi)
        {
            return; // Runs when POLKU_TEST_POSTGRES is set; CI=true makes a missing connection string fail below.
        }

        await using var database = await PlatformTestDatabase.CreateAsync("postgres");
        var connection = new PostgresLiveConnection(database.Options.ConnectionString!);
        var hubA = NewHub(capacity: 16);
        var hubB = NewHub(capacity: 16);
        using var listenerA = new PostgresLiveListener(connection, hubA, TimeProvider.System, NullLogger<PostgresLiveListener>.Instance);
        using var listenerB = new PostgresLiveListener(connection, hubB, TimeProvider.System, NullLogger<PostgresLiveListener>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await listenerA.StartAsync(timeout.Token);
        await listenerB.StartAsync(timeout.Token);
        try
        {
            await Task.WhenAll(listenerA.Listening, listenerB.Listening).WaitAsync(timeout.Token);
            var person = LiveAudiences.Person(Guid.NewGuid());
            using var onA = hubA.Subscribe([person]);
            using var onB = hubB.Subscribe([person]);

            // Published on node A; node A's hub gets it only through its own listener, like every other node.
            await new PostgresNotifier(connection).PublishAsync(new LiveEvent(person, "message.new", "m42"), timeout.Token);

            var atB = await onB.Reader.ReadAsync(timeout.Token);
            var atA = await onA.Reader.ReadAsync(timeout.Token);
            Assert.Equal(new LiveEvent(person, "message.new", "m42"), atB.Event);
            Assert.Equal(atB.Event, atA.Event);

            await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
            Assert.False(onB.Reader.TryRead(out _));
            Assert.False(onA.Reader.TryRead(out _));
        }
        finally
        {
            await listenerA.StopAsync(CancellationToken.None);
            await listenerB.StopAsync(CancellationToken.None);
        }
    }

    private static LiveHub NewHub(int capacity) => new(Options.Create(new LiveOptions { SubscriberCapacity = capacity }));

    private static List<LiveDelivery> Drain(LiveSubscription subscription)
    {
        var list = new List<LiveDelivery>();
        while (subscription.Reader.TryRead(out var d))
        {
            list.Add(d);
        }

        return list;
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }

    private sealed class QueueSource(Guid queue) : ILiveAudienceSource
    {
        public ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<string>>([LiveAudiences.Queue(queue)]);
    }

    /// <summary>Signs the request in as the person named in a header; no header, no identity.</summary>
    private sealed class TestAuth(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";
        public const string Header = "X-Test-Person";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var person))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(PolkuClaims.PersonId, person.ToString()), new Claim(PolkuClaims.Kind, "staff")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
