using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Directory;

namespace Polku.Region.Pages.Services;

/// <summary>A service and its channels for the resident's municipality.</summary>
[AuditExempt("public service directory; the chosen municipality is not personal data")]
internal sealed class ShowModel(ServiceDirectory directory) : PageModel
{
    public ServiceSummary? Service { get; private set; }
    public IReadOnlyList<MunicipalityView> Municipalities { get; private set; } = [];
    public IReadOnlyList<ChannelView> Channels { get; private set; } = [];
    public string? Municipality { get; private set; }
    public string? MunicipalityName { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? municipality, CancellationToken ct)
    {
        Service = await directory.FindAsync(code, ct);
        if (Service is null)
        {
            return NotFound();
        }

        Municipalities = await directory.MunicipalitiesAsync(ct);
        Municipality = MunicipalityChoice.Resolve(HttpContext, municipality, Municipalities.Select(m => m.Code).ToList());
        MunicipalityName = Municipalities.FirstOrDefault(m => m.Code == Municipality)?.Name.Get(Language.Current);
        Channels = await directory.ChannelsAsync(Service, Municipality, ct);

        // Before a municipality is chosen, only what serves the whole county: the municipalities' own channels would
        // be a list of look-alike cards without saying whose they are (the choice above shows them).
        if (Municipality is null)
        {
            Channels = [.. Channels.Where(c => c.MunicipalityCode is null)];
        }
        return Page();
    }
}
