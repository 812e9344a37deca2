using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Assessments.Catalog;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Assessments;

/// <summary>An assessment's first page: what it is, that it is anonymous unless one signs in, and the municipality for routing.</summary>
[AuditExempt("reads only the signed-in resident's home municipality to preselect it; nothing is shown or stored about them")]
[EnableRateLimiting(RateLimitPolicies.AnonymousSubmission)]
internal sealed class StartModel(AssessmentCatalog catalog, IUnitDirectory units, IPeopleDirectory people, AssessmentService service, Texts texts) : PageModel
{
    public CompiledAssessment? Assessment { get; private set; }

    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];

    public string? Municipality { get; private set; }

    public bool MunicipalityError { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Assessment!.Definition.Kind == AssessmentKind.Form)
        {
            // A form starts on its own page (sign-in, handling time, the file it asks for).
            return Redirect(Polku.Assessments.Contracts.AssessmentsRoutes.Form(id));
        }

        if (User.EffectiveResidentId() is { } residentId && await people.FindResidentAsync(residentId, ct) is { } resident)
        {
            Municipality = resident.HomeMunicipalityCode;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? municipality, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (municipality is null || Municipalities.All(m => m.Code != municipality))
        {
            MunicipalityError = true;
            ModelState.AddModelError("municipality", texts["assessments.error.municipality"]);
            return Page();
        }

        await service.StartedAsync(Assessment!, municipality, User.EffectiveResidentId(), ct);
        return RedirectToPage("/Assessments/Answer", new { id = Assessment!.Id, municipality });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        Assessment = catalog.Find(id);
        Municipalities = await units.MunicipalitiesAsync(ct);
        return Assessment is not null;
    }
}
