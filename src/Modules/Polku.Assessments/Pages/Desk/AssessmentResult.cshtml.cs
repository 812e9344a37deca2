using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Desk;

/// <summary>
/// A sent result at the professional's desk: the recommendation and routing, the trace (which rules fired because of
/// which answers), the scores, every answer, and a ready structured summary to copy into the patient record.
/// Only professionals with a care relationship to the resident (the task is in one of their queues) see it.
/// </summary>
[Audit("assessments.result.handle")]
internal sealed class AssessmentResultModel(
    AssessmentService service,
    AssessmentCatalog catalog,
    RoutingStore routing,
    ICareRelationship care,
    IPeopleDirectory people,
    IUnitDirectory units,
    AuditScope audit,
    Texts texts) : PageModel
{
    public AssessmentResponse? Stored { get; private set; }

    public CompiledAssessment? Assessment { get; private set; }

    public Evaluation? Evaluation { get; private set; }

    public JsonObject Answers { get; private set; } = [];

    public string ResidentName { get; private set; } = "";

    public string Summary { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid responseId, CancellationToken ct)
    {
        Stored = await service.FindAsync(responseId, ct);
        if (Stored is not { ResidentId: { } residentId, State: ResponseState.Sent })
        {
            return NotFound();
        }

        if (User.PersonId() is not { } staffId || !await care.ExistsAsync(staffId, residentId, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        audit.Touch(residentId, AuditAccess.Read);
        Assessment = catalog.Find(Stored.AssessmentId, Stored.AssessmentVersion);
        var routed = service.Reproduce(Stored, null);
        if (Assessment is null || routed is null)
        {
            return NotFound();
        }

        Evaluation = routed.Evaluation;
        Answers = AnswerForm.Carried(Stored.AnswersJson);
        ResidentName = (await people.FindResidentAsync(residentId, ct))?.FullName ?? "";
        var (_, table) = await routing.CurrentAsync(ct);
        var destination = Stored.RoutingRowId is { } rowId ? table.Rows.FirstOrDefault(r => r.Id == rowId)?.Destination : null;
        var municipality = Stored.MunicipalityCode is { } m ? (await units.MunicipalityNameAsync(m, ct))?.Get(Language.Current) : null;
        Summary = AnswerText.StructuredSummary(Assessment, Evaluation, Answers, Stored.CompletedUtc ?? Stored.CreatedUtc, municipality, destination, Language.Current, texts);
        return Page();
    }
}
