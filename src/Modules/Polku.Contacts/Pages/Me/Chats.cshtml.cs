using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Chat;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>The resident's own chats (identified ones, and anonymous ones they signed in to), newest first.</summary>
[Audit("contacts.chat.mine")]
internal sealed class ChatsModel(PolkuDb db, AuditScope audit) : PageModel
{
    public IReadOnlyList<ChatSession> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.PersonId()!.Value;
        audit.Touch(me);
        Sessions = await db.Set<ChatSession>().AsNoTracking().Where(s => s.ResidentId == me).OrderByDescending(s => s.CreatedUtc).Take(100).ToListAsync(ct);
    }
}
