using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Messages;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>The resident's (or the ward's) message threads with unread counts, newest first.</summary>
[Audit("contacts.messages.read")]
internal sealed class MessagesModel(MessageService messages, IPeopleDirectory people, AuditScope audit) : PageModel
{
    public IReadOnlyList<ThreadSummary> Threads { get; private set; } = [];
    public string? ActingForName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        audit.Touch(residentId);
        ActingForName = await ResidentPages.ActingForNameAsync(User, people, ct);
        Threads = await messages.ResidentThreadsAsync(residentId, ct);
    }
}

internal static class ResidentPages
{
    /// <summary>The ward's name when a guardian is acting for a child, else null.</summary>
    public static async Task<string?> ActingForNameAsync(System.Security.Claims.ClaimsPrincipal user, IPeopleDirectory people, CancellationToken ct) =>
        user.ActingFor() is { } ward && await people.FindResidentAsync(ward, ct) is { } child ? child.FullName : null;
}
