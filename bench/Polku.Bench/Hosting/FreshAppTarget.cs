using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Polku.Bench.Scenarios;

namespace Polku.Bench.Hosting;

/// <summary>
/// The real app as a child process on a fresh database — PostgreSQL (<see cref="FreshPolkuApp"/>, a database of the
/// scenario's own name) or the embedded SQLite database in a temp data folder — with the scenario's settings, and the
/// settings an in-process host (<see cref="InProcessPolku"/>) needs to work on the same database. Disposing stops the
/// app and deletes the data folder. Used by the scenarios that bulk-load data beside a running app (B7, B9, B10).
/// </summary>
public sealed class FreshAppTarget : IAsyncDisposable
{
    private readonly FreshPolkuApp? fresh;
    private readonly string dataFolder;

    private FreshAppTarget(PolkuAppProcess app, Dictionary<string, string> inProcessSettings, FreshPolkuApp? fresh, string dataFolder)
    {
        App = app;
        InProcessSettings = inProcessSettings;
        this.fresh = fresh;
        this.dataFolder = dataFolder;
    }

    public PolkuAppProcess App { get; }

    public IReadOnlyDictionary<string, string> InProcessSettings { get; }

    public static async Task<FreshAppTarget> StartAsync(ScenarioContext context, string scenario, string databaseName, bool postgres, string appConfiguration, int pool,
        TimeSpan startTimeout, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), $"polku-bench-{scenario}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataFolder);
        var inProcess = new Dictionary<string, string>(settings)
        {
            ["Database:DataFolder"] = dataFolder,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outbox:DispatcherEnabled"] = "false",
        };
        if (postgres)
        {
            var started = await FreshPolkuApp.StartAsync(context.RepositoryRoot, context.PostgresConnectionString!, databaseName, appConfiguration, pool,
                startTimeout, context.Log, cancellationToken, settings);
            inProcess["Database:Provider"] = "Postgres";
            inProcess["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(context.PostgresConnectionString!) { Database = databaseName }.ConnectionString;
            return new FreshAppTarget(started.App, inProcess, started, dataFolder);
        }

        context.Log($"starting Polku.Web ({appConfiguration} build) on a fresh SQLite database in {dataFolder}; migrations and demo data first");
        var watch = Stopwatch.StartNew();
        var app = await PolkuAppProcess.StartAsync(context.RepositoryRoot, appConfiguration, new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = dataFolder,
            ["Identity:TestProvider:Enabled"] = "true",
            ["Identity:DemoStaffLogin:Enabled"] = "true",
            ["RateLimits:SignIn:PermitLimit"] = "1000000",
            ["Outbox:DispatcherEnabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }, startTimeout, cancellationToken);
        context.Log(string.Create(CultureInfo.InvariantCulture, $"app ready at {app.BaseAddress} after {watch.Elapsed.TotalSeconds:0.0} s"));
        inProcess["Database:Provider"] = "Sqlite";
        return new FreshAppTarget(app, inProcess, null, dataFolder);
    }

    public async ValueTask DisposeAsync()
    {
        if (fresh is not null)
        {
            await fresh.DisposeAsync();
        }
        else
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temp folder; the OS cleans it eventually.
        }
    }
}
