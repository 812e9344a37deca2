using Polku.Contacts.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Data;
using Polku.Contacts.Messages;
using Polku.Contacts.Tasks;
using Polku.Contacts.Templates;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Desk;

public sealed class StaffReplyInput
{
    public string? Body { get; set; }
    public Guid? TemplateId { get; set; }
    public string? Language { get; set; }
    public IFormFile? Attachment { get; set; }
}

/// <summary>A thread for a professional of its queue (or with a care relationship): messages and a reply form with templates.</summary>
[Audit("contacts.messages.read")]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentLimits.RequestLimitBytes)]
[RequestSizeLimit(AttachmentLimits.RequestLimitBytes + 64 * 1024)]
[EnableRateLimiting(RateLimitPolicies.Message)]
internal sealed class ThreadsDetailModel(
    MessageService messages, TemplateService templates, AttachmentChecks checks, IPeopleDirectory people, IUnitDirectory units,
    DeskLookups lookups, AuditScope audit, Texts texts) : PageModel
{
    [BindProperty]
    public StaffReplyInput Input { get; set; } = new();

    public string Subject { get; private set; } = "";
    public string ResidentName { get; private set; } = "";
    public long MaxBytes => checks.MaxBytes;
    public IReadOnlyList<ReplyTemplate> Templates { get; private set; } = [];
    public IReadOnlyList<(Message Message, IReadOnlyList<MessageAttachment> Attachments)> Messages { get; private set; } = [];

    /// <summary>The page follows a message just sent: it says so.</summary>
    public bool Sent { get; private set; }

    /// <summary>The thread's task (the open one, else the latest), for the way back to it.</summary>
    public Guid? TaskId { get; private set; }

    private ResidentInfo? _resident;
    private WorkQueue? _queue;

    public async Task<IActionResult> OnGetAsync(Guid threadId, bool? sent, CancellationToken ct)
    {
        Sent = sent == true;
        var thread = await LoadAsync(threadId, ct);
        if (thread is null)
        {
            return NotFound();
        }

        Input.Language = _resident?.PreferredLanguage is { } l && Polku.Platform.Localization.Language.IsSupported(l) ? l : "fi";
        await messages.MarkReadAsync(thread.Id, SenderKind.Staff, ct);
        return Page();
    }

    /// <summary>Fills the chosen template into the text in the chosen language and shows the form again (works without JavaScript).</summary>
    public async Task<IActionResult> OnPostInsertAsync(Guid threadId, CancellationToken ct)
    {
        var thread = await LoadAsync(threadId, ct);
        if (thread is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var language = Polku.Platform.Localization.Language.IsSupported(Input.Language) ? Input.Language! : "fi";
        Input.Language = language;
        if (Input.TemplateId is { } id && Templates.FirstOrDefault(t => t.Id == id) is { } template)
        {
            var text = TemplateService.Fill(template, language, _resident?.FirstName ?? "", User.DisplayName(), await UnitNameAsync(language, ct));
            Input.Body = string.IsNullOrWhiteSpace(Input.Body) ? text : Input.Body.TrimEnd() + "\n\n" + text;
        }
        else
        {
            ModelState.AddModelError("Input.TemplateId", texts["contacts.messages.template_required"]);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid threadId, CancellationToken ct)
    {
        var thread = await LoadAsync(threadId, ct);
        if (thread is null)
        {
            return NotFound();
        }

        ModelState.Clear();
        var actor = new MessageActor(SenderKind.Staff, User.PersonId()!.Value, User.DisplayName(), null);
        var result = await messages.ReplyAsync(thread, actor, Input.Body, Input.Attachment, ct);
        if (!result.IsSuccess)
        {
            MessageForms.Add(ModelState, texts, result.Error!);
            return Page();
        }

        audit.Touch(thread.ResidentId, AuditAccess.Change, "contacts.messages.send");
        return RedirectToPage("/Desk/ThreadsDetail", new { threadId = thread.Id, sent = true });
    }

    private async Task<string> UnitNameAsync(string language, CancellationToken ct)
    {
        if (_queue?.UnitId is { } unitId && await units.GetAsync([unitId], ct) is { Count: > 0 } found)
        {
            return found[0].Name.Get(language);
        }

        return _queue?.Name.Get(language) ?? "";
    }

    private async Task<MessageThread?> LoadAsync(Guid threadId, CancellationToken ct)
    {
        var staffId = User.PersonId()!.Value;
        var thread = await messages.StaffThreadAsync(staffId, threadId, ct);
        if (thread is null)
        {
            return null;
        }

        audit.Touch(thread.ResidentId);
        Subject = thread.Subject;
        _resident = await people.FindResidentAsync(thread.ResidentId, ct);
        ResidentName = _resident?.FullName ?? "";
        _queue = await lookups.QueueAsync(thread.QueueId, ct);
        var staff = await people.FindStaffAsync(staffId, ct);
        Templates = await templates.ForUnitsAsync(staff?.UnitIds.ToList() ?? [], ct);
        Messages = await messages.MessagesAsync(thread.Id, ct);
        TaskId = await messages.TaskOfThreadAsync(thread.Id, ct);
        return thread;
    }
}
