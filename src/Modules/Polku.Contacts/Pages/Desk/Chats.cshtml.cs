using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Chat;
using Polku.Contacts.Data;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

/// <summary>The professional's chats: their availability, the chats waiting in their chat queues (take one) and their own.</summary>
[Audit("contacts.chat.desk")]
internal sealed class ChatsModel(ChatService chats, ChatDesk desk, ChatQueues queues, AuditScope audit, Texts texts) : PageModel
{
    public bool Available { get; private set; }
    public int MaxConcurrent { get; private set; }
    public bool Saved { get; private set; }
    public IReadOnlyList<ChatSession> Waiting { get; private set; } = [];
    public IReadOnlyList<ChatSession> Mine { get; private set; } = [];
    public IReadOnlyList<ChatQueueStatus> Queues { get; private set; } = [];
    private Dictionary<Guid, WorkQueue> _names = [];

    public string QueueName(Guid? id) => id is { } q && _names.TryGetValue(q, out var queue) ? queue.Name.Get(Language.Current) : "";

    public async Task<IActionResult> OnGetAsync(bool? saved, CancellationToken ct)
    {
        Saved = saved == true;
        return await LoadAsync(ct) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostStaffingAsync(bool available, int maxConcurrent, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        var result = await chats.SetStaffingAsync(staffId, available, maxConcurrent, ct);
        if (result.Error is { } error)
        {
            await LoadAsync(ct);
            ModelState.AddModelError("Input.MaxConcurrent", texts[error.Code]);
            return Page();
        }

        return RedirectToPage(new { saved = true });
    }

    public async Task<IActionResult> OnPostTakeAsync(Guid id, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return Forbid();
        }

        var taken = await chats.TakeAsync(id, staffId, User.DisplayName(), ct);
        if (taken.Error is { } error)
        {
            await LoadAsync(ct);
            ModelState.AddModelError("", texts[error.Code]);
            return Page();
        }

        return RedirectToPage("/Desk/Chat", new { id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return false;
        }

        var staffing = await chats.StaffingAsync(staffId, ct);
        Available = staffing.Available;
        MaxConcurrent = staffing.MaxConcurrent;
        _names = (await desk.AllChatQueuesAsync(ct)).ToDictionary(q => q.Id);
        Waiting = await desk.WaitingAsync(staffId, ct);
        Mine = await desk.MineAsync(staffId, ct);
        foreach (var s in Waiting.Concat(Mine))
        {
            if (s.ResidentId is { } r)
            {
                audit.Touch(r);
            }
        }

        Queues = await queues.StatusAsync(await desk.MyChatQueuesAsync(staffId, ct), ct);
        return true;
    }
}
