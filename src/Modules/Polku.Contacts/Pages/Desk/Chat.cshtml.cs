using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Chat;
using Polku.Contacts.Data;
using Polku.Contacts.Templates;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Desk;

/// <summary>
/// One chat for the professional: the whole transcript (the bot part too), a reply with templates, transfer with a note,
/// and the end with an outcome. Several chats run at once in their own tabs; chat.js keeps each live.
/// </summary>
[Audit("contacts.chat.read")]
[EnableRateLimiting(RateLimitPolicies.ChatMessage)]
internal sealed class ChatModel(ChatService chats, ChatView view, ChatDesk desk, TemplateService templates, IPeopleDirectory people, AuditScope audit, Texts texts,
    TimeProvider time) : PageModel
{
    public Guid Id { get; private set; }
    public Guid? TaskId { get; private set; }
    public ChatStateView? State { get; private set; }

    /// <summary>
    /// Minutes since the resident of an open chat was last seen (message, page or open stream), when more than two: the
    /// professional can tell whether anyone is still there.
    /// </summary>
    public long? ResidentAwayMinutes { get; private set; }
    public ChatLogModel Log { get; private set; } = new([], true);
    public bool Mine { get; private set; }
    public bool CanTransfer { get; private set; }
    public string? Draft { get; private set; }
    public IReadOnlyList<ReplyTemplate> Templates { get; private set; } = [];
    public IReadOnlyList<WorkQueue> TransferQueues { get; private set; } = [];
    public string ClientId { get; } = Guid.NewGuid().ToString("N");

    private ChatSession? _session;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSendAsync(Guid id, string? text, string? clientId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var posted = await chats.PostAsync(_session!, ChatActor.Staff(User.PersonId()!.Value, User.DisplayName()), text, clientId, ct);
        return await AfterAsync(id, posted.Error, "Input.Text", ct);
    }

    public async Task<IActionResult> OnPostTemplateAsync(Guid id, Guid? templateId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (templateId is { } tid && Templates.FirstOrDefault(t => t.Id == tid) is { } template && _session is { } s)
        {
            var resident = s.ResidentId is { } r ? await people.FindResidentAsync(r, ct) : null;
            Draft = TemplateService.Fill(template, s.Language, resident?.FirstName ?? "", User.DisplayName(), State?.QueueName ?? "");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostTransferAsync(Guid id, string? queue, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var moved = await chats.TransferAsync(_session!, User.PersonId()!.Value, queue, note, ct);
        if (moved.Error is null)
        {
            return RedirectToPage("/Desk/Chats");
        }

        return await AfterAsync(id, moved.Error, null, ct);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var ended = await chats.EndAsync(_session!, User.PersonId()!.Value, outcome, ct);
        return await AfterAsync(id, ended.Error, "Input.Outcome", ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Polku.Platform.Results.Error? error, string? field, CancellationToken ct)
    {
        if (error is null)
        {
            return RedirectToPage(new { id });
        }

        await LoadAsync(id, ct);
        var key = error.Field is { Length: > 0 } f ? "Input." + char.ToUpperInvariant(f[0]) + f[1..] : field ?? "";
        ModelState.AddModelError(key, texts[error.Code]);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Id = id;
        if (User.PersonId() is not { } staffId || await chats.AccessAsync(id, null, null, staffId, ct) is not { } access)
        {
            return false;
        }

        _session = access.Session;
        if (_session.ResidentId is { } r)
        {
            audit.Touch(r);
        }

        TaskId = _session.TaskId;
        if (_session.IsOpen && _session.ResidentSeenUtc is { } seen
            && (long)(time.GetUtcNow().UtcDateTime - seen).TotalMinutes is var away and > 2)
        {
            ResidentAwayMinutes = away;
        }

        var language = Language.Current;
        State = await view.StateAsync(_session, language, ct);
        Log = new ChatLogModel(await view.RenderAsync(await chats.MessagesAfterAsync(id, 0, ct), language, ct), true);
        Mine = _session.State == ChatState.Active && _session.AssigneeId == staffId;
        CanTransfer = _session.IsOpen && _session.State != ChatState.Bot;
        TransferQueues = [.. (await desk.AllChatQueuesAsync(ct)).Where(q => q.Id != _session.QueueId && q.IsOpen)];
        if (Mine)
        {
            var staff = await people.FindStaffAsync(staffId, ct);
            Templates = await templates.ForUnitsAsync(staff?.UnitIds ?? [], ct);
        }

        return true;
    }
}
