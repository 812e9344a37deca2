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

namespace Polku.Contacts.Pages.Desk;

public sealed class EnrolInput
{
    public string? Template { get; set; }
    public string? Start { get; set; }
}

/// <summary>
/// Enrols the resident of a task (its queue gets the alerts) or of an appointment (the unit's queue) in a follow-up plan.
/// </summary>
[Audit("contacts.followup.enrol")]
internal sealed class FollowUpEnrolModel(FollowUpService followUp, IPeopleDirectory people, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty]
    public EnrolInput Input { get; set; } = new();

    public EnrolSource? Source { get; private set; }
    public string ResidentName { get; private set; } = "";
    public Guid? TaskId { get; private set; }
    public IReadOnlyList<(FollowUpPlan Plan, PlanTemplate Template)> Existing { get; private set; } = [];

    public IReadOnlyList<PlanTemplate> Templates() => followUp.Templates.All;

    /// <summary>The template's schedule and limits in words, under its name.</summary>
    public string Describe(PlanTemplate template)
    {
        var limits = FollowUpText.Limits(texts, template);
        return FollowUpText.Schedule(texts, template) + (limits.Length > 0 ? ". " + texts["contacts.followup.limits", limits] : "");
    }

    public async Task<IActionResult> OnGetAsync(Guid? task, Guid? resident, Guid? unit, string? service, CancellationToken ct)
    {
        if (!await LoadAsync(task, resident, unit, service, ct))
        {
            return NotFound();
        }

        Input.Start = HelsinkiTime.LocalDate(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.Template = followUp.Templates.All[0].Code;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? task, Guid? resident, Guid? unit, string? service, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId || !await LoadAsync(task, resident, unit, service, ct))
        {
            return NotFound();
        }

        DateOnly? start = FormFields.TryDate(Input.Start, out var date) ? date : null;
        var source = Source!;
        var result = await followUp.EnrolAsync(
            new EnrolDraft(Input.Template, start, source.ResidentId, source.Queue.Id, source.CaseId, source.MunicipalityCode, source.ServiceCode), staffId, ct);
        if (result.Error is { } error)
        {
            if (error.Status == 404)
            {
                return NotFound();
            }

            ModelState.AddModelError(error.Field == "template" ? "Input.Template" : "Input.Start", texts[error.Code]);
            Response.StatusCode = error.Status;
            return Page();
        }

        return RedirectToPage("/Desk/FollowUpPlan", new { planId = result.Value!.Id, done = "enrolled" });
    }

    private async Task<bool> LoadAsync(Guid? task, Guid? resident, Guid? unit, string? service, CancellationToken ct)
    {
        if (User.PersonId() is not { } staffId)
        {
            return false;
        }

        Source = task is { } taskId
            ? await followUp.SourceFromTaskAsync(taskId, staffId, ct)
            : resident is { } residentId && unit is { } unitId ? await followUp.SourceFromUnitAsync(residentId, unitId, service, staffId, ct) : null;
        if (Source is null || await people.FindResidentAsync(Source.ResidentId, ct) is not { } person)
        {
            return false;
        }

        audit.Touch(person.Id);
        TaskId = task;
        ResidentName = person.FullName;
        Existing = [.. (await followUp.VisiblePlansOfAsync(staffId, person.Id, ct))
            .Select(p => (Plan: p, Template: followUp.Templates.Find(p.TemplateCode)!)).Where(p => p.Template is not null)];
        return true;
    }
}
