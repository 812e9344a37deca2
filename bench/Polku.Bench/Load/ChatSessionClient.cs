using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Polku.Bench.Load;

/// <summary>One chat message frame as a session's stream delivered it.</summary>
public readonly record struct ChatReceipt(int Id, string Sender, string Text, long Timestamp, int Stream);

/// <summary>A resident's message the app acknowledged: its event id, when the send started, on which stream, and its marker.</summary>
public sealed record ChatSent(int Id, long Started, int Stream, string Marker, bool Measured);

/// <summary>Figures shared by all sessions of a chat load run (thread-safe).</summary>
public sealed class ChatLoadStats
{
    private long duplicated;
    private long wrongEcho;
    private long mismatchedIds;
    private long streamErrors;
    private long reconnects;

    /// <summary>Send start → the resident's own message on the session's stream (same stream connection only).</summary>
    public LatencyHistogram Echo { get; } = new();

    /// <summary>Send start → the bot's answer on the stream (same stream connection only).</summary>
    public LatencyHistogram Bot { get; } = new();

    /// <summary>A message id received twice on one session (across reconnects too).</summary>
    public long Duplicated => Interlocked.Read(ref duplicated);

    /// <summary>The frame with an acknowledged id was not the resident's message with its marker.</summary>
    public long WrongEcho => Interlocked.Read(ref wrongEcho);

    /// <summary>A frame whose SSE <c>id:</c> differs from the id in its data.</summary>
    public long MismatchedIds => Interlocked.Read(ref mismatchedIds);

    /// <summary>Streams that failed or ended without the bench asking (each is reconnected with Last-Event-ID).</summary>
    public long StreamErrors => Interlocked.Read(ref streamErrors);

    /// <summary>Streams reopened with Last-Event-ID after the bench dropped them.</summary>
    public long Reconnects => Interlocked.Read(ref reconnects);

    internal void CountDuplicate() => Interlocked.Increment(ref duplicated);

    internal void CountWrongEcho() => Interlocked.Increment(ref wrongEcho);

    internal void CountMismatchedId() => Interlocked.Increment(ref mismatchedIds);

    internal void CountStreamError() => Interlocked.Increment(ref streamErrors);

    internal void CountReconnect() => Interlocked.Increment(ref reconnects);
}

