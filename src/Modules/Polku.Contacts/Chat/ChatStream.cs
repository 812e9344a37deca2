using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Platform.Live;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Chat;

/// <summary>
/// One session's Server-Sent Events. Messages are frames with their sequence number as the event id; the stream reads
/// them from the database after the last id it sent (or the client's <c>Last-Event-ID</c>), so a reconnecting client
/// gets each missed message exactly once — on any node, because the live event only says "look again" and the
/// database says what there is. State (queue position, who answers) and typing indicators are frames without an id.
/// </summary>
internal sealed class ChatStream(PolkuDb db, ChatService chats, ChatView view, LiveHub hub, IOptions<LiveOptions> options, TimeProvider time)
{
    /// <summary>How often a waiting resident's position is refreshed even without events.</summary>
    public static readonly TimeSpan PositionRefresh = TimeSpan.FromSeconds(10);

    public async Task WriteAsync(HttpContext context, Guid sessionId, bool asStaff, int lastEventId, string language)
    {
        var ct = context.RequestAborted;
        context.Response.Headers.CacheControl = "no-cache, no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = context.Response.Body;
        var heartbeatEvery = options.Value.Heartbeat > TimeSpan.Zero ? options.Value.Heartbeat : TimeSpan.FromSeconds(15);
        // Subscribe before the first read: a message committed between the read and the subscription is still announced.
        using var subscription = hub.Subscribe([ChatService.Audience(sessionId)]);
        var reader = subscription.Reader;
        var last = lastEventId;
        string? lastState = null;
        DateTimeOffset? seen = null;
        try
        {
            await body.WriteAsync("retry: 3000\n: connected\n\n"u8.ToArray(), ct);
            await body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                if (!asStaff && (seen is not { } at || time.GetUtcNow() - at >= ChatService.SeenEvery))
                {
                    // The resident's open stream says they are still there (a queued chat is not abandoned).
                    seen = time.GetUtcNow();
                    await chats.SeenAsync(sessionId, ct);
                }

                var messages = await chats.MessagesAfterAsync(sessionId, last, ct);
                foreach (var m in messages)
                {
                    var frame = JsonSerializer.Serialize(await view.RenderAsync(m, language, ct), Json);
                    await WriteFrameAsync(body, m.Seq.ToString(CultureInfo.InvariantCulture), "message", frame, ct);
                    last = m.Seq;
                }

                var session = await db.Set<ChatSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
                if (session is null)
                {
                    return;
                }

                var state = JsonSerializer.Serialize(await view.StateAsync(session, language, ct), Json);
                if (state != lastState)
                {
                    await WriteFrameAsync(body, null, "state", state, ct);
                    lastState = state;
                }

                await body.FlushAsync(ct);
                if (messages.Count == 500)
                {
                    continue;
                }

                await WaitAsync(body, reader, asStaff, session.State == ChatState.Queued ? PositionRefresh : heartbeatEvery, heartbeatEvery, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    /// <summary>
    /// Waits until something may have changed: a live event of the session (typing is written at once and waiting goes
    /// on), the refresh interval, or a heartbeat. Returns so the caller reads the database again.
    /// </summary>
    private async Task WaitAsync(Stream body, System.Threading.Channels.ChannelReader<LiveDelivery> reader, bool asStaff, TimeSpan refresh, TimeSpan heartbeat, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var until = Task.Delay(refresh < heartbeat ? refresh : heartbeat, time, timeout.Token);
        while (true)
        {
            var waiting = reader.WaitToReadAsync(timeout.Token).AsTask();
            var first = await Task.WhenAny(waiting, until);
            if (first == until)
            {
                await timeout.CancelAsync();
                if (refresh >= heartbeat)
                {
                    await body.WriteAsync(": heartbeat\n\n"u8.ToArray(), ct);
                    await body.FlushAsync(ct);
                }

                return;
            }

            if (!await waiting)
            {
                await timeout.CancelAsync();
                return;
            }

            var changed = false;
            while (reader.TryRead(out var delivery))
            {
                if (delivery.Event.Type == "chat.typing")
                {
                    // Show the other party's typing only.
                    var who = delivery.Event.Id;
                    if (who == (asStaff ? "resident" : "staff"))
                    {
                        await WriteFrameAsync(body, null, "typing", "{\"who\":\"" + who + "\"}", ct);
                        await body.FlushAsync(ct);
                    }
                }
                else
                {
                    changed = true;
                }
            }

            if (changed)
            {
                await timeout.CancelAsync();
                return;
            }
        }
    }

    private static async Task WriteFrameAsync(Stream body, string? id, string type, string data, CancellationToken ct)
    {
        var sb = new StringBuilder(data.Length + 48);
        if (id is not null)
        {
            sb.Append("id: ").Append(id).Append('\n');
        }

        // JSON from the serializer has no line breaks, so one data line is the whole payload.
        sb.Append("event: ").Append(type).Append("\ndata: ").Append(data).Append("\n\n");
        await body.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()), ct);
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
