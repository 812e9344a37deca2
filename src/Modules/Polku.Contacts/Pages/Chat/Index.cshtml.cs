using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Chat;
using Polku.Contacts.Messages;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Chat;

/// <summary>
/// The chat's front page: the bot is always there; the professionals' queues show whether they are open and staffed
/// and how long the wait is; the alternatives are always offered. A browser that already has a chat goes back to it.
/// </summary>
[AuditExempt("queue states only; a signed-in resident's home municipality preselects the list")]
[EnableRateLimiting(RateLimitPolicies.ChatStart)]
internal sealed class IndexModel(ChatService chats, ChatQueues queues, IUnitDirectory units, IPeopleDirectory people, Texts texts) : PageModel
{
    public string? Municipality { get; private set; }
    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];
    public IReadOnlyList<ChatQueueStatus> Queues { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? municipality, CancellationToken ct)
    {
        if (ChatCookie.Read(Request) is { } held && await chats.FindAsync(held.SessionId, ct) is { IsOpen: true } open)
        {
            return RedirectToPage("/Chat/Session", new { id = open.Id });
        }

        await LoadAsync(municipality, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(string? municipality, CancellationToken ct)
    {
        Guid? resident = User.IsResident() ? User.PersonId() : null;
        var started = await chats.StartAsync(Language.Current, await HomeOrChosenAsync(municipality, ct), resident, ct);
        if (started.Error is { } error)
        {
            await LoadAsync(null, ct);
            MessageForms.Add(ModelState, texts, error);
            return Page();
        }

        ChatCookie.Write(HttpContext, started.Value!.Session.Id, started.Value.Token);
        return RedirectToPage("/Chat/Session", new { id = started.Value.Session.Id });
    }

    private async Task<string?> HomeOrChosenAsync(string? chosen, CancellationToken ct)
    {
        if (chosen is { Length: > 0 and <= 3 } && await units.MunicipalityExistsAsync(chosen, ct))
        {
            return chosen;
        }

        return User.IsResident() && User.PersonId() is { } id && await people.FindResidentAsync(id, ct) is { } r ? r.HomeMunicipalityCode : null;
    }

    private async Task LoadAsync(string? municipality, CancellationToken ct)
    {
        Municipality = await HomeOrChosenAsync(municipality, ct);
        Municipalities = (await units.MunicipalitiesAsync(ct)).ByName();
        Queues = await queues.StatusAsync(await queues.ForMunicipalityAsync(Municipality, ct), ct);
    }
}
