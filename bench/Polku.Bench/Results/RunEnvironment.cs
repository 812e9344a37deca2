using System.Globalization;
using System.Runtime.InteropServices;
using Polku.Bench.Hosting;

namespace Polku.Bench.Results;

/// <summary>Where and when a run happened: recorded with every result file.</summary>
public sealed record RunEnvironment(DateTimeOffset StartedUtc, int Cores, long MemoryBytes, string OperatingSystem, string Runtime, string Commit)
{
    public static async Task<RunEnvironment> CaptureAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var commit = "unknown";
        try
        {
            var (exitCode, output) = await ChildProcess.RunAsync(
                "git", ["rev-parse", "--short", "HEAD"], repositoryRoot, TimeSpan.FromSeconds(15), cancellationToken);
            if (exitCode == 0 && !string.IsNullOrWhiteSpace(output))
            {
                commit = output.Trim();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // git is not installed; keep "unknown".
        }

        return new RunEnvironment(
            TimeProvider.System.GetUtcNow(),
            Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            commit);
    }

    public IEnumerable<string> Describe()
    {
        yield return "date:    " + StartedUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        yield return string.Create(CultureInfo.InvariantCulture, $"machine: {Cores} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB memory, {OperatingSystem}, {Runtime}");
        yield return "commit:  " + Commit;
        var appOnly = PolkuAppProcess.AppOnlyVariables();
        if (appOnly.Count > 0)
        {
            // Runtime knobs tried on the app alone (POLKU_BENCH_APP_*): a result is only comparable with its settings.
            yield return "app env: " + string.Join(" ", appOnly.Select(v => v.Key + "=" + v.Value));
        }
    }
}
