using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Api;

internal sealed record NewTicketRequest(string? Kind, string? ServiceId, string? Category, string? Title, string? Description, string? Impact, string? Urgency,
    string? ReporterName, string? ReporterEmail, string? AssigneeGroup, string? ChangeType, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd);

internal sealed record StatusRequest(string? Status, string? Note);

internal sealed record CommentRequest(string? Text, bool VisibleToReporter);

internal sealed record AssignRequest(string? Group);

internal sealed record PriorityRequest(string? Impact, string? Urgency, string? Priority, string? Reason);

internal sealed record MajorRequest(bool Declare, string? CommunicationPlan);

internal sealed record RoomUpdateRequest(string? Text, bool Public);

internal sealed record LinkRequest(string? Number);

internal sealed record RcaRequest(string? RootCause, string? Corrective, string? Prevention);

internal sealed record WorkaroundRequest(string? Workaround, bool KnownError);

internal sealed record ChangeDecisionRequest(bool Approve, string? Note, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd);

internal sealed record TicketSummaryDto(string Number, string Kind, string Service, string Category, string Title, string Status, string Priority,
    string AssigneeGroup, DateTimeOffset Opened, DateTimeOffset? ResponseDue, DateTimeOffset? ResolutionDue, string? MajorState);

internal sealed record TicketListDto(IReadOnlyList<TicketSummaryDto> Items, int Page, int PageSize, bool HasMore);

internal sealed record SlaDto(int TargetMinutes, double ElapsedMinutes, DateTimeOffset Due, string State, bool Stopped);

internal sealed record EntryDto(DateTimeOffset At, string Actor, string Kind, string Visibility, string? From, string? To, string? Text);

/// <summary>A ticket attachment's metadata; <see cref="Url"/> downloads it. <see cref="Entry"/> is the index of its history line in <c>history</c>.</summary>
internal sealed record TicketAttachmentDto(Guid Id, string FileName, string ContentType, long SizeBytes, bool VisibleToReporter, string UploadedBy,
    DateTimeOffset Uploaded, int? Entry, string Url);

internal sealed record TicketDto(string Number, string Kind, string Service, string Category, string Title, string Description, string Reporter, string Status,
    string Impact, string Urgency, string MatrixPriority, string Priority, string? PriorityReason, string AssigneeGroup, DateTimeOffset Opened,
    DateTimeOffset? Responded, DateTimeOffset? Resolved, DateTimeOffset? Closed, SlaDto? Response, SlaDto? Resolution, string? MajorState,
    string? CommunicationPlan, string? Parent, string? Problem, IReadOnlyList<string> Children, IReadOnlyList<string> LinkedIncidents, bool KnownError,
    string? Workaround, string? RootCause, string? Corrective, string? Prevention, string? ChangeType, string? ChangeApproval, DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd, IReadOnlyList<EntryDto> History, IReadOnlyList<TicketAttachmentDto> Attachments);

