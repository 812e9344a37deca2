using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

public sealed class BookInput
{
    public Guid? SlotId { get; set; }
    public string? OverrideReason { get; set; }
    public string? Key { get; set; }
}

/// <summary>
/// Varaa asukkaalle — a professional books a free slot on a resident's behalf, from a desk task or for a resident they
/// have a care relationship with: with the resident's booking right when one covers the slot, otherwise with a reason.
/// </summary>
[Audit("appointments.desk.book")]
internal sealed class BookModel(
    BookingService booking, BookingRights rights, SlotSearch search, Invitations invitations, IWorkInbox inbox, ICareRelationship care,
    IPeopleDirectory people, IUnitDirectory units, AuditScope audit, Texts texts, TimeProvider time) : PageModel
{
    public const int Days = 7;

    [BindProperty(SupportsGet = true, Name = "resident")]
    public Guid? ResidentId { get; set; }

    [BindProperty(SupportsGet = true, Name = "task")]
    public Guid? TaskId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Service { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Mode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    [BindProperty]
    public BookInput Input { get; set; } = new();

    public ResidentInfo? Resident { get; private set; }
    public IReadOnlyList<BookingRight> Rights { get; private set; } = [];
    public IReadOnlyList<string> Services { get; private set; } = [];
    public IReadOnlyList<UnitInfo> AllUnits { get; private set; } = [];
    public IReadOnlyList<FreeSlot> Slots { get; private set; } = [];
    public DateOnly From { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input.Key = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        if (Input.SlotId is not { } slotId)
        {
            ModelState.AddModelError("Input.SlotId", texts["appointments.desk.book.choose_slot"]);
            return Page();
        }

        // The form's key, scoped to this professional: a double submit books once.
        var key = Input.Key is { Length: > 0 and <= 60 } k && IdempotencyKey.IsValidClientKey(k)
            ? IdempotencyKey.For(User.PersonId(), "desk:" + k, "appointments.book", $"{slotId:N}|{Resident!.Id:N}").Value
            : null;
        var language = Language.IsSupported(Resident!.PreferredLanguage) ? Resident.PreferredLanguage : "fi";
        var result = await booking.BookAsync(
            new BookingRequest(slotId, Resident.Id, Actor.Professional(User.PersonId()!.Value), "on-behalf", key,
                string.IsNullOrWhiteSpace(Input.OverrideReason) ? null : Input.OverrideReason, language), ct);
        audit.Touch(Resident.Id, AuditAccess.Change, "appointments.desk.book");
        if (result.Value is { } appointment)
        {
            return Redirect($"/desk/appointments/{appointment.Id:D}?done=booked");
        }

        var error = result.Error!;
        var field = error.Field == "overrideReason" ? "Input.OverrideReason" : "Input.SlotId";
        ModelState.AddModelError(field, DeskDisplay.Error(texts, error.Code));
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var staffId = User.PersonId()!.Value;
        WorkTaskInfo? task = null;
        if (TaskId is { } taskId)
        {
            task = await inbox.FindVisibleTaskAsync(taskId, staffId, ct);
            if (task is null || (ResidentId is { } r && r != task.ResidentId))
            {
                return false;
            }

            ResidentId = task.ResidentId;
        }

        if (ResidentId is not { } residentId || (task is null && !await care.ExistsAsync(staffId, residentId, ct)))
        {
            return false;
        }

        Resident = await people.FindResidentAsync(residentId, ct);
        if (Resident is null)
        {
            return false;
        }

        audit.Touch(residentId);
        Rights = await rights.ActiveAsync(residentId, ct);
        AllUnits = await units.ListAsync(ct);
        Services = await invitations.BookableServicesAsync(null, ct);
        Service = Service is { Length: > 0 } s && Services.Contains(s) ? s
            : Rights.Count > 0 && Rights[0].ServiceCode is { } rs && Services.Contains(rs) ? rs
            : task?.ServiceCode is { } ts && Services.Contains(ts) ? ts
            : Services.Contains("health-station") ? "health-station" : Services.Count > 0 ? Services[0] : null;
        var unit = Unit is { Length: > 0 } code ? AllUnits.FirstOrDefault(u => u.Code == code) : null;
        if (unit is null && Unit is null && task?.QueueUnitId is { } queueUnit)
        {
            unit = AllUnits.FirstOrDefault(u => u.Id == queueUnit);
        }

        Unit = unit?.Code ?? "";
        var mode = Mode is { Length: > 0 } m ? Modes.Parse(m) : null;
        Mode = mode is { } pm ? Modes.Name(pm) : "";
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        From = DeskDisplay.TryDate(Date, out var d) && d >= today && d <= today.AddDays(366) ? d : today;
        Date = DeskDisplay.Iso(From);
        if (Service is not null)
        {
            var (fromUtc, toUtc) = DeskDisplay.DayRange(From, Days);
            Slots = await search.FindAsync(new SlotQuery(Service, null, mode, unit?.Id, fromUtc, toUtc, ResidentSide: false, Limit: 200), ct);
        }

        return true;
    }

    public string RightText(BookingRight r) =>
        texts["appointments.desk.book.right", DeskDisplay.Service(texts, r.ServiceCode), DeskDisplay.When(r.UntilUtc),
            r.UnitId is { } u ? AllUnits.FirstOrDefault(x => x.Id == u)?.Name.Get(Language.Current) ?? "" : texts["appointments.desk.any_unit"]];
}
