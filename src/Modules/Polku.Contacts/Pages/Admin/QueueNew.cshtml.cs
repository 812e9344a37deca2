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

/// <summary>A new work queue: code, names, where it belongs, channel, service time and response targets.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("work-queue configuration; no resident data")]
internal sealed class QueueNewModel(QueueAdministration admin, IUnitDirectory units, IServiceNames services, ICertificateRegistry certificates, Texts texts) : PageModel, IQueueForm
{
    public bool IsNew => true;

    public QueuePickLists Lists { get; private set; } = new([], [], [], []);

    [BindProperty]
    public QueueInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Lists = await QueuePickLists.LoadAsync(units, services, certificates, ct);
        Input = new QueueInput { Channel = QueueChannels.Work };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Lists = await QueuePickLists.LoadAsync(units, services, certificates, ct);
        FieldErrors.LocalizeVersionError(ModelState, texts["contacts.queues.stale"]);
        var draft = QueueForm.Draft(Input, ModelState, texts, isNew: true);
        QueueForm.Show(ModelState, texts, await admin.CheckAsync(draft, isNew: true, ct));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The service checks again inside its unit of work: another coordinator may have taken the code meanwhile.
        var created = await admin.CreateAsync(draft, Actor(), ct);
        if (created.Error is { } error)
        {
            QueueForm.Show(ModelState, texts, [error]);
            return Page();
        }

        return RedirectToPage("/Admin/Queue", new { code = draft.Code!.Trim(), saved = "created" });
    }

    private QueueActor Actor() => new(User.PersonId() ?? Guid.Empty, User.DisplayName());
}
