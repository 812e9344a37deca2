using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Assessments.Catalog;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Assessments.Forms;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Assessments.Api;

internal sealed record FormSummaryDto(string Id, string Version, JsonObject Title, int HandlingDays, string Attachment, bool Demo);

/// <summary>A form to send: the municipality whose services handle it, the answers by linkId, and the appointment of a pre-information form.</summary>
internal sealed record FormSubmissionRequest(string? Municipality, JsonObject? Answers, Guid? AppointmentId);

internal sealed record FormSubmittedDto(Guid SubmissionId, Guid CaseId, string Status);

internal sealed record FormStepDto(string Status, DateTimeOffset At);

internal sealed record FormStatusDto(Guid SubmissionId, string FormId, string FormVersion, string Status, DateTimeOffset SubmittedAt, DateTimeOffset ExpectedBy, string? Outcome, IReadOnlyList<FormStepDto> Timeline);

/// <summary>E-forms: the catalogue, definitions (and FHIR), sending a form, and a sent form's status timeline.</summary>
internal static class FormsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/forms").WithTags("Forms");
        api.MapGet("", List)
            .AuditExempt("published content, no personal data")
            .WithSummary("The published e-forms (newest version of each), with handling time in days and whether a file is asked for.");
        api.MapGet("/{id}", Get)
            .AuditExempt("published content, no personal data")
            .WithSummary("The definition of a form's newest published version, as written in its content file.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/fhir", Fhir)
            .AuditExempt("published content, no personal data")
            .WithSummary("A form as a FHIR R4 Questionnaire.")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        var mine = api.MapGroup("").RequireAuthorization(PolkuRoles.ResidentPolicy);
        mine.MapPost("/{id}/submissions", SubmitAsync)
            .Audited("forms.submit", AuditAccess.Change)
            .WithSummary("Sends a form for the signed-in resident (or the child they act for): 201 {submissionId, caseId, status}.")
            .WithDescription("Body {\"municipality\":\"638\",\"answers\":{…},\"appointmentId\":null}. A case and a task go to the queue of the unit serving the municipality for the form. An Idempotency-Key header (1–80 printable ASCII characters, scoped to the signed-in person) makes a repeated send return the first submission; the same key with another body is 422. 400 names the first invalid answer (assessments.error.answers_invalid with linkIds), forms.error.municipality, or forms.error.attachment_required: a form that requires a file is sent from its page, which uploads it.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapGet("/submissions/{submissionId:guid}", StatusAsync)
            .Audited("forms.submission.read", AuditAccess.Read)
            .WithSummary("A sent form's status timeline (received, in-process, waiting-for-you, completed): one's own, or the child's one acts for.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<IReadOnlyList<FormSummaryDto>> List(FormService forms) =>
        TypedResults.Ok<IReadOnlyList<FormSummaryDto>>([.. forms.Published("fi").Select(f => new FormSummaryDto(f.Id, f.Version, EvaluationJson.Text(f.Definition.Title),
            FormService.SettingsOf(f).HandlingDays, FormService.SettingsOf(f).Attachment.ToString().ToLowerInvariant(), f.Definition.Demo))]);

    private static Results<ContentHttpResult, ProblemHttpResult> Get(string id, FormService forms, AssessmentCatalog catalog, HttpContext context) =>
        forms.Find(id) is { } f && catalog.Source(f) is { } json
            ? TypedResults.Text(json, "application/json; charset=utf-8")
            : ApiErrors.Problem(Error.NotFound("forms.error.unknown"), context);

    private static Results<ContentHttpResult, ProblemHttpResult> Fhir(string id, FormService forms, HttpContext context) =>
        forms.Find(id) is { } f
            ? TypedResults.Text(Domain.Fhir.FhirQuestionnaire.Export(f.Definition).ToJsonString(), "application/fhir+json; charset=utf-8")
            : ApiErrors.Problem(Error.NotFound("forms.error.unknown"), context);

    private static async Task<Results<Created<FormSubmittedDto>, ProblemHttpResult>> SubmitAsync(
        string id, FormSubmissionRequest? body, FormService forms, IPeopleDirectory people, AuditScope audit, HttpContext context, CancellationToken ct)
    {
        if (forms.Find(id) is not { } form)
        {
            return ApiErrors.Problem(Error.NotFound("forms.error.unknown"), context);
        }

        if (body?.Answers is null)
        {
            return ApiErrors.Problem(Error.Validation("forms.error.answers_required", "answers"), context);
        }

        var key = IdempotencyKey.FromRequest(context, "forms.submit:" + form.Id, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
        if (key.Error is { } keyError)
        {
            return ApiErrors.Problem(keyError, context);
        }

        var residentId = context.User.EffectiveResidentId()!.Value;
        var senderId = context.User.PersonId()!.Value;
        audit.Touch(residentId, AuditAccess.Change);
        var sender = await people.FindResidentAsync(senderId, ct);
        var result = await forms.SubmitAsync(new FormRequest(form, body.Answers, residentId, senderId, sender?.FullName ?? "", body.Municipality,
            CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, body.AppointmentId, null, key.Value), ct);
        if (result.Error is { } error)
        {
            return AssessmentsApi.AnswerProblem(error, forms.AnswerErrors, context);
        }

        var s = result.Value!;
        return TypedResults.Created($"/api/forms/submissions/{s.Id:D}", new FormSubmittedDto(s.Id, s.CaseId, FormStatuses.Code(s.Status)));
    }

    private static async Task<Results<Ok<FormStatusDto>, ProblemHttpResult>> StatusAsync(Guid submissionId, FormService forms, AuditScope audit, HttpContext context, CancellationToken ct)
    {
        var residentId = context.User.EffectiveResidentId()!.Value;
        if (await forms.FindForResidentAsync(submissionId, residentId, ct) is not { } s)
        {
            return ApiErrors.Problem(Error.NotFound("forms.error.unknown"), context);
        }

        audit.Touch(residentId, AuditAccess.Read);
        var timeline = await forms.TimelineAsync(s.Id, ct);
        return TypedResults.Ok(new FormStatusDto(s.Id, s.FormId, s.FormVersion, FormStatuses.Code(s.Status), Utc(s.SubmittedUtc), Utc(s.ExpectedByUtc), s.Outcome,
            [.. timeline.Select(c => new FormStepDto(FormStatuses.Code(c.Status), Utc(c.AtUtc)))]));
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
