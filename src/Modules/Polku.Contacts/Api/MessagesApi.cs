using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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

/// <summary>
/// A new thread: a resident sends the subject and body (and optionally the service); a professional also the case
/// and the resident. The ids are text so that a malformed one has this API's own error code.
/// </summary>
internal sealed record StartThreadRequest(string? Subject, string? Body, string? Service, string? CaseId, string? ResidentId);

/// <summary>A new message in a thread.</summary>
internal sealed record PostMessageRequest(string? Body);

/// <summary>JSON API of secure messages (spec 04) for residents (incl. a guardian acting for a child) and professionals.</summary>
internal static class MessagesApi
{
    private const int MaxJsonBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization();
        api.MapPost("/threads", StartThread).Audited("contacts.messages.send", AuditAccess.Change).RequireRateLimiting(RateLimitPolicies.Message)
            .WithSummary("Start a thread: a resident sends {subject, body}; a professional {residentId, caseId, subject, body}.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/threads", ListThreads).Audited("contacts.messages.read").WithSummary("The caller's threads, newest first.");
        api.MapGet("/threads/{threadId:guid}", GetThread).Audited("contacts.messages.read").WithSummary("A thread with its messages.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/threads/{threadId:guid}/messages", PostMessage).Audited("contacts.messages.send", AuditAccess.Change).RequireRateLimiting(RateLimitPolicies.Message)
            .WithSummary("A new message {body} in the thread.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        endpoints.MapGet("/messages/attachments/{id:guid}", Download).RequireAuthorization().Audited("contacts.messages.attachment.read")
            .WithTags("Messages").WithSummary("Download a message attachment (the thread's resident or professionals with access).")
            .Produces(StatusCodes.Status200OK, null, "application/pdf", "image/png", "image/jpeg", "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Where an attachment is downloaded (<see cref="Download"/>).</summary>
    internal static string AttachmentPath(Guid attachmentId) => $"/messages/attachments/{attachmentId:D}";

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

    private static ProblemHttpResult NotFound(HttpContext context) => ApiErrors.Problem(Error.NotFound("contacts.messages.not_found"), context);

    /// <summary>
    /// A body this API does not take as a message: none at all (the platform's <c>request.invalid</c>), JSON
    /// <c>null</c>, or more than its own limit. Null when the body can be read as a message.
    /// </summary>
    private static ProblemHttpResult? BodyProblem(object? body, HttpContext context)
    {
        // Only JSON binds here: a cross-site form cannot send it without a CORS preflight, so the cookie alone cannot
        // forge a message. The input policy has buffered the body, so its length is known.
        if (context.Request.ContentLength > MaxJsonBytes)
        {
            return ApiErrors.Validation(context, "contacts.messages.bad_request", "body");
        }

        if (body is null)
        {
            return context.Request.ContentLength is null or 0
                ? ApiErrors.Validation(context, RequestJson.InvalidCode, "body")
                : ApiErrors.Validation(context, "contacts.messages.bad_request", "body");
        }

        return null;
    }

    private static async Task<Results<Created<ThreadDto>, ProblemHttpResult, ForbidHttpResult>> StartThread(
        StartThreadRequest? request, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
    {
        if (Actor(context.User) is not { } actor)
        {
            return TypedResults.Forbid();
        }

        if (BodyProblem(request, context) is { } problem)
        {
            return problem;
        }

        Result<MessageThread> result;
        if (actor.Kind == SenderKind.Resident)
        {
            result = await messages.StartByResidentAsync(actor, request!.Service, request.Subject, request.Body, null, ct);
        }
        else
        {
            if (!Guid.TryParse(request!.CaseId, out var caseId))
            {
                return ApiErrors.Validation(context, "contacts.messages.case_required", "caseId");
            }

            Guid? residentId = null;
            if (request.ResidentId is { } residentText)
            {
                if (!Guid.TryParse(residentText, out var parsed))
                {
                    return ApiErrors.Validation(context, "contacts.messages.bad_request", "residentId");
                }

                residentId = parsed;
            }

            result = await messages.StartByStaffAsync(actor, caseId, request.Subject, request.Body, null, null, ct, residentId);
        }

        if (!result.IsSuccess)
        {
            return Problem(result.Error!, context);
        }

        var thread = result.Value!;
        audit.Touch(thread.ResidentId);
        return TypedResults.Created($"/api/messages/threads/{thread.Id}", await ToDtoAsync(thread, messages, ct));
    }

    /// <summary>The service's error with the field named as in the JSON body.</summary>
    private static ProblemHttpResult Problem(Error error, HttpContext context) =>
        ApiErrors.Problem(error with { Field = error.Field?.ToLowerInvariant() }, context);

    private static async Task<ThreadDto> ToDtoAsync(MessageThread thread, MessageService messages, CancellationToken ct)
    {
        var list = await messages.MessagesAsync(thread.Id, ct);
        return new ThreadDto(thread.Id, thread.CaseId, thread.ResidentId, thread.Subject, thread.CreatedUtc, thread.LastMessageUtc,
            list.Select(m => new MessageDto(m.Message.Id, m.Message.SenderKind.ToString(), m.Message.SenderName, m.Message.Body, m.Message.CreatedUtc, m.Message.ReadUtc,
                m.Attachments.Select(a => new AttachmentDto(a.Id, a.FileName, a.ContentType, a.SizeBytes, AttachmentPath(a.Id))).ToList())).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<ThreadListItemDto>>, ForbidHttpResult>> ListThreads(HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
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

        return TypedResults.Ok<IReadOnlyList<ThreadListItemDto>>(list.Select(t => new ThreadListItemDto(t.Id, t.Subject, t.LastMessageUtc, t.Unread)).ToList());
    }

    private static async Task<MessageThread?> FindAsync(MessageActor actor, Guid threadId, MessageService messages, CancellationToken ct) =>
        actor.Kind == SenderKind.Resident
            ? await messages.ResidentThreadAsync(actor.ResidentId ?? actor.Id, threadId, ct)
            : await messages.StaffThreadAsync(actor.Id, threadId, ct);

    private static async Task<Results<Ok<ThreadDto>, ProblemHttpResult, ForbidHttpResult>> GetThread(Guid threadId, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
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
        audit.Touch(thread.ResidentId);
        return TypedResults.Ok(await ToDtoAsync(thread, messages, ct));
    }

    private static async Task<Results<Created<MessageDto>, ProblemHttpResult, ForbidHttpResult>> PostMessage(
        Guid threadId, PostMessageRequest? request, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
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

        if (BodyProblem(request, context) is { } problem)
        {
            return problem;
        }

        var result = await messages.ReplyAsync(thread, actor, request!.Body, null, ct);
        if (!result.IsSuccess)
        {
            return Problem(result.Error!, context);
        }

        audit.Touch(thread.ResidentId);
        var m = result.Value!;
        return TypedResults.Created($"/api/messages/threads/{thread.Id}",
            new MessageDto(m.Id, m.SenderKind.ToString(), m.SenderName, m.Body, m.CreatedUtc, m.ReadUtc, []));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(Guid id, HttpContext context, MessageService messages, AuditScope audit, CancellationToken ct)
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
