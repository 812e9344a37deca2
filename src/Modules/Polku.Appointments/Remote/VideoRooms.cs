using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Results;

namespace Polku.Appointments.Remote;

/// <summary>What the provider needs to open a room for one appointment (no health information, no names).</summary>
/// <param name="AppointmentId">Polku's appointment id, as the provider's reference.</param>
/// <param name="SuggestedRoomId">The room id handed out at booking; a provider may use it or choose its own.</param>
internal sealed record VideoRoomRequest(Guid AppointmentId, string? SuggestedRoomId, DateTime StartUtc, DateTime EndUtc);

/// <summary>
/// Videopalvelu — the adapter to the video service that holds the rooms of remote appointments. Configuration
/// (<c>Appointments:Video:Provider</c>) decides which one; pages only ever see room ids and join URLs.
/// </summary>
internal interface IVideoRooms
{
    /// <summary>The provider's name as stored with a visit (<c>development</c>, <c>http</c>).</summary>
    string Name { get; }

    /// <summary>True for the built-in development stand-in, which transmits no video or audio; pages say so.</summary>
    bool IsDevelopmentStandIn { get; }

    /// <summary>Creates (or returns) the room of an appointment; <c>appointments.remote.video_unavailable</c> when the service cannot be reached.</summary>
    Task<Result<string>> CreateRoomAsync(VideoRoomRequest request, CancellationToken ct);

    /// <summary>Where the resident enters the room.</summary>
    Task<Result<string>> ResidentJoinUrlAsync(string roomId, CancellationToken ct);

    /// <summary>Where the admitting professional enters the room.</summary>
    Task<Result<string>> ProfessionalJoinUrlAsync(string roomId, string professionalName, CancellationToken ct);

    /// <summary>Closes the room after the visit; closing a room that is already gone is not an error.</summary>
    Task CloseRoomAsync(string roomId, CancellationToken ct);
}

/// <summary>
/// Development stand-in: no video service at all. The "room" is Polku's own page <c>/video/{roomId}</c>, which says
/// plainly that it is not a real video service, shows who is in the visit and lets the professional complete it.
/// </summary>
internal sealed class DevelopmentVideoRooms : IVideoRooms
{
    public string Name => "development";

    public bool IsDevelopmentStandIn => true;

    public Task<Result<string>> CreateRoomAsync(VideoRoomRequest request, CancellationToken ct) =>
        Task.FromResult(Result<string>.Ok(request.SuggestedRoomId is { } id && RoomIds.IsValid(id) ? id : request.AppointmentId.ToString("N")));

    public Task<Result<string>> ResidentJoinUrlAsync(string roomId, CancellationToken ct) =>
        Task.FromResult(Result<string>.Ok("/video/" + roomId));

    public Task<Result<string>> ProfessionalJoinUrlAsync(string roomId, string professionalName, CancellationToken ct) =>
        Task.FromResult(Result<string>.Ok("/video/" + roomId));

    public Task CloseRoomAsync(string roomId, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// A video service with a small REST interface at <c>Appointments:Video:BaseUrl</c> (bearer key in <c>ApiKey</c>):
/// <list type="bullet">
/// <item><c>POST rooms</c> with <c>{"reference","startsAt","endsAt"}</c> → 200/201 <c>{"id"}</c></item>
/// <item><c>POST rooms/{id}/links</c> with <c>{"role":"guest"|"host","name"}</c> → 200 <c>{"url"}</c> (an absolute http(s) URL)</item>
/// <item><c>DELETE rooms/{id}</c> → 2xx, or 404 when already gone</item>
/// </list>
/// A vendor with another interface needs a thin gateway speaking this one. Every failure — unreachable, timeout,
/// non-success status, malformed answer — is <c>appointments.remote.video_unavailable</c>, so the rest of Polku keeps working.
/// </summary>
internal sealed class HttpVideoRooms(HttpClient http, IOptions<VideoOptions> options, ILogger<HttpVideoRooms> log) : IVideoRooms
{
    public const string ClientName = "polku-video";

    public string Name => "http";

    public bool IsDevelopmentStandIn => false;

    public async Task<Result<string>> CreateRoomAsync(VideoRoomRequest request, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["reference"] = request.AppointmentId.ToString("D"),
            ["startsAt"] = DateTime.SpecifyKind(request.StartUtc, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = DateTime.SpecifyKind(request.EndUtc, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        var answer = await SendAsync(HttpMethod.Post, "rooms", body, ct);
        return answer?["id"] is JsonValue v && v.TryGetValue<string>(out var id) && RoomIds.IsValid(id)
            ? id
            : Unavailable();
    }

    public Task<Result<string>> ResidentJoinUrlAsync(string roomId, CancellationToken ct) => LinkAsync(roomId, "guest", null, ct);

    public Task<Result<string>> ProfessionalJoinUrlAsync(string roomId, string professionalName, CancellationToken ct) =>
        LinkAsync(roomId, "host", professionalName, ct);

    public async Task CloseRoomAsync(string roomId, CancellationToken ct)
    {
        if (!RoomIds.IsValid(roomId))
        {
            return;
        }

        await SendAsync(HttpMethod.Delete, "rooms/" + roomId, null, ct, allowNotFound: true);
    }

    private async Task<Result<string>> LinkAsync(string roomId, string role, string? name, CancellationToken ct)
    {
        if (!RoomIds.IsValid(roomId))
        {
            return Unavailable();
        }

        var body = new JsonObject { ["role"] = role };
        if (name is not null)
        {
            body["name"] = name;
        }

        var answer = await SendAsync(HttpMethod.Post, $"rooms/{roomId}/links", body, ct);
        return answer?["url"] is JsonValue v && v.TryGetValue<string>(out var url)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.AbsoluteUri
            : Unavailable();
    }

    private async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct, bool allowNotFound = false)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl) || !Uri.TryCreate(settings.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var root))
        {
            log.LogWarning("Appointments:Video:BaseUrl is not an absolute URL; the HTTP video provider cannot be used.");
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)));
        using var message = new HttpRequestMessage(method, new Uri(root, path));
        if (body is not null)
        {
            message.Content = JsonContent.Create(body);
        }

        if (settings.ApiKey is { Length: > 0 } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await http.SendAsync(message, timeout.Token);
            if (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return [];
            }

            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("The video service answered {Status} to {Method} {Path}.", (int)response.StatusCode, method, path.Split('/')[0]);
                return null;
            }

            if (response.Content.Headers.ContentLength == 0 || method == HttpMethod.Delete)
            {
                return [];
            }

            return await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or NotSupportedException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            log.LogWarning(e, "The video service could not be reached for {Method} {Path}.", method, path.Split('/')[0]);
            return null;
        }
    }

    private static Result<string> Unavailable() => Error.Conflict("appointments.remote.video_unavailable");
}

/// <summary>Room ids travel in URLs and live events: letters, digits, <c>-</c> and <c>_</c>, at most 100 characters.</summary>
internal static class RoomIds
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 100 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
