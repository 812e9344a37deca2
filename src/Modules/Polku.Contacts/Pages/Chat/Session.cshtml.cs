using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Chat;
using Polku.Contacts.Messages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Chat;

/// <summary>
/// One chat for the resident. Works without script — a form posts a message and the page shows the transcript again
/// (a refresh shows what arrived) — and chat.js turns it live over the session's event stream. The key is this browser's
/// chat cookie or, once the resident has signed in, their identity.
/// </summary>
[Audit("contacts.chat.page")]
[EnableRateLimiting(RateLimitPolicies.ChatMessage)]
internal sealed class SessionModel(ChatService chats, ChatView view, ChatQueues queues, Texts texts, Polku.Contacts.Contracts.IFeedbackOffers feedback) : PageModel
{
    public Guid Id { get; private set; }
    public ChatStateView? State { get; private set; }
    public ChatLogModel Log { get; private set; } = new([], false);
    public IReadOnlyList<ChatQueueStatus> Queues { get; private set; } = [];
    public bool IsOpen { get; private set; }
    public bool Identified { get; private set; }
    public string? SignedInName { get; private set; }

    /// <summary>The survey after an ended chat, while it has not been answered or skipped.</summary>
    public string? FeedbackUrl { get; private set; }

    /// <summary>A fresh id for the next message: a form sent twice (a double click, a retry) is one message.</summary>
    public string ClientId { get; } = Guid.NewGuid().ToString("N");

    public string SelfUrl => Url.Page("/Chat/Session", new { id = Id }) ?? "/chat";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // A resident without script refreshes the page: that too says they are still there.
        await chats.SeenAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, string? text, string? clientId, CancellationToken ct)
    {
        if (await AccessAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var posted = await chats.PostAsync(session, ChatActor.Resident(session.ResidentId), text, clientId, ct);
        if (posted.Error is { } error)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("Input.Text", texts[error.Code]);
            return Page();
        }

        return Redirect(SelfUrlFor(id) + "#chat-send");
    }

    public async Task<IActionResult> OnPostHandoverAsync(Guid id, string? queue, CancellationToken ct)
    {
        if (await AccessAsync(id, ct) is not { } session)
        {
            return NotFound();
        }

        var result = await chats.HandoverAsync(session, queue, ct);
        if (result.Error is { } error)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", texts[error.Code]);
            return Page();
        }

        return Redirect(SelfUrlFor(id));
    }

    public async Task<IActionResult> OnPostIdentifyAsync(Guid id, CancellationToken ct)
    {
        if (!User.IsResident() || User.PersonId() is not { } resident || await AccessAsync(id, ct) is null)
        {
            return NotFound();
        }

        var result = await chats.IdentifyAsync(id, resident, ct);
        if (result.Error is { } error)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError("", texts[error.Code]);
            return Page();
        }

        return Redirect(SelfUrlFor(id));
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid id, CancellationToken ct)
    {
        if (await AccessAsync(id, ct) is null)
        {
            return NotFound();
        }

        await chats.LeaveAsync(id, ct);
        return Redirect(SelfUrlFor(id));
    }

    public IActionResult OnPostNew()
    {
        ChatCookie.Clear(HttpContext);
        return RedirectToPage("/Chat/Index");
    }

    private string SelfUrlFor(Guid id) => Url.Page("/Chat/Session", new { id }) ?? "/chat";

    private async Task<ChatSession?> AccessAsync(Guid id, CancellationToken ct) =>
        await chats.AccessAsync(id, ChatCookie.TokenFor(Request, id), User.IsResident() ? User.PersonId() : null, null, ct) is { AsStaff: false } access
            ? access.Session
            : null;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        if (await AccessAsync(id, ct) is not { } session)
        {
            return false;
        }

        var language = Language.Current;
        State = await view.StateAsync(session, language, ct);
        Log = new ChatLogModel(await view.RenderAsync(await chats.MessagesAfterAsync(id, 0, ct), language, ct), false);
        IsOpen = session.IsOpen;
        Identified = session.ResidentId is not null;
        SignedInName = User.IsResident() && session.ResidentId is null ? User.DisplayName() : null;
        if (session.State == ChatState.Ended && await feedback.MayOfferAsync("chat", id, ct))
        {
            FeedbackUrl = Polku.Contacts.Contracts.ContactsRoutes.Feedback("chat", id);
        }

        if (session.State == ChatState.Bot)
        {
            var offered = await queues.ForMunicipalityAsync(session.MunicipalityCode, ct);
            Queues = await queues.StatusAsync(offered, ct);
        }

        return true;
    }
}
