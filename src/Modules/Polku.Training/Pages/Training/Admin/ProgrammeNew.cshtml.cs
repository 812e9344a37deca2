using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Contracts;
using Polku.Training.Coordinator;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>A page that shows the programme fields (<c>_ProgrammeFields</c>).</summary>
internal interface IProgrammeForm
{
    bool IsNew { get; }

    ProgrammeInput Input { get; }
}

/// <summary>Koulutuskoordinaattori — a new programme: code, names and descriptions in three languages, audience, published.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training programmes; no resident data")]
internal sealed class ProgrammeNewModel(ProgrammeAdministration admin, Texts texts) : PageModel, IProgrammeForm
{
    public bool IsNew => true;

    [BindProperty]
    public ProgrammeInput Input { get; set; } = new();

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Remove("Input.Version");
        var draft = Input.Draft();
        AdminForms.Show(ModelState, texts, ProgrammeAdministration.Check(draft));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var created = await admin.CreateProgrammeAsync(draft, ct);
        if (created.Error is { } error)
        {
            AdminForms.Show(ModelState, texts, [error]);
            return Page();
        }

        return Redirect(TrainingRoutes.AdminProgramme(draft.Code) + "?saved=created");
    }
}
