using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Platform.Uploads;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// A new incident, service request, problem or change; the priority is the matrix's (the ticket page can override it).
/// Files may come with it (internal unless the reporter is to see them); a refused one keeps everything typed.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestLimitBytes)]
[RequestSizeLimit(UploadLimits.RequestLimitBytes + 64 * 1024)]
internal sealed class TicketNewModel(TicketService tickets, TicketAttachments attachments, DeskQueries desk, Texts texts) : PageModel
{
    public IReadOnlyList<SmService> Services { get; private set; } = [];

    [BindProperty] public string Kind { get; set; } = TicketKinds.Incident;
    [BindProperty] public string? ServiceId { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string Impact { get; set; } = Impacts.Local;
    [BindProperty] public string Urgency { get; set; } = Urgencies.Normal;
    [BindProperty] public string? ReporterName { get; set; }
    [BindProperty] public string? ReporterEmail { get; set; }
    [BindProperty] public string? ChangeType { get; set; }
    [BindProperty] public string? WindowStart { get; set; }
    [BindProperty] public string? WindowEnd { get; set; }
    [BindProperty] public bool FilesVisibleToReporter { get; set; }

    public async Task OnGetAsync(string? kind, CancellationToken ct)
    {
        Kind = TicketKinds.All.Contains(kind ?? "") ? kind! : TicketKinds.Incident;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(List<IFormFile>? files, CancellationToken ct)
    {
        var start = LocalTime(WindowStart, nameof(WindowStart));
        var end = LocalTime(WindowEnd, nameof(WindowEnd));
        var checkedFiles = await attachments.CheckAsync(files, ct);
        if (checkedFiles.Error is { } refused)
        {
            ModelState.AddModelError(TicketAttachments.Field, attachments.Message(refused, checkedFiles.RejectedName));
        }

        if (ModelState.IsValid)
        {
            var result = await tickets.OpenAsync(new NewTicket(Kind, ServiceId ?? "", Category ?? "", Title ?? "", Description ?? "", Impact, Urgency,
                ReporterName, ReporterEmail, null, Kind == TicketKinds.Change ? ChangeType : null, start, end), TicketsApi.Actor(User),
                new TicketFiles(checkedFiles.Files, FilesVisibleToReporter), ct);
            if (result.Error is { } error)
            {
                ModelState.AddModelError(Field(error.Field), texts[error.Code]);
            }
            else
            {
                return Redirect(ServiceManagementRoutes.Ticket(result.Value!.Number));
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>A Helsinki wall-clock time typed as "d.M.yyyy H.mm" (or with a colon); empty is none.</summary>
    private DateTimeOffset? LocalTime(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] formats = ["d.M.yyyy H.mm", "d.M.yyyy H:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm"];
        if (DateTime.TryParseExact(text.Trim(), formats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local)
            && local.Year is >= 2000 and <= 2100)
        {
            return HelsinkiTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        }

        ModelState.AddModelError(field, texts["sm.error.time_invalid"]);
        return null;
    }

    private static string Field(string? apiField) => apiField switch
    {
        "serviceId" => nameof(ServiceId),
        "windowEnd" => nameof(WindowEnd),
        null => "",
        _ => char.ToUpperInvariant(apiField[0]) + apiField[1..],
    };

    private async Task LoadAsync(CancellationToken ct) =>
        Services = [.. (await desk.ServicesAsync(ct)).Where(s => s.Lifecycle != "retired")];
}
