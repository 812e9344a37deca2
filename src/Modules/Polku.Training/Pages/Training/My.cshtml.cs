using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Catalogue;
using Polku.Training.Certificates;

namespace Polku.Training.Pages.Training;

/// <summary>Omat koulutukset — the professional's enrolments with their status and their certificates.</summary>
[AuditExempt("a professional's own training, no resident's data")]
internal sealed class MyModel(CatalogueQueries catalogue, CertificateQueries certificates, TimeProvider time) : PageModel
{
    public IReadOnlyList<MyEnrolment> Enrolments { get; private set; } = [];
    public IReadOnlyList<MyCertificate> Certificates { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        Now = time.GetUtcNow().UtcDateTime;
        Enrolments = await catalogue.MineAsync(me, Language.Current, ct);
        Certificates = await certificates.MineAsync(me, Language.Current, ct);
        return Page();
    }
}
