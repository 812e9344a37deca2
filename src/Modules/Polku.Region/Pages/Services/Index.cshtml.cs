using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Region.Directory;

namespace Polku.Region.Pages.Services;

/// <summary>Palveluhakemisto — browse and search all services.</summary>
[AuditExempt("public service directory, no personal data")]
internal sealed class IndexModel(ServiceDirectory directory) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<ServiceSummary> Services { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > 200 })
        {
            Q = Q[..200];
        }

        Services = await directory.SearchAsync(Q, ct);
    }
}
