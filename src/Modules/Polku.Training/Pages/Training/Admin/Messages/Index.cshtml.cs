using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Training.Messages;

namespace Polku.Training.Pages.Training.Admin.Messages;

/// <summary>Every automatic message of the training module: when it is sent, its placeholders and whether the county has its own text.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("message texts; no resident data")]
internal sealed class IndexModel(MessageTexts messageTexts) : PageModel
{
    public static IReadOnlyList<TrainingMessageKind> Kinds => TrainingMessageKinds.All;

    public IReadOnlySet<string> Customised { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Customised = await messageTexts.CustomisedAsync(ct);
        return Page();
    }
}
