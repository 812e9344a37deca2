using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Training.Contracts;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>Koulutuskoordinaattori — the rooms register: every room, active or not, and adding one.</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training rooms; no resident data")]
internal sealed class RoomsModel(RoomRegister register, Texts texts) : PageModel
{
    public IReadOnlyList<TrainingRoom> Rooms { get; private set; } = [];

    public string? Saved { get; private set; }

    [BindProperty]
    public RoomInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string? saved, CancellationToken ct)
    {
        Saved = saved is "created" ? saved : null;
        Rooms = await register.ListAsync(activeOnly: false, ct);
        Input = new RoomInput { Active = "true" };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Rooms = await register.ListAsync(activeOnly: false, ct);
        var draft = Input.Draft(ModelState, texts);
        AdminForms.Show(ModelState, texts, RoomRegister.Check(draft));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var saved = await register.SaveAsync(null, draft, ct);
        if (saved.Error is { } error)
        {
            AdminForms.Show(ModelState, texts, [error]);
            return Page();
        }

        return Redirect(TrainingRoutes.AdminRooms + "?saved=created");
    }
}
