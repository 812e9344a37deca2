using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

public sealed class ManageInput
{
    public int Version { get; set; }
    public string? Outcome { get; set; }
    public string? Reason { get; set; }
    public Guid? SlotId { get; set; }
}

/// <summary>One appointment on the desk: details, full history, move, cancel, mark completed or no-show.</summary>
[Audit("appointments.desk.appointment.read")]
internal sealed class AppointmentModel(
    AppointmentViews views, DeskAccess access, AppointmentDesk desk, BookingService booking, SlotSearch search, IPeopleDirectory people, IUnitDirectory units,
    AuditScope audit, Texts texts, TimeProvider time, Polku.Assessments.Contracts.IPreInformation preInformation) : PageModel
{
    /// <summary>The appointment's pre-information form: its answers when the resident sent them.</summary>
    public Polku.Assessments.Contracts.PreInformationForm? PreInformation { get; private set; }

    [BindProperty]
    public ManageInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "movedate")]
    public string? MoveDate { get; set; }

    public Appointment A { get; private set; } = null!;
    public ResidentInfo? Resident { get; private set; }
    public UnitInfo? Unit { get; private set; }
    public string? StaffName { get; private set; }
    public IReadOnlyList<AppointmentChange> History { get; private set; } = [];
    public IReadOnlyDictionary<Guid, string> People { get; private set; } = new Dictionary<Guid, string>();
    public IReadOnlyList<FreeSlot> FreeSlots { get; private set; } = [];
    public string? Done { get; private set; }
    public bool Started { get; private set; }
    public bool Open => A.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn or AppointmentStatus.InProgress;

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Done = done is { Length: > 0 } && texts.Has("appointments.desk.done." + done) ? texts["appointments.desk.done." + done] : null;
        return Page();
    }

    public Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "completed", "Input.Outcome", () => desk.CompleteAsync(id, Input.Version, Me, Input.Outcome, ct), ct);

    public Task<IActionResult> OnPostNoShowAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "no-show", "", () => desk.NoShowAsync(id, Input.Version, Me, ct), ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "cancelled", "Input.Reason", () => booking.CancelAsync(id, Me, Input.Reason, ct), ct);

    public Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, "moved", "Input.SlotId", () => Input.SlotId is { } slot
            ? booking.RescheduleAsync(id, slot, Me, ct)
            : Task.FromResult<Result<Appointment>>(Error.Validation("appointments.desk.book.choose_slot", "slotId")), ct);

    private Actor Me => Actor.Professional(User.PersonId()!.Value);

    private async Task<IActionResult> ActAsync(Guid id, string done, string field, Func<Task<Result<Appointment>>> action, CancellationToken ct)
    {
        // Access first: an appointment of a unit outside one's own is not found, whatever the action.
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var result = await action();
        audit.Touch(A.ResidentId, AuditAccess.Change, "appointments.desk.appointment." + done);
        if (result.Value is { } changed)
        {
            return Redirect($"/desk/appointments/{changed.Id:D}?done={done}");
        }

        var error = result.Error!;
        await LoadAsync(id, ct);
        ModelState.AddModelError(error.Field is null && error.Code != "booking.changed_meanwhile" ? "" : field, DeskDisplay.Error(texts, error.Code));
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var a = await views.FindAsync(id, ct);
        if (a is null || a.Status is AppointmentStatus.Expired || !await access.CanSeeUnitAsync(User, a.UnitId, ct))
        {
            return false;
        }

        A = a;
        audit.Touch(a.ResidentId);
        Resident = await people.FindResidentAsync(a.ResidentId, ct);
        Unit = await Api.AppointmentsApi.UnitAsync(units, a.UnitId, ct);
        StaffName = a.StaffId is { } s ? (await people.FindStaffAsync(s, ct))?.DisplayName : null;
        PreInformation = await preInformation.ForAppointmentAsync(a.ServiceCode, a.Id, ct);
        History = await desk.HistoryAsync(a, ct);
        var staffIds = History.Where(h => h.ById is not null && h.ByKind == ActorKind.Professional).Select(h => h.ById!.Value).Distinct();
        var names = (await people.GetStaffAsync(staffIds, ct)).ToDictionary(x => x.Id, x => x.DisplayName);
        if (Resident is not null)
        {
            names[Resident.Id] = Resident.FullName;
        }

        People = names;
        var now = time.GetUtcNow().UtcDateTime;
        Started = a.StartUtc <= now;
        if (Open)
        {
            var today = HelsinkiTime.LocalDate(time.GetUtcNow());
            var from = DeskDisplay.TryDate(MoveDate, out var d) && d >= today && d <= today.AddDays(366) ? d : today;
            MoveDate = DeskDisplay.Iso(from);
            var (fromUtc, toUtc) = DeskDisplay.DayRange(from, 7);
            FreeSlots = await search.FindAsync(new SlotQuery(a.ServiceCode, null, null, a.UnitId, fromUtc, toUtc, ResidentSide: false, Limit: 100), ct);
        }

        if (Input.Version == 0)
        {
            Input.Version = a.Version;
        }

        return true;
    }

    public string By(AppointmentChange c) => c.ByKind switch
    {
        ActorKind.System => texts["appointments.desk.by.system"],
        _ when c.ById is { } id && People.TryGetValue(id, out var name) => name + " (" + texts["appointments.desk.by." + c.ByKind.ToString().ToLowerInvariant()] + ")",
        _ => texts["appointments.desk.by." + c.ByKind.ToString().ToLowerInvariant()],
    };

    public string Change(AppointmentChange c) =>
        texts.Has("appointments.desk.change." + c.Kind) ? texts["appointments.desk.change." + c.Kind] : c.Kind;
}
