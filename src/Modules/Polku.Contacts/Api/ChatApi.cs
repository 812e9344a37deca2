using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Chat;
using Polku.Contacts.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Live;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record ChatQueueDto(string Queue, string Name, bool Identified, bool Open, bool Staffed, bool Offered, int Waiting, int? EstimatedWaitMinutes, DateTimeOffset? OpensAt);

internal sealed record ChatAvailabilityDto(IReadOnlyList<ChatQueueDto> Queues);

internal sealed record ChatStartBody(string? Language, string? Municipality);

internal sealed record ChatStartedDto(Guid SessionId, string Token);

internal sealed record ChatPostBody(string? Text, string? ClientId);

internal sealed record ChatPostedDto(int Id);

internal sealed record ChatMessagesDto(ChatStateView State, IReadOnlyList<ChatMessageView> Messages);

internal sealed record ChatHandoverBody(string? Queue);

internal sealed record ChatHandoverDto(string Queue, int Position, int? EstimatedWaitMinutes);

internal sealed record ChatTransferBody(string? Queue, string? Note);

internal sealed record ChatEndBody(string? Outcome);

internal sealed record ChatTypingBody(bool? Typing);

internal sealed record ChatStaffingBody(bool? Available, int? MaxConcurrent);

internal sealed record DeskChatDto(Guid SessionId, Guid? TaskId, string? Queue, string State, bool Identified, bool NeedsIdentification, string Language, DateTimeOffset Since);

internal sealed record DeskChatsDto(bool Available, int MaxConcurrent, IReadOnlyList<ChatQueueDto> Queues, IReadOnlyList<DeskChatDto> Waiting, IReadOnlyList<DeskChatDto> Mine);

