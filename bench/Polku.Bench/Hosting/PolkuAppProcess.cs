using System.Globalization;
using System.Reflection;
using Polku.Bench.Load;

namespace Polku.Bench.Hosting;

/// <summary>
/// The real Polku app (src/Polku.Web) as a child process: <c>dotnet Polku.Web.dll</c> from the build output of the
/// given configuration, listening on a free 127.0.0.1 port, configured through environment variables
/// (<c>Section__Key</c>). A separate process keeps the app's server GC and thread pool apart from the load generator,
/// and every request crosses a real socket to Kestrel.
/// </summary>
public sealed class PolkuAppProcess : IAsyncDisposable
{
    private const string WebProject = "src/Polku.Web";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly ChildProcess process;

    private PolkuAppProcess(ChildProcess process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Address the app listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The last lines the app wrote (warnings and errors at the usual log level).</summary>
    public string Output => process.Output;

    public bool HasExited => process.HasExited;

    /// <summary>The app's process id: <c>dotnet Polku.Web.dll</c> runs the app in that process, so /proc/&lt;pid&gt; is the app's.</summary>
    public int ProcessId => process.Id;

    /// <summary>CPU time the app process has used so far (for CPU per request: the difference over a phase).</summary>
    public TimeSpan ProcessorTime => process.ProcessorTime;

    /// <summary>The configuration this bench was built in ("Release" or "Debug"); the app build of the same name is the default.</summary>
    public static string BenchConfiguration =>
        typeof(PolkuAppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>Path of Polku.Web.dll for a build configuration; the target framework folder is the bench's own.</summary>
    public static string AppAssembly(string repositoryRoot, string configuration) =>
        Path.Combine(repositoryRoot, WebProject, "bin", configuration, new DirectoryInfo(AppContext.BaseDirectory).Name, "Polku.Web.dll");

    /// <summary>
    /// Starts the app and waits until <c>GET /health</c> answers 200 (migrations and demo seeding run before that).
    /// Throws when the build output is missing, the process exits, or <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<PolkuAppProcess> StartAsync(
        string repositoryRoot,
        string configuration,
        IReadOnlyDictionary<string, string> settings,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var assembly = AppAssembly(repositoryRoot, configuration);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException(
                $"{assembly} does not exist; build it with: dotnet build -c {configuration} {WebProject}");
        }

        var port = FreePort.Find();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        LoopbackGuard.EnsureLoopback(address);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address.GetLeftPart(UriPartial.Authority),
            // Links and the API's same-origin check name the address the app really listens on.
            ["Site__PublicBaseUrl"] = address.GetLeftPart(UriPartial.Authority),
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in AppOnlyVariables())
        {
            environment[key] = value;
        }

        var webFolder = Path.Combine(repositoryRoot, WebProject);
        var process = ChildProcess.Start("dotnet", [assembly], webFolder, environment);
        var app = new PolkuAppProcess(process, address);
        try
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = TimeProvider.System.GetUtcNow() + timeout;
            while (TimeProvider.System.GetUtcNow() < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Polku.Web exited with code {process.ExitCode}:{Environment.NewLine}{process.Output}");
                }

                if (await IsHealthyAsync(http, cancellationToken))
                {
                    return app;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }

            throw new TimeoutException($"Polku.Web did not answer GET /health within {timeout.TotalSeconds} s:{Environment.NewLine}{process.Output}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>Prefix of the bench's environment variables that are handed to the app alone, without the prefix.</summary>
    public const string AppOnlyPrefix = "POLKU_BENCH_APP_";

    /// <summary>
    /// <c>POLKU_BENCH_APP_DOTNET_gcConcurrent=0</c> starts the app with <c>DOTNET_gcConcurrent=0</c> and leaves the bench
    /// process (the load generator and the baselines) as it is: runtime knobs can be tried on the app alone.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AppOnlyVariables()
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.Length > AppOnlyPrefix.Length
                && key.StartsWith(AppOnlyPrefix, StringComparison.Ordinal) && entry.Value is string value)
            {
                variables[key[AppOnlyPrefix.Length..]] = value;
            }
        }

        return variables;
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // poll timed out
        }
    }
}
