using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Runs the real Polku application on Kestrel (127.0.0.1, random free port) so a real browser
/// can talk to it. Each fixture gets its own SQLite data folder, deleted on dispose.
/// </summary>
public sealed class PolkuServerFixture : IAsyncLifetime
{
    private PolkuApplicationFactory? factory;

    /// <summary>Folder holding this fixture's SQLite databases and other data.</summary>
    public string DataFolder { get; } =
        Path.Combine(Path.GetTempPath(), "polku-browsertests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Root URL of the running server, ending with a slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// The server's clock: real time, moved by <see cref="ShiftedClock.Offset"/> when a test needs a particular weekday
    /// and hour (routing by time of day). Tests that move it put it back when they finish.
    /// </summary>
    public ShiftedClock Clock { get; } = new();

    /// <summary>The application's services, e.g. to seed data.</summary>
    public IServiceProvider Services =>
        factory?.Services ?? throw new InvalidOperationException("The server has not been started.");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        // The port is chosen before the start because Site:PublicBaseUrl (links, the API's same-origin check) must name it.
        var port = FreePort();
        factory = new PolkuApplicationFactory(DataFolder, Clock, new Uri($"http://127.0.0.1:{port}"));
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();

        var addresses = factory.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                "Kestrel reported no http address; got: " + string.Join(", ", addresses));
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
            factory = null;
        }

        // SQLite may keep files open for a moment after the host stops.
        for (var attempt = 0; attempt < 5 && Directory.Exists(DataFolder); attempt++)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException) when (attempt < 4)
            {
                await Task.Delay(200);
            }
            catch (UnauthorizedAccessException) when (attempt < 4)
            {
                await Task.Delay(200);
            }
        }
    }

    private sealed class PolkuApplicationFactory(string dataFolder, TimeProvider clock, Uri publicBaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataFolder", dataFolder);
            builder.UseSetting("Identity:TestProvider:Enabled", "true");
            builder.UseSetting("Identity:DemoStaffLogin:Enabled", "true");

            builder.UseSetting("Site:PublicBaseUrl", publicBaseUrl.ToString());

            // No appointments housekeeping on a timer (as in Polku.Tests): tests that move the shared clock days ahead
            // (SelfBookingTests, ChatFlowTests) would otherwise have the 30-second job materialise those days' slots
            // for every schedule on SQLite in the middle of another test's clicks — the suspected cause of a booking
            // test timing out now and then. The seed has three weeks of slots; booking releases expired holds itself.
            builder.UseSetting("Appointments:HousekeepingEnabled", "false");
            builder.UseSetting("Chat:HousekeepingEnabled", "false");

            // Every test signs in and submits through the UI from 127.0.0.1; the per-address rate limits
            // are meant for real clients, not for a suite that signs in dozens of times.
            foreach (var policy in new[] { "SignIn", "AnonymousSubmission", "Callback", "Message", "ChatStart", "ChatMessage" })
            {
                builder.UseSetting($"RateLimits:{policy}:PermitLimit", "1000000");
            }

            // Keep test output readable: the server's own log shows only warnings and errors.
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        }
    }
}

/// <summary>The system clock moved by an offset that a test can change while the server runs.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    /// <summary>Moves the clock so that it is now <paramref name="instant"/> (which must be in the future, so cookies stay valid).</summary>
    public void SetNow(DateTimeOffset instant) => Offset = instant - System.GetUtcNow();
}
