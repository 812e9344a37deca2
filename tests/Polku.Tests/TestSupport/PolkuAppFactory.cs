using System.Net;
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

    public PolkuAppFactory()
        : this("sqlite")
    {
    }

    internal PolkuAppFactory(string engine)
    {
        Engine = engine;
        Directory.CreateDirectory(_folder);
        if (engine == "postgres")
        {
            var admin = PostgresConnectionString
                ?? throw new InvalidOperationException($"{PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
            _postgresDatabase = "polku_app_" + Guid.NewGuid().ToString("N")[..16];
            using (var conn = new NpgsqlConnection(admin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", conn);
                cmd.ExecuteNonQuery();
            }

            _postgresConnection = new NpgsqlConnectionStringBuilder(admin) { Database = _postgresDatabase }.ConnectionString;
        }
    }

    public string Engine { get; }

    /// <summary>A clock for the app instead of the system's (set before the first request).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Extra configuration settings for this host (e.g. an identity provider).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        builder.UseSetting("Database:DataFolder", _folder);
        builder.UseSetting("Identity:TestProvider:Enabled", "true");
        builder.UseSetting("Identity:DemoStaffLogin:Enabled", "true");
        builder.UseSetting("Outbox:DispatcherEnabled", "false");
        builder.UseSetting("Appointments:HousekeepingEnabled", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests sign in far more often than a person could; the limiter itself is tested on its own.
        builder.UseSetting("Identity:SignInAttemptsPerMinute", "100000");
        // The OIDC back channel (discovery, token) reaches the in-app test identity provider through the test server.
        builder.ConfigureTestServices(s => s.AddHttpClient("polku-oidc")
            .ConfigurePrimaryHttpMessageHandler(() => new ExternalOidcHandler(ExternalOidc) { InnerHandler = Server.CreateHandler() }));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(time));
        }

        if (_postgresConnection is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Database:ConnectionString", _postgresConnection);
        }
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
