using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.FollowUp;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

/// <summary>A measurement: <c>{"type":"bp","values":{"systolic":150,"diastolic":95},"at":"2026-12-07T08:05:00+02:00","note":"…"}</c>.</summary>
internal sealed record MeasurementBody(string? Type, Dictionary<string, JsonElement>? Values, string? At, string? Note);

internal sealed record MeasurementCreatedDto(Guid MeasurementId, bool Alert);

internal sealed record FollowUpPlanDto(Guid Id, string Template, string Type, string Name, DateOnly Start, DateOnly End, string State);

/// <summary>Digital follow-up for the resident (or the guardian acting for a child): their plans, and recording a measurement.</summary>
internal static class FollowUpApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/follow-up").WithTags("Follow-up").RequireAuthorization(PolkuRoles.ResidentPolicy);
        api.MapGet("/plans", ListAsync)
            .Audited("contacts.followup.read")
            .WithSummary("The resident's follow-up plans, active first.");
        api.MapPost("/plans/{planId:guid}/measurements", RecordAsync)
            .Audited("contacts.followup.record", AuditAccess.Change)
            .WithSummary("Records a measurement on one of the resident's plans: 201 {\"measurementId\",\"alert\"}; alert = a value outside the plan's limits.")
            .WithDescription("Body {\"type\":\"bp\",\"values\":{\"systolic\":150,\"diastolic\":95,\"pulse\":70},\"at\":\"2026-12-07T08:05:00+02:00\",\"note\":\"…\"}. "
                + "Types and fields: bp (systolic, diastolic, pulse optional; mmHg, /min), glucose (glucose, mmol/l), weight (weight, kg). A value may be a "
                + "number or text with a decimal comma (\"5,6\"). at: ISO 8601 with an offset, not in the future, not before the plan's start; omitted = now. "
                + "note at most 500 characters. 400 followup.value_required | value_invalid | value_out_of_range | value_unknown (field values.<field>), "
                + "followup.type_invalid, followup.time_invalid | time_in_future | time_before_start (field at), followup.note_too_long; "
                + "404 followup.not_found for a plan that is not the resident's; 409 followup.plan_ended.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<IReadOnlyList<FollowUpPlanDto>>, UnauthorizedHttpResult>> ListAsync(HttpContext context, FollowUpService followUp, AuditScope audit,
        CancellationToken ct)
    {
        if (context.User.EffectiveResidentId() is not { } residentId)
        {
            return TypedResults.Unauthorized();
        }

        audit.Touch(residentId);
        var language = Language.Current;
        var plans = await followUp.ResidentPlansAsync(residentId, ct);
        IReadOnlyList<FollowUpPlanDto> dtos = [.. plans.Select(p => followUp.Templates.Find(p.TemplateCode) is { } t
            ? new FollowUpPlanDto(p.Id, t.Code, t.Type, t.Name.Get(language), p.StartDate, p.EndDate, p.State == FollowUpPlanState.Active ? "active" : "ended")
            : null).OfType<FollowUpPlanDto>()];
        return TypedResults.Ok(dtos);
    }

    private static async Task<Results<Created<MeasurementCreatedDto>, ProblemHttpResult, UnauthorizedHttpResult>> RecordAsync(
        Guid planId, MeasurementBody? body, HttpContext context, FollowUpService followUp, Texts texts, CancellationToken ct)
    {
        if (context.User.EffectiveResidentId() is not { } residentId || context.User.PersonId() is not { } personId)
        {
            return TypedResults.Unauthorized();
        }

        if (body is null)
        {
            return ApiErrors.Validation(context, "error.body_invalid", "body");
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in body.Values ?? [])
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    values[name] = value.GetRawText();
                    break;
                case JsonValueKind.String:
                    values[name] = value.GetString();
                    break;
                case JsonValueKind.Null:
                    values[name] = null;
                    break;
                default:
                    return await ProblemAsync(Error.Validation("followup.value_invalid", "values." + name), context, followUp, residentId, planId, texts, ct);
            }
        }

        DateTimeOffset? at = null;
        if (body.At is not null)
        {
            if (!CallbacksApi.TryInstant(body.At, out var instant))
            {
                return ApiErrors.Validation(context, "followup.time_invalid", "at");
            }

            at = instant;
        }

        var result = await followUp.RecordAsync(planId, residentId, personId, new MeasurementDraft(body.Type, values, at, body.Note), ct);
        if (result.Error is { } error)
        {
            return await ProblemAsync(error, context, followUp, residentId, planId, texts, ct);
        }

        var recorded = result.Value!;
        return TypedResults.Created((string?)null, new MeasurementCreatedDto(recorded.Measurement.Id, recorded.Alert));
    }

    /// <summary>The error with its plain-words detail naming the field (and the accepted range).</summary>
    private static async Task<ProblemHttpResult> ProblemAsync(Error error, HttpContext context, FollowUpService followUp, Guid residentId, Guid planId, Texts texts,
        CancellationToken ct)
    {
        var plan = error.Status == 404 ? null : await followUp.ResidentPlanAsync(residentId, planId, ct);
        var template = plan is null ? null : followUp.Templates.Find(plan.TemplateCode);
        if (plan is null && error.Status != 404)
        {
            error = Error.NotFound("followup.not_found");
        }

        return ApiErrors.Problem(error, context, problem => problem.Detail = FollowUpText.Message(texts, error, template));
    }
}
