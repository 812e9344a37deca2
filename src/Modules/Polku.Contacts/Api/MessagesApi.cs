using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Data;
using Polku.Contacts.Messages;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record MessageDto(Guid Id, string SenderKind, string SenderName, string Body, DateTime CreatedUtc, DateTime? ReadUtc, IReadOnlyList<AttachmentDto> Attachments);

internal sealed record AttachmentDto(Guid Id, string FileName, string ContentType, long SizeBytes, string Url);

internal sealed record ThreadDto(Guid Id, Guid CaseId, Guid ResidentId, string Subject, DateTime CreatedUtc, DateTime LastMessageUtc, IReadOnlyList<MessageDto> Messages);

internal sealed record ThreadListItemDto(Guid Id, string Subject, DateTime LastMessageUtc, int Unread);

/// <summary>JSON API of secure messages (spec 04) for residents (incl. a guardian acting for a child) and professionals.</summary>
internal static class MessagesApi
{
    private const int MaxJsonBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization();
        api.MapPost("/threads", StartThread).Audited("contacts.messages.send", AuditAccess.Change).RequireRateLimiting(RateLimitPolicies.Message)
            .WithSummary("Start a thread: a resident sends {subject, body}; a professional {residentId, caseId, subject, body}.");
        api.MapGet("/threads", ListThreads).Audited("contacts.messages.read").WithSummary("The caller's threads, newest first.");
        api.MapGet("/threads/{threadId:guid}", GetThread).Audited("contacts.messages.read").WithSummary("A thread with its messages.");
        api.MapPost("/threads/{threadId:guid}/messages", PostMessage).Audited("contacts.messages.send", AuditAccess.Change).RequireRateLimiting(RateLimitPolicies.Message)
            .WithSummary("A new message {body} in the thread.");

