using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Security;

namespace Polku.Assessments.Pages.Assessments;

/// <summary>
/// The result: first what to do now (the routed destination as one clear action), then why, then self-care and when
/// to seek care again. A signed-in resident can send it to a professional with consent. An anonymous result is
/// reachable only through its unguessable address; a resident's own only by them.
/// </summary>
[Audit("assessments.result.read")]
internal sealed class ResultModel(AssessmentService service, AssessmentCatalog catalog, RoutingStore routing, PolkuDb db, AuditScope audit, Texts texts) : PageModel
{
    public AssessmentResponse? Stored { get; private set; }

    public CompiledAssessment? Assessment { get; private set; }

    public Evaluation? Evaluation { get; private set; }

    public RoutingDestination? Destination { get; private set; }

    public bool SignedIn => User.EffectiveResidentId() is not null;

    public bool CanSend { get; private set; }

    public bool ConsentError { get; private set; }

    public string? SentTo { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid responseId, string? sent, CancellationToken ct)
    {
        if (!await LoadAsync(responseId, ct))
        {
            return NotFound();
        }

        SentTo = sent;
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid responseId, bool consent, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return Challenge();
        }

        if (!await LoadAsync(responseId, ct))
        {
            return NotFound();
        }

        if (!consent)
        {
            ConsentError = true;
            ModelState.AddModelError("consent", texts["assessments.result.consent_required"]);
            return Page();
        }

        if (Stored!.ResidentId is null)
        {
            // Answered anonymously, sent after signing in: the result becomes the resident's own from now on.
            await db.Set<AssessmentResponse>().Where(r => r.Id == responseId && r.ResidentId == null)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ResidentId, residentId).SetProperty(r => r.AnsweredById, User.PersonId()), ct);
        }

        var result = await service.SendAsync(responseId, residentId, ct);
        audit.Touch(residentId, AuditAccess.Change, "assessments.result.send");
        if (result.Error is { } error)
        {
            ModelState.AddModelError("consent", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
            await LoadAsync(responseId, ct);
            return Page();
        }

        return Redirect($"/assessments/results/{responseId:D}?sent={Uri.EscapeDataString(result.Value!.QueueCode)}");
    }

    private async Task<bool> LoadAsync(Guid responseId, CancellationToken ct)
    {
        Stored = await db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId && r.State != ResponseState.Draft, ct);
        if (Stored is null)
        {
            return false;
        }

        if (Stored.ResidentId is { } owner)
        {
            if (User.EffectiveResidentId() != owner)
            {
                return false;
            }

            audit.Touch(owner, AuditAccess.Read);
        }

        Assessment = catalog.Find(Stored.AssessmentId, Stored.AssessmentVersion);
        if (Assessment is null)
        {
            return false;
        }

        var (_, table) = await routing.CurrentAsync(ct);
        Destination = Stored.RoutingRowId is { } rowId ? table.Rows.FirstOrDefault(r => r.Id == rowId)?.Destination : null;
        if (Destination is null && Stored.RoutingRowId is not null && UrgencyClasses.Parse(Stored.Urgency) is { } urgency)
        {
            // The row has since been edited away: route again as the table is now.
            var at = new DateTimeOffset(DateTime.SpecifyKind(Stored.CompletedUtc ?? Stored.CreatedUtc, DateTimeKind.Utc));
            Destination = (await service.RouteAsync(urgency, Stored.ServiceCode, Stored.MunicipalityCode, at, ct))?.Destination;
        }

        Evaluation = service.Reproduce(Stored, null)?.Evaluation;
        var offer = Evaluation?.Recommendation?.Offer;
        CanSend = Stored.State == ResponseState.Completed
            && (offer?.SendToProfessional == true || Destination?.Kind is DestinationKind.WorkQueue or DestinationKind.Callback);
        return Evaluation is not null;
    }
}
