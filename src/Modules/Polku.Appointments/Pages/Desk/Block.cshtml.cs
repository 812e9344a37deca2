using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Data;
using Polku.Appointments.Desk;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

public sealed class BlockInput
{
    public string? Date { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Professional { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Block or open time of a unit (or one professional): one slot, or the slots starting in a time range of a day.</summary>
[AuditExempt("slots and block reasons of a unit; no resident data")]
internal sealed class BlockModel(DeskAccess access, DeskCalendar calendar, AppointmentDesk desk, Texts texts, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "unit")]
    public string? UnitCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "slot")]
    public Guid? SlotId { get; set; }

    [BindProperty]
    public BlockInput Input { get; set; } = new();

    public UnitInfo? Unit { get; private set; }
    public Slot? Slot { get; private set; }
    public IReadOnlyList<Identity.Contracts.StaffInfo> Professionals { get; private set; } = [];
    public List<Slot> Booked { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? date, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Input.Date = DeskDisplay.TryDate(date, out var d) ? DeskDisplay.Iso(d) : DeskDisplay.Iso(HelsinkiTime.LocalDate(time.GetUtcNow()));
        return Page();
    }

    public Task<IActionResult> OnPostBlockAsync(CancellationToken ct) => ChangeAsync(block: true, ct);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken ct) => ChangeAsync(block: false, ct);

    private async Task<IActionResult> ChangeAsync(bool block, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        DateTime fromUtc = default, toUtc = default;
        Guid? staff = null;
        if (Slot is null)
        {
            if (!DeskDisplay.TryDate(Input.Date, out var date) || date.Year is < 2000 or > 2200)
            {
                ModelState.AddModelError("Input.Date", texts["appointments.desk.error.date"]);
            }

            if (!DeskDisplay.TryTime(Input.From, out var from))
            {
                ModelState.AddModelError("Input.From", texts["appointments.desk.error.time"]);
            }

            if (!DeskDisplay.TryTime(Input.To, out var to) || (ModelState.IsValid && to <= from))
            {
                ModelState.AddModelError("Input.To", texts["appointments.desk.error.time_range"]);
            }

            if (Input.Professional is { Length: > 0 } p)
            {
                staff = Guid.TryParse(p, out var pid) && Professionals.Any(s => s.Id == pid) ? pid : null;
                if (staff is null)
                {
                    ModelState.AddModelError("Input.Professional", texts["appointments.desk.error.professional"]);
                }
            }

            if (!ModelState.IsValid)
            {
                Response.StatusCode = 400;
                return Page();
            }

            fromUtc = HelsinkiTime.ToInstant(date, from).UtcDateTime;
            toUtc = HelsinkiTime.ToInstant(date, to).UtcDateTime;
        }

        var dateText = DeskDisplay.Iso(Slot is { } s ? DateOnly.FromDateTime(DeskDisplay.Local(s.StartUtc).DateTime) : DateOnly.ParseExact(Input.Date!.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (!block)
        {
            var opened = await desk.UnblockAsync(Unit!.Id, staff, Slot?.Id, fromUtc, toUtc, ct);
            return Redirect($"/desk/appointments?unit={Uri.EscapeDataString(Unit.Code)}&date={dateText}&unblocked={opened}");
        }

        var result = await desk.BlockAsync(Unit!.Id, staff, Slot?.Id, fromUtc, toUtc, Input.Reason, Booked, ct);
        if (result.IsSuccess)
        {
            return Redirect($"/desk/appointments?unit={Uri.EscapeDataString(Unit.Code)}&date={dateText}&blocked={result.Value}");
        }

        var error = result.Error!;
        ModelState.AddModelError(error.Field == "reason" ? "Input.Reason" : "", DeskDisplay.Error(texts, error.Code));
        Response.StatusCode = error.Status;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var units = await access.VisibleUnitsAsync(User, ct);
        Unit = units.FirstOrDefault(u => u.Code == UnitCode);
        if (Unit is null)
        {
            return false;
        }

        if (SlotId is { } id)
        {
            Slot = await calendar.SlotAsync(Unit.Id, id, ct);
            if (Slot is null)
            {
                return false;
            }
        }

        Professionals = await calendar.ProfessionalsAsync(Unit.Id, ct);
        return true;
    }
}
