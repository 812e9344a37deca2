using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

public sealed class EmergencyInput
{
    public string? Reason { get; set; }
    public bool Confirm { get; set; }
}

/// <summary>
/// A professional's view of one resident's cases in Polku. With a care relationship it opens directly; otherwise only
/// a reason form is shown (nothing of the resident, not even the name) and the data opens as flagged emergency access.
/// </summary>
[Audit("contacts.resident.read")]
internal sealed class CallbacksResidentModel(ResidentOverview overview, ICareRelationship care, IPeopleDirectory people, AuditScope audit, Texts texts) : PageModel
{
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;

    [BindProperty]
    public EmergencyInput Input { get; set; } = new();

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

        if (await care.ExistsAsync(staffId, residentId, ct))
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

        if (await care.ExistsAsync(staffId, residentId, ct))
        {
            return await ShowAsync(residentId, ct);
        }

        var reason = Input.Reason?.Trim();
        if (reason is null || reason.Length < MinReasonLength)
        {
            ModelState.AddModelError("Input.Reason", texts["contacts.mine.desk_reason_required"]);
        }
        else if (reason.Length > MaxReasonLength)
        {
            ModelState.AddModelError("Input.Reason", texts["error.too_long"]);
        }

        if (!Input.Confirm)
        {
            ModelState.AddModelError("Input.Confirm", texts["contacts.mine.desk_confirm_required"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        audit.Emergency = true;
        audit.Reason = reason;
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
        Shown = true;
        ResidentName = resident.FullName;
        Cases = await overview.CasesAsync(residentId, ct);
        return Page();
    }
}
