using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Contacts.Callbacks;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Contacts.Pages.Desk;

public sealed class CallResultInput
{
    public string? Result { get; set; }
    public string? Note { get; set; }
    public string? Date { get; set; }
    public string? Time { get; set; }
}

/// <summary>A queue member records the result of a call-back, which completes its task.</summary>
[Audit("contacts.callbacks.handle", AuditAccess.Change)]
internal sealed class CallbacksRecordModel(DeskLookups lookups, CallbackService callbacks, IPeopleDirectory people, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty]
    public CallResultInput Input { get; set; } = new();

    public CallbackView Callback { get; private set; } = null!;
    public string ResidentName { get; private set; } = "";
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        Saved = saved;
        var now = HelsinkiTime.ToLocal(time.GetUtcNow());
        Input.Date = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.Time = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused)
        {
            return refused;
        }

        DateTimeOffset? calledAt = null;
        if (!FormFields.TryDate(Input.Date, out var date))
        {
            ModelState.AddModelError("Input.Date", texts["error.invalid_date"]);
        }
        else if (!FormFields.TryTime(Input.Time, out var clock))
        {
            ModelState.AddModelError("Input.Time", texts["error.invalid_time"]);
        }
        else
        {
            calledAt = HelsinkiTime.ToInstant(date, clock);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await callbacks.RecordResultAsync(id, User.PersonId()!.Value, Input.Result, Input.Note, calledAt, ct);
        if (result.Error is { } error)
        {
            var key = error.Field switch
            {
                "result" => "Input.Result",
                "note" => "Input.Note",
                "calledAt" => "Input.Time",
                _ => "",
            };
            ModelState.AddModelError(key, texts[error.Code]);
            return Page();
        }

        audit.Touch(result.Value!.ResidentId, AuditAccess.Change);
        return RedirectToPage("/Desk/CallbacksRecord", new { id, saved = "true" });
    }

    /// <summary>Loads the request for a member of its task's queue; 404 for an unknown request, 403 for anyone else.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken ct)
    {
        var request = await lookups.CallbackRequestAsync(id, ct);
        var task = request is null ? null : await callbacks.TaskOfAsync(id, ct);
        if (request is null || task is null)
        {
            return NotFound();
        }

        if (User.PersonId() is not { } staffId || !await callbacks.IsMemberAsync(task.QueueId, staffId, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        audit.Touch(request.ResidentId, AuditAccess.Read);
        Callback = ResidentOverview.View(request);
        ResidentName = (await people.FindResidentAsync(request.ResidentId, ct))?.FullName ?? "";
        return null;
    }
}
