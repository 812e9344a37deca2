using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Access;
using Polku.Identity.Contracts;
using Polku.Region.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Me;

/// <summary>The resident's call-back requests with their status; confirms a new one.</summary>
[Audit("contacts.callbacks.read")]
internal sealed class CallbacksModel(ResidentOverview overview, IPeopleDirectory people, AuditScope audit, IServiceNames serviceNames) : PageModel
{
    private IReadOnlyDictionary<string, Platform.Localization.LocalizedText> _services = new Dictionary<string, Platform.Localization.LocalizedText>();

    public IReadOnlyList<CallbackView> Requests { get; private set; } = [];
    public CallbackView? Created { get; private set; }
    public string? ActingForName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? created, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId)
        {
            return NotFound();
        }

        audit.Touch(residentId);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        Requests = await overview.CallbacksAsync(residentId, ct);
        _services = await serviceNames.AllAsync(ct);
        Created = created is { } id ? Requests.FirstOrDefault(r => r.Id == id) : null;
        return Page();
    }

    /// <summary>The service's name in the resident's language; a dash for a service since removed from the directory, never its code.</summary>
    public string ServiceName(string code) =>
        _services.TryGetValue(code, out var name) ? name.Get(Platform.Localization.Language.Current) : "–";
}
