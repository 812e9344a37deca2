using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record QueueNameDto(string Fi, string Sv, string En);

internal sealed record QueueDto(Guid Id, string Code, QueueNameDto Name, int Waiting, int Claimed, int Overdue, int DueSoon, DateTimeOffset? OldestWaiting);

internal sealed record TaskDto(Guid Id, Guid CaseId, Guid QueueId, string Type, string Urgency, string State, string Title,
    DateTimeOffset Created, DateTimeOffset Due, string DueState, Guid? AssigneeId, DateTimeOffset? Claimed, DateTimeOffset? Completed,
    string? Outcome, int Version);

internal sealed record TaskEventDto(DateTimeOffset At, string Action, Guid? ActorId, Guid? FromQueueId, Guid? ToQueueId, Guid? AssigneeId, string? Note);

internal sealed record TaskDetailDto(TaskDto Task, IReadOnlyList<TaskEventDto> History);

internal sealed record TransferBody(Guid? QueueId, string? Note);

internal sealed record ReassignBody(Guid? AssigneeId);

internal sealed record CompleteBody(string? Outcome);

/// <summary>The professional's work queues over HTTP: list, claim, release, transfer, reassign, complete.</summary>
internal static class DeskApi
{
    private const int MaxTasks = 500;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/desk").WithTags("Desk").RequireAuthorization(PolkuRoles.StaffPolicy);
        api.MapGet("/queues", QueuesAsync)
            .AuditExempt("queue names and counts only; no resident data")
            .WithSummary("The work queues the signed-in professional belongs to, with counts of waiting, claimed, overdue and due-soon tasks.");
        api.MapGet("/queues/{queueId:guid}/tasks", TasksAsync)
            .Audited("contacts.desk.queue.read")
            .WithSummary("Open tasks of a queue in work order: due time first, then age (at most 500).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/tasks/{taskId:guid}", TaskAsync)
            .Audited("contacts.desk.task.read")
            .WithSummary("One task with its full history.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/tasks/{taskId:guid}/claim", ClaimAsync)
            .Audited("contacts.desk.task.claim", AuditAccess.Change)
            .WithSummary("Takes a new task. Exactly one of simultaneous claims wins; the others get 409 task.already_claimed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tasks/{taskId:guid}/release", ReleaseAsync)
            .Audited("contacts.desk.task.release", AuditAccess.Change)
            .WithSummary("Puts one's own task back in its queue.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tasks/{taskId:guid}/transfer", TransferAsync)
            .Audited("contacts.desk.task.transfer", AuditAccess.Change)
            .WithSummary("Moves a task to another queue with a note; history is kept and the old assignee cleared.")
            .WithDescription("Body {\"queueId\":\"…\",\"note\":\"…\"}. The note is required (at most 1000 characters).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tasks/{taskId:guid}/reassign", ReassignAsync)
            .Audited("contacts.desk.task.reassign", AuditAccess.Change)
            .WithSummary("Gives a task to another member of its queue.")
            .WithDescription("Body {\"assigneeId\":\"…\"} — the staff id of a member of the task's queue.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/tasks/{taskId:guid}/complete", CompleteAsync)
            .Audited("contacts.desk.task.complete", AuditAccess.Change)
            .WithSummary("Completes one's own task with an outcome.")
            .WithDescription("Body {\"outcome\":\"handled-digitally\"}; outcomes: handled-digitally, appointment-booked, referred, callback-done, no-action-needed, duplicate.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static TaskDto Dto(WorkTask t, DateTime nowUtc) => new(t.Id, t.CaseId, t.QueueId, TaskTypes.Code(t.Type), t.Urgency.ToString(),
        TaskTypes.Code(t.State), t.Title, Local(t.CreatedUtc), Local(t.DueUtc), TaskTypes.Due(t, nowUtc).ToString().ToLowerInvariant(),
        t.AssigneeId, t.ClaimedUtc is { } c ? Local(c) : null, t.CompletedUtc is { } d ? Local(d) : null, t.Outcome, t.Version);

