using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Uploads;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.Reporter;

/// <summary>
/// One ticket as its reporter sees it: status, the history and the files meant for them (the desk's internal comments
/// and files are not), and their own answer with files — which ends a wait for the reporter. Another person's ticket is
/// not found. A refused answer or file keeps what was typed.
/// </summary>
[Authorize(Policy = PolkuRoles.StaffPolicy)]
[AuditExempt("a professional's own service-desk tickets, no resident's data")]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestLimitBytes)]
[RequestSizeLimit(UploadLimits.RequestLimitBytes + 64 * 1024)]
internal sealed class RequestModel(TicketService tickets, TicketQueries queries, TicketAttachments attachments, Texts texts) : PageModel
{
    public Ticket Ticket { get; private set; } = null!;
    public IReadOnlyList<TicketEntry> Entries { get; private set; } = [];
    public IReadOnlyList<AttachmentInfo> Attachments { get; private set; } = [];

    /// <summary>The answer as typed, shown again when it or its files were refused.</summary>
    public string? Text { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string number, string? text, List<IFormFile>? files, CancellationToken ct)
    {
        if (!await LoadAsync(number, ct))
        {
            return NotFound();
        }

        Text = text;
        var checkedFiles = await attachments.CheckAsync(files, ct);
        if (checkedFiles.Error is { } refused)
        {
            ModelState.AddModelError(TicketAttachments.Field, attachments.Message(refused, checkedFiles.RejectedName));
            return Page();
        }

        var result = await tickets.ReporterCommentAsync(Ticket.Id, text ?? "", checkedFiles.Files, TicketsApi.Actor(User), ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError("text", texts[error.Code]);
            return Page();
        }

        return Redirect(ServiceManagementRoutes.MyRequest(Ticket.Number));
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (User.PersonId() is not { } me || await queries.ForReporterAsync(number, me, ct) is not { } mine)
        {
            return false;
        }

        (Ticket, Entries) = mine;
        Attachments = await attachments.ForTicketAsync(Ticket.Id, reporterView: true, ct);
        return true;
    }

    public string EntryText(TicketEntry e) => e.Kind switch
    {
        "status" => texts["sm.history.status", texts["sm.status." + (e.OldValue ?? "new")], texts["sm.status." + (e.NewValue ?? "new")]],
        "created" => texts["sm.history.created"],
        _ => texts["sm.history.comment"],
    };

    public string Actor(TicketEntry e) => e.ActorStaffId is not null && e.ActorStaffId == User.PersonId() ? texts["sm.reporter.you"] : texts["sm.reporter.desk"];
}
