using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polku.Appointments.Remote;

namespace Polku.Tests.Appointments;

/// <summary>The HTTP video provider against a fake video service on a local port: rooms, join links, closing, and a service that is down.</summary>
public sealed class RemoteVideoProviderTests
{
    [Fact]
    public async Task The_HTTP_provider_creates_rooms_gets_links_and_closes_rooms()
    {
        var calls = new ConcurrentQueue<string>();
        await using var fake = await FakeVideoServiceAsync(calls);
        using var http = new HttpClient();
        var rooms = Provider(http, Address(fake) + "api/v1", "secret-key");
        var appointment = Guid.NewGuid();

        var created = await rooms.CreateRoomAsync(new VideoRoomRequest(appointment, "ignored", new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 8, 15, 0, DateTimeKind.Utc)), default);
        Assert.Equal("room-" + appointment.ToString("N"), created.Value);
        var guest = await rooms.ResidentJoinUrlAsync(created.Value!, default);
        var host = await rooms.ProfessionalJoinUrlAsync(created.Value!, "Hanna Hoitaja", default);
        Assert.Equal($"https://video.example.invalid/r/{created.Value}?role=guest", guest.Value);
        Assert.Equal($"https://video.example.invalid/r/{created.Value}?role=host", host.Value);
        await rooms.CloseRoomAsync(created.Value!, default);

        Assert.Equal(
            [
                $"POST /api/v1/rooms Bearer secret-key {appointment:D} 2026-12-01T08:00:00.0000000Z",
                $"POST /api/v1/rooms/{created.Value}/links Bearer secret-key guest",
                $"POST /api/v1/rooms/{created.Value}/links Bearer secret-key host Hanna Hoitaja",
                $"DELETE /api/v1/rooms/{created.Value} Bearer secret-key",
            ],
            calls.ToArray());
    }

    [Fact]
    public async Task A_video_service_that_is_down_or_answers_nonsense_is_video_unavailable()
    {
        var calls = new ConcurrentQueue<string>();
        await using var fake = await FakeVideoServiceAsync(calls);
        using var http = new HttpClient();
        var request = new VideoRoomRequest(Guid.NewGuid(), null, new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 1, 8, 15, 0, DateTimeKind.Utc));

        // Wrong path: the fake answers 404. A link to a room id with characters outside the alphabet is never asked for.
        var wrongPath = await Provider(http, Address(fake) + "nothing-here", null).CreateRoomAsync(request, default);
        Assert.Equal("appointments.remote.video_unavailable", wrongPath.Error?.Code);
        var badRoom = await Provider(http, Address(fake) + "api/v1", null).ResidentJoinUrlAsync("../../admin", default);
        Assert.Equal("appointments.remote.video_unavailable", badRoom.Error?.Code);

        // The service gives a room id that could break a URL.
        var nonsense = await Provider(http, Address(fake) + "evil", null).CreateRoomAsync(request, default);
        Assert.Equal("appointments.remote.video_unavailable", nonsense.Error?.Code);

        // Nobody listens on the port any more.
        var address = Address(fake);
        await fake.StopAsync();
        var down = await Provider(http, address + "api/v1", null).CreateRoomAsync(request, default);
        Assert.Equal("appointments.remote.video_unavailable", down.Error?.Code);
        await Provider(http, address + "api/v1", null).CloseRoomAsync("room-1", default);
    }

    private static HttpVideoRooms Provider(HttpClient http, string baseUrl, string? key) =>
        new(http, Options.Create(new VideoOptions { Provider = "Http", BaseUrl = baseUrl, ApiKey = key, TimeoutSeconds = 5 }), NullLogger<HttpVideoRooms>.Instance);

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    /// <summary>A video service speaking the adapter's REST interface, recording each call.</summary>
    private static async Task<WebApplication> FakeVideoServiceAsync(ConcurrentQueue<string> calls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        static string Bearer(HttpContext c) => c.Request.Headers.Authorization.ToString();
        app.MapPost("/api/v1/rooms", async (HttpContext c) =>
        {
            var body = (await c.Request.ReadFromJsonAsync<JsonObject>())!;
            calls.Enqueue($"POST /api/v1/rooms {Bearer(c)} {body["reference"]} {body["startsAt"]}");
            return Results.Json(new { id = "room-" + Guid.Parse(body["reference"]!.GetValue<string>()).ToString("N") }, statusCode: 201);
        });
        app.MapPost("/api/v1/rooms/{id}/links", async (string id, HttpContext c) =>
        {
            var body = (await c.Request.ReadFromJsonAsync<JsonObject>())!;
            var role = body["role"]!.GetValue<string>();
            calls.Enqueue($"POST /api/v1/rooms/{id}/links {Bearer(c)} {role}{(body["name"] is { } n ? " " + n.GetValue<string>() : "")}");
            return Results.Json(new { url = $"https://video.example.invalid/r/{id}?role={role}" });
        });
        app.MapDelete("/api/v1/rooms/{id}", (string id, HttpContext c) =>
        {
            calls.Enqueue($"DELETE /api/v1/rooms/{id} {Bearer(c)}");
            return Results.NoContent();
        });
        app.MapPost("/evil/rooms", () => Results.Json(new { id = "../admin?x=<script>" }));
        await app.StartAsync();
        return app;
    }
}
