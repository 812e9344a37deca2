using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Chat;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>The resident's own chats (identified ones, and anonymous ones they signed in to), newest first.</summary>
[Audit("contacts.chat.mine")]
internal sealed class ChatsModel(ChatService chats, AuditScope audit) : PageModel
{
    public IReadOnlyList<ChatSession> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.PersonId()!.Value;
        audit.Touch(me);
        Sessions = await chats.OfResidentAsync(me, ct);
    }
}
