using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Notices;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>Disruption notices for the service desk: drafts (monitoring's among them) first, to be reviewed and published.</summary>
[AuditExempt("disruption notices about digital services, no personal data")]
internal sealed class NoticesModel(NoticeService notices) : PageModel
{
    public IReadOnlyList<Notice> Notices { get; private set; } = [];
    public IReadOnlyDictionary<string, ServiceChoice> Services { get; private set; } = new Dictionary<string, ServiceChoice>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Notices = await notices.ListAsync(ct);
        Services = (await notices.ServicesAsync(ct)).ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public string ServiceName(string? id) =>
        id is not null && Services.TryGetValue(id, out var s) ? SmNames.Pick(s.NameFi, s.NameSv, s.NameEn) : "—";

    public static string When(DateTime utc) => NoticeDisplay.When(NoticeService.Helsinki(utc));
}
