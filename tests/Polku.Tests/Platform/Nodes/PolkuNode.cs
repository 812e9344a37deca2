using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform.Nodes;

/// <summary>
/// One application node: the whole app on Kestrel (127.0.0.1, a free port) on a shared PostgreSQL database, with a
/// data folder of its own that no other node sees. Every response names the node in <see cref="ServedByHeader"/>.
/// </summary>
internal sealed class PolkuNode(string name, string connectionString, Uri publicBaseUrl) : WebApplicationFactory<Program>
{
    public const string ServedByHeader = "X-Polku-Served-By";

    public string Name { get; } = name;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "polku-node-" + name + "-" + Guid.NewGuid().ToString("N"));

    /// <summary>The node's own address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public void Start()
    {
        Directory.CreateDirectory(DataFolder);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Node {Name} reported no http address.");
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The proxy's address is the public one: links start with it and signed-in API changes come from its origin.
        PolkuAppFactory.UseTestDefaults(builder, DataFolder, publicBaseUrl.GetLeftPart(UriPartial.Authority));
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new ServedBy(Name)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder later.
        }
    }

    private sealed class ServedBy(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                // At the last moment, so that an error page that clears the headers still says which node answered.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[ServedByHeader] = name;
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
