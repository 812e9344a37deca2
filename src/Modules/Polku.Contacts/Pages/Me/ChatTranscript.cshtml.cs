using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Chat;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>One of the resident's chats as a printable transcript.</summary>
[Audit("contacts.chat.mine")]
internal sealed class ChatTranscriptModel(ChatService chats, ChatView view, AuditScope audit, Polku.Contacts.Contracts.IFeedbackOffers feedback) : PageModel
{
    public Guid Id { get; private set; }
    public DateTime StartedUtc { get; private set; }
    public string Status { get; private set; } = "";
    public bool IsOpen { get; private set; }
    public ChatLogModel Log { get; private set; } = new([], false);
    public string? FeedbackUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var me = User.PersonId()!.Value;
        if (await chats.FindAsync(id, ct) is not { } session || session.ResidentId != me)
        {
            return NotFound();
        }

        audit.Touch(me);
        Id = id;
        StartedUtc = session.CreatedUtc;
        Status = session.State.ToString().ToLowerInvariant();
        IsOpen = session.IsOpen;
        if (session.State == ChatState.Ended && await feedback.MayOfferAsync("chat", id, ct))
        {
            FeedbackUrl = Polku.Contacts.Contracts.ContactsRoutes.Feedback("chat", id);
        }

        Log = new ChatLogModel(await view.RenderAsync(await chats.MessagesAfterAsync(id, 0, ct), Language.Current, ct), false);
        return Page();
    }
}
