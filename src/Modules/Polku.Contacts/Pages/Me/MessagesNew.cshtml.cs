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

public sealed class NewThreadInput
{
    public string? Service { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public IFormFile? Attachment { get; set; }
}

/// <summary>A resident (or a guardian for a child) writes a new secure message; the expected reply time is shown.</summary>
[Audit("contacts.messages.send", AuditAccess.Change)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentLimits.RequestLimitBytes)]
[RequestSizeLimit(AttachmentLimits.RequestLimitBytes + 64 * 1024)]
[EnableRateLimiting(RateLimitPolicies.Message)]
internal sealed class MessagesNewModel(MessageService messages, AttachmentChecks checks, IPeopleDirectory people, AuditScope audit, Texts texts) : PageModel
{
    [BindProperty]
    public NewThreadInput Input { get; set; } = new();

    public int? ReplyDays { get; private set; }
    public string? ActingForName { get; private set; }
    public long MaxBytes => checks.MaxBytes;

    public async Task OnGetAsync(string? service, CancellationToken ct)
    {
        Input.Service = service is { Length: <= 60 } ? service : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear();
        var actor = new MessageActor(SenderKind.Resident, User.PersonId()!.Value, User.DisplayName(), User.EffectiveResidentId());
        var result = await messages.StartByResidentAsync(actor, Input.Service, Input.Subject, Input.Body, Input.Attachment, ct);
        if (!result.IsSuccess)
        {
            MessageForms.Add(ModelState, texts, result.Error!);
            return Page();
        }

        return RedirectToPage("/Me/MessagesThread", new { threadId = result.Value!.Id, sent = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var residentId = User.EffectiveResidentId()!.Value;
        audit.Touch(residentId);
        ActingForName = await ResidentPages.ActingForNameAsync(User, people, ct);
        ReplyDays = await messages.ExpectedReplyDaysAsync(residentId, ct);
    }
}
