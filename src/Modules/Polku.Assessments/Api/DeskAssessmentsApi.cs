using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Fhir;
using Polku.Assessments.Flow;
using Polku.Contacts.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Assessments.Api;

/// <summary>A sent result for the professional's systems: the FHIR R4 QuestionnaireResponse for the patient record.</summary>
internal static class DeskAssessmentsApi
{
    /// <summary>Where a sent result's QuestionnaireResponse is downloaded (<see cref="FhirAsync"/>).</summary>
    public static string FhirPath(Guid responseId) => $"/api/desk/assessments/{responseId:D}/fhir";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/assessments/{responseId:guid}/fhir", FhirAsync)
            .WithTags("Assessments")
            .RequireAuthorization(PolkuRoles.StaffPolicy)
            .Audited("assessments.result.export")
            .WithSummary("A result sent to the desk as a FHIR R4 QuestionnaireResponse (enabled answers only), for professionals with a care relationship.")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FhirAsync(Guid responseId, AssessmentService service, ICareRelationship care, AuditScope audit, HttpContext context, CancellationToken ct)
    {
        var stored = await service.FindAsync(responseId, ct);
        if (stored is not { ResidentId: { } residentId, State: ResponseState.Sent })
        {
            return ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);
        }

        if (context.User.PersonId() is not { } staffId || !await care.ExistsAsync(staffId, residentId, ct))
        {
            return ApiErrors.Problem(Error.Forbidden(), context);
        }

        audit.Touch(residentId, AuditAccess.Read);
        if (service.Reproduce(stored, null) is not { } routed)
        {
            return ApiErrors.Problem(Error.NotFound("assessments.error.unknown"), context);
        }

        var authored = new DateTimeOffset(DateTime.SpecifyKind(stored.CompletedUtc ?? stored.CreatedUtc, DateTimeKind.Utc));
        var json = FhirQuestionnaireResponse.Export(routed.Evaluation, authored);
        json["id"] = stored.Id.ToString("D");
        return TypedResults.Text(json.ToJsonString(), "application/fhir+json; charset=utf-8");
    }
}
