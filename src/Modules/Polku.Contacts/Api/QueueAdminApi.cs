using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Contacts.Queues;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

/// <summary>A work queue as the coordinator creates (with <c>code</c>) or saves it (with the <c>version</c> read).</summary>
internal sealed record QueueRequest(
    string? Code, string? NameFi, string? NameSv, string? NameEn, Guid? UnitId, string? MunicipalityCode, string? ServiceCode, string? Channel,
    Guid? HoursUnitId, int? TargetP1, int? TargetP2, int? TargetP3, int? TargetP4, bool? Identified, bool? Closed, int? Version,
    string? RequiredCertificate = null);

internal sealed record QueueTargetsDto(int P1, int P2, int P3, int P4);

internal sealed record QueueSummaryDto(Guid Id, string Code, QueueNameDto Name, Guid? UnitId, string? MunicipalityCode, string? ServiceCode, string Channel,
    bool Identified, bool Closed, int Members, int OpenTasks);

internal sealed record QueueMemberDto(Guid StaffId, string Login, string Name);

internal sealed record QueueDetailDto(Guid Id, string Code, QueueNameDto Name, Guid? UnitId, string? MunicipalityCode, string? ServiceCode, string Channel,
    Guid? HoursUnitId, QueueTargetsDto Targets, bool Identified, bool Closed, DateTimeOffset? ClosedAt, int Version, int OpenTasks,
    IReadOnlyList<QueueMemberDto> Members, string? RequiredCertificate);

internal sealed record MemberRequest(Guid? StaffId);

/// <summary>
/// The coordinator's work-queue administration over HTTP (issue 16), the same rules and the same one membership method as
/// the pages (<see cref="QueueAdministration"/>). Queue settings carry no resident's data, so the API is audit-exempt.
/// </summary>
internal static class QueueAdminApi
{
    private const string NoResidentData = "work-queue configuration and membership; no resident data";

    private const string Fields =
        "Body {\"code\":\"…\" (only when creating: 2–60 of a–z, 0–9 and '-', not 'new'), \"nameFi\",\"nameSv\",\"nameEn\" (required, ≤ 200), "
        + "\"unitId\",\"hoursUnitId\" (a unit's id or null; the hours unit's opening hours are the queue's service time, null = always open), "
        + "\"municipalityCode\",\"serviceCode\" (or null), \"channel\" (work|chat), \"targetP1\"…\"targetP4\" (whole minutes of service time, "
        + "1–100000, P1 ≤ P2 ≤ P3 ≤ P4), \"identified\" (chat only), \"closed\" (a closed queue receives no new work), "
        + "\"requiredCertificate\" (a certificate kind of the Training module, e.g. chat, or null: members must hold a valid one)}. "
        + "400 names the field: contacts.queues.code_required, code_invalid, code_taken, name_required, name_too_long, name_invalid, unit_unknown, "
        + "hours_unit_unknown, municipality_unknown, service_unknown, channel_invalid, target_required, target_range, target_order, identified_chat_only, certificate_unknown.";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/admin/queues").WithTags("Work-queue administration").RequireAuthorization(PolkuRoles.CoordinatorPolicy);
        api.MapGet("/", ListAsync).AuditExempt(NoResidentData)
            .WithSummary("The county's work queues by code with member counts and open work; filters ?unitId=&municipalityCode=&serviceCode=&channel=work|chat.")
            .WithDescription("400 contacts.queues.filter_invalid (field names the filter) for an unreadable unit id or an unknown channel.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id:guid}", GetAsync).AuditExempt(NoResidentData)
            .WithSummary("One work queue with its settings, version and members.")
            .WithDescription("404 contacts.queues.not_found.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", CreateAsync).AuditExempt(NoResidentData)
            .WithSummary("Creates a work queue (open, without members).")
            .WithDescription(Fields + " 201 with the queue and its address.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/{id:guid}", UpdateAsync).AuditExempt(NoResidentData)
            .WithSummary("Saves a work queue's settings (all but its code) with optimistic concurrency.")
            .WithDescription(Fields + " Also \"version\": the version read; 409 contacts.queues.stale when someone saved the queue since. 404 contacts.queues.not_found.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:guid}", DeleteAsync).AuditExempt(NoResidentData)
            .WithSummary("Deletes a work queue that has never had work; a queue with work is closed instead (PUT with closed: true).")
            .WithDescription("409 contacts.queues.open_work (tasks not done), 409 contacts.queues.has_history (tasks, threads, chats or follow-up plans refer to it), 404 contacts.queues.not_found.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/members", AddMemberAsync).AuditExempt(NoResidentData)
            .WithSummary("Adds a professional to the queue's members.")
            .WithDescription("Body {\"staffId\":\"…\"}. 400 contacts.queues.staff_unknown (field staffId), 404 contacts.queues.not_found, 409 contacts.queues.already_member, 409 contacts.queues.certificate_required (the queue requires a valid certificate the professional does not hold).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:guid}/members/{staffId:guid}", RemoveMemberAsync).AuditExempt(NoResidentData)
            .WithSummary("Removes a professional from the queue's members; their claimed tasks stay theirs to finish.")
            .WithDescription("404 contacts.queues.not_found (no queue) or contacts.queues.not_member.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static QueueActor Actor(HttpContext context) => new(context.User.PersonId() ?? Guid.Empty, context.User.DisplayName());

    internal static QueueDraft Draft(QueueRequest r) => new(r.Code, r.NameFi, r.NameSv, r.NameEn, r.UnitId, r.MunicipalityCode, r.ServiceCode, r.Channel,
        r.HoursUnitId, r.TargetP1, r.TargetP2, r.TargetP3, r.TargetP4, r.Identified ?? false, r.Closed ?? false,
        string.IsNullOrWhiteSpace(r.RequiredCertificate) ? null : r.RequiredCertificate.Trim());

    /// <summary>An error of the draft as the API names fields: camelCase, as the body spells them.</summary>
    private static ProblemHttpResult Problem(Error error, HttpContext context) =>
        ApiErrors.Problem(error.Field is { Length: > 0 } f ? error with { Field = char.ToLowerInvariant(f[0]) + f[1..] } : error, context);

    private static async Task<Results<Ok<IReadOnlyList<QueueSummaryDto>>, ProblemHttpResult>> ListAsync(string? unitId, string? municipalityCode, string? serviceCode,
        string? channel, HttpContext context, QueueAdministration admin, CancellationToken ct)
    {
        Guid? unit = null;
        if (unitId is { Length: > 0 })
        {
            if (!Guid.TryParse(unitId, out var parsed))
            {
                return ApiErrors.Validation(context, "contacts.queues.filter_invalid", "unitId");
            }

            unit = parsed;
        }

        if (channel is { Length: > 0 } && !QueueRules.Channels.Contains(channel))
        {
            return ApiErrors.Validation(context, "contacts.queues.filter_invalid", "channel");
        }

        // Longer than any code: a typing error, not a value that could match.
        if (municipalityCode?.Length > 60 || serviceCode?.Length > 60)
        {
            return ApiErrors.Validation(context, "contacts.queues.filter_invalid", municipalityCode?.Length > 60 ? "municipalityCode" : "serviceCode");
        }

        var rows = await admin.ListAsync(new QueueFilter(unit, municipalityCode, serviceCode, channel is { Length: > 0 } ? channel : null), ct);
        return TypedResults.Ok<IReadOnlyList<QueueSummaryDto>>([.. rows.Select(r => new QueueSummaryDto(r.Queue.Id, r.Queue.Code, Name(r.Queue), r.Queue.UnitId,
            r.Queue.MunicipalityCode, r.Queue.ServiceCode, r.Queue.Channel, r.Queue.Identified, !r.Queue.IsOpen, r.Members, r.OpenTasks))]);
    }

    private static async Task<Results<Ok<QueueDetailDto>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, QueueAdministration admin, CancellationToken ct) =>
        await DetailAsync(id, admin, ct) is { } detail ? TypedResults.Ok(detail) : ApiErrors.Problem(Error.NotFound(QueueAdministration.NotFound), context);