        endpoints.MapGet("/messages/attachments/{id:guid}", Download).RequireAuthorization().Audited("contacts.messages.attachment.read")
            .WithTags("Messages").WithSummary("Download a message attachment (the thread's resident or professionals with access).");
    }

    private static MessageActor? Actor(ClaimsPrincipal user)
    {
        if (user.PersonId() is not { } id)
        {
            return null;
        }

        return user.IsResident() ? new MessageActor(SenderKind.Resident, id, user.DisplayName(), user.EffectiveResidentId())
            : user.IsStaff() ? new MessageActor(SenderKind.Staff, id, user.DisplayName(), null)
            : null;
    }

    private static IResult NotFound(HttpContext context) => ApiErrors.Problem(Error.NotFound("contacts.messages.not_found"), context);

    /// <summary>Reads a JSON object body; null (with the problem) when it is not one.</summary>
    private static async Task<(JsonDocument? Doc, IResult? Problem)> ReadJsonAsync(HttpContext context, CancellationToken ct)
    {
        // Only JSON: a cross-site form cannot send it without a CORS preflight, so the cookie alone cannot forge a message.
        if (!context.Request.HasJsonContentType() || context.Request.ContentLength > MaxJsonBytes)
        {
            return (null, ApiErrors.Validation(context, "contacts.messages.bad_request", "body"));
        }

        var read = await RequestJson.ReadAsync(context.Request, MaxJsonBytes, ct);
        if (read.Error is { } error)
        {
            // What the platform's input policy refuses (not JSON, a repeated name, a lone surrogate, NUL) is said as
            // such, naming the member; a body over this API's limit is its own "not a message".
            return (null, error.Code == "request.too_large"
                ? ApiErrors.Validation(context, "contacts.messages.bad_request", "body")
                : ApiErrors.Problem(error, context));
        }

        var doc = read.Value!;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            return (null, ApiErrors.Validation(context, "contacts.messages.bad_request", "body"));
        }

        return (doc, null);
    }

    /// <summary>A string property, or an error naming it when it has another type.</summary>
    private static bool TryString(JsonElement root, string name, out string? value)
    {
        value = null;
        if (!root.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (p.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = p.GetString();
        return true;
    }

    private static bool TryGuid(JsonElement root, string name, out Guid? value)
    {
        value = null;
        if (!TryString(root, name, out var s))
        {
            return false;
        }

        if (s is null)
        {
            return true;
        }

        if (!Guid.TryParse(s, out var g))
        {
            return false;
        }

        value = g;
        return true;
    }

    private static async Task<IResult> StartThread(HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        if (Actor(context.User) is not { } actor)
        {
            return TypedResults.Forbid();
        }

        var (doc, problem) = await ReadJsonAsync(context, ct);
        if (doc is null)
        {
            return problem!;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (!TryString(root, "subject", out var subject))
            {
                return ApiErrors.Validation(context, "contacts.messages.subject_required", "subject");
            }

            if (!TryString(root, "body", out var body))
            {
                return ApiErrors.Validation(context, "contacts.messages.body_required", "body");
            }

            if (!TryString(root, "service", out var service))
            {
                return ApiErrors.Validation(context, "contacts.messages.bad_request", "service");
            }

            Result<MessageThread> result;
            if (actor.Kind == SenderKind.Resident)
            {
                result = await messages.StartByResidentAsync(actor, service, subject, body, null, ct);
            }
            else
            {
                if (!TryGuid(root, "caseId", out var caseId) || caseId is null)
                {
                    return ApiErrors.Validation(context, "contacts.messages.case_required", "caseId");
                }

                if (!TryGuid(root, "residentId", out var residentId))
                {
                    return ApiErrors.Validation(context, "contacts.messages.bad_request", "residentId");
                }

                result = await messages.StartByStaffAsync(actor, caseId.Value, subject, body, null, null, ct, residentId);
            }

            return await Answer(result, context, messages, audit, created: true, ct);
        }
    }

    private static async Task<IResult> Answer(Result<MessageThread> result, HttpContext context, MessageService messages, AuditScope audit, bool created, CancellationToken ct)
    {
        if (!result.IsSuccess)
        {
            return ApiErrors.Problem(result.Error! with { Field = result.Error!.Field?.ToLowerInvariant() }, context);
        }

        var thread = result.Value!;
        audit.Touch(thread.ResidentId);
        var dto = await ToDtoAsync(thread, messages, ct);
        return created ? TypedResults.Created($"/api/messages/threads/{thread.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<ThreadDto> ToDtoAsync(MessageThread thread, MessageService messages, CancellationToken ct)
    {
        var list = await messages.MessagesAsync(thread.Id, ct);
        return new ThreadDto(thread.Id, thread.CaseId, thread.ResidentId, thread.Subject, thread.CreatedUtc, thread.LastMessageUtc,
            list.Select(m => new MessageDto(m.Message.Id, m.Message.SenderKind.ToString(), m.Message.SenderName, m.Message.Body, m.Message.CreatedUtc, m.Message.ReadUtc,
                m.Attachments.Select(a => new AttachmentDto(a.Id, a.FileName, a.ContentType, a.SizeBytes, $"/messages/attachments/{a.Id}")).ToList())).ToList());
    }

    private static async Task<IResult> ListThreads(HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        if (Actor(context.User) is not { } actor)
        {
            return TypedResults.Forbid();
        }

        IReadOnlyList<ThreadSummary> list;
        if (actor.Kind == SenderKind.Resident)
        {
            var residentId = actor.ResidentId ?? actor.Id;
            audit.Touch(residentId);
            list = await messages.ResidentThreadsAsync(residentId, ct);
        }
        else
        {
            list = await messages.StaffThreadsAsync(actor.Id, ct);
            foreach (var r in list.Select(t => t.ResidentId).Distinct())
            {
                audit.Touch(r);
            }
        }

        return TypedResults.Ok(list.Select(t => new ThreadListItemDto(t.Id, t.Subject, t.LastMessageUtc, t.Unread)).ToList());
    }

    private static async Task<MessageThread?> FindAsync(MessageActor actor, Guid threadId, MessageService messages, CancellationToken ct) =>
        actor.Kind == SenderKind.Resident
            ? await messages.ResidentThreadAsync(actor.ResidentId ?? actor.Id, threadId, ct)
            : await messages.StaffThreadAsync(actor.Id, threadId, ct);

    private static async Task<IResult> GetThread(Guid threadId, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        if (Actor(context.User) is not { } actor)
        {
            return TypedResults.Forbid();
        }

        var thread = await FindAsync(actor, threadId, messages, ct);
        if (thread is null)
        {
            return NotFound(context);
        }

        await messages.MarkReadAsync(thread.Id, actor.Kind, ct);
        return await Answer(thread, context, messages, audit, created: false, ct);
    }

    private static async Task<IResult> PostMessage(Guid threadId, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        if (Actor(context.User) is not { } actor)
        {
            return TypedResults.Forbid();
        }

        var thread = await FindAsync(actor, threadId, messages, ct);
        if (thread is null)
        {
            return NotFound(context);
        }

        var (doc, problem) = await ReadJsonAsync(context, ct);
        if (doc is null)
        {
            return problem!;
        }

        using (doc)
        {
            if (!TryString(doc.RootElement, "body", out var body))
            {
                return ApiErrors.Validation(context, "contacts.messages.body_required", "body");
            }

            var result = await messages.ReplyAsync(thread, actor, body, null, ct);
            if (!result.IsSuccess)
            {
                return ApiErrors.Problem(result.Error! with { Field = result.Error!.Field?.ToLowerInvariant() }, context);
            }

            audit.Touch(thread.ResidentId);
            var m = result.Value!;
            return TypedResults.Created($"/api/messages/threads/{thread.Id}",
                new MessageDto(m.Id, m.SenderKind.ToString(), m.SenderName, m.Body, m.CreatedUtc, m.ReadUtc, []));
        }
    }

    private static async Task<IResult> Download(Guid id, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        var user = context.User;
        var found = await messages.AttachmentForAsync(id, user.EffectiveResidentId(), user.IsStaff() ? user.PersonId() : null, ct);
        if (found is not { } f)
        {
            return NotFound(context);
        }

        audit.Touch(f.Thread.ResidentId);
        if (await messages.OpenAttachmentAsync(f.Attachment, ct) is not { } stream)
        {
            // The row exists but its content is not in the configured store (e.g. the store was switched without moving files).
            return NotFound(context);
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(stream, f.Attachment.ContentType, f.Attachment.FileName);
    }
}
