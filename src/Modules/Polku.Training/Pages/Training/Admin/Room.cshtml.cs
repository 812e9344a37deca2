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

/// <summary>Koulutuskoordinaattori — one room of the register: name, address, seats, and whether it is offered (deactivating).</summary>
[Authorize(Policy = PolkuRoles.CoordinatorPolicy)]
[AuditExempt("training rooms; no resident data")]
internal sealed class RoomModel(RoomRegister register, Texts texts) : PageModel
{
    public TrainingRoom Stored { get; private set; } = new();

    public bool Saved { get; private set; }

    [BindProperty]
    public RoomInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, string? saved, CancellationToken ct)
    {
        if (await register.FindAsync(id, ct) is not { } room)
        {
            return NotFound();
        }

        Stored = room;
        Saved = saved == "true";
        Input = RoomInput.From(room);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await register.FindAsync(id, ct) is not { } room)
        {
            return NotFound();
        }

        Stored = room;
        var draft = Input.Draft(ModelState, texts);
        AdminForms.Show(ModelState, texts, RoomRegister.Check(draft));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var saved = await register.SaveAsync(id, draft, ct);
        if (saved.Error is { Status: 404 })
        {
            return NotFound();
        }

        if (saved.Error is { } error)
        {
            AdminForms.Show(ModelState, texts, [error]);
            return Page();
        }

        return Redirect(TrainingRoutes.AdminRoom(id) + "?saved=true");
    }
}
