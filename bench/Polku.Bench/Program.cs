using Polku.Bench.Cli;
using Polku.Bench.Hosting;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

// The B6 baseline's SSE host runs as a child process of the bench (see SseBaselineHost).
if (args is [SseBaselineHost.Command, ..])
{
    return await SseBaselineHost.ServeAsync(cancellation.Token);
}

return await BenchApp.RunAsync(args, Console.Out, cancellation.Token);
