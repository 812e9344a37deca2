using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Catalogue;
using Polku.Training.Coordinator;
using Polku.Training.Data;
using Polku.Training.Messages;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>The coordinator writes to any group's participants (enrolled, waiting or both) and sees the messages sent.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("messages to professionals in training; no resident data")]
internal sealed class GroupMessageModel(ProgrammeAdministration admin, CatalogueQueries catalogue, GroupMessaging messaging, Texts texts) : PageModel
{
    public CourseGroup Group { get; private set; } = null!;
    public CourseView Course { get; private set; } = null!;
    public GroupMessagePanel Panel { get; private set; } = null!;

    [BindProperty]
    public GroupMessageInput Message { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? sent, CancellationToken ct)
    {
        Message = new GroupMessageInput { FormKey = Guid.NewGuid() };
        return await LoadAsync(id, sent, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, null, ct))
        {
            return NotFound();
        }

        var result = await GroupMessagePages.SendAsync(messaging, id, Message, User, ModelState, texts, ct);
        if (result.IsSuccess)
        {
            return RedirectToPage(new { id, sent = result.Value!.MessageId });
        }

        await LoadAsync(id, null, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, Guid? sent, CancellationToken ct)
    {
        if (await admin.FindGroupAsync(id, ct) is not { } group || await catalogue.CourseAsync(group.CourseId, Language.Current, ct) is not { } course)
        {
            return false;
        }

        Group = group;
        Course = course;
        var (enrolled, waiting) = await messaging.CountsAsync(id, ct);
        Panel = new GroupMessagePanel(id, Message, enrolled, waiting, await messaging.HistoryAsync(id, ct), sent, null);
        return true;
    }
}
