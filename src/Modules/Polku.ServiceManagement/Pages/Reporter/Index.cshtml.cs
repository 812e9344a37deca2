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
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Pages.ServiceDesk;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.Reporter;

/// <summary>
/// Any member of staff reports a problem with a digital service, or asks for something, to the service desk, and follows
/// what they have reported. The desk sets the priority; a reporter only says what and where, and may add files (a
/// screenshot, an error message), which they see too.
/// </summary>
[Authorize(Policy = PolkuRoles.StaffPolicy)]
[AuditExempt("a professional's own service-desk tickets, no resident's data")]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestLimitBytes)]
[RequestSizeLimit(UploadLimits.RequestLimitBytes + 64 * 1024)]
internal sealed class IndexModel(TicketService tickets, TicketQueries queries, TicketAttachments attachments, DeskQueries desk, Texts texts) : PageModel
{
    public IReadOnlyList<Ticket> Mine { get; private set; } = [];
    public IReadOnlyList<SmService> Services { get; private set; } = [];

    [BindProperty] public string Kind { get; set; } = TicketKinds.Incident;
    [BindProperty] public string? ServiceId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? files, CancellationToken ct)
    {
        var checkedFiles = await attachments.CheckAsync(files, ct);
        if (Kind is not (TicketKinds.Incident or TicketKinds.Request))
        {
            ModelState.AddModelError(nameof(Kind), texts[TicketErrors.UnknownKind]);
        }
        else if (checkedFiles.Error is { } refused)
        {
            ModelState.AddModelError(TicketAttachments.Field, attachments.Message(refused, checkedFiles.RejectedName));
        }
        else
        {
            var result = await tickets.OpenAsync(new NewTicket(Kind, ServiceId ?? "", Kind == TicketKinds.Incident ? "reported" : "request", Title ?? "", Description ?? "",
                Impacts.Local, Urgencies.Normal), TicketsApi.Actor(User), new TicketFiles(checkedFiles.Files, VisibleToReporter: true), ct);
            if (result.Error is { } error)
            {
                ModelState.AddModelError(error.Field == "serviceId" ? nameof(ServiceId) : error.Field is { Length: > 0 } f ? char.ToUpperInvariant(f[0]) + f[1..] : "", texts[error.Code]);
            }
            else
            {
                return Redirect(ServiceManagementRoutes.MyRequest(result.Value!.Number));
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Services = [.. (await desk.ServicesAsync(ct)).Where(s => s.Lifecycle != "retired")];
        Mine = User.PersonId() is { } me ? await queries.ReportedByAsync(me, ct) : [];
    }
}
