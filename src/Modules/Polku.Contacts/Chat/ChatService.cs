using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>A link the bot offers: a Polku address and its title in the session's language.</summary>
internal sealed record ChatLink(string Url, string Title);

/// <summary>A new session and the token that is an anonymous resident's only key to it.</summary>
internal sealed record StartedChat(ChatSession Session, string Token);

/// <summary>Who is acting on a chat: the resident of the session or a professional.</summary>
internal sealed record ChatActor(bool IsStaff, Guid? PersonId, string DisplayName)
{
    public static ChatActor Resident(Guid? personId) => new(false, personId, "");

    public static ChatActor Staff(Guid staffId, string name) => new(true, staffId, name);
}

/// <summary>Why a resident cannot be handed over now, and what they can do instead.</summary>
internal sealed record ChatUnavailable(string Reason, DateTime? OpensAtUtc);

/// <summary>
/// Chat (spec 04, issue 13): the bot answers first; a resident is handed over to a chat queue as a task on a case; a
/// professional takes it (the desk's atomic claim), answers, transfers it, and ends it with an outcome. Every message
/// gets the session's next sequence number under the session's row lock, so a message's event id is in commit order:
/// a client that reconnects with <c>Last-Event-ID</c> gets exactly what it missed.
/// </summary>
internal sealed class ChatService(
    PolkuDb db, UnitOfWork unit, TaskWriter tasks, QueueWork work, ChatQueues queues, ChatBot bot, ServiceJournal journal,
    TimeProvider time, AuditScope audit, IUnitDirectory units, IEnumerable<Polku.Contacts.Contracts.IAfterChat> afterChat)
{
    public const int MaxTextLength = 2000;
    public const int MaxClientKeyLength = 64;
    public const int MaxConcurrentLimit = 10;
    public const int DefaultMaxConcurrent = 3;
    public static readonly IReadOnlyList<string> Languages = ["fi", "sv", "en"];

    /// <summary>The audience of one session's stream.</summary>
    public static string Audience(Guid sessionId) => $"chat:{sessionId:D}";

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Opens a session with the bot; the greeting is its first message.</summary>
    public async Task<Result<StartedChat>> StartAsync(string? language, string? municipalityCode, Guid? residentId, CancellationToken ct)
    {
        language = string.IsNullOrWhiteSpace(language) ? "fi" : language.Trim().ToLowerInvariant();
        if (!Languages.Contains(language))
        {
            return Error.Validation("chat.language_invalid", "language");
        }

        municipalityCode = string.IsNullOrWhiteSpace(municipalityCode) ? null : municipalityCode.Trim();
        if (municipalityCode is not null && !await units.MunicipalityExistsAsync(municipalityCode, ct))
        {
            return Error.Validation("chat.municipality_unknown", "municipality");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var session = new ChatSession
        {
            Id = Guid.CreateVersion7(now),
            TokenHash = HashToken(token),
            Language = language,
            MunicipalityCode = municipalityCode,
            ResidentId = residentId,
            State = ChatState.Bot,
            CreatedUtc = now.UtcDateTime,
            ResidentSeenUtc = now.UtcDateTime,
        };
        return await unit.RunAsync(async ct =>
        {
            db.Set<ChatSession>().Add(session);
            Add(session, ChatSender.Bot, null, null, "greeting", bot.Greeting(language), null, null);
            journal.Record("chat.offered", "chat", digital: true, residentId, municipalityCode, contactKind: "first-line", detail: residentId is null ? "anonymous" : "identified");
            await Task.CompletedTask;
            return Result<StartedChat>.Ok(new StartedChat(session, token));
        }, ct);
    }

    /// <summary>The session when the caller may use it: its token, its identified resident, or a professional of its queue.</summary>
    public async Task<(ChatSession Session, bool AsStaff)?> AccessAsync(Guid sessionId, string? token, Guid? residentId, Guid? staffId, CancellationToken ct)
    {
        var session = await db.Set<ChatSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return null;
        }

        if (staffId is { } staff)
        {
            var member = session.QueueId is { } q && await work.IsMemberAsync(staff, q, ct);
            return member || session.AssigneeId == staff ? (session, true) : null;
        }

        if (token is { Length: > 0 and <= 200 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(token)), Encoding.ASCII.GetBytes(session.TokenHash)))
        {
            return (session, false);
        }

        return residentId is { } r && session.ResidentId == r ? (session, false) : null;
    }

    public Task<ChatSession?> FindAsync(Guid sessionId, CancellationToken ct) =>
        db.Set<ChatSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);

    /// <summary>The resident's own chats, newest first.</summary>
    public async Task<IReadOnlyList<ChatSession>> OfResidentAsync(Guid residentId, CancellationToken ct) =>
        await db.Set<ChatSession>().AsNoTracking().Where(s => s.ResidentId == residentId).OrderByDescending(s => s.CreatedUtc).Take(100).ToListAsync(ct);

    /// <summary>Messages after the given sequence number, in order.</summary>
    public async Task<IReadOnlyList<ChatMessage>> MessagesAfterAsync(Guid sessionId, int after, CancellationToken ct) =>
        await db.Set<ChatMessage>().AsNoTracking().Where(m => m.SessionId == sessionId && m.Seq > after).OrderBy(m => m.Seq).Take(500).ToListAsync(ct);

    /// <summary>
    /// A message from the resident or the professional. With a client key a retry is the same message (same id). The
    /// bot answers a resident who is still with the bot; a request for a person hands over when a queue is there.
    /// </summary>
    public async Task<Result<int>> PostAsync(ChatSession session, ChatActor actor, string? text, string? clientKey, CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Error.Validation("chat.text_required", "text");
        }

        if (text.Length > MaxTextLength)
        {
            return Error.Validation("chat.text_too_long", "text");
        }

        clientKey = string.IsNullOrWhiteSpace(clientKey) ? null : clientKey.Trim();
        if (clientKey is not null && (clientKey.Length > MaxClientKeyLength || !clientKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return Error.Validation("chat.client_id_invalid", "clientId");
        }

        if (clientKey is not null && await db.Set<ChatMessage>().AsNoTracking().Where(m => m.SessionId == session.Id && m.ClientKey == clientKey)
                .Select(m => (int?)m.Seq).FirstOrDefaultAsync(ct) is { } already)
        {
            return already;
        }

        if (actor.IsStaff && (session.State != ChatState.Active || session.AssigneeId != actor.PersonId))
        {
            return Error.Conflict("chat.not_yours");
        }

        if (!session.IsOpen)
        {
            return Error.Conflict("chat.ended");
        }

        BotTurn? reply = null;
        var result = await unit.RunAsync(async ct =>
        {
            var current = await LockAsync(session.Id, ct);
            if (current is null || !current.IsOpen)
            {
                return Result<int>.Fail(Error.Conflict("chat.ended"));
            }

            // Under the session's lock: a retry that raced its first attempt (both looked before either wrote) finds
            // the message now and gets its id, instead of colliding with it on the unique index.
            if (clientKey is not null && await db.Set<ChatMessage>().AsNoTracking().Where(m => m.SessionId == session.Id && m.ClientKey == clientKey)
                    .Select(m => (int?)m.Seq).FirstOrDefaultAsync(ct) is { } raced)
            {
                return Result<int>.Ok(raced);
            }

            var sender = actor.IsStaff ? ChatSender.Staff : ChatSender.Resident;
            if (!actor.IsStaff)
            {
                current.ResidentSeenUtc = time.GetUtcNow().UtcDateTime;
            }

            var message = Add(current, sender, actor.PersonId, actor.IsStaff ? actor.DisplayName : null, null, text, null, clientKey);
            if (!actor.IsStaff && current.State == ChatState.Bot)
            {
                reply = await bot.AnswerAsync(text, current.Language, ct);
                Add(current, ChatSender.Bot, null, null, reply.Code, reply.Text, reply.Links, null);
                journal.Record("chat.bot_answered", "chat", digital: true, current.ResidentId, current.MunicipalityCode,
                    outcome: reply.Kind.ToString().ToLowerInvariant(), detail: reply.EntryId);
            }

            if (current.QueueId is { } queueId && current.State != ChatState.Bot)
            {
                tasks.Notify(LiveAudiences.Queue(queueId), "chat.message", current.Id);
            }

            return Result<int>.Ok(message.Seq);
        }, ct);

        if (result.IsSuccess && reply?.Kind == BotTurnKind.Handover)
        {
            // The resident asked for a person: hand over when a queue is there; otherwise the bot's alternatives stand.
            var again = await db.Set<ChatSession>().AsNoTracking().FirstAsync(s => s.Id == session.Id, ct);
            var handover = await HandoverAsync(again, null, ct);
            if (handover.Error is { Code: "chat.unavailable" })
            {
                await SystemAsync(session.Id, "unavailable", "", ct);
            }
        }

        return result;
    }

    /// <summary>
    /// Puts the resident in a chat queue (the given one, or the best one for them) as a task on a new case, with the
    /// conversation so far. <c>chat.unavailable</c> when the queue is closed or nobody is there.
    /// </summary>
    public async Task<Result<ChatQueueStatus>> HandoverAsync(ChatSession session, string? queueCode, CancellationToken ct)
    {
        if (session.State != ChatState.Bot)
        {
            return session.IsOpen ? Error.Conflict("chat.already_handed_over") : Error.Conflict("chat.ended");
        }

        WorkQueue? queue;
        if (!string.IsNullOrWhiteSpace(queueCode))
        {
            queue = await queues.ByCodeAsync(queueCode.Trim(), ct);
            if (queue is null)
            {
                return Error.Validation("chat.queue_unknown", "queue");
            }

            if (queue.Identified && session.ResidentId is null)
            {
                return Error.Conflict("chat.identification_required");
            }
        }
        else
        {
            queue = await DefaultQueueAsync(session, ct);
            if (queue is null)
            {
                return Error.Conflict("chat.unavailable");
            }
        }

        var status = await queues.StatusAsync(queue, ct);
        if (!status.Offered)
        {
            return Error.Conflict("chat.unavailable");
        }

        var result = await unit.RunAsync(async ct =>
        {
            var current = await LockAsync(session.Id, ct);
            if (current is null || current.State != ChatState.Bot)
            {
                return Result<ChatQueueStatus>.Fail(Error.Conflict("chat.already_handed_over"));
            }

            var now = time.GetUtcNow().UtcDateTime;
            var @case = tasks.OpenCase(current.ResidentId ?? Guid.Empty, current.MunicipalityCode, queue.ServiceCode, Title(current));
            var task = await tasks.AddTaskAsync(@case, queue, TaskType.Chat, Urgency.P2, Title(current), current.Id, null, ct);
            current.State = ChatState.Queued;
            current.QueueId = queue.Id;
            current.CaseId = @case.Id;
            current.TaskId = task.Id;
            current.QueuedUtc = now;
            current.Version++;
            Add(current, ChatSender.System, null, null, "queued", queue.Code, null, null);
            journal.Record("chat.handed_over", "chat", digital: true, current.ResidentId, current.MunicipalityCode, queue.ServiceCode, queue.UnitId,
                detail: queue.Code, waitingSeconds: Seconds(current.CreatedUtc, now));
            tasks.Notify(LiveAudiences.Queue(queue.Id), "chat.queued", current.Id);
            return Result<ChatQueueStatus>.Ok(status);
        }, ct);
        return result;
    }

    private async Task<WorkQueue?> DefaultQueueAsync(ChatSession session, CancellationToken ct)
    {
        var candidates = await queues.ForMunicipalityAsync(session.MunicipalityCode, ct);
        var allowed = candidates.Where(q => q.ServiceCode is null && (!q.Identified || session.ResidentId is not null))
            // An identified resident goes to their municipality's own queue first.
            .OrderBy(q => q.Identified ? 0 : 1).ToList();
        foreach (var q in allowed)
        {
            if ((await queues.StatusAsync(q, ct)).Offered)
            {
                return q;
            }
        }

        return allowed.FirstOrDefault();
    }

    /// <summary>A professional takes a waiting chat: the desk's atomic claim decides who gets it.</summary>
    public async Task<Result<ChatSession>> TakeAsync(Guid sessionId, Guid staffId, string staffName, CancellationToken ct)
    {
        var session = await db.Set<ChatSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.TaskId is not { } taskId || session.QueueId is not { } queueId || !await work.IsMemberAsync(staffId, queueId, ct))
        {
            return Error.NotFound("chat.not_found");
        }

        if (session.State != ChatState.Queued)
        {
            return Error.Conflict(session.IsOpen ? "chat.already_taken" : "chat.ended");
        }

        var staffing = await db.Set<ChatStaffing>().AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, ct);
        var max = staffing?.MaxConcurrent ?? DefaultMaxConcurrent;
        if (await db.Set<ChatSession>().CountAsync(s => s.AssigneeId == staffId && s.State == ChatState.Active, ct) >= max)
        {
            return Error.Conflict("chat.capacity_full");
        }

        return await unit.RunAsync(async ct =>
        {
            var claim = await work.ClaimAsync(taskId, staffId, ct);
            if (claim.Error is { } error)
            {
                return Result<ChatSession>.Fail(error.Code == "task.already_claimed" ? Error.Conflict("chat.already_taken") : error);
            }

            var current = await LockAsync(sessionId, ct);
            if (current is null || current.State != ChatState.Queued)
            {
                return Result<ChatSession>.Fail(Error.Conflict("chat.already_taken"));
            }

            var now = time.GetUtcNow().UtcDateTime;
            var waited = Seconds(current.QueuedUtc ?? now, now);
            current.State = ChatState.Active;
            current.AssigneeId = staffId;
            current.AssigneeName = staffName;
            current.StartedUtc ??= now;
            current.Version++;
            Add(current, ChatSender.System, staffId, staffName, "joined", staffName, null, null);
            var queue = await queues.ByIdAsync(queueId, ct);
            journal.Record("chat.started", "chat", digital: true, current.ResidentId, current.MunicipalityCode, queue?.ServiceCode, queue?.UnitId,
                detail: queue?.Code, waitingSeconds: waited);
            return Result<ChatSession>.Ok(current);
        }, ct);
    }

    /// <summary>
    /// Moves the chat to another queue with a note (kept in the task's history). Moving an anonymous resident to an
    /// identified queue asks them to sign in; the transcript stays with the session.
    /// </summary>
    public async Task<Result<ChatSession>> TransferAsync(ChatSession session, Guid staffId, string? queueCode, string? note, CancellationToken ct)
    {
        if (session.TaskId is not { } taskId || !session.IsOpen || session.State == ChatState.Bot)
        {
            return Error.Conflict(session.IsOpen ? "chat.not_yours" : "chat.ended");
        }

        if (string.IsNullOrWhiteSpace(queueCode) || await queues.ByCodeAsync(queueCode.Trim(), ct) is not { } target)
        {
            return Error.Validation("chat.queue_unknown", "queue");
        }

        return await unit.RunAsync(async ct =>
        {
            var moved = await work.TransferAsync(taskId, staffId, target.Id, note, ct);
            if (moved.Error is { } error)
            {
                return Result<ChatSession>.Fail(error.Code switch
                {
                    "task.note_required" => Error.Validation("chat.note_required", "note"),
                    "task.note_too_long" => Error.Validation("chat.note_too_long", "note"),
                    "task.same_queue" => Error.Validation("chat.same_queue", "queue"),
                    _ => error,
                });
            }

            var current = await LockAsync(session.Id, ct);
            if (current is null || !current.IsOpen)
            {
                return Result<ChatSession>.Fail(Error.Conflict("chat.ended"));
            }

            var now = time.GetUtcNow().UtcDateTime;
            var from = current.QueueId;
            current.State = ChatState.Queued;
            current.QueueId = target.Id;
            current.AssigneeId = null;
            current.AssigneeName = null;
            current.QueuedUtc = now;
            current.NeedsIdentification = target.Identified && current.ResidentId is null;
            current.Version++;
            Add(current, ChatSender.System, staffId, null, "transferred", target.Code, null, null);
            if (current.NeedsIdentification)
            {
                Add(current, ChatSender.System, null, null, "sign-in", target.Code, null, null);
            }

            journal.Record("chat.transferred", "chat", digital: true, current.ResidentId, current.MunicipalityCode, target.ServiceCode, target.UnitId,
                detail: target.Code);
            tasks.Notify(LiveAudiences.Queue(target.Id), "chat.queued", current.Id);
            if (from is { } f)
            {
                tasks.Notify(LiveAudiences.Queue(f), "chat.transferred", current.Id);
            }

            return Result<ChatSession>.Ok(current);
        }, ct);
    }

    /// <summary>The resident signed in during the chat: the session and its case become theirs, and the chat goes on.</summary>
    public async Task<Result<ChatSession>> IdentifyAsync(Guid sessionId, Guid residentId, CancellationToken ct)
    {
        return await unit.RunAsync(async ct =>
        {
            var current = await LockAsync(sessionId, ct);
            if (current is null)
            {
                return Result<ChatSession>.Fail(Error.NotFound("chat.not_found"));
            }

            if (current.ResidentId is { } already)
            {
                return already == residentId ? Result<ChatSession>.Ok(current) : Result<ChatSession>.Fail(Error.NotFound("chat.not_found"));
            }

            current.ResidentId = residentId;
            current.NeedsIdentification = false;
            current.Version++;
            if (current.CaseId is { } caseId && await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, ct) is { } @case && @case.ResidentId == Guid.Empty)
            {
                @case.ResidentId = residentId;
                @case.Version++;
            }

            audit.Touch(residentId, AuditAccess.Change, "contacts.chat.identify");
            Add(current, ChatSender.System, null, null, "identified", "", null, null);
            if (current.QueueId is { } q)
            {
                tasks.Notify(LiveAudiences.Queue(q), "chat.identified", current.Id);
            }

            return Result<ChatSession>.Ok(current);
        }, ct);
    }

    /// <summary>The professional ends the chat with an outcome; the task completes and the case closes if nothing else is open.</summary>
    public async Task<Result<ChatSession>> EndAsync(ChatSession session, Guid staffId, string? outcome, CancellationToken ct)
    {
        if (session.TaskId is not { } taskId || session.AssigneeId != staffId || !session.IsOpen)
        {
            return Error.Conflict(session.IsOpen ? "chat.not_yours" : "chat.ended");
        }

        if (outcome is null || !QueueWork.Outcomes.Contains(outcome))
        {
            return Error.Validation("chat.outcome_invalid", "outcome");
        }

        return await unit.RunAsync(async ct =>
        {
            var done = await work.CompleteAsync(taskId, staffId, outcome, ct);
            if (done.Error is { } error)
            {
                return Result<ChatSession>.Fail(error);
            }

            var current = await LockAsync(session.Id, ct);
            if (current is null || !current.IsOpen)
            {
                return Result<ChatSession>.Fail(Error.Conflict("chat.ended"));
            }

            var now = time.GetUtcNow().UtcDateTime;
            current.State = ChatState.Ended;
            current.EndedUtc = now;
            current.Outcome = outcome;
            current.Version++;
            Add(current, ChatSender.System, staffId, null, "ended", "", null, null);
            var queue = current.QueueId is { } q ? await queues.ByIdAsync(q, ct) : null;
            journal.Record("chat.ended", "chat", digital: true, current.ResidentId, current.MunicipalityCode, queue?.ServiceCode, queue?.UnitId,
                outcome: outcome, detail: queue?.Code,
                waitingSeconds: Seconds(current.QueuedUtc ?? now, current.StartedUtc ?? now), handlingSeconds: Seconds(current.StartedUtc ?? now, now));
            var ended = new Polku.Contacts.Contracts.ChatEnded(current.Id, current.ResidentId, current.MunicipalityCode, queue?.ServiceCode, current.Language, outcome);
            foreach (var hook in afterChat)
            {
                await hook.ChatEndedAsync(ended, ct);
            }

            return Result<ChatSession>.Ok(current);
        }, ct);
    }

    /// <summary>
    /// The resident leaves. With the bot the chat simply ends; waiting in a queue it is abandoned (its task completes with
    /// nothing to do); with a professional it stays open until the professional records the outcome.
    /// </summary>
    public async Task<Result<ChatSession>> LeaveAsync(Guid sessionId, CancellationToken ct, DateTime? onlyIfQueuedAndUnseenBefore = null)
    {
        return await unit.RunAsync(async ct =>
        {
            var current = await LockAsync(sessionId, ct);
            if (current is null)
            {
                return Result<ChatSession>.Fail(Error.NotFound("chat.not_found"));
            }

            if (!current.IsOpen)
            {
                return Result<ChatSession>.Ok(current);
            }

            if (onlyIfQueuedAndUnseenBefore is { } cutoff && (current.State != ChatState.Queued || (current.ResidentSeenUtc ?? current.CreatedUtc) >= cutoff))
            {
                // The sweep's second look: taken or seen since it chose this chat.
                return Result<ChatSession>.Ok(current);
            }

            var now = time.GetUtcNow().UtcDateTime;
            switch (current.State)
            {
                case ChatState.Bot:
                    current.State = ChatState.Ended;
                    current.EndedUtc = now;
                    current.Outcome = "bot";
                    journal.Record("chat.ended", "chat", digital: true, current.ResidentId, current.MunicipalityCode, outcome: "bot",
                        handlingSeconds: Seconds(current.CreatedUtc, now));
                    break;
                case ChatState.Queued:
                    current.State = ChatState.Abandoned;
                    current.EndedUtc = now;
                    if (current.TaskId is { } taskId)
                    {
                        var done = await work.CompleteBySystemAsync(taskId, "no-action-needed", "The resident left the chat before it was taken.", ct);
                        if (done.Error is { } error)
                        {
                            return Result<ChatSession>.Fail(error);
                        }
                    }

                    var queue = current.QueueId is { } q ? await queues.ByIdAsync(q, ct) : null;
                    journal.Record("chat.abandoned", "chat", digital: true, current.ResidentId, current.MunicipalityCode, queue?.ServiceCode, queue?.UnitId,
                        detail: queue?.Code, waitingSeconds: Seconds(current.QueuedUtc ?? now, now));
                    break;
                default:
                    Add(current, ChatSender.System, null, null, "resident-left", "", null, null);
                    if (current.AssigneeId is { } a)
                    {
                        tasks.Notify(LiveAudiences.Person(a), "chat.left", current.Id);
                    }

                    return Result<ChatSession>.Ok(current);
            }

            current.Version++;
            Add(current, ChatSender.System, null, null, "left", "", null, null);
            return Result<ChatSession>.Ok(current);
        }, ct);
    }

    /// <summary>How often an open page or stream of the resident marks them as still there.</summary>
    public static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Marks the resident as still there (their page or event stream is open). One conditional UPDATE, and only when
    /// the mark is older than <see cref="SeenEvery"/>, so an open stream writes about once a minute.
    /// </summary>
    public Task<int> SeenAsync(Guid sessionId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = now - SeenEvery;
        return db.Set<ChatSession>()
            .Where(s => s.Id == sessionId && (s.State == ChatState.Bot || s.State == ChatState.Queued || s.State == ChatState.Active)
                && (s.ResidentSeenUtc == null || s.ResidentSeenUtc < stale))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ResidentSeenUtc, now), ct);
    }

    /// <summary>
    /// Abandons the chats that wait in a queue while their resident has not been seen for <paramref name="after"/>
    /// (the browser was closed): each one as if the resident had left — the task completes with nothing to do and
    /// <c>chat.abandoned</c> is recorded. Safe on several nodes at once: the state is checked again under the session's
    /// lock, so a chat taken meanwhile, or abandoned by another node, is left alone. Returns how many were abandoned.
    /// </summary>
    public async Task<int> AbandonUnseenAsync(TimeSpan after, CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - after;
        var candidates = await db.Set<ChatSession>().AsNoTracking()
            .Where(s => s.State == ChatState.Queued && (s.ResidentSeenUtc ?? s.CreatedUtc) < cutoff)
            .OrderBy(s => s.QueuedUtc).Select(s => s.Id).Take(200).ToListAsync(ct);
        var abandoned = 0;
        foreach (var id in candidates)
        {
            var result = await LeaveAsync(id, ct, onlyIfQueuedAndUnseenBefore: cutoff);
            if (result.Value?.State == ChatState.Abandoned && result.Value.EndedUtc is not null)
            {
                abandoned++;
            }
        }

        return abandoned;
    }

    /// <summary>A professional's chat staffing; <c>chat.max_invalid</c> outside 1–10.</summary>
    public async Task<Result<ChatStaffing>> SetStaffingAsync(Guid staffId, bool available, int maxConcurrent, CancellationToken ct)
    {
        if (maxConcurrent is < 1 or > MaxConcurrentLimit)
        {
            return Error.Validation("chat.max_invalid", "maxConcurrent");
        }

        return await unit.RunAsync(async ct =>
        {
            var row = await db.Set<ChatStaffing>().FirstOrDefaultAsync(s => s.StaffId == staffId, ct);
            if (row is null)
            {
                row = new ChatStaffing { StaffId = staffId };
                db.Set<ChatStaffing>().Add(row);
            }

            row.Available = available;
            row.MaxConcurrent = maxConcurrent;
            row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            foreach (var q in await work.QueueIdsOf(staffId).ToListAsync(ct))
            {
                tasks.Notify(LiveAudiences.Queue(q), "chat.staffing", staffId);
            }

            return Result<ChatStaffing>.Ok(row);
        }, ct);
    }

    public async Task<ChatStaffing> StaffingAsync(Guid staffId, CancellationToken ct) =>
        await db.Set<ChatStaffing>().AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, ct)
        ?? new ChatStaffing { StaffId = staffId, Available = false, MaxConcurrent = DefaultMaxConcurrent };

    /// <summary>Adds a system message in a unit of its own (e.g. after a refused handover).</summary>
    private Task SystemAsync(Guid sessionId, string code, string body, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            if (await LockAsync(sessionId, ct) is { IsOpen: true } current)
            {
                Add(current, ChatSender.System, null, null, code, body, null, null);
            }
        }, ct);

    /// <summary>
    /// Reads the session for a change and takes its row lock: the increment of <c>last_seq</c> is an UPDATE, so on
    /// PostgreSQL a second writer of the same session waits for this transaction and then numbers after it (SQLite
    /// has one writer at a time anyway). Sequence numbers therefore become visible in order.
    /// </summary>
    private async Task<ChatSession?> LockAsync(Guid sessionId, CancellationToken ct)
    {
        var locked = await db.Set<ChatSession>().Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeq, x => x.LastSeq), ct);
        if (locked == 0)
        {
            return null;
        }

        var tracked = db.Set<ChatSession>().Local.FirstOrDefault(s => s.Id == sessionId);
        if (tracked is not null)
        {
            await db.Entry(tracked).ReloadAsync(ct);
            return tracked;
        }

        return await db.Set<ChatSession>().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
    }

    private ChatMessage Add(ChatSession session, ChatSender sender, Guid? senderId, string? senderName, string? code, string body,
        IReadOnlyList<ChatLink>? links, string? clientKey)
    {
        session.LastSeq++;
        var now = time.GetUtcNow();
        var message = new ChatMessage
        {
            Id = Guid.CreateVersion7(now),
            SessionId = session.Id,
            Seq = session.LastSeq,
            Sender = sender,
            SenderId = senderId,
            SenderName = senderName,
            Code = code,
            Body = body.Length <= 4000 ? body : body[..4000],
            Links = links is { Count: > 0 } ? JsonSerializer.Serialize(links, LinkJson) : null,
            ClientKey = clientKey,
            CreatedUtc = now.UtcDateTime,
        };
        db.Set<ChatMessage>().Add(message);
        unit.Publish(new LiveEvent(Audience(session.Id), "chat.message", message.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return message;
    }

    public static IReadOnlyList<ChatLink> LinksOf(ChatMessage message) =>
        message.Links is { Length: > 0 } json ? JsonSerializer.Deserialize<List<ChatLink>>(json, LinkJson) ?? [] : [];

    private static readonly JsonSerializerOptions LinkJson = new(JsonSerializerDefaults.Web);

    private static string Title(ChatSession session) => session.Language == "sv" ? "Chatt" : "Chat";

    private static int Seconds(DateTime from, DateTime to) => (int)Math.Clamp((to - from).TotalSeconds, 0, int.MaxValue);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