/// <summary>
/// Chat over HTTP (issue 13): a POST to send, Server-Sent Events to receive. An anonymous resident's key is the token
/// from <c>POST /api/chat/sessions</c>, sent as <c>X-Chat-Token</c> (a browser page keeps it in an HTTP-only cookie);
/// an identified resident's is also their sign-in; a professional's is membership of the chat's queue.
/// </summary>
internal static class ChatApi
{
    /// <summary>The alternatives offered when no chat can take the resident: never a dead end.</summary>
    public const string MedicalHelpline = "116117";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/chat").WithTags("Chat");
        api.MapGet("/availability", AvailabilityAsync).AuditExempt("queue states only; no resident data")
            .WithSummary("For each chat queue offered to residents of the municipality: open, staffed, offered and the estimated wait.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/sessions", StartAsync).AuditExempt("opens a conversation with the bot; no resident data is read")
            .RequireRateLimiting(RateLimitPolicies.ChatStart)
            .WithSummary("Starts a chat at any hour: the bot answers first. Returns the session id and its token (send it as X-Chat-Token).")
            .WithDescription("Body {\"language\":\"fi|sv|en\",\"municipality\":\"638\"}. A signed-in resident's chat is identified from the start.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        var session = api.MapGroup("/sessions/{id:guid}");
        session.MapGet("/messages", MessagesAsync).Audited("contacts.chat.read")
            .WithSummary("The chat's state and its messages after ?after=<id> (0 = all).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        session.MapPost("/messages", PostAsync).Audited("contacts.chat.send", AuditAccess.Change).RequireRateLimiting(RateLimitPolicies.ChatMessage)
            .WithSummary("Sends {\"text\",\"clientId\"}: 201 with the message's event id. The same clientId again is the same message.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        session.MapGet("/events", EventsAsync).Audited("contacts.chat.read")
            .WithSummary("The chat as Server-Sent Events: messages with their id (Last-Event-ID, or ?after=<id> on a first connection, resumes after it), state and typing without one.")
            .Produces(StatusCodes.Status200OK, null, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        session.MapPost("/handover", HandoverAsync).Audited("contacts.chat.handover", AuditAccess.Change)
            .WithSummary("Asks for a person: {\"queue\":\"county\"} (or none for the best queue). 200 with the queue position, or 409 chat.unavailable with the alternatives.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        session.MapPost("/typing", TypingAsync).AuditExempt("a typing indicator carries no content").RequireRateLimiting(RateLimitPolicies.ChatMessage)
            .WithSummary("Tells the other party that this side is typing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        session.MapPost("/identify", IdentifyAsync).RequireAuthorization(PolkuRoles.ResidentPolicy).Audited("contacts.chat.identify", AuditAccess.Change)
            .WithSummary("The signed-in resident takes over the anonymous chat whose token they hold; the conversation continues.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        session.MapPost("/leave", LeaveAsync).Audited("contacts.chat.leave", AuditAccess.Change)
            .WithSummary("The resident leaves the chat.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        session.MapPost("/transfer", TransferAsync).RequireAuthorization(PolkuRoles.StaffPolicy).Audited("contacts.chat.transfer", AuditAccess.Change)
            .WithSummary("Moves the chat to another queue with a note: {\"queue\":\"…\",\"note\":\"…\"}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        session.MapPost("/end", EndAsync).RequireAuthorization(PolkuRoles.StaffPolicy).Audited("contacts.chat.end", AuditAccess.Change)
            .WithSummary("Ends one's own chat with an outcome: {\"outcome\":\"handled-digitally\"}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var desk = endpoints.MapGroup("/api/desk/chats").WithTags("Chat").RequireAuthorization(PolkuRoles.StaffPolicy);
        desk.MapGet("", DeskAsync).Audited("contacts.chat.desk")
            .WithSummary("The professional's chat staffing, their chat queues, the chats waiting there and their own chats.");
        desk.MapPost("/availability", StaffingAsync).AuditExempt("the professional's own availability")
            .WithSummary("Marks oneself available for chat: {\"available\":true,\"maxConcurrent\":3}.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        desk.MapPost("/{id:guid}/take", TakeAsync).Audited("contacts.chat.take", AuditAccess.Change)
            .WithSummary("Takes a waiting chat. Exactly one of simultaneous takes wins; the others get 409 chat.already_taken.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static ChatQueueDto Dto(ChatQueueStatus s, string language) => new(s.Queue.Code, s.Queue.Name.Get(language), s.Queue.Identified, s.Open, s.Staffed, s.Offered,
        s.Waiting, s.EstimatedWaitMinutes, s.OpensAtUtc is { } o ? DeskApi.Local(o) : null);

    private static async Task<Results<Ok<ChatAvailabilityDto>, ProblemHttpResult>> AvailabilityAsync(string? municipality, HttpContext context, ChatQueues queues,
        Region.Contracts.IUnitDirectory units, CancellationToken ct)
    {
        if (municipality is { Length: > 0 } && !await units.MunicipalityExistsAsync(municipality, ct))
        {
            return ApiErrors.Validation(context, "chat.municipality_unknown", "municipality");
        }

        var list = await queues.StatusAsync(await queues.ForMunicipalityAsync(municipality, ct), ct);
        return TypedResults.Ok(new ChatAvailabilityDto([.. list.Select(s => Dto(s, Language.Current))]));
    }

    private static async Task<Results<Created<ChatStartedDto>, ProblemHttpResult>> StartAsync(ChatStartBody? body, HttpContext context, ChatService chats, CancellationToken ct)
    {
        var resident = context.User.IsResident() ? context.User.PersonId() : null;
        var started = await chats.StartAsync(body?.Language ?? Language.Current, body?.Municipality, resident, ct);
        if (started.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var s = started.Value!;
        return TypedResults.Created($"/api/chat/sessions/{s.Session.Id:D}/messages", new ChatStartedDto(s.Session.Id, s.Token));
    }

    /// <summary>The session when the caller may use it (see the class summary); null answers 404, never revealing that it exists.</summary>
    private static Task<(ChatSession Session, bool AsStaff)?> AccessAsync(Guid id, HttpContext context, ChatService chats, CancellationToken ct) =>
        chats.AccessAsync(id, ChatCookie.TokenFor(context.Request, id),
            context.User.IsResident() ? context.User.PersonId() : null,
            context.User.IsStaff() ? context.User.PersonId() : null, ct);

    private static ProblemHttpResult NotFound(HttpContext context) => ApiErrors.Problem(Error.NotFound("chat.not_found"), context);

    private static void Audit(AuditScope audit, ChatSession session, bool asStaff)
    {
        if (asStaff && session.ResidentId is { } resident)
        {
            audit.Touch(resident);
        }
    }

    private static async Task<Results<Ok<ChatMessagesDto>, ProblemHttpResult>> MessagesAsync(Guid id, string? after, HttpContext context, ChatService chats,
        ChatView view, AuditScope audit, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { } access)
        {
            return NotFound(context);
        }

        var from = 0;
        if (after is { Length: > 0 } && (!int.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from)))
        {
            return ApiErrors.Validation(context, "chat.after_invalid", "after");
        }

        Audit(audit, access.Session, access.AsStaff);
        var messages = await chats.MessagesAfterAsync(id, from, ct);
        return TypedResults.Ok(new ChatMessagesDto(await view.StateAsync(access.Session, Language.Current, ct), await view.RenderAsync(messages, Language.Current, ct)));
    }

    private static async Task<Results<Created<ChatPostedDto>, ProblemHttpResult>> PostAsync(Guid id, ChatPostBody? body, HttpContext context, ChatService chats,
        AuditScope audit, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { } access)
        {
            return NotFound(context);
        }

        var actor = access.AsStaff ? ChatActor.Staff(context.User.PersonId()!.Value, context.User.DisplayName()) : ChatActor.Resident(access.Session.ResidentId);
        Audit(audit, access.Session, access.AsStaff);
        var posted = await chats.PostAsync(access.Session, actor, body?.Text, body?.ClientId, ct);
        return posted.Error is { } error
            ? ApiErrors.Problem(error, context)
            : TypedResults.Created($"/api/chat/sessions/{id:D}/messages?after={posted.Value - 1}", new ChatPostedDto(posted.Value));
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> EventsAsync(Guid id, HttpContext context, ChatService chats, ChatStream stream, AuditScope audit, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { } access)
        {
            return NotFound(context);
        }

        // Last-Event-ID (a reconnecting EventSource) wins over ?after= (the page's first connection, after what it shows).
        var header = context.Request.Headers["Last-Event-ID"].ToString();
        var resume = header.Length > 0 ? header : context.Request.Query["after"].ToString();
        var last = int.TryParse(resume, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        Audit(audit, access.Session, access.AsStaff);
        var language = Language.Current;
        return TypedResults.Stream(_ => stream.WriteAsync(context, id, access.AsStaff, last, language), "text/event-stream");
    }

    private static async Task<Results<Ok<ChatHandoverDto>, ProblemHttpResult>> HandoverAsync(Guid id, ChatHandoverBody? body, HttpContext context, ChatService chats,
        ChatQueues queues, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { AsStaff: false } access)
        {
            return NotFound(context);
        }

        var result = await chats.HandoverAsync(access.Session, body?.Queue, ct);
        if (result.Error is { Code: "chat.unavailable" } unavailable)
        {
            return await UnavailableAsync(context, access.Session, body?.Queue, queues, unavailable, ct);
        }

        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var current = (await chats.FindAsync(id, ct))!;
        return TypedResults.Ok(new ChatHandoverDto(result.Value!.Queue.Code, await queues.PositionAsync(current, ct), result.Value.EstimatedWaitMinutes));
    }

    /// <summary>409 <c>chat.unavailable</c> with what the resident can do instead: the bot, a call-back, a message, the helpline.</summary>
    private static async Task<ProblemHttpResult> UnavailableAsync(HttpContext context, ChatSession session, string? queueCode, ChatQueues queues, Error error, CancellationToken ct)
    {
        var queue = queueCode is { Length: > 0 } ? await queues.ByCodeAsync(queueCode, ct) : null;
        var status = queue is null ? null : await queues.StatusAsync(queue, ct);
        return ApiErrors.Problem(error, context, p =>
        {
            p.Extensions["reason"] = status is null ? "no-queue" : !status.Open ? "closed" : "unstaffed";
            if (status?.OpensAtUtc is { } opens)
            {
                p.Extensions["opensAt"] = DeskApi.Local(opens);
            }

            p.Extensions["alternatives"] = Alternatives();
        });
    }

    internal static object[] Alternatives() =>
    [
        new { kind = "bot" },
        new { kind = "callback", url = ContactsRoutes.NewCallback("health-station") },
        new { kind = "message", url = ContactsRoutes.NewMessage("health-station") },
        new { kind = "phone", number = MedicalHelpline },
    ];

    private static async Task<Results<NoContent, ProblemHttpResult>> TypingAsync(Guid id, HttpContext context, ChatService chats, ILiveNotifier live, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { } access)
        {
            return NotFound(context);
        }

        if (access.Session.IsOpen)
        {
            await live.PublishAsync(new LiveEvent(ChatService.Audience(id), "chat.typing", access.AsStaff ? "staff" : "resident"), ct);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ChatStateView>, ProblemHttpResult>> IdentifyAsync(Guid id, HttpContext context, ChatService chats, ChatView view, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } resident || await AccessAsync(id, context, chats, ct) is not { AsStaff: false })
        {
            return NotFound(context);
        }

        var result = await chats.IdentifyAsync(id, resident, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(await view.StateAsync(result.Value!, Language.Current, ct));
    }

    private static async Task<Results<Ok<ChatStateView>, ProblemHttpResult>> LeaveAsync(Guid id, HttpContext context, ChatService chats, ChatView view, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { AsStaff: false })
        {
            return NotFound(context);
        }

        var result = await chats.LeaveAsync(id, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(await view.StateAsync(result.Value!, Language.Current, ct));
    }

    private static async Task<Results<Ok<ChatStateView>, ProblemHttpResult>> TransferAsync(Guid id, ChatTransferBody? body, HttpContext context, ChatService chats,
        ChatView view, AuditScope audit, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { AsStaff: true } access)
        {
            return NotFound(context);
        }

        Audit(audit, access.Session, true);
        var result = await chats.TransferAsync(access.Session, context.User.PersonId()!.Value, body?.Queue, body?.Note, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(await view.StateAsync(result.Value!, Language.Current, ct));
    }

    private static async Task<Results<Ok<ChatStateView>, ProblemHttpResult>> EndAsync(Guid id, ChatEndBody? body, HttpContext context, ChatService chats,
        ChatView view, AuditScope audit, CancellationToken ct)
    {
        if (await AccessAsync(id, context, chats, ct) is not { AsStaff: true } access)
        {
            return NotFound(context);
        }

        Audit(audit, access.Session, true);
        var result = await chats.EndAsync(access.Session, context.User.PersonId()!.Value, body?.Outcome, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(await view.StateAsync(result.Value!, Language.Current, ct));
    }

    internal static DeskChatDto Dto(ChatSession s, IReadOnlyDictionary<Guid, string> codes) => new(s.Id, s.TaskId, s.QueueId is { } q ? codes.GetValueOrDefault(q) : null,
        s.State.ToString().ToLowerInvariant(), s.ResidentId is not null, s.NeedsIdentification, s.Language, DeskApi.Local(s.QueuedUtc ?? s.CreatedUtc));

    private static async Task<Results<Ok<DeskChatsDto>, UnauthorizedHttpResult>> DeskAsync(HttpContext context, ChatService chats, ChatDesk desk, ChatQueues queues,
        AuditScope audit, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        var staffing = await chats.StaffingAsync(staffId, ct);
        var mineQueues = await desk.MyChatQueuesAsync(staffId, ct);
        var codes = (await desk.AllChatQueuesAsync(ct)).ToDictionary(q => q.Id, q => q.Code);
        var waiting = await desk.WaitingAsync(staffId, ct);
        var mine = await desk.MineAsync(staffId, ct);
        foreach (var s in waiting.Concat(mine))
        {
            Audit(audit, s, true);
        }

        return TypedResults.Ok(new DeskChatsDto(staffing.Available, staffing.MaxConcurrent,
            [.. (await queues.StatusAsync(mineQueues, ct)).Select(s => Dto(s, Language.Current))],
            [.. waiting.Select(s => Dto(s, codes))], [.. mine.Select(s => Dto(s, codes))]));
    }

    private static async Task<Results<Ok<ChatStaffingBody>, ProblemHttpResult, UnauthorizedHttpResult>> StaffingAsync(ChatStaffingBody? body, HttpContext context,
        ChatService chats, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        if (body?.Available is not { } available)
        {
            return ApiErrors.Validation(context, "chat.available_required", "available");
        }

        var result = await chats.SetStaffingAsync(staffId, available, body.MaxConcurrent ?? ChatService.DefaultMaxConcurrent, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(new ChatStaffingBody(result.Value!.Available, result.Value.MaxConcurrent));
    }

    private static async Task<Results<Ok<DeskChatDto>, ProblemHttpResult, UnauthorizedHttpResult>> TakeAsync(Guid id, HttpContext context, ChatService chats,
        ChatDesk desk, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        var result = await chats.TakeAsync(id, staffId, context.User.DisplayName(), ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var codes = (await desk.AllChatQueuesAsync(ct)).ToDictionary(q => q.Id, q => q.Code);
        return TypedResults.Ok(Dto(result.Value!, codes));
    }
}
