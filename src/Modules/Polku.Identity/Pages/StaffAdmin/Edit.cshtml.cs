using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>Changes a professional's account; someone else's save since the form was read is refused (optimistic concurrency).</summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
internal sealed class EditModel(StaffAdministration admin, IUnitDirectory unitDirectory, Texts texts) : PageModel, IStaffForm
{
    [BindProperty]
    public StaffInput Input { get; set; } = new();

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public AdminScope Scope { get; private set; } = AdminScope.None(Guid.Empty);
    public IReadOnlyList<UnitInfo> AssignableUnits { get; private set; } = [];
    public IReadOnlyList<UnitInfo> AllUnits { get; private set; } = [];
    public string OtherUnits { get; private set; } = "";
    public Texts Texts => texts;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var posted = Input;
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        Input = posted;
        FieldErrors.LocalizeVersionError(ModelState, texts["error.concurrency"]);
        var values = StaffForm.Validate(ModelState, texts, Input);
        if (values is null)
        {
            return Page();
        }

        var updated = await admin.UpdateAsync(User.PersonId()!.Value, id, Input.Version, values, "page", ct);
        if (updated.Error is { } error)
        {
            if (error.Status is 403 or 404)
            {
                return error.Status == 404 ? NotFound() : Forbid();
            }

            StaffPageText.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/StaffAdmin/Person", new { id, saved = "saved" });
    }

    /// <summary>Reads the account within the scope; the answer when the coordinator may not edit it.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        Scope = await admin.ScopeAsync(actor, ct);
        var detail = await admin.GetAsync(actor, id, ct);
        if (detail.Error is { } error)
        {
            return error.Status == 404 ? NotFound() : Forbid();
        }

        if (!detail.Value!.Manageable)
        {
            return Forbid();
        }

        var staff = detail.Value.Staff;
        Id = staff.Id;
        Name = staff.DisplayName;
        (AllUnits, AssignableUnits) = await StaffUnits.ForAsync(unitDirectory, Scope, ct);
        OtherUnits = StaffPageText.Units(AllUnits.ToDictionary(u => u.Id), staff.Units.Where(u => !Scope.CanAssign(u)));
        Input = StaffForm.From(staff, Scope);
        return null;
    }
}
