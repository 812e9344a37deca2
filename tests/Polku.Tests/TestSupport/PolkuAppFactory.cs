using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Polku.Tests.TestSupport;

/// <summary>
/// The whole application in process on a fresh database: a temporary SQLite folder, or a new PostgreSQL database
/// (dropped afterwards) when the engine is <c>postgres</c>. Under <c>CI=true</c> the PostgreSQL cases always run and
/// fail when <c>POLKU_TEST_POSTGRES</c> is missing; elsewhere they are left out.
/// </summary>
public sealed class PolkuAppFactory : WebApplicationFactory<Program>
{
    /// <summary>
    /// Dozens of in-process hosts run at once: none may watch its configuration files, or together they exhaust the
    /// machine's inotify instances (128 per user by default) and hosts fail at start or mid-request. Set before the
    /// first host reads its host configuration (DOTNET_ variables), so it holds for every factory in this process.
    /// </summary>
    static PolkuAppFactory()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public const string PostgresVariable = "POLKU_TEST_POSTGRES";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "polku-test-" + Guid.NewGuid().ToString("N"));
    private readonly string? _postgresDatabase;
    private readonly string? _postgresConnection;
    private readonly bool _ownsData = true;
    private readonly PolkuAppFactory? _first;
    private readonly bool _buildsTemplate;
    private readonly Lock _databaseGate = new();
    private bool _databaseReady;

    public PolkuAppFactory()
        : this("sqlite")
    {
    }

    /// <summary>
    /// A second node of <paramref name="first"/>'s deployment: the same database and data-protection keys, its own
    /// process state (caches, limiters). The first factory owns and removes the database.
    /// </summary>
    internal PolkuAppFactory(PolkuAppFactory first)
    {
        ArgumentNullException.ThrowIfNull(first);
        Engine = first.Engine;
        _folder = first._folder;
        _postgresConnection = first._postgresConnection;
        _ownsData = false;
        _first = first;
        Time = first.Time;
    }

    internal PolkuAppFactory(string engine)
        : this(engine, templateName: null)
    {
    }

    /// <summary>
    /// The database is named here and created when the host is first built (<see cref="EnsureDatabase"/>), when
    /// <see cref="Time"/> and <see cref="Settings"/> are known: a copy of the seeded template that fits them, or an empty
    /// one the application migrates and seeds itself.
    /// </summary>
    private PolkuAppFactory(string engine, string? templateName)
    {
        Engine = engine;
        _buildsTemplate = templateName is not null;
        if (templateName is not null)
        {
            _folder = Path.Combine(Path.GetTempPath(), templateName);
        }

        Directory.CreateDirectory(_folder);
        if (engine == "postgres")
        {
            var admin = PostgresConnectionString
                ?? throw new InvalidOperationException($"{PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
            _postgresDatabase = templateName ?? "polku_app_" + Guid.NewGuid().ToString("N")[..16];
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = _postgresDatabase };
            if (_buildsTemplate)
            {
                // No pooled connection may stay open on a template: CREATE DATABASE … TEMPLATE refuses a source in use.
                connection.Pooling = false;
            }

            _postgresConnection = connection.ConnectionString;
        }
    }

    public string Engine { get; }

    /// <summary>The fresh PostgreSQL database's connection string; null on SQLite.</summary>
    public string? PostgresConnection => _postgresConnection;

    /// <summary>The host's <c>Database:DataFolder</c> (SQLite file, development outbox pickup, file-system stores).</summary>
    public string DataFolder => _folder;

    /// <summary>A clock for the app instead of the system's (set before the first request).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The host environment; Development unless a test needs another.</summary>
    public string EnvironmentName { get; init; } = Environments.Development;

    /// <summary>
    /// Settings applied after the test defaults (a null value removes a setting). Use this rather than
    /// <c>WithWebHostBuilder</c> when a test signs residents in: the test identity provider's back channel goes to
    /// this factory's own server.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Start from a copy of a database this test process already migrated and seeded for the same engine, clock and
    /// settings (<see cref="SeededTemplates"/>); on by default. Off, the application migrates and seeds an empty database
    /// itself, as a real first start does. <c>POLKU_TEST_SEED_TEMPLATES=off</c> turns it off for every factory.
    /// </summary>
    public bool UseSeededTemplate { get; init; } = !string.Equals(Environment.GetEnvironmentVariable(SeededTemplates.Variable), "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The in-process test server has no client address; with this on, a request's <see cref="TestPeerHeader"/> becomes
    /// the connection's remote address before the application sees it, as if it came from that address.
    /// </summary>
    public bool TestPeerAddresses { get; init; }

    public const string TestPeerHeader = "X-Test-Peer";

    /// <summary>The public address the tests configure (<c>Site:PublicBaseUrl</c>); the test server answers here.</summary>
    public const string PublicBaseUrl = "http://localhost";

    /// <summary>
    /// Answers the OpenID Connect back channel's requests to hosts other than the app (an external provider the
    /// test plays); null passes the request on to the test server.
    /// </summary>
    public Func<HttpRequestMessage, Task<HttpResponseMessage?>>? ExternalOidc { get; init; }

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Engines for database-facing theories.</summary>
    public static TheoryData<string> Engines
    {
        get
        {
            var data = new TheoryData<string> { "sqlite" };
            if (PostgresConnectionString is not null || IsCi)
            {
                data.Add("postgres");
            }

            return data;
        }
    }

    /// <summary>The settings every test host shares: development, test sign-in on, background work off, quiet logs.</summary>
    internal static void UseTestDefaults(IWebHostBuilder builder, string dataFolder, string publicBaseUrl = PublicBaseUrl, string environment = "Development")
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:DataFolder", dataFolder);
        builder.UseSetting("Identity:TestProvider:Enabled", "true");
        builder.UseSetting("Identity:DemoStaffLogin:Enabled", "true");
        builder.UseSetting("Outbox:DispatcherEnabled", "false");
        builder.UseSetting("Appointments:HousekeepingEnabled", "false");
        builder.UseSetting("Chat:HousekeepingEnabled", "false");
        builder.UseSetting("FollowUp:RemindersEnabled", "false");
        builder.UseSetting("QueueCertificates:Enabled", "false");
        builder.UseSetting("RoleCertificates:Enabled", "false");
        // The control tower's rollups catch up when asked (a dashboard request), and the journal starts empty.
        builder.UseSetting("ControlTower:WorkerEnabled", "false");
        builder.UseSetting("ControlTower:DemoActivity", "false");
        builder.UseSetting("ServiceManagement:WorkerEnabled", "false");
        builder.UseSetting("Training:WorkerEnabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Site:PublicBaseUrl", publicBaseUrl);
        // Tests sign in and submit far more often than a person could; the limits themselves are tested on their own.
        foreach (var policy in new[] { "SignIn", "AnonymousSubmission", "Callback", "Message", "ChatStart", "ChatMessage" })
        {
            builder.UseSetting($"RateLimits:{policy}:PermitLimit", "1000000");
        }
    }

    /// <summary>Called first whenever the host is built (also for <c>WithWebHostBuilder</c> copies): the database must exist by then.</summary>
    protected override IHostBuilder? CreateHostBuilder()
    {
        EnsureDatabase();
        return base.CreateHostBuilder();
    }

    /// <summary>Creates this factory's database once: a copy of the fitting seeded template, or an empty one.</summary>
    private void EnsureDatabase()
    {
        lock (_databaseGate)
        {
            if (_databaseReady)
            {
                return;
            }

            if (_first is not null)
            {
                _first.EnsureDatabase();
            }
            else if (_buildsTemplate)
            {
                SeededTemplates.CreateEmpty(_postgresDatabase);
            }
            else
            {
                var template = UseSeededTemplate && SeededTemplates.Key(this) is { } key
                    ? SeededTemplates.Get(key, () => BuildTemplate(key))
                    : null;
                SeededTemplates.CreateDatabase(template, _postgresDatabase, _folder);
            }

            _databaseReady = true;
        }
    }

    /// <summary>
    /// Starts the application once on an empty database with this factory's engine, settings and a clock standing at
    /// this factory's current time, so the application migrates and seeds it as it would this factory's own; the
    /// stopped host leaves the seeded database behind as the template.
    /// </summary>
    private SeededTemplates.Template BuildTemplate(SeededTemplates.TemplateKey key)
    {
        var name = "polku_tpl_" + key.Hash + "_" + SeededTemplates.ProcessToken;
        var builder = new PolkuAppFactory(Engine, name)
        {
            Time = key.SeedTime is { } at ? new ManualTimeProvider(at) : null,
            Settings = Settings,
        };
        SeededTemplates.Track(builder._postgresDatabase, builder._folder);
        // Off the test's synchronization context: the host's start and stop await freely.
        Task.Run(async () =>
        {
            await using (builder)
            {
                _ = builder.Services;
            }
        }).GetAwaiter().GetResult();
        return new SeededTemplates.Template(builder._postgresDatabase, Path.Combine(builder._folder, SeededTemplates.SqliteFileName));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseTestDefaults(builder, _folder, PublicBaseUrl, EnvironmentName);
        // The OIDC back channel (discovery, token) reaches the in-app test identity provider through the test server.
        builder.ConfigureTestServices(s => s.AddHttpClient("polku-oidc")
            .ConfigurePrimaryHttpMessageHandler(() => new ExternalOidcHandler(ExternalOidc) { InnerHandler = Server.CreateHandler() }));
        if (Time is { } time)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(time));
        }

        if (_postgresConnection is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", _postgresConnection);
        }

        if (TestPeerAddresses)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, TestPeerAddressFilter>());
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// Browsers send <c>Origin</c> with every POST, PUT, PATCH and DELETE, same-origin ones included; the test clients
    /// do the same so cookie-authenticated API calls look like the application's own pages made them. A test of a
    /// cross-site call sets its own <c>Origin</c>, which takes precedence over this default.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("Origin", PublicBaseUrl);
    }

    /// <summary>Runs before the application's pipeline; see <see cref="TestPeerAddresses"/>.</summary>
    private sealed class TestPeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[TestPeerHeader].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                    context.Request.Headers.Remove(TestPeerHeader);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>A client that keeps cookies and does not follow redirects, so tests see each step.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsData || _buildsTemplate)
        {
            return;
        }

        if (_postgresDatabase is not null && PostgresConnectionString is { } admin)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file can stay open for a moment after the host stops; the temp folder is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static HttpStatusCode Status(HttpResponseMessage response) => response.StatusCode;

    private sealed class ExternalOidcHandler(Func<HttpRequestMessage, Task<HttpResponseMessage?>>? external) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (external is null || request.RequestUri?.Host == "localhost" ? null : await external(request))
            ?? await base.SendAsync(request, cancellationToken);
    }
}
