using Polku.Training.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Queues;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Admin;

/// <summary>
/// A work queue's settings (all but its code), saved with optimistic concurrency; closing it, or deleting one that
/// never had work.
/// </summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("work-queue configuration; no resident data")]
internal sealed class QueueModel(QueueAdministration admin, IUnitDirectory units, IServiceNames services, ICertificateRegistry certificates, Texts texts) : PageModel, IQueueForm
{
    public bool IsNew => false;

    public QueuePickLists Lists { get; private set; } = new([], [], [], []);

    /// <summary>The queue as stored now.</summary>
    public WorkQueue Stored { get; private set; } = new();

    public int Members { get; private set; }

    public int OpenTasks { get; private set; }

    /// <summary>"created" or "true" after a save; null otherwise.</summary>
    public string? Saved { get; private set; }

    /// <summary>The save met someone else's: the form keeps what was typed and the stored values are shown beside it.</summary>
    public bool Stale { get; private set; }

    [BindProperty]
    public QueueInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string code, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        Saved = saved is "created" or "true" ? saved : null;
        Input = QueueInput.From(Stored);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        FieldErrors.LocalizeVersionError(ModelState, texts["contacts.queues.stale"]);
        Input.Code = Stored.Code;
        var draft = QueueForm.Draft(Input, ModelState, texts, isNew: false);
        QueueForm.Show(ModelState, texts, await admin.CheckAsync(draft, isNew: false, ct));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var updated = await admin.UpdateAsync(Stored.Id, Input.Version, draft, Actor(), ct);
        if (updated.Error is { Code: QueueAdministration.Stale })
        {
            // What was typed stays; the stored values are shown beside it, and saving again (now against the version
            // just read) keeps the typed ones — the coordinator decides after seeing both.
            Stale = true;
            ModelState.AddModelError("", texts[QueueAdministration.Stale]);
            ModelState.Remove("Input.Version");
            Input.Version = Stored.Version;
            return Page();
        }

        if (updated.Error is { } error)
        {
            QueueForm.Show(ModelState, texts, [error]);
            return Page();
        }

        return RedirectToPage("/Admin/Queue", new { code = Stored.Code, saved = "true" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(string code, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        var deleted = await admin.DeleteAsync(Stored.Id, Actor(), ct);
        if (deleted.Error is { } error)
        {
            // The page as it was loaded, with the reason the queue stays.
            ModelState.Clear();
            Input = QueueInput.From(Stored);
            ModelState.AddModelError("", texts[error.Code]);
            return Page();
        }

        return RedirectToPage("/Admin/Queues", new { deleted = "true" });
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        if (code is not { Length: > 0 and <= 60 } || await admin.FindByCodeAsync(code, ct) is not { } queue)
        {
            return false;
        }

        Stored = queue;
        Lists = await QueuePickLists.LoadAsync(units, services, certificates, ct);
        Members = (await admin.MembersAsync(queue.Id, ct)).Count;
        OpenTasks = await admin.OpenTasksAsync(queue.Id, ct);
        return true;
    }

    private QueueActor Actor() => new(User.PersonId() ?? Guid.Empty, User.DisplayName());
}
