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
/// delivering it again. It takes <see cref="Latency"/> to answer, as a real gateway does: the window in which a crash
/// leaves a delivered message unmarked. <see cref="HoldNextAsync"/> keeps one answer back, so that a test can kill
/// the sender inside that window for certain.
/// </summary>
internal sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SmsRequest> _requests = new();
    private readonly ConcurrentDictionary<string, SmsRequest> _delivered = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hold;

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

    /// <summary>
    /// Holds the answer to the next request (after recording and delivering it) until <see cref="Release"/>; completes
    /// when that request has arrived. The sender then has delivered the SMS and cannot know it.
    /// </summary>
    public Task HoldNextAsync()
    {
        Volatile.Write(ref _hold, 1);
        return _held.Task;
    }

    public void Release() => _release.TrySetResult();

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
        _requests.Enqueue(request);
        if (key.Length == 0)
        {
            return Results.BadRequest();
        }

        _delivered.TryAdd(key, request);
        if (Interlocked.Exchange(ref _hold, 0) == 1)
        {
            _held.TrySetResult();
            await _release.Task;
        }

        await Task.Delay(Latency, CancellationToken.None);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
