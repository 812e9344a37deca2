using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Queues;
using Polku.Identity.Contracts;
using Polku.Training.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Admin;

/// <summary>
/// A work queue's members: the list, a search of professionals by name or login to add, and removal — all through
/// <see cref="QueueAdministration"/>'s one pair of membership methods.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("work-queue membership of professionals; no resident data")]
internal sealed class QueueMembersModel(QueueAdministration admin, QueueCertificates queueCertificates, ICertificateRegistry certificates, IPeopleDirectory people,
    IUnitDirectory units, Texts texts) : PageModel
{
    public const int MaxResults = 20;
    public const int QueryMax = 100;

    public WorkQueue Queue { get; private set; } = new();

    public IReadOnlyList<StaffInfo> Members { get; private set; } = [];

    /// <summary>The name of the certificate members must hold, when the queue requires one.</summary>
    public string? RequiredCertificateName { get; private set; }

    /// <summary>Each member's certificate of the required kind: when it expires (null: never).</summary>
    public IReadOnlyDictionary<Guid, CertificateInfo> MemberCertificates { get; private set; } = new Dictionary<Guid, CertificateInfo>();

    /// <summary>Memberships that lapsed with their certificate, newest first: the coordinator's list of whom to send to training.</summary>
    public IReadOnlyList<(QueueLapse Lapse, string Name)> Lapses { get; private set; } = [];

    /// <summary>The search's results, or null when nothing was searched.</summary>
    public IReadOnlyList<StaffInfo>? Found { get; private set; }

    public string? Query { get; private set; }

    /// <summary>"added" or "removed" after a change.</summary>
    public string? Notice { get; private set; }

    public string? NoticeName { get; private set; }

    private IReadOnlyDictionary<Guid, string> _unitNames = new Dictionary<Guid, string>();

    public bool IsMember(Guid staffId) => Members.Any(m => m.Id == staffId);

    /// <summary>The professional's units by name, for telling people of the same name apart.</summary>
    public string UnitsOf(StaffInfo staff) =>
        string.Join(", ", staff.UnitIds.Select(id => _unitNames.GetValueOrDefault(id)).Where(n => n is not null).Order(StringComparer.CurrentCulture));

    public async Task<IActionResult> OnGetAsync(string code, string? q, string? notice, Guid? staff, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        if (notice is "added" or "removed" && staff is { } staffId && await people.FindStaffAsync(staffId, ct) is { } changed)
        {
            Notice = notice;
            NoticeName = changed.DisplayName;
        }

        await SearchAsync(q, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(string code, Guid? staffId, string? q, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var added = staffId is { } id ? await admin.AddMemberAsync(Queue.Id, id, Actor(), ct) : Polku.Platform.Results.Error.Validation(QueueAdministration.StaffUnknown, "StaffId");
        if (added.Error is { } error)
        {
            ModelState.AddModelError("", texts[error.Code]);
            await SearchAsync(q, ct);
            return Page();
        }

        return RedirectToPage("/Admin/QueueMembers", new { code = Queue.Code, notice = "added", staff = staffId, q = Clean(q) });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string code, Guid? staffId, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var removed = staffId is { } id ? await admin.RemoveMemberAsync(Queue.Id, id, Actor(), ct) : Polku.Platform.Results.Error.NotFound(QueueAdministration.NotMember);
        if (removed.Error is { } error)
        {
            ModelState.AddModelError("", texts[error.Code]);
            return Page();
        }

        return RedirectToPage("/Admin/QueueMembers", new { code = Queue.Code, notice = "removed", staff = staffId });
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (code is not { Length: > 0 and <= 60 } || await admin.FindByCodeAsync(code, ct) is not { } queue)
        {
            return false;
        }

        Queue = queue;
        Members = await admin.MembersAsync(queue.Id, ct);
        var language = Language.Current;
        if (queue.RequiredCertificate is { } kind)
        {
            RequiredCertificateName = (await certificates.GetKindsAsync(ct)).FirstOrDefault(k => k.Code == kind)?.Name(language) ?? kind;
            MemberCertificates = (await certificates.GetLatestAsync(Members.Select(m => m.Id), ct)).Where(c => c.Kind == kind)
                .GroupBy(c => c.StaffId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.ExpiresUtc ?? DateTime.MaxValue).First());
            var lapses = await queueCertificates.LapsesInQueueAsync(queue.Id, ct);
            var names = (await people.GetStaffAsync(lapses.Select(l => l.StaffId).Distinct(), ct)).ToDictionary(p => p.Id, p => p.DisplayName);
            Lapses = [.. lapses.Select(l => (l, names.GetValueOrDefault(l.StaffId, texts["contacts.queues.person_unknown"])))];
        }

        _unitNames = (await units.ListAsync(ct)).ToDictionary(u => u.Id, u => u.Name.Get(language));
        return true;
    }

    private async Task SearchAsync(string? q, CancellationToken ct)
    {
        Query = Clean(q);
        if (Query is null)
        {
            return;
        }

        if (Query.Length > QueryMax)
        {
            ModelState.AddModelError("q", texts["contacts.queues.search_too_long"]);
            return;
        }

        Found = await people.SearchStaffAsync(Query, MaxResults, ct);
    }

    /// <summary>The search words as typed, trimmed; null for none.</summary>
    private static string? Clean(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();

    private QueueActor Actor() => new(User.PersonId() ?? Guid.Empty, User.DisplayName());
}
