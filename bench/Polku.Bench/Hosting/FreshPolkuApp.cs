using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Polku.Bench.Database;

namespace Polku.Bench.Hosting;

/// <summary>
/// The real app as the HTTP scenarios (B2, B3, B4) run it: a freshly recreated PostgreSQL database (left in place
/// afterwards for inspection), <c>src/Polku.Web</c> as a child process in Development (test identity provider and
/// demo staff sign-in on, sign-in rate limit off, outbox dispatcher off, logging at Warning) with its own temp data
/// folder, and a small data source of the bench's own on the same database for set-up and checks.
/// </summary>
public sealed class FreshPolkuApp : IAsyncDisposable
{
    private readonly string dataFolder;

    private FreshPolkuApp(PolkuAppProcess app, NpgsqlDataSource database, string dataFolder)
    {
        App = app;
        Database = database;
        this.dataFolder = dataFolder;
    }

    public PolkuAppProcess App { get; }

    /// <summary>The bench's own connections to the app's database (pool of 4).</summary>
    public NpgsqlDataSource Database { get; }

    /// <summary>
    /// Drops and recreates <paramref name="databaseName"/>, starts the app on it and waits for <c>GET /health</c>.
    /// <paramref name="extraSettings"/> are further app settings (<c>Section:Key</c>) for one scenario, e.g. B7's.
    /// </summary>
    public static async Task<FreshPolkuApp> StartAsync(
        string repositoryRoot,
        string adminConnectionString,
        string databaseName,
        string appConfiguration,
        int appPool,
        TimeSpan startTimeout,
        Action<string> log,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        log($"PostgreSQL {PostgresSettings.Describe(adminConnectionString)}: recreating database {databaseName}");
        await PostgresSettings.RecreateDatabaseAsync(adminConnectionString, databaseName, cancellationToken);

        var connection = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName };
        var appConnection = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { MaxPoolSize = appPool }.ConnectionString;
        var dataFolder = Path.Combine(Path.GetTempPath(), "polku-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        try
        {
            log($"starting Polku.Web ({appConfiguration} build, app pool {appPool}); migrations and demo data first");
            var watch = Stopwatch.StartNew();
            var app = await PolkuAppProcess.StartAsync(
                repositoryRoot,
                appConfiguration,
                new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["Database:Provider"] = "Postgres",
                    ["Database:ConnectionString"] = appConnection,
                    ["Database:DataFolder"] = dataFolder,
                    ["Identity:TestProvider:Enabled"] = "true",
                    ["Identity:DemoStaffLogin:Enabled"] = "true",
                    // The load comes from one address; the per-address limits are for real clients.
                    ["RateLimits:SignIn:PermitLimit"] = "1000000",
                    ["RateLimits:AnonymousSubmission:PermitLimit"] = "1000000",
                    ["RateLimits:Callback:PermitLimit"] = "1000000",
                    ["RateLimits:Message:PermitLimit"] = "1000000",
                    ["RateLimits:ChatStart:PermitLimit"] = "1000000",
                    ["RateLimits:ChatMessage:PermitLimit"] = "1000000",
                    ["Outbox:DispatcherEnabled"] = "false",
                    ["Logging:LogLevel:Default"] = "Warning",
                }.Concat(extraSettings ?? new Dictionary<string, string>()).ToDictionary(),
                startTimeout,
                cancellationToken);
            log(string.Create(CultureInfo.InvariantCulture, $"app ready at {app.BaseAddress} after {watch.Elapsed.TotalSeconds:0.0} s"));
            return new FreshPolkuApp(app, PostgresSettings.CreateDataSource(connection.ConnectionString, 4), dataFolder);
        }
        catch
        {
            DeleteQuietly(dataFolder);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await App.DisposeAsync();
        DeleteQuietly(dataFolder);
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder; the OS cleans it eventually.
        }
    }
}
