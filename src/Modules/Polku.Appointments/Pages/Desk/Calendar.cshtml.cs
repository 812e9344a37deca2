using Microsoft.AspNetCore.Mvc;
using Polku.Platform.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Appointments.Desk;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.Pages.Desk;

/// <summary>The appointment calendar of a unit (or one professional) for a day or a week, in Helsinki time.</summary>
[Audit("appointments.desk.calendar")]
internal sealed class CalendarModel(DeskAccess access, DeskCalendar calendar, AuditScope audit, TimeProvider time) : PageModel
{
    public IReadOnlyList<UnitInfo> Units { get; private set; } = [];
    public UnitInfo? Unit { get; private set; }
    public IReadOnlyList<StaffInfo> Professionals { get; private set; } = [];
    public Guid? Professional { get; private set; }
    public DateOnly Date { get; private set; }
    public bool Week { get; private set; }

    /// <summary>The present, so past slots are shown greyed and without block links.</summary>
    public DateTime NowUtc => time.GetUtcNow().UtcDateTime;
    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];
    public bool BadDate { get; private set; }
    public int? Blocked { get; private set; }
    public int? Unblocked { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? unit, string? professional, string? date, string? view, int? blocked, int? unblocked, CancellationToken ct)
    {
        Blocked = blocked is >= 0 ? blocked : null;
        Unblocked = unblocked is >= 0 ? unblocked : null;
        Units = await access.VisibleUnitsAsync(User, ct);
        if (unit is { Length: > 0 })
        {
            Unit = Units.FirstOrDefault(u => u.Code == unit);
            if (Unit is null)
            {
                // Another unit's calendar is not shown, nor whether the unit exists.
                return NotFound();
            }
        }
        else
        {
            Unit = Units.Count > 0 ? Units[0] : null;
        }

        Week = view == "week";
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        if (date is { Length: > 0 } && !DeskDisplay.TryDate(date, out _))
        {
            BadDate = true;
        }

        Date = DeskDisplay.TryDate(date, out var d) && d.Year is >= 2000 and <= 2200 ? d : today;
        if (Week)
        {
            Date = Date.AddDays(-(((int)Date.DayOfWeek + 6) % 7));
        }

        if (Unit is null)
        {
            return Page();
        }

        Professionals = await calendar.ProfessionalsAsync(Unit.Id, ct);
        // Without a choice the professional sees their own diary (when they have slots in the unit); "all" shows everyone's.
        Professional = Guid.TryParse(professional, out var p) && Professionals.Any(s => s.Id == p) ? p
            : professional is null && User.PersonId() is { } me && Professionals.Any(s => s.Id == me) ? me
            : null;
        Days = await calendar.LoadAsync(Unit.Id, Professional, Date, Week ? 7 : 1, ct);
        foreach (var a in Days.SelectMany(x => x.Slots).SelectMany(s => s.Appointments))
        {
            audit.Touch(a.Appointment.ResidentId);
        }

        return Page();
    }

    public string Link(DateOnly date, bool week) =>
        $"/desk/appointments?unit={Uri.EscapeDataString(Unit?.Code ?? "")}&date={DeskDisplay.Iso(date)}&view={(week ? "week" : "day")}"
        + "&professional=" + (Professional is { } p ? p.ToString("D") : AllProfessionals);

    /// <summary>The professional choice that shows everyone's slots (no choice at all shows one's own).</summary>
    public const string AllProfessionals = "all";
}