    private static async Task<Results<Created<QueueDetailDto>, ProblemHttpResult>> CreateAsync(QueueRequest request, HttpContext context, QueueAdministration admin,
        CancellationToken ct)
    {
        var created = await admin.CreateAsync(Draft(request), Actor(context), ct);
        if (created.Error is { } error)
        {
            return Problem(error, context);
        }

        return TypedResults.Created($"/api/admin/queues/{created.Value:D}", (await DetailAsync(created.Value, admin, ct))!);
    }

    private static async Task<Results<Ok<QueueDetailDto>, ProblemHttpResult>> UpdateAsync(Guid id, QueueRequest request, HttpContext context, QueueAdministration admin,
        CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return ApiErrors.Validation(context, "contacts.queues.version_required", "version");
        }

        var updated = await admin.UpdateAsync(id, version, Draft(request with { Code = null }), Actor(context), ct);
        if (updated.Error is { } error)
        {
            return Problem(error, context);
        }

        return TypedResults.Ok((await DetailAsync(id, admin, ct))!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, QueueAdministration admin, CancellationToken ct)
    {
        var deleted = await admin.DeleteAsync(id, Actor(context), ct);
        return deleted.Error is { } error ? Problem(error, context) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<QueueMemberDto>, ProblemHttpResult>> AddMemberAsync(Guid id, MemberRequest request, HttpContext context,
        QueueAdministration admin, CancellationToken ct)
    {
        if (request.StaffId is not { } staffId)
        {
            return ApiErrors.Validation(context, QueueAdministration.StaffUnknown, "staffId");
        }

        var added = await admin.AddMemberAsync(id, staffId, Actor(context), ct);
        return added.Error is { } error ? Problem(error, context) : TypedResults.Ok(Member(added.Value!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(Guid id, Guid staffId, HttpContext context, QueueAdministration admin,
        CancellationToken ct)
    {
        var removed = await admin.RemoveMemberAsync(id, staffId, Actor(context), ct);
        return removed.Error is { } error ? Problem(error, context) : TypedResults.NoContent();
    }

    private static async Task<QueueDetailDto?> DetailAsync(Guid id, QueueAdministration admin, CancellationToken ct)
    {
        if (await admin.FindAsync(id, ct) is not { } q)
        {
            return null;
        }

        var members = await admin.MembersAsync(id, ct);
        return new QueueDetailDto(q.Id, q.Code, Name(q), q.UnitId, q.MunicipalityCode, q.ServiceCode, q.Channel, q.HoursUnitId,
            new QueueTargetsDto(q.TargetP1Minutes, q.TargetP2Minutes, q.TargetP3Minutes, q.TargetP4Minutes), q.Identified, !q.IsOpen,
            q.ClosedUtc is { } closed ? DeskApi.Local(closed) : null, q.Version, await admin.OpenTasksAsync(id, ct), [.. members.Select(Member)],
            q.RequiredCertificate);
    }

    private static QueueNameDto Name(WorkQueue q) => new(q.NameFi, q.NameSv, q.NameEn);

    private static QueueMemberDto Member(StaffInfo s) => new(s.Id, s.Login, s.DisplayName);
}
