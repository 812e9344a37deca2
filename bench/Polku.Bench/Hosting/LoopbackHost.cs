using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Polku.Bench.Hosting;

/// <summary>Hosts a small Kestrel app in-process on 127.0.0.1 with a port chosen by the OS.</summary>
public sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Address the app listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The running app's services, e.g. to reach a registered data source.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Builds the app with <see cref="WebApplication.CreateSlimBuilder()"/>, lets the caller register
    /// services and endpoints, and starts it on a free loopback port.
    /// </summary>
    public static async Task<LoopbackHost> StartAsync(
        Action<WebApplication> mapEndpoints,
        Action<WebApplicationBuilder>? configureBuilder = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        mapEndpoints(app);
        try
        {
            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = addresses.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            return new LoopbackHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }
}
