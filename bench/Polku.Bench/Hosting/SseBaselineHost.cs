using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Polku.Bench.Hosting;

/// <summary>
/// The B6 baseline: a bare minimal-API SSE endpoint in a process of its own (the bench started again with
/// <see cref="Command"/>), so the app and the baseline are measured alike: a separate process with its own file limit,
/// GC and thread pool, over loopback TCP. <c>GET /events</c> writes <c>: connected</c> and then every published frame;
/// <c>POST /publish?id=&lt;guid&gt;</c> encodes one frame once and hands it to every open stream through one shared task
/// (a linked list of completions: no per-subscriber queue, no audiences, no authentication, no database).
/// </summary>
public static class SseBaselineHost
{
    /// <summary>First argument that makes the bench run as the baseline host instead of running scenarios.</summary>
    public const string Command = "__sse-baseline-host";

    private const string ListeningPrefix = "listening ";

    /// <summary>Runs the host until the process is killed; prints <c>listening &lt;address&gt;</c> once it accepts.</summary>
    public static async Task<int> ServeAsync(CancellationToken cancellationToken)
    {
        var hub = new BroadcastHub();
        await using var host = await LoopbackHost.StartAsync(
            app =>
            {
                app.MapGet("/events", (HttpContext context) => StreamAsync(context, hub));
                app.MapPost("/publish", (Guid id) => HttpResults.Text(hub.Publish(id).ToString(CultureInfo.InvariantCulture)));
            },
            cancellationToken: cancellationToken);
        Console.Out.WriteLine(ListeningPrefix + host.BaseAddress);
        await Console.Out.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C; the bench kills the process instead.
        }

        return 0;
    }

    /// <summary>Starts the host as a child process and waits for its address.</summary>
    public static async Task<(ChildProcess Process, Uri Address)> StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var assembly = typeof(SseBaselineHost).Assembly.Location;
        var environment = new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" };
        var process = ChildProcess.Start("dotnet", [assembly, Command], AppContext.BaseDirectory, environment);
        try
        {
            var deadline = TimeProvider.System.GetUtcNow() + timeout;
            while (TimeProvider.System.GetUtcNow() < deadline)
            {
                var line = process.Output.Split('\n').FirstOrDefault(l => l.StartsWith(ListeningPrefix, StringComparison.Ordinal));
                if (line is not null)
                {
                    return (process, new Uri(line[ListeningPrefix.Length..].Trim()));
                }

                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The SSE baseline host exited with code {process.ExitCode}: {process.Output}");
                }

                await Task.Delay(100, cancellationToken);
            }

            throw new TimeoutException($"The SSE baseline host did not start within {timeout.TotalSeconds} s: {process.Output}");
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task StreamAsync(HttpContext context, BroadcastHub hub)
    {
        var ct = context.RequestAborted;
        var node = hub.Tail; // taken before ': connected', so nothing published after it is missed
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync(Connected, ct);
            await body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var next = await node.Published.WaitAsync(ct);
                await body.WriteAsync(node.Frame, ct);
                await body.FlushAsync(ct);
                node = next;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static readonly ReadOnlyMemory<byte> Connected = "retry: 5000\n: connected\n\n"u8.ToArray();

    /// <summary>Published frames as a linked list: each node's task completes with the next node once its frame is set.</summary>
    private sealed class BroadcastHub
    {
        private readonly Lock gate = new();
        private Node tail = new();
        private long sequence;

        public Node Tail => Volatile.Read(ref tail);

        public long Publish(Guid id)
        {
            lock (gate)
            {
                var node = tail;
                var next = new Node();
                var number = ++sequence;
                node.Frame = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {number}\nevent: bench.event\ndata: {{\"id\":\"{id:D}\"}}\n\n"));
                Volatile.Write(ref tail, next);
                node.Complete(next);
                return number;
            }
        }
    }

    private sealed class Node
    {
        private readonly TaskCompletionSource<Node> published = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ReadOnlyMemory<byte> Frame { get; set; }

        public Task<Node> Published => published.Task;

        public void Complete(Node next) => published.SetResult(next);
    }
}
