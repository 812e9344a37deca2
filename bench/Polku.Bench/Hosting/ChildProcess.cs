using System.Diagnostics;

namespace Polku.Bench.Hosting;

/// <summary>
/// A child process with captured output (the last lines are kept for diagnostics)
/// that is always stopped together with its whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process process;
    private readonly Queue<string> lastLines = new();
    private readonly Lock linesLock = new();

    private ChildProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>The operating system's process id (e.g. for /proc/&lt;pid&gt;/status).</summary>
    public int Id => process.Id;

    /// <summary>CPU time (user and system) the process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <paramref name="fileName"/> without a shell; arguments are passed verbatim.</summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to completion (bounded by <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var child = Start(fileName, arguments, workingDirectory, environment);
        var exited = await child.WaitForExitAsync(timeout, cancellationToken);
        return exited ? (child.ExitCode, child.Output) : (-1, child.Output + Environment.NewLine + "(timed out)");
    }

    /// <summary>The last captured lines of standard output and error.</summary>
    public string Output
    {
        get
        {
            lock (linesLock)
            {
                return string.Join(Environment.NewLine, lastLines);
            }
        }
    }

    /// <summary>Waits for exit; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Kills the process and all of its descendants, then waits (bounded) for the exit.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (linesLock)
        {
            lastLines.Enqueue(line);
            while (lastLines.Count > KeptLines)
            {
                lastLines.Dequeue();
            }
        }
    }
}
