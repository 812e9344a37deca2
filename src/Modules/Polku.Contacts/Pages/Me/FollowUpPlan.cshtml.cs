using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Callbacks;
using Polku.Contacts.FollowUp;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Contacts.Pages.Me;

public sealed class MeasurementInput
{
    /// <summary>Field code → the value as typed ("5,6" too).</summary>
    public Dictionary<string, string?> Values { get; set; } = [];
    public string? Date { get; set; }
    public string? Time { get; set; }
    public string? Note { get; set; }
}

/// <summary>One of the resident's follow-up plans: record a measurement, see the chart and the table of values.</summary>
[Audit("contacts.followup.read")]
internal sealed class FollowUpPlanModel(FollowUpService followUp, IPeopleDirectory people, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty]
    public MeasurementInput Input { get; set; } = new();

    public PlanDisplay? Display { get; private set; }
    public string? ActingForName { get; private set; }
    public string? Done { get; private set; }

    /// <summary>The model-state key of a field's error; the input's id is the same with '_' for '.'.</summary>
    public static string Key(string fieldCode) => "Value." + fieldCode;

    public async Task<IActionResult> OnGetAsync(Guid planId, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(planId, ct))
        {
            return NotFound();
        }

        var now = HelsinkiTime.ToLocal(time.GetUtcNow());
        Input.Date = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.Time = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        Done = done is "recorded" or "alert" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid planId, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId || User.PersonId() is not { } personId || !await LoadAsync(planId, ct))
        {
            return NotFound();
        }

        DateTimeOffset? at = null;
        // A date far outside any plan is a typing error, and would not convert to an instant at the ends of the calendar.
        if (!FormFields.TryDate(Input.Date, out var date) || date.Year is < 2000 or > 2100)
        {
            ModelState.AddModelError("Input.Date", texts["error.invalid_date"]);
        }
        else if (!FormFields.TryTime(Input.Time, out var clock))
        {
            ModelState.AddModelError("Input.Time", texts["error.invalid_time"]);
        }
        else
        {
            at = HelsinkiTime.ToInstant(date, clock);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await followUp.RecordAsync(planId, residentId, personId, new MeasurementDraft(null, Input.Values, at, Input.Note), ct);
        if (result.Error is { } error)
        {
            if (error.Status == 404)
            {
                return NotFound();
            }

            var key = error.Field switch
            {
                { } f when f.StartsWith("values.", StringComparison.Ordinal) => Key(f[7..]),
                "at" => "Input.Time",
                "note" => "Input.Note",
                _ => "",
            };
            ModelState.AddModelError(key, FollowUpText.Message(texts, error, Display!.View.Template));
            Response.StatusCode = error.Status;
            return Page();
        }

        return RedirectToPage("/Me/FollowUpPlan", new { planId, done = result.Value!.Alert ? "alert" : "recorded" });
    }

    private async Task<bool> LoadAsync(Guid planId, CancellationToken ct)
    {
        if (User.EffectiveResidentId() is not { } residentId || await followUp.ResidentPlanAsync(residentId, planId, ct) is not { } plan
            || followUp.Templates.Find(plan.TemplateCode) is null)
        {
            return false;
        }

        audit.Touch(residentId);
        if (User.ActingFor() is not null)
        {
            ActingForName = (await people.FindResidentAsync(residentId, ct))?.FullName;
        }

        Display = PlanDisplay.For(await followUp.ViewAsync(plan, ct), time.GetUtcNow().UtcDateTime);
        return true;
    }
}
