using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Trainer;

namespace Polku.Training.Pages.Training.Trainer;

/// <summary>Kouluttaja — the trainer's groups (upcoming and of the last 30 days) and the feedback of their courses.</summary>
[AuditExempt("training groups and professionals' participation, no resident's data")]
internal sealed class IndexModel(TrainerQueries trainer) : PageModel
{
    public IReadOnlyList<TrainerGroup> Groups { get; private set; } = [];
    public IReadOnlyList<FeedbackSummary> Feedback { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.PersonId() is not { } me)
        {
            return Forbid();
        }

        Groups = await trainer.GroupsAsync(me, TrainerAccess.SeesAll(User), Language.Current, ct);
        Feedback = await trainer.FeedbackAsync(Groups.Select(g => g.CourseId), Language.Current, ct);
        return Page();
    }
}

/// <summary>Whom the trainer pages show: a trainer their own groups, the coordinator every group.</summary>
internal static class TrainerAccess
{
    public static bool SeesAll(System.Security.Claims.ClaimsPrincipal user) => user.HasClaim(PolkuClaims.Role, PolkuRoles.Coordinator);
}