/// <summary>
/// One chat session as a browser tab runs it: its token, its <c>GET /api/chat/sessions/{id}/events</c> stream
/// (reopened with <c>Last-Event-ID</c> after a drop or a failure, as EventSource does) and the bookkeeping that
/// matches each acknowledged message to its echo and the bot's answer on the stream.
/// </summary>
public sealed class ChatSessionClient : ISseSink
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, ChatReceipt> received = [];
    private readonly Dictionary<int, ChatSent> awaitingEcho = [];
    private readonly List<ChatSent> awaitingBot = [];
    private readonly ChatLoadStats stats;
    private TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? current;
    private int stream;
    private int lastId;
    private bool dropping;

    public ChatSessionClient(int index, Guid sessionId, string token, ChatLoadStats stats)
    {
        Index = index;
        SessionId = sessionId;
        Token = token;
        this.stats = stats;
    }

    public int Index { get; }

    public Guid SessionId { get; }

    public string Token { get; }

    /// <summary>Completes on the current stream's <c>: connected</c>.</summary>
    public Task Connected
    {
        get
        {
            lock (gate)
            {
                return connected.Task;
            }
        }
    }

    /// <summary>The highest message id received: what a reconnect sends as <c>Last-Event-ID</c>.</summary>
    public int LastId
    {
        get
        {
            lock (gate)
            {
                return lastId;
            }
        }
    }

    /// <summary>Which connection of the session's stream is open now (1 for the first, +1 for every reopening).</summary>
    public int Stream
    {
        get
        {
            lock (gate)
            {
                return stream;
            }
        }
    }

    /// <summary>Acknowledged messages whose echo has not arrived yet.</summary>
    public int AwaitingEcho
    {
        get
        {
            lock (gate)
            {
                return awaitingEcho.Count;
            }
        }
    }

    /// <summary>Acknowledged messages the bot has not answered on the stream yet.</summary>
    public int AwaitingBot
    {
        get
        {
            lock (gate)
            {
                return awaitingBot.Count;
            }
        }
    }

    /// <summary>Acknowledged messages whose echo has not arrived yet, plus those still waiting for the bot.</summary>
    public int Outstanding
    {
        get
        {
            lock (gate)
            {
                return awaitingEcho.Count + awaitingBot.Count;
            }
        }
    }

    public void OnComment(ReadOnlySpan<byte> text, long receivedTimestamp)
    {
        if (text.SequenceEqual("connected"u8))
        {
            lock (gate)
            {
                connected.TrySetResult();
            }
        }
    }

    public void OnFrame(in SseFrame frame)
    {
        if (frame.Event != "message")
        {
            return; // state, typing and position frames carry no id
        }

        int id;
        string sender;
        string text;
        using (var json = JsonDocument.Parse(frame.Data))
        {
            var root = json.RootElement;
            id = root.GetProperty("id").GetInt32();
            sender = root.GetProperty("sender").GetString() ?? "";
            text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        }

        if (frame.Id != id)
        {
            stats.CountMismatchedId();
        }

        lock (gate)
        {
            var receipt = new ChatReceipt(id, sender, text, frame.ReceivedTimestamp, stream);
            if (!received.TryAdd(id, receipt))
            {
                stats.CountDuplicate();
                return;
            }

            lastId = Math.Max(lastId, id);
            if (awaitingEcho.Remove(id, out var sent))
            {
                Echoed(sent, receipt);
            }

            if (sender == "bot")
            {
                Answered(receipt);
            }
        }
    }

    /// <summary>The app answered 201 with <paramref name="sent"/>'s id; its frames may already be here.</summary>
    public void Acknowledged(ChatSent sent)
    {
        lock (gate)
        {
            if (received.TryGetValue(sent.Id, out var echo))
            {
                Echoed(sent, echo);
            }
            else
            {
                awaitingEcho[sent.Id] = sent;
            }

            // The bot's answer is the first bot message after the resident's (same transaction, so normally id + 1).
            ChatReceipt? answer = null;
            foreach (var receipt in received.Values)
            {
                if (receipt.Sender == "bot" && receipt.Id > sent.Id && (answer is null || receipt.Id < answer.Value.Id))
                {
                    answer = receipt;
                }
            }

            if (answer is { } a)
            {
                RecordBot(sent, a);
            }
            else
            {
                awaitingBot.Add(sent);
            }
        }
    }

    /// <summary>Every message received, by id.</summary>
    public IReadOnlyDictionary<int, ChatReceipt> Received()
    {
        lock (gate)
        {
            return new Dictionary<int, ChatReceipt>(received);
        }
    }

    /// <summary>
    /// Keeps the session's stream open until <paramref name="stop"/>: opens it (with <c>Last-Event-ID</c> after the
    /// first), reads it, and reopens it after a drop (after <paramref name="reconnectDelay"/>) or a failure (after the
    /// stream's own <c>retry</c> of 3 s).
    /// </summary>
    public async Task RunStreamAsync(HttpClient client, TimeSpan reconnectDelay, CancellationToken stop)
    {
        var uri = new Uri($"api/chat/sessions/{SessionId:D}/events", UriKind.Relative);
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            int resumeAfter;
            lock (gate)
            {
                current = cancel;
                stream++;
                dropping = false;
                if (connected.Task.IsCompleted)
                {
                    connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                resumeAfter = lastId;
            }

            var failed = false;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd("text/event-stream");
                request.Headers.Add("X-Chat-Token", Token);
                if (!first)
                {
                    request.Headers.Add("Last-Event-ID", resumeAfter.ToString(CultureInfo.InvariantCulture));
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failed = true;
                }
                else
                {
                    await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
                    await SseFrameReader.ReadAsync(body, this, cancel.Token);
                    failed = !stop.IsCancellationRequested;
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // Dropped by the bench, or the run is over.
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                failed = !stop.IsCancellationRequested;
            }

            first = false;
            bool dropped;
            lock (gate)
            {
                current = null;
                dropped = dropping;
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (failed && !dropped)
            {
                stats.CountStreamError();
            }
            else if (dropped)
            {
                stats.CountReconnect();
            }

            try
            {
                await Task.Delay(dropped ? reconnectDelay : TimeSpan.FromSeconds(3), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Closes the current stream as a lost connection would; <see cref="RunStreamAsync"/> reopens it.</summary>
    public void Drop()
    {
        lock (gate)
        {
            dropping = true;
            current?.Cancel();
        }
    }

    private void Echoed(ChatSent sent, ChatReceipt echo)
    {
        if (echo.Sender != "resident" || !echo.Text.Contains(sent.Marker, StringComparison.Ordinal))
        {
            stats.CountWrongEcho();
        }

        if (sent.Measured && echo.Stream == sent.Stream)
        {
            stats.Echo.RecordStopwatchTicks(echo.Timestamp - sent.Started);
        }
    }

    /// <summary>A bot message arrived: it answers the latest waiting message sent before it.</summary>
    private void Answered(ChatReceipt answer)
    {
        ChatSent? question = null;
        for (var i = awaitingBot.Count - 1; i >= 0; i--)
        {
            if (awaitingBot[i].Id < answer.Id && (question is null || awaitingBot[i].Id > question.Id))
            {
                question = awaitingBot[i];
            }
        }

        if (question is not null)
        {
            awaitingBot.Remove(question);
            RecordBot(question, answer);
        }
    }

    private void RecordBot(ChatSent sent, ChatReceipt answer)
    {
        if (sent.Measured && answer.Stream == sent.Stream)
        {
            stats.Bot.RecordStopwatchTicks(answer.Timestamp - sent.Started);
        }
    }
}
