using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

/// <summary>
/// A professional's view of one resident's cases in Polku. With a care relationship it opens directly; otherwise only
/// a reason form is shown (nothing of the resident, not even the name) and the data opens as flagged emergency access.
/// </summary>
[Audit("contacts.resident.read")]
internal sealed class CallbacksResidentModel(ResidentOverview overview, ResidentAccessGate gate, IPeopleDirectory people, AuditScope audit) : PageModel
{
    [BindProperty]
    public EmergencyInput Input { get; set; } = new();

    public Guid ResidentId { get; private set; }
    public bool Shown { get; private set; }
    public bool Emergency { get; private set; }
    public string ResidentName { get; private set; } = "";
    public IReadOnlyList<CaseView> Cases { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid residentId, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        if (await gate.HasCareRelationshipAsync(staffId, residentId, ct))
        {
            return await ShowAsync(residentId, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid residentId, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        if (await gate.HasCareRelationshipAsync(staffId, residentId, ct))
        {
            return await ShowAsync(residentId, ct);
        }

        if (!gate.TryOpenInEmergency(Input, ModelState))
        {
            return Page();
        }

        Emergency = true;
        return await ShowAsync(residentId, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid residentId, CancellationToken ct)
    {
        if (await people.FindResidentAsync(residentId, ct) is not { } resident)
        {
            return NotFound();
        }

        audit.Touch(residentId);
        ResidentId = residentId;
        Shown = true;
        ResidentName = resident.FullName;
        Cases = await overview.CasesAsync(residentId, ct);
        return Page();
    }
}
