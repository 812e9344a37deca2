using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>Omat asiat — the resident's open and closed cases with plain-language statuses, messages and call-backs.</summary>
[Audit("contacts.mine.read")]
internal sealed class CasesModel(ResidentOverview overview, IPeopleDirectory people, AuditScope audit) : PageModel
{
    public IReadOnlyList<CaseView> Cases { get; private set; } = [];
    public string? ActingForName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return NotFound();
        }

        audit.Touch(residentId);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        Cases = await overview.CasesAsync(residentId, ct);
        return Page();
    }
}
