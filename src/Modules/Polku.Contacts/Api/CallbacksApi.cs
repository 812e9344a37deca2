using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Access;
using Polku.Contacts.Callbacks;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record CallbackWindowBody(string? From, string? To);

internal sealed record CallbackBody(string? Municipality, string? ServiceCode, string? Phone, CallbackWindowBody? Window);

internal sealed record CallbackWindowDto(DateTimeOffset From, DateTimeOffset To);

internal sealed record CallbackDto(Guid Id, Guid CaseId, string Municipality, string ServiceCode, string Phone, CallbackWindowDto Window,
    DateTimeOffset Created, string Status, string? Result, DateTimeOffset? Called);

/// <summary>Call-back requests of the signed-in resident (the ward's when a guardian acts for one).</summary>
internal static class CallbacksApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Contacts").RequireAuthorization(PolkuRoles.ResidentPolicy);
        api.MapPost("/callbacks", CreateAsync)
            .RequireRateLimiting(RateLimitPolicies.Callback)
            .Audited("contacts.callbacks.request", AuditAccess.Change)
            .WithSummary("Asks to be called back: a case and a P2 call-back task in the municipality's queue.")
            .WithDescription("Body {\"municipality\":\"638\",\"serviceCode\":\"health-station\",\"phone\":\"040 123 4567\",\"window\":{\"from\":\"2026-05-04T10:00:00+03:00\",\"to\":\"2026-05-04T11:00:00+03:00\"}}. The window is at least 30 minutes, not in the past, within 14 days and overlaps the queue's opening hours.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/callbacks", ListAsync)
            .Audited("contacts.callbacks.read")
            .WithSummary("The resident's call-back requests, newest first.");
        api.MapGet("/callbacks/{id:guid}", GetAsync)
            .Audited("contacts.callbacks.read")
            .WithSummary("One of the resident's call-back requests.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static CallbackDto Dto(CallbackView v, string municipality) => new(v.Id, v.CaseId, municipality, v.ServiceCode, v.Phone,
        new CallbackWindowDto(Utc(v.WindowFromUtc), Utc(v.WindowToUtc)), Utc(v.CreatedUtc), v.Status, v.Result, v.CalledUtc is { } c ? Utc(c) : null);

    private static DateTimeOffset Utc(DateTime utc) => HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static async Task<Results<Created<CallbackDto>, ProblemHttpResult, UnauthorizedHttpResult>> CreateAsync(CallbackBody? body, HttpContext context, CallbackService callbacks, AuditScope audit, CancellationToken ct)
    {
        if (context.User.EffectiveResidentId() is not { } residentId)
        {
            return TypedResults.Unauthorized();
        }

        if (body is null)
        {
            return ApiErrors.Validation(context, "error.body_invalid", "body");
        }

        if (!TryInstant(body.Window?.From, out var from))
        {
            return ApiErrors.Validation(context, "contacts.callbacks.window_invalid", "window.from");
        }

        if (!TryInstant(body.Window?.To, out var to))
        {
            return ApiErrors.Validation(context, "contacts.callbacks.window_invalid", "window.to");
        }

        var result = await callbacks.RequestAsync(residentId, context.User.PersonId(), new CallbackDraft(body.Municipality, body.ServiceCode, body.Phone, from, to), ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context, problem =>
            {
                if (callbacks.NextOpening is { } next)
                {
                    problem.Extensions["nextOpening"] = next;
                }
            });
        }

        var request = result.Value!;
        audit.Touch(residentId, AuditAccess.Change);
        var dto = Dto(ResidentOverview.View(request), request.MunicipalityCode);
        return TypedResults.Created($"/api/callbacks/{request.Id:D}", dto);
    }

    private static async Task<Results<Ok<IReadOnlyList<CallbackDto>>, UnauthorizedHttpResult>> ListAsync(ClaimsPrincipal user, ResidentOverview overview, AuditScope audit, CancellationToken ct)
    {
        if (user.EffectiveResidentId() is not { } residentId)
        {
            return TypedResults.Unauthorized();
        }

        audit.Touch(residentId);
        var list = await overview.CallbacksAsync(residentId, ct);
        return TypedResults.Ok<IReadOnlyList<CallbackDto>>(list.Select(v => Dto(v, "")).ToList());
    }

    private static async Task<Results<Ok<CallbackDto>, ProblemHttpResult, UnauthorizedHttpResult>> GetAsync(Guid id, HttpContext context, Polku.Platform.Persistence.PolkuDb db, AuditScope audit, CancellationToken ct)
    {
        if (context.User.EffectiveResidentId() is not { } residentId)
        {
            return TypedResults.Unauthorized();
        }

        var request = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
            db.Set<Data.CallbackRequest>(), r => r.Id == id && r.ResidentId == residentId, ct);
        if (request is null)
        {
            return ApiErrors.Problem(Error.NotFound("contacts.callbacks.not_found"), context);
        }

        audit.Touch(residentId);
        return TypedResults.Ok(Dto(ResidentOverview.View(request), request.MunicipalityCode));
    }

    /// <summary>ISO 8601 with an explicit offset (<c>Z</c> or <c>+03:00</c>); a local time without one is ambiguous.</summary>
    internal static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (text is null || text.Length is < 16 or > 40)
        {
            return false;
        }

        var tail = text[^6..];
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || tail[0] is '+' or '-';
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }
}
