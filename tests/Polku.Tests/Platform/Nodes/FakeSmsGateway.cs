using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Polku.Tests.Platform.Nodes;

/// <summary>
/// An SMS gateway on a local port that behaves like a real one that honours <c>Idempotency-Key</c>: it records every
/// request, delivers a key's first request to the phone and answers a repeat of the key with success without
/// delivering it again. It takes <see cref="Latency"/> to answer, as a real gateway does, which is the window in
/// which a crash leaves a delivered message unmarked.
/// </summary>
internal sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SmsRequest> _requests = new();
    private readonly ConcurrentDictionary<string, SmsRequest> _delivered = new(StringComparer.Ordinal);
    private int _inFlight;

    private FakeSmsGateway(WebApplication app)
    {
        _app = app;
    }

    public sealed record SmsRequest(string IdempotencyKey, string To, string Text);

    public static TimeSpan Latency { get; } = TimeSpan.FromMilliseconds(60);

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received, repeats included.</summary>
    public IReadOnlyList<SmsRequest> Requests => [.. _requests];

    /// <summary>What reached phones: one per idempotency key.</summary>
    public IReadOnlyDictionary<string, SmsRequest> Delivered => _delivered;

    /// <summary>Requests received whose answer has not been sent yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        // As a Delegate, so the returned IResult is written (a RequestDelegate would discard it).
        app.MapPost("/sms", (Delegate)gateway.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gateway.Url = new Uri(address.TrimEnd('/') + "/sms");
        return gateway;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var request = new SmsRequest(key, body.RootElement.GetProperty("to").GetString() ?? "", body.RootElement.GetProperty("text").GetString() ?? "");
        Interlocked.Increment(ref _inFlight);
        try
        {
            _requests.Enqueue(request);
            if (key.Length == 0)
            {
                return Results.BadRequest();
            }

            _delivered.TryAdd(key, request);
            await Task.Delay(Latency, CancellationToken.None);
            return Results.Ok();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
