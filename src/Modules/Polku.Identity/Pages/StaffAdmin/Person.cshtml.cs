using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Contracts;
using Polku.Identity.Data;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>One professional: the account, its units, roles and scope, deactivation or reactivation, and the history of changes.</summary>
[Authorize(Policy = StaffAdminAccess.Policy)]
[AuditExempt(StaffAdminAccess.AuditReason)]
internal sealed class PersonModel(StaffAdministration admin, RoleCertificates roleCertificates, IQueueMemberships queues, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    public StaffSnapshot Staff { get; private set; } = null!;
    public bool Manageable { get; private set; }
    public bool IsSelf { get; private set; }
    public string? Saved { get; private set; }
    public IReadOnlyList<StaffChange> History { get; private set; } = [];
    public IReadOnlyDictionary<Guid, UnitInfo> Units { get; private set; } = new Dictionary<Guid, UnitInfo>();

    /// <summary>The work queues the professional is a member of (changed on each queue's members page).</summary>
    public IReadOnlyList<QueueMembershipInfo> Queues { get; private set; } = [];

    /// <summary>Roles lost lately because a certificate was no longer valid, with the kind's name.</summary>
    public IReadOnlyList<(LapsedRole Lapse, string KindName)> LapsedRoles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, string? saved, CancellationToken ct)
    {
        Saved = saved is "created" or "saved" or "deactivated" or "reactivated" ? saved : null;
        return await LoadAsync(id, ct) ?? Page();
    }

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct) => SetActiveAsync(id, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken ct) => SetActiveAsync(id, true, ct);

    private async Task<IActionResult> SetActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        var changed = await admin.SetActiveAsync(actor, id, active, "page", ct);
        if (changed.Error is { } error)
        {
            if (error.Status is 403 or 404)
            {
                return error.Status == 404 ? NotFound() : Forbid();
            }

            ModelState.AddModelError("", texts[error.Code]);
            return await LoadAsync(id, ct) ?? Page();
        }

        return RedirectToPage("/StaffAdmin/Person", new { id, saved = active ? "reactivated" : "deactivated" });
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } actor)
        {
            return Forbid();
        }

        var detail = await admin.GetAsync(actor, id, ct);
        if (detail.Error is { } error)
        {
            return error.Status == 404 ? NotFound() : Forbid();
        }

        Staff = detail.Value!.Staff;
        Manageable = detail.Value.Manageable;
        IsSelf = Staff.Id == actor;
        Units = (await unitDirectory.ListAsync(ct)).ToDictionary(u => u.Id);
        History = await admin.HistoryAsync(id, 200, ct);
        Queues = await queues.GetForStaffAsync(id, ct);
        var lapsed = await roleCertificates.LapsedForAsync(id, ct);
        if (lapsed.Count > 0)
        {
            var kinds = await roleCertificates.KindsAsync(Language.Current, ct);
            LapsedRoles = [.. lapsed.Select(l => (l, kinds.FirstOrDefault(k => k.Code == l.CertificateKind).Name ?? texts["staff.roles.kind_missing"]))];
        }

        return null;
    }

    public string TitleText(string title) => StaffPageText.Title(texts, title);

    public string RoleText(string role) => StaffPageText.Role(texts, role);

    public string UnitsText(IEnumerable<Guid> ids) => StaffPageText.Units(Units, ids);

    public string ValueText(FieldChange change, string? value) => StaffPageText.Value(texts, Units, change.Field, value);

    public static string When(DateTime utc) =>
        Platform.Time.HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", System.Globalization.CultureInfo.CurrentCulture);
}
