using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Data;
using Polku.Region.Directory;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>Create or edit a service's channel for one municipality or the whole county.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class ChannelModel(RegionAdmin admin, ServiceDirectory directory, Texts texts) : PageModel
{
    public bool IsNew { get; private set; }
    public string ServiceCode { get; private set; } = "";
    public IReadOnlyList<MunicipalityView> Municipalities { get; private set; } = [];

    [BindProperty]
    public ChannelInput Input { get; set; } = new();

    public sealed class ChannelInput
    {
        public int Version { get; set; }
        public string? Service { get; set; }
        public string? Kind { get; set; }
        public string? Municipality { get; set; }
        public string? Mode { get; set; }
        public string? Url { get; set; }
        public string? Phone { get; set; }
        public string? LabelFi { get; set; }
        public string? LabelSv { get; set; }
        public string? LabelEn { get; set; }
        public string? ValidFrom { get; set; }
        public string? ValidTo { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string id, string? service, CancellationToken ct)
    {
        Municipalities = await directory.MunicipalitiesAsync(ct);
        if (id == "new")
        {
            var s = service is null ? null : await directory.FindAsync(service, ct);
            if (s is null)
            {
                return NotFound();
            }

            IsNew = true;
            ServiceCode = s.Code;
            Input = new ChannelInput { Service = s.Code, Kind = nameof(ChannelKind.SelfBooking), Mode = nameof(ChannelMode.BuiltIn) };
            return Page();
        }

        if (!Guid.TryParse(id, out var channelId) || await directory.ChannelAsync(channelId, ct) is not { } c)
        {
            return NotFound();
        }

        ServiceCode = await directory.ServiceCodeAsync(c.ServiceId, ct) ?? "";
        Input = new ChannelInput
        {
            Version = c.Version, Service = ServiceCode, Kind = c.Kind.ToString(), Municipality = c.MunicipalityCode, Mode = c.Mode.ToString(),
            Url = c.Url, Phone = c.Phone, LabelFi = c.LabelFi, LabelSv = c.LabelSv, LabelEn = c.LabelEn,
            ValidFrom = c.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ValidTo = c.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        Municipalities = await directory.MunicipalitiesAsync(ct);
        IsNew = id == "new";
        var service = Input.Service is null ? null : await directory.FindAsync(Input.Service, ct);
        ServiceChannel? existing = null;
        if (!IsNew && (!Guid.TryParse(id, out var channelId) || (existing = await directory.ChannelAsync(channelId, ct)) is null))
        {
            return NotFound();
        }

        if (existing is not null)
        {
            service = await directory.FindAsync(await directory.ServiceCodeAsync(existing.ServiceId, ct) ?? "", ct);
        }

        if (service is null)
        {
            return NotFound();
        }

        ServiceCode = service.Code;
        var kindOk = Enum.TryParse<ChannelKind>(Input.Kind, out var kind) && Enum.IsDefined(kind);
        var modeOk = Enum.TryParse<ChannelMode>(Input.Mode, out var mode) && Enum.IsDefined(mode);
        if (!kindOk)
        {
            ModelState.AddModelError("Input.Kind", texts["error.required"]);
        }

        if (!modeOk)
        {
            ModelState.AddModelError("Input.Mode", texts["error.required"]);
        }

        var municipality = string.IsNullOrEmpty(Input.Municipality) ? null : Input.Municipality;
        if (municipality is not null && Municipalities.All(m => m.Code != municipality))
        {
            ModelState.AddModelError("Input.Municipality", texts["region.unknown_municipality"]);
        }

        var from = ParseDate(Input.ValidFrom, "Input.ValidFrom");
        var to = ParseDate(Input.ValidTo, "Input.ValidTo");
        var url = string.IsNullOrWhiteSpace(Input.Url) ? null : Input.Url.Trim();
        var phone = string.IsNullOrWhiteSpace(Input.Phone) ? null : Input.Phone.Trim();
        foreach (var (field, code) in ChannelRules.Check(Input.Kind ?? "", Input.Mode ?? "", url, phone, from, to))
        {
            ModelState.AddModelError("Input." + field, texts[code]);
        }

        AdminForm.Limit(ModelState, texts, ("Input.LabelFi", Input.LabelFi, 200), ("Input.LabelSv", Input.LabelSv, 200), ("Input.LabelEn", Input.LabelEn, 200));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var values = new ChannelValues(kind, mode, municipality, url, phone, Blank(Input.LabelFi), Blank(Input.LabelSv), Blank(Input.LabelEn), from, to);

        // Optimistic concurrency on an edit: only the version the coordinator saw is overwritten.
        var saved = IsNew
            ? await admin.AddChannelAsync(service.Id, values, ct)
            : await admin.UpdateChannelAsync(existing!.Id, Input.Version, values, ct);
        if (saved.Error is { } error)
        {
            AdminForm.Show(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage("/Admin/Service", new { code = service.Code, saved = "true" });
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var channelId) || await directory.ChannelAsync(channelId, ct) is not { } c)
        {
            return NotFound();
        }

        var code = await directory.ServiceCodeAsync(c.ServiceId, ct);
        await admin.DeleteChannelAsync(channelId, ct);
        return RedirectToPage("/Admin/Service", new { code, saved = "true" });
    }

    private DateOnly? ParseDate(string? text, string key)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        ModelState.AddModelError(key, texts["error.invalid_date"]);
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
