using Polku.Bench.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await BenchApp.RunAsync(args, Console.Out, cancellation.Token);