/// <summary>
/// Tickets over HTTP (spec 06): list and search, open, read, and every change — each a POST naming what it does.
/// Tickets are about the county's digital services and carry no resident's data, so the API is audit-exempt; times are
/// ISO 8601 with the Helsinki offset.
/// </summary>
internal static class TicketsApi
{
    private const string NoResidentData = "service-management tickets about digital services, no resident's data";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management/tickets").WithTags("Service management").RequireAuthorization(PolkuRoles.ServiceDeskPolicy);
        api.MapGet("/", ListAsync).AuditExempt(NoResidentData)
            .WithSummary("Tickets newest first: ?q=words (full-text: number, title, description)&kind=incident|request|problem|change&status=…&service=…&priority=P1…P4&open=true&page=1&pageSize=50 (≤ 200).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/", OpenAsync).AuditExempt(NoResidentData)
            .WithSummary("Open a ticket {kind, serviceId, category, title, description, impact, urgency, reporterName?, reporterEmail?, assigneeGroup?, changeType?, windowStart?, windowEnd?}; the priority comes from the matrix.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{number}", GetAsync).AuditExempt(NoResidentData)
            .WithSummary("A ticket with its history and the live state of its SLA clocks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        Change<StatusRequest>(api, "status", "A new status {status, note?}: waiting-reporter and waiting-third-party pause the SLA clock.",
            (s, id, r, a, ct) => s.ChangeStatusAsync(id, r.Status ?? "", r.Note, a, ct));
        Change<CommentRequest>(api, "comments", "A comment {text, visibleToReporter}.", (s, id, r, a, ct) => s.CommentAsync(id, r.Text ?? "", r.VisibleToReporter, a, ct));
        Change<AssignRequest>(api, "assign", "Assign to a group {group: line1|line2|line3|supplier}.", (s, id, r, a, ct) => s.AssignAsync(id, r.Group ?? "", null, a, ct));
        Change<PriorityRequest>(api, "priority", "New impact and urgency {impact, urgency}, or the customer's final priority with a reason {priority, reason}; targets apply from the start.",
            (s, id, r, a, ct) => s.SetPriorityAsync(id, r.Impact ?? "", r.Urgency ?? "", r.Priority, r.Reason, a, ct));
        Change<MajorRequest>(api, "major", "Assess a P1 incident: {declare: true, communicationPlan} opens the major-incident room; {declare: false} records it is not one.",
            (s, id, r, a, ct) => s.MajorAsync(id, r.Declare, r.CommunicationPlan, a, ct));
        Change<RoomUpdateRequest>(api, "room", "An update in a major incident's room {text, public}.", (s, id, r, a, ct) => s.RoomUpdateAsync(id, r.Text ?? "", r.Public, a, ct));
        Change<LinkRequest>(api, "link", "Link an incident to a major incident (as its child) or to a problem {number}.", (s, id, r, a, ct) => s.LinkAsync(id, r.Number ?? "", a, ct));
        Change<RcaRequest>(api, "rca", "The root-cause analysis {rootCause, corrective, prevention}; a major incident cannot be closed without it.",
            (s, id, r, a, ct) => s.RcaAsync(id, r.RootCause, r.Corrective, r.Prevention, a, ct));
        Change<WorkaroundRequest>(api, "workaround", "A problem's workaround {workaround, knownError}.", (s, id, r, a, ct) => s.WorkaroundAsync(id, r.Workaround, r.KnownError, a, ct));
        Change<ChangeDecisionRequest>(api, "decision", "The CAB's (emergency CAB's) decision on a change {approve, note?, windowStart?, windowEnd?}: the service manager only.",
            (s, id, r, a, ct) => s.DecideChangeAsync(id, r.Approve, r.Note, r.WindowStart, r.WindowEnd, a, ct));
    }

    /// <summary>The signed-in member of staff as the ticket service's actor, with the language of the page they used.</summary>
    internal static TicketActor Actor(ClaimsPrincipal user) =>
        new(user.PersonId(), user.DisplayName(), user.HasClaim(PolkuClaims.Role, PolkuRoles.ServiceManager), Language.Current);

    private static void Change<TRequest>(RouteGroupBuilder api, string action, string summary,
        Func<TicketService, Guid, TRequest, TicketActor, CancellationToken, Task<Result<Ticket>>> change)
        where TRequest : class =>
        api.MapPost("/{number}/" + action, async Task<Results<Ok<TicketDto>, ProblemHttpResult>> (string number, TRequest request, HttpContext context,
            TicketService tickets, TicketQueries queries, CancellationToken ct) =>
        {
            if (await queries.FindByNumberAsync(number, ct) is not { } ticket)
            {
                return ApiErrors.Problem(Error.NotFound(TicketErrors.NotFound), context);
            }

            var result = await change(tickets, ticket.Id, request, Actor(context.User), ct);
            if (result.Error is { } error)
            {
                return ApiErrors.Problem(error, context);
            }

            return TypedResults.Ok(Dto((await queries.DetailAsync(ticket.Id, ct))!));
        }).AuditExempt(NoResidentData).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<TicketListDto>, ProblemHttpResult>> ListAsync(string? q, string? kind, string? status, string? service, string? priority,
        bool? open, string? page, string? pageSize, HttpContext context, TicketQueries queries, CancellationToken ct)
    {
        if (kind is { Length: > 0 } && !TicketKinds.All.Contains(kind))
        {
            return ApiErrors.Problem(Error.Validation(TicketErrors.UnknownKind, "kind"), context);
        }

        if (status is { Length: > 0 } && !TicketStatuses.All.Contains(status))
        {
            return ApiErrors.Problem(Error.Validation(TicketErrors.UnknownStatus, "status"), context);
        }

        if (priority is { Length: > 0 } && !Priorities.All.Contains(priority))
        {
            return ApiErrors.Problem(Error.Validation(TicketErrors.UnknownPriority, "priority"), context);
        }

        if (!Positive(page, 1, 100_000, out var p))
        {
            return ApiErrors.Problem(Error.Validation("sm.error.page_invalid", "page"), context);
        }

        if (!Positive(pageSize, 50, TicketQueries.MaxPageSize, out var size))
        {
            return ApiErrors.Problem(Error.Validation("sm.error.page_size_invalid", "pageSize"), context);
        }

        if (q?.Length > 200)
        {
            return ApiErrors.Problem(Error.Validation("sm.error.query_too_long", "q"), context);
        }

        var result = await queries.ListAsync(new TicketFilter(q, kind, status, service, priority, open ?? false, p, size), ct);
        return TypedResults.Ok(new TicketListDto([.. result.Items.Select(Summary)], result.Page, result.PageSize, result.HasMore));
    }

    private static bool Positive(string? text, int fallback, int max, out int value)
    {
        value = fallback;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max);
    }

    private static async Task<Results<Created<TicketDto>, ProblemHttpResult>> OpenAsync(NewTicketRequest request, HttpContext context, TicketService tickets,
        TicketQueries queries, CancellationToken ct)
    {
        var result = await tickets.OpenAsync(new NewTicket(request.Kind ?? "", request.ServiceId ?? "", request.Category ?? "", request.Title ?? "",
            request.Description ?? "", request.Impact ?? "", request.Urgency ?? "", request.ReporterName, request.ReporterEmail, request.AssigneeGroup,
            request.ChangeType, request.WindowStart, request.WindowEnd), Actor(context.User), ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var detail = (await queries.DetailAsync(result.Value!.Id, ct))!;
        return TypedResults.Created($"/api/service-management/tickets/{detail.Ticket.Number}", Dto(detail));
    }

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> GetAsync(string number, HttpContext context, TicketQueries queries, CancellationToken ct)
    {
        if (await queries.FindByNumberAsync(number, ct) is not { } ticket)
        {
            return ApiErrors.Problem(Error.NotFound(TicketErrors.NotFound), context);
        }

        return TypedResults.Ok(Dto((await queries.DetailAsync(ticket.Id, ct))!));
    }

    internal static DateTimeOffset Helsinki(DateTime utc) => HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static DateTimeOffset? Helsinki(DateTime? utc) => utc is { } u ? Helsinki(u) : null;

    private static TicketSummaryDto Summary(Ticket t) => new(t.Number, t.Kind, t.ServiceId, t.Category, t.Title, t.Status, t.Priority, t.AssigneeGroup,
        Helsinki(t.OpenedUtc), Helsinki(t.ResponseDueUtc), Helsinki(t.ResolutionDueUtc), t.MajorState);

    private static SlaDto? Sla(SlaReading? r) => r is null ? null
        : new SlaDto(r.TargetMinutes, Math.Round(r.ElapsedMinutes, 2), Helsinki(r.DueUtc), r.State.ToString().ToLowerInvariant(), r.Stopped);

    private static TicketDto Dto(TicketDetail d)
    {
        var t = d.Ticket;
        var lines = d.Entries.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return new TicketDto(t.Number, t.Kind, t.ServiceId, t.Category, t.Title, t.Description, t.ReporterName, t.Status, t.Impact, t.Urgency, t.MatrixPriority,
            t.Priority, t.PriorityReason, t.AssigneeGroup, Helsinki(t.OpenedUtc), Helsinki(t.RespondedUtc), Helsinki(t.ResolvedUtc), Helsinki(t.ClosedUtc),
            Sla(d.Response), Sla(d.Resolution), t.MajorState, t.CommunicationPlan, d.Parent?.Number, d.Problem?.Number, [.. d.Children.Select(c => c.Number)],
            [.. d.LinkedIncidents.Select(c => c.Number)], t.KnownError, t.Workaround, t.RcaRootCause, t.RcaCorrective, t.RcaPrevention, t.ChangeType,
            t.ChangeApproval, Helsinki(t.WindowStartUtc), Helsinki(t.WindowEndUtc),
            [.. d.Entries.Select(e => new EntryDto(Helsinki(e.AtUtc), e.ActorName, e.Kind, e.Visibility, e.OldValue, e.NewValue, e.Text))],
            [.. d.Attachments.Select(a => new TicketAttachmentDto(a.Id, a.FileName, a.ContentType, a.SizeBytes, a.VisibleToReporter, a.UploadedByName,
                Helsinki(a.UploadedUtc), a.EntryId is { } e && lines.TryGetValue(e, out var i) ? i : null, ServiceManagementRoutes.Attachment(a.Id)))]);
    }
}
