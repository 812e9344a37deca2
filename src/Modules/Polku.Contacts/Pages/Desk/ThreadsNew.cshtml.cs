using Polku.Contacts.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Data;
using Polku.Contacts.Messages;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Desk;

public sealed class StaffNewThreadInput
{
    public Guid CaseId { get; set; }
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public IFormFile? Attachment { get; set; }

    /// <summary>
    /// The professional's own task that this message asks the resident about (e.g. more information for a form): it waits
    /// for the resident's answer, which brings it back (the resident's status timeline says "waiting for you").
    /// </summary>
    public Guid? WaitTaskId { get; set; }
}

/// <summary>A professional starts a thread on a case of a resident who has a care relationship with their queues.</summary>
[Audit("contacts.messages.send", AuditAccess.Change)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentLimits.RequestLimitBytes)]
[RequestSizeLimit(AttachmentLimits.RequestLimitBytes + 64 * 1024)]
[EnableRateLimiting(RateLimitPolicies.Message)]
internal sealed class ThreadsNewModel(
    MessageService messages, QueueWork work, Polku.Platform.Persistence.UnitOfWork unit, IPeopleDirectory people, DeskLookups lookups, AuditScope audit, Texts texts) : PageModel
{
    [BindProperty]
    public StaffNewThreadInput Input { get; set; } = new();

    public string ResidentName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid caseId, Guid? waitTask, CancellationToken ct)
    {
        Input.CaseId = caseId;
        Input.WaitTaskId = waitTask;
        return await LoadAsync(caseId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(Input.CaseId, ct))
        {
            return NotFound();
        }

        ModelState.Clear();
        var actor = new MessageActor(SenderKind.Staff, User.PersonId()!.Value, User.DisplayName(), null);
        // One unit: the question and the task's waiting commit together, or neither (e.g. the task is no longer one's own).
        var result = await unit.RunAsync(async c =>
        {
            var started = await messages.StartByStaffAsync(actor, Input.CaseId, Input.Subject, Input.Body, null, Input.Attachment, c);
            if (started.IsSuccess && Input.WaitTaskId is { } taskId)
            {
                var waiting = await work.WaitForResidentAsync(taskId, actor.Id, c);
                if (waiting.Error is { } error)
                {
                    return error;
                }
            }

            return started;
        }, ct);
        if (!result.IsSuccess)
        {
            MessageForms.Add(ModelState, texts, result.Error!);
            return Page();
        }

        return RedirectToPage("/Desk/ThreadsDetail", new { threadId = result.Value!.Id, sent = true });
    }

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var staffId = User.PersonId()!.Value;
        var @case = await lookups.CaseAsync(caseId, ct);
        if (@case is null || !await messages.HasCareRelationshipAsync(staffId, caseId, ct))
        {
            return false;
        }

        audit.Touch(@case.ResidentId);
        ResidentName = (await people.FindResidentAsync(@case.ResidentId, ct))?.FullName ?? "";
        return true;
    }
}
