using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>Koulutuskoordinaattori — every programme, published or draft, with its number of courses.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes; no resident data")]
internal sealed class IndexModel(ProgrammeAdministration admin) : PageModel
{
    public IReadOnlyList<(Programme Programme, int Courses)> Programmes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = new List<(Programme, int)>();
        foreach (var p in await admin.ProgrammesAsync(ct))
        {
            list.Add((p, (await admin.CoursesAsync(p.Id, ct)).Count));
        }

        Programmes = list;
        return Page();
    }
}
