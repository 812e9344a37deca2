using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Data;

namespace Polku.Region.Pages.Admin;

[AuditExempt("county configuration, no personal data")]
internal sealed class ServiceModel(RegionAdmin admin, RegionAdminViews views, Texts texts) : PageModel
{
    public string Code { get; private set; } = "";
    public bool Saved { get; private set; }
    public IReadOnlyList<ServiceChannel> Channels { get; private set; } = [];

    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    public sealed class ServiceInput
    {
        public int Version { get; set; }
        public string? NameFi { get; set; }
        public string? NameSv { get; set; }
        public string? NameEn { get; set; }
        public string? DescriptionFi { get; set; }
        public string? DescriptionSv { get; set; }
        public string? DescriptionEn { get; set; }
        public string? Keywords { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        var service = await views.ServiceAsync(code, ct);
        if (service is null)
        {
            return NotFound();
        }

        Saved = saved;
        Input = new ServiceInput
        {
            Version = service.Version, NameFi = service.NameFi, NameSv = service.NameSv, NameEn = service.NameEn,
            DescriptionFi = service.DescriptionFi, DescriptionSv = service.DescriptionSv, DescriptionEn = service.DescriptionEn, Keywords = service.Keywords,
        };
        await LoadAsync(service, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        var service = await views.ServiceAsync(code, ct);
        if (service is null)
        {
            return NotFound();
        }

        AdminForm.Require(ModelState, texts, ("Input.NameFi", Input.NameFi, 200), ("Input.NameSv", Input.NameSv, 200), ("Input.NameEn", Input.NameEn, 200));
        AdminForm.Limit(ModelState, texts, ("Input.DescriptionFi", Input.DescriptionFi, 2000), ("Input.DescriptionSv", Input.DescriptionSv, 2000),
            ("Input.DescriptionEn", Input.DescriptionEn, 2000), ("Input.Keywords", Input.Keywords, 500));
        if (ModelState.IsValid)
        {
            // Optimistic concurrency: the row changes only if nobody saved it since this form was loaded.
            var updated = await admin.UpdateServiceAsync(service.Id, Input.Version, new ServiceValues(
                Input.NameFi!.Trim(), Input.NameSv!.Trim(), Input.NameEn!.Trim(), Input.DescriptionFi ?? "", Input.DescriptionSv ?? "",
                Input.DescriptionEn ?? "", Input.Keywords ?? ""), ct);
            if (updated.Error is not { } error)
            {
                return RedirectToPage("/Admin/Service", new { code, saved = "true" });
            }

            AdminForm.Show(ModelState, texts, error);
        }

        Code = code;
        await LoadAsync(service, ct);
        return Page();
    }

    private async Task LoadAsync(Service service, CancellationToken ct)
    {
        Code = service.Code;
        Channels = await views.ChannelsAsync(service.Id, ct);
    }
}
