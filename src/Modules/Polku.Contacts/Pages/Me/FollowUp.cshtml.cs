using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.FollowUp;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>Etäseuranta — the resident's follow-up plans (a guardian sees the child's).</summary>
[Audit("contacts.followup.read")]
internal sealed class FollowUpModel(FollowUpService followUp, IPeopleDirectory people, AuditScope audit) : PageModel
{
    public IReadOnlyList<(FollowUpPlan Plan, PlanTemplate Template)> Plans { get; private set; } = [];
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

        Plans = [.. (await followUp.ResidentPlansAsync(residentId, ct))
            .Select(p => (Plan: p, Template: followUp.Templates.Find(p.TemplateCode)!)).Where(p => p.Template is not null)];
        return Page();
    }
}
