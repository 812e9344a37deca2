using Polku.Contacts.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Data;
using Polku.Contacts.Messages;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Me;

public sealed class ReplyInput
{
    public string? Body { get; set; }
    public IFormFile? Attachment { get; set; }
}

/// <summary>A thread of the resident (or ward): messages, attachments and a reply form. Someone else's thread is a 404.</summary>
[Audit("contacts.messages.read")]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentLimits.RequestLimitBytes)]
[RequestSizeLimit(AttachmentLimits.RequestLimitBytes + 64 * 1024)]
[EnableRateLimiting(RateLimitPolicies.Message)]
internal sealed class MessagesThreadModel(MessageService messages, AttachmentChecks checks, IPeopleDirectory people, AuditScope audit, Texts texts, Polku.Contacts.Contracts.IFeedbackOffers feedback) : PageModel
{
    [BindProperty]
    public ReplyInput Input { get; set; } = new();

    public string Subject { get; private set; } = "";
    public string? ActingForName { get; private set; }
    public string? FeedbackUrl { get; private set; }
    public int? ReplyDays { get; private set; }
    public long MaxBytes => checks.MaxBytes;
    public IReadOnlyList<(Message Message, IReadOnlyList<MessageAttachment> Attachments)> Messages { get; private set; } = [];

    /// <summary>The page follows a message just sent: it says so.</summary>
    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid threadId, bool? sent, CancellationToken ct)
    {
        Sent = sent == true;
        var thread = await LoadAsync(threadId, ct);
        if (thread is null)
        {
            return NotFound();
        }

        await messages.MarkReadAsync(thread.Id, SenderKind.Resident, ct);
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
        var actor = new MessageActor(SenderKind.Resident, User.PersonId()!.Value, User.DisplayName(), thread.ResidentId);
        var result = await messages.ReplyAsync(thread, actor, Input.Body, Input.Attachment, ct);
        if (!result.IsSuccess)
        {
            MessageForms.Add(ModelState, texts, result.Error!);
            return Page();
        }

        audit.Touch(thread.ResidentId, AuditAccess.Change, "contacts.messages.send");
        return RedirectToPage("/Me/MessagesThread", new { threadId = thread.Id, sent = true });
    }

    private async Task<MessageThread?> LoadAsync(Guid threadId, CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        var thread = await messages.ResidentThreadAsync(residentId, threadId, ct);
        if (thread is null)
        {
            return null;
        }

        audit.Touch(residentId);
        Subject = thread.Subject;
        ActingForName = await ResidentPages.ActingForNameAsync(User, people, ct);
        ReplyDays = await messages.ExpectedReplyDaysAsync(residentId, ct);
        Messages = await messages.MessagesAsync(thread.Id, ct);
        if (Messages.Any(m => m.Message.SenderKind == SenderKind.Staff) && await feedback.MayOfferAsync("message", thread.Id, ct))
        {
            // Once a professional has answered, the survey is offered (at most once for the thread).
            FeedbackUrl = Polku.Contacts.Contracts.ContactsRoutes.Feedback("message", thread.Id);
        }

        return thread;
    }
}
