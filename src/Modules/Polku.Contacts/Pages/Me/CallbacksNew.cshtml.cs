using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Polku.Contacts.Callbacks;
using Polku.Identity.Contracts;
using Polku.Region.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Contacts.Pages.Me;

public sealed class CallbackInput
{
    public string? ServiceCode { get; set; }
    public string? Municipality { get; set; }
    public string? Phone { get; set; }
    public string? Date { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
}

/// <summary>Pyydä takaisinsoittoa — a resident (or a guardian for a ward) leaves a number and a time window.</summary>
[Audit("contacts.callbacks.request", AuditAccess.Change)]
[EnableRateLimiting(RateLimitPolicies.Callback)]
internal sealed class CallbacksNewModel(
    CallbackService callbacks, IPeopleDirectory people, AuditScope audit, Texts texts, IServiceNames serviceNames, IUnitDirectory units) : PageModel
{
    [BindProperty]
    public CallbackInput Input { get; set; } = new();

    public string? ActingForName { get; private set; }

    /// <summary>The services a call-back can be asked for, by name in the resident's language.</summary>
    public IReadOnlyList<ServiceName> Services { get; private set; } = [];

    /// <summary>The county's municipalities, by name.</summary>
    public IReadOnlyList<MunicipalityInfo> Municipalities { get; private set; } = [];

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Services = await serviceNames.WithBuiltInChannelAsync("Callback", ct);
        Municipalities = (await units.MunicipalitiesAsync(ct)).ByName();
    }

    public async Task<IActionResult> OnGetAsync(string? service, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId || await people.FindResidentAsync(residentId, ct) is not { } resident)
        {
            return NotFound();
        }

        audit.Touch(residentId, AuditAccess.Read);
        ActingForName = User.ActingFor() is null ? null : resident.FullName;
        await LoadChoicesAsync(ct);
        Input.ServiceCode = Services.FirstOrDefault(s => s.Code == service)?.Code ?? (Services.Count == 1 ? Services[0].Code : null);
        Input.Municipality = resident.HomeMunicipalityCode;
        Input.Phone = resident.Phone;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId || await people.FindResidentAsync(residentId, ct) is not { } resident)
        {
            return NotFound();
        }

        ActingForName = User.ActingFor() is null ? null : resident.FullName;
        DateTimeOffset? from = null, to = null;
        if (!FormFields.TryDate(Input.Date, out var date))
        {
            ModelState.AddModelError("Input.Date", texts["error.invalid_date"]);
        }
        else if (!FormFields.TryTime(Input.From, out var fromTime))
        {
            ModelState.AddModelError("Input.From", texts["error.invalid_time"]);
        }
        else if (!FormFields.TryTime(Input.To, out var toTime))
        {
            ModelState.AddModelError("Input.To", texts["error.invalid_time"]);
        }
        else
        {
            from = HelsinkiTime.ToInstant(date, fromTime);
            to = HelsinkiTime.ToInstant(date, toTime);
        }

        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(ct);
            return Page();
        }

        var result = await callbacks.RequestAsync(residentId, User.PersonId(), new CallbackDraft(Input.Municipality?.Trim(), Input.ServiceCode?.Trim(), Input.Phone, from, to), ct);
        if (result.Error is { } error)
        {
            var key = error.Field switch
            {
                "serviceCode" => "Input.ServiceCode",
                "municipality" => "Input.Municipality",
                "phone" => "Input.Phone",
                _ => "Input.From",
            };
            var message = texts[error.Code];
            if (callbacks.NextOpening is { } next)
            {
                message += " " + texts["contacts.callbacks.next_open", next.ToString("g", System.Globalization.CultureInfo.CurrentCulture)];
            }

            ModelState.AddModelError(key, message);
            await LoadChoicesAsync(ct);
            return Page();
        }

        audit.Touch(residentId, AuditAccess.Change);
        return RedirectToPage("/Me/Callbacks", new { created = result.Value!.Id.ToString("D") });
    }
}