    internal static DateTimeOffset Local(DateTime utc) => HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static async Task<Results<Ok<IReadOnlyList<QueueDto>>, UnauthorizedHttpResult>> QueuesAsync(HttpContext context, QueueWork work, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        var queues = await work.MyQueuesAsync(staffId, ct);
        return TypedResults.Ok<IReadOnlyList<QueueDto>>(queues.Select(s => new QueueDto(s.Queue.Id, s.Queue.Code, new QueueNameDto(s.Queue.NameFi, s.Queue.NameSv, s.Queue.NameEn),
            s.Waiting, s.Claimed, s.Overdue, s.DueSoon, s.OldestWaitingUtc is { } o ? Local(o) : null)).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<TaskDto>>, ProblemHttpResult, UnauthorizedHttpResult>> TasksAsync(Guid queueId, HttpContext context, QueueWork work, AuditScope audit, TimeProvider time, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        if (!await work.IsMemberAsync(staffId, queueId, ct))
        {
            return ApiErrors.Problem(Error.NotFound("task.queue_not_found"), context);
        }

        var rows = await work.QueueTasksAsync(queueId, MaxTasks, ct);
        foreach (var r in rows)
        {
            audit.Touch(r.ResidentId);
        }

        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok<IReadOnlyList<TaskDto>>(rows.Select(r => Dto(r.Task, now)).ToList());
    }

    private static async Task<Results<Ok<TaskDetailDto>, ProblemHttpResult, UnauthorizedHttpResult>> TaskAsync(Guid taskId, HttpContext context, QueueWork work, AuditScope audit, TimeProvider time, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        if (await work.VisibleTaskAsync(taskId, staffId, ct) is not { } row)
        {
            return ApiErrors.Problem(Error.NotFound("task.not_found"), context);
        }

        audit.Touch(row.ResidentId);
        var history = await work.HistoryAsync(taskId, ct);
        return TypedResults.Ok(new TaskDetailDto(Dto(row.Task, time.GetUtcNow().UtcDateTime),
            [.. history.Select(e => new TaskEventDto(Local(e.AtUtc), e.Action, e.ActorId, e.FromQueueId, e.ToQueueId, e.AssigneeId, e.Note))]));
    }

    private static Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> ClaimAsync(Guid taskId, HttpContext context, QueueWork work, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(context, time, staffId => work.ClaimAsync(taskId, staffId, ct));

    private static Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> ReleaseAsync(Guid taskId, HttpContext context, QueueWork work, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(context, time, staffId => work.ReleaseAsync(taskId, staffId, ct));

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> TransferAsync(Guid taskId, TransferBody? body, HttpContext context, QueueWork work, TimeProvider time, CancellationToken ct) =>
        body?.QueueId is not { } queueId
            ? ApiErrors.Validation(context, "task.queue_unknown", "queueId")
            : await ChangeAsync(context, time, staffId => work.TransferAsync(taskId, staffId, queueId, body.Note, ct));

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> ReassignAsync(Guid taskId, ReassignBody? body, HttpContext context, QueueWork work, TimeProvider time, CancellationToken ct) =>
        body?.AssigneeId is not { } assignee
            ? ApiErrors.Validation(context, "task.assignee_not_member", "assigneeId")
            : await ChangeAsync(context, time, staffId => work.ReassignAsync(taskId, staffId, assignee, ct));

    private static Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> CompleteAsync(Guid taskId, CompleteBody? body, HttpContext context, QueueWork work, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(context, time, staffId => work.CompleteAsync(taskId, staffId, body?.Outcome, ct));

    private static async Task<Results<Ok<TaskDto>, ProblemHttpResult, UnauthorizedHttpResult>> ChangeAsync(HttpContext context, TimeProvider time, Func<Guid, Task<Result<TaskRow>>> change)
    {
        if (context.User.PersonId() is not { } staffId)
        {
            return TypedResults.Unauthorized();
        }

        var result = await change(staffId);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        // QueueWork wrote the audit row with the change.
        return TypedResults.Ok(Dto(result.Value!.Task, time.GetUtcNow().UtcDateTime));
    }
}
