using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Callbacks;
using Polku.Contacts.FollowUp;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;

namespace Polku.Contacts.Pages.Desk;

public sealed class ExtendInput
{
    public string? End { get; set; }
}

/// <summary>
/// A follow-up plan on the desk (staff of its queue, or with a care relationship with its resident): chart with the
/// limits, the data table with missed measurements, and ending or extending the plan.
/// </summary>
[Audit("contacts.followup.desk.read")]
internal sealed class FollowUpPlanModel(FollowUpService followUp, IPeopleDirectory people, DeskLookups lookups, AuditScope audit, Texts texts, TimeProvider time)
    : PageModel
{
    [BindProperty]
    public ExtendInput Input { get; set; } = new();

    public PlanDisplay? Display { get; private set; }
    public string ResidentName { get; private set; } = "";
    public string QueueName { get; private set; } = "";
    public string? Done { get; private set; }

    public string Schedule => FollowUpText.Schedule(texts, Display!.View.Template);
    public string Limits => FollowUpText.Limits(texts, Display!.View.Template);

    public async Task<IActionResult> OnGetAsync(Guid planId, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(planId, ct))
        {
            return NotFound();
        }

        Done = done is "enrolled" or "ended" or "extended" ? done : null;
        Input.End = Display!.View.Plan.EndDate.AddDays(28).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(Guid planId, CancellationToken ct) =>
        await AfterAsync(planId, await followUp.EndAsync(planId, StaffId, ct), "ended", ct);

    public async Task<IActionResult> OnPostExtendAsync(Guid planId, CancellationToken ct)
    {
        DateOnly? end = FormFields.TryDate(Input.End, out var date) ? date : null;
        return await AfterAsync(planId, await followUp.ExtendAsync(planId, StaffId, end, ct), "extended", ct);
    }

    private Guid StaffId => User.PersonId()!.Value;

    private async Task<IActionResult> AfterAsync(Guid planId, Result<bool> result, string done, CancellationToken ct)
    {
        if (result.Error is null)
        {
            return RedirectToPage("/Desk/FollowUpPlan", new { planId, done });
        }

        var error = result.Error;
        if (error.Status == 404 || !await LoadAsync(planId, ct))
        {
            return NotFound();
        }

        ModelState.AddModelError(error.Field == "end" ? "Input.End" : "", texts.Has(error.Code) ? texts[error.Code] : texts["error.title"]);
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid planId, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId || await followUp.VisiblePlanAsync(staffId, planId, ct) is not { } plan
            || followUp.Templates.Find(plan.TemplateCode) is null)
        {
            return false;
        }

        audit.Touch(plan.ResidentId);
        ResidentName = (await people.FindResidentAsync(plan.ResidentId, ct))?.FullName ?? "–";
        QueueName = (await lookups.QueuesAsync(ct)).FirstOrDefault(q => q.Id == plan.QueueId)?.Name.Get(Language.Current) ?? "–";
        Display = PlanDisplay.For(await followUp.ViewAsync(plan, ct), time.GetUtcNow().UtcDateTime);
        return true;
    }
}
