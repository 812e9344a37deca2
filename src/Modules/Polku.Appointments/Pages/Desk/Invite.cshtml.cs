using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Desk;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

public sealed class InviteInput
{
    public string? ServiceCode { get; set; }
    public string? UnitCode { get; set; }
    public string? ByDate { get; set; }
    public string? Note { get; set; }
}

/// <summary>Invite the resident of a desk task to self-book a service (optionally at one unit) by a date.</summary>
[Audit("appointments.desk.invite")]
internal sealed class InviteModel(Invitations invitations, IWorkInbox inbox, IPeopleDirectory people, IUnitDirectory units, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "task")]
    public Guid? TaskId { get; set; }

    [BindProperty]
    public InviteInput Input { get; set; } = new();

    public WorkTaskInfo? Task { get; private set; }
    public string ResidentName { get; private set; } = "";
    public IReadOnlyList<string> Services { get; private set; } = [];
    public IReadOnlyList<UnitInfo> Units { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input.ServiceCode = Task!.ServiceCode is { } s && Services.Contains(s) ? s : Services.Contains("health-station") ? "health-station" : null;
        Input.UnitCode = Task.QueueUnitId is { } u ? Units.FirstOrDefault(x => x.Id == u)?.Code : null;
        Input.ByDate = DeskDisplay.Iso(HelsinkiTime.LocalDate(time.GetUtcNow()).AddDays(14));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Guid? unitId = null;
        if (Input.UnitCode is { Length: > 0 } code)
        {
            unitId = Units.FirstOrDefault(u => u.Code == code)?.Id;
            if (unitId is null)
            {
                ModelState.AddModelError("Input.UnitCode", texts["appointments.desk.invite.unit_invalid"]);
                return Page();
            }
        }

        DateOnly? by = DeskDisplay.TryDate(Input.ByDate, out var d) ? d : null;
        var result = await invitations.InviteAsync(new InvitationRequest(Task!.TaskId, User.PersonId()!.Value, Input.ServiceCode, unitId, by, Input.Note), ct);
        audit.Touch(Task.ResidentId, AuditAccess.Change, "appointments.desk.invite");
        if (result.Value is { } right)
        {
            return Redirect($"/desk/tasks/{right.TaskId:D}");
        }

        var error = result.Error!;
        var field = error.Field switch
        {
            "serviceCode" => "Input.ServiceCode",
            "byDate" => "Input.ByDate",
            "note" => "Input.Note",
            _ => "",
        };
        ModelState.AddModelError(field, DeskDisplay.Error(texts, error.Code));
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (TaskId is not { } taskId || await inbox.FindVisibleTaskAsync(taskId, User.PersonId()!.Value, ct) is not { } task)
        {
            return false;
        }

        Task = task;
        audit.Touch(task.ResidentId);
        ResidentName = (await people.FindResidentAsync(task.ResidentId, ct))?.FullName ?? "";
        Services = await invitations.BookableServicesAsync(null, ct);
        Units = [.. (await units.ListAsync(ct)).OrderBy(u => u.Name.Get(Language.Current), StringComparer.CurrentCulture)];
        return true;
    }
}
