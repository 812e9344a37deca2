using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Appointments.Contracts;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Assessments.Api;

internal sealed record AssessmentSummaryDto(string Id, string Version, string Kind, JsonObject Title, bool Demo);

/// <summary>
/// Where, when and by whom an answer set is answered; every member is optional. <c>At</c> is ISO 8601 with an offset
/// (text, so that a malformed time has this API's own error code); it defaults to now.
/// </summary>
internal sealed record AssessmentContextBody(string? Municipality, string? At, int? Age, string? Sex);

/// <summary>
/// An answer set: the answers by linkId, each value of its item's type (checked against the assessment's definition,
/// so they stay a JSON object here), and the context.
/// </summary>
internal sealed record AnswerSetRequest(JsonObject? Answers, AssessmentContextBody? Context);

/// <summary>A routing question: urgency (P1–P4), optional service, municipality and ISO 8601 instant with an offset.</summary>
internal sealed record RoutingResolveRequest(string? Urgency, string? ServiceCode, string? Municipality, string? At);

/// <summary>Public assessment endpoints: the catalogue, definitions, FHIR export, evaluation and submission, routing.</summary>
internal static class AssessmentsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Assessments");
        api.MapGet("/assessments", List)
            .AuditExempt("published content, no personal data")
            .WithSummary("The published assessments (newest version of each); the e-forms are listed at /api/forms.");
        api.MapGet("/assessments/{id}", Get)
            .AuditExempt("published content, no personal data")
            .WithSummary("The definition of the newest published version, as written in its content file.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/assessments/{id}/fhir", Fhir)
            .AuditExempt("published content, no personal data")
            .WithSummary("The newest published version as a FHIR R4 Questionnaire (items, enableWhen, option weights as ordinalValue).")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/assessments/{id}/evaluate", EvaluateAsync)
            .RequireRateLimiting(RateLimitPolicies.AnonymousSubmission)
            .AuditExempt("anonymous evaluation; nothing is stored or linked to a person")
            .WithSummary("Evaluates answers and routes the recommendation; nothing is stored.")
            .WithDescription("Body {\"answers\":{\"<linkId>\":<value>},\"context\":{\"municipality\":\"638\",\"at\":\"2026-06-19T15:00:00+03:00\",\"age\":42,\"sex\":\"female\"}}. Booleans as JSON booleans, numbers as numbers, a single choice as the option code, a multiple choice as an array of codes, dates as \"yyyy-MM-dd\". Invalid answers give 400 with the linkIds at fault in \"errors\".")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/assessments/{id}/responses", SubmitAsync)
            .RequireRateLimiting(RateLimitPolicies.AnonymousSubmission)
            .Audited("assessments.response.submit", AuditAccess.Change)
            .WithSummary("Evaluates, routes and stores a completed assessment (the resident's own when signed in); 201 with the stored response.")
            .WithDescription("Same body as evaluate. An Idempotency-Key header (1–80 printable ASCII characters) makes a repeated submit return the first response instead of storing a second. The key is the caller's own: a signed-in person's key is scoped to them, an anonymous caller's to the exact body; the same key with a different body is 422 request.idempotency_key_reused.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/routing/resolve", ResolveAsync)
            .AuditExempt("routing table lookup, no personal data")
            .WithSummary("Where local routing sends a recommendation of this urgency, service and municipality at this moment.")
            .WithDescription("Body {\"urgency\":\"P3\",\"serviceCode\":null,\"municipality\":\"638\",\"at\":\"2026-06-19T15:00:00+03:00\"}.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static Ok<IReadOnlyList<AssessmentSummaryDto>> List(AssessmentCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<AssessmentSummaryDto>>(catalog.Published.Where(a => a.Definition.Kind != AssessmentKind.Form).Select(a => new AssessmentSummaryDto(a.Id, a.Version, a.Definition.Kind.Name(), EvaluationJson.Text(a.Definition.Title), a.Definition.Demo)).ToList());

    private static Results<ContentHttpResult, ProblemHttpResult> Get(string id, AssessmentCatalog catalog, HttpContext context) =>
        catalog.Find(id) is { } a && catalog.Source(a) is { } json
            ? TypedResults.Text(json, "application/json; charset=utf-8")
            : ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);

    private static Results<ContentHttpResult, ProblemHttpResult> Fhir(string id, AssessmentCatalog catalog, HttpContext context) =>
        catalog.Find(id) is { } a
            ? TypedResults.Text(Domain.Fhir.FhirQuestionnaire.Export(a.Definition).ToJsonString(), "application/fhir+json; charset=utf-8")
            : ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> EvaluateAsync(string id, AnswerSetRequest? body, AssessmentCatalog catalog, AssessmentService service, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (catalog.Find(id) is not { } assessment)
        {
            return ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);
        }

        if (!TryBody(body, time, out var answers, out var ctx, out var problem))
        {
            return ApiErrors.Problem(problem!, context);
        }

        var result = await service.EvaluateAsync(assessment, answers, ctx.Municipality, ctx.At, ctx.Age, ctx.Sex, ct);
        if (result.Error is { } error)
        {
            return AnswerProblem(error, service, context);
        }

        return TypedResults.Ok(Body(assessment, result.Value!, ctx.Municipality, null));
    }

    private static async Task<Results<Created<JsonObject>, ProblemHttpResult>> SubmitAsync(string id, AnswerSetRequest? body, AssessmentCatalog catalog, AssessmentService service, AuditScope audit, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (catalog.Find(id) is not { } assessment)
        {
            return ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);
        }

        if (!TryBody(body, time, out var answers, out var ctx, out var problem))
        {
            return ApiErrors.Problem(problem!, context);
        }

        var key = IdempotencyKey.FromRequest(context, "assessments.submit:" + assessment.Id, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        if (key.Error is { } keyError)
        {
            return ApiErrors.Problem(keyError, context);
        }

        var residentId = context.User.EffectiveResidentId();
        var result = await service.SubmitAsync(new Submission(assessment, answers, ctx.Municipality, ctx.At, ctx.Age, ctx.Sex,
            CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, residentId, residentId is null ? null : context.User.PersonId(),
            key.Value), ct);
        if (result.Error is { } error)
        {
            return AnswerProblem(error, service, context);
        }

        var (response, routed) = result.Value;
        if (residentId is { } r)
        {
            audit.Touch(r, AuditAccess.Change);
        }

        // No Location: a stored response is read back through the resident's pages, not this API.
        return TypedResults.Created((string?)null, Body(assessment, routed, ctx.Municipality, response.Id));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ResolveAsync(RoutingResolveRequest? body, RoutingStore store, IUnitDirectory units, IEnumerable<ISlotAvailability> availability, IEnumerable<Polku.Contacts.Contracts.IChatAvailability> chat, HttpContext context, CancellationToken ct)
    {
        if (body is null)
        {
            return ApiErrors.Validation(context, "error.body_invalid", "body");
        }

        if (UrgencyClasses.Parse(body.Urgency) is not { } urgency || urgency == Urgency.S)
        {
            return ApiErrors.Validation(context, "assessments.error.urgency", "urgency");
        }

        if (body.Municipality is not { } municipality || !await units.MunicipalityExistsAsync(municipality, ct))
        {
            return ApiErrors.Validation(context, "assessments.error.municipality", "municipality");
        }

        if (!DateTimeOffset.TryParse(body.At, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || !HasOffset(body.At!) || !InRange(at))
        {
            return ApiErrors.Validation(context, "assessments.error.context_at", "at");
        }

        var service = body.ServiceCode;
        var (_, table) = await store.CurrentAsync(ct);
        var decision = await RoutingCapacity.ResolveAsync(table, urgency, service, municipality, at, availability.FirstOrDefault(), ct, chat.FirstOrDefault());
        var routing = EvaluationJson.Routing(decision, municipality);
        if (routing is null)
        {
            return ApiErrors.Problem(new Error("routing.no_destination", "at", 409), context);
        }

        routing["considered"] = new JsonArray([.. decision.Candidates.Select(c => (JsonNode)new JsonObject { ["rowId"] = c.Row.Id, ["outcome"] = c.Outcome.ToString() })]);
        return TypedResults.Ok(routing);
    }

    internal sealed record Context(string? Municipality, DateTimeOffset At, int? Age, string? Sex);

    /// <summary>Reads {"answers":{…},"context":{…}}; "at" defaults to now.</summary>
    internal static bool TryBody(AnswerSetRequest? body, TimeProvider time, out JsonObject answers, out Context context, out Error? problem)
    {
        answers = [];
        context = new Context(null, time.GetUtcNow(), null, null);
        problem = null;
        if (body?.Answers is not { } a)
        {
            problem = Error.Validation("error.body_invalid", "answers");
            return false;
        }

        answers = a;
        var c = body.Context;
        var municipality = c?.Municipality;
        var atText = c?.At;
        var at = time.GetUtcNow();
        if (atText is not null && (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out at) || !HasOffset(atText) || !InRange(at)))
        {
            problem = Error.Validation("assessments.error.context_at", "context.at");
            return false;
        }

        int? age = c?.Age is { } ageNumber and >= 0 and <= 130 ? ageNumber : null;
        var sex = c?.Sex is "male" or "female" ? c.Sex : null;
        context = new Context(municipality, at, age, sex);
        return true;
    }

    internal static JsonObject Body(CompiledAssessment assessment, Routed routed, string? municipality, Guid? responseId)
    {
        var body = new JsonObject();
        if (responseId is { } id)
        {
            body["id"] = id.ToString("D");
        }

        body["assessment"] = new JsonObject { ["id"] = assessment.Id, ["version"] = assessment.Version };
        body["recommendation"] = EvaluationJson.Recommendation(routed.Evaluation);
        body["scales"] = EvaluationJson.Scales(routed.Evaluation);
        body["trace"] = EvaluationJson.Trace(routed.Evaluation);
        body["routing"] = EvaluationJson.Routing(routed.Routing, municipality);
        return body;
    }

    private static ProblemHttpResult AnswerProblem(Error error, AssessmentService service, HttpContext context) =>
        AnswerProblem(error, service.AnswerErrors, context);

    /// <summary>A problem naming the answers at fault (<c>errors</c> by <c>answers.&lt;linkId&gt;</c>, and <c>linkIds</c>); shared with the forms API.</summary>
    internal static ProblemHttpResult AnswerProblem(Error error, IReadOnlyList<Domain.Engine.AnswerError> answerErrors, HttpContext context) =>
        ApiErrors.Problem(error, context, problem =>
        {
            if (answerErrors.Count > 0)
            {
                problem.Extensions["errors"] = answerErrors
                    .GroupBy(e => "answers." + e.LinkId)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray());
                problem.Extensions["linkIds"] = answerErrors.Select(e => e.LinkId).Distinct().ToArray();
            }
        });

    /// <summary>Routing and calendars are defined for real dates; the far edges of DateTimeOffset are refused, not converted.</summary>
    private static bool InRange(DateTimeOffset at) => at.UtcDateTime.Year is >= 1900 and <= 2200;

    /// <summary>Wall-clock routing needs the instant; a time without an offset is ambiguous and refused.</summary>
    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
