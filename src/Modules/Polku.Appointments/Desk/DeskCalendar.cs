using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;

namespace Polku.Appointments.Desk;

/// <summary>What a slot is now: one truth from its row and its appointments.</summary>
internal enum SlotState
{
    Free,
    Held,
    Booked,
    Blocked,
}

/// <summary>An appointment as the calendar lists it.</summary>
internal sealed record CalendarAppointment(Appointment Appointment, string ResidentName);

/// <summary>A slot with its state, schedule and appointments.</summary>
internal sealed record CalendarSlot(Slot Slot, SlotState State, string? StaffName, string? Resource, IReadOnlyList<CalendarAppointment> Appointments);

/// <summary>One Helsinki day of the calendar.</summary>
internal sealed record CalendarDay(DateOnly Date, IReadOnlyList<CalendarSlot> Slots);

/// <summary>A column of the calendar grid: a professional (a day's grid) or a day (a week's grid).</summary>
internal sealed record CalendarColumn(string Key, string Heading);

/// <summary>
/// The calendar as a grid, the way a professional reads a diary: one row per starting time (Helsinki wall clock), one
/// column per professional for a day or per day for a week, each cell holding the slots that start then.
/// </summary>
internal sealed record CalendarGrid(IReadOnlyList<CalendarColumn> Columns, IReadOnlyList<TimeOnly> Times, IReadOnlyDictionary<(TimeOnly Time, string Column), IReadOnlyList<CalendarSlot>> Cells)
{
    /// <summary>A day: a column per professional (the unit's own schedules under <paramref name="unitSchedule"/>), by name.</summary>
    public static CalendarGrid ForDay(CalendarDay day, string unitSchedule) =>
        Build([day], s => s.Slot.StaffId?.ToString("D") ?? "unit", s => s.StaffName ?? unitSchedule, byHeading: true);

    /// <summary>A week: a column per day, Monday first.</summary>
    public static CalendarGrid ForWeek(IReadOnlyList<CalendarDay> days, Func<DateOnly, string> heading)
    {
        var grid = Build(days, s => DeskDisplay.Iso(DateOnly.FromDateTime(DeskDisplay.Local(s.Slot.StartUtc).DateTime)), _ => "", byHeading: false);
        return grid with { Columns = [.. days.Select(d => new CalendarColumn(DeskDisplay.Iso(d.Date), heading(d.Date)))] };
    }

    private static CalendarGrid Build(IReadOnlyList<CalendarDay> days, Func<CalendarSlot, string> key, Func<CalendarSlot, string> heading, bool byHeading)
    {
        var slots = days.SelectMany(d => d.Slots).ToList();
        TimeOnly Start(CalendarSlot s) => TimeOnly.FromDateTime(DeskDisplay.Local(s.Slot.StartUtc).DateTime);
        var columns = slots.GroupBy(key).Select(g => new CalendarColumn(g.Key, heading(g.First())));
        return new CalendarGrid(
            byHeading ? [.. columns.OrderBy(c => c.Key == "unit" ? 1 : 0).ThenBy(c => c.Heading, StringComparer.CurrentCulture)] : [.. columns],
            [.. slots.Select(Start).Distinct().Order()],
            slots.GroupBy(s => (Start(s), key(s))).ToDictionary(g => g.Key, g => (IReadOnlyList<CalendarSlot>)[.. g.OrderBy(s => s.StaffName is null ? 1 : 0).ThenBy(s => s.StaffName, StringComparer.CurrentCulture)]));
    }
}

/// <summary>
/// The desk's day and week calendar of a unit, optionally of one professional: every slot (free, held, booked, blocked)
/// with the appointments in it, in Helsinki days.
/// </summary>
internal sealed class DeskCalendar(PolkuDb db, IPeopleDirectory people)
{
    public static readonly AppointmentStatus[] Live =
        [AppointmentStatus.Held, AppointmentStatus.Booked, AppointmentStatus.CheckedIn, AppointmentStatus.InProgress, AppointmentStatus.Completed, AppointmentStatus.NoShow];

    public async Task<IReadOnlyList<CalendarDay>> LoadAsync(Guid unitId, Guid? staffId, DateOnly from, int days, CancellationToken ct)
    {
        var (fromUtc, toUtc) = DeskDisplay.DayRange(from, days);
        var slots = db.Set<Slot>().AsNoTracking().Where(s => s.UnitId == unitId && s.StartUtc >= fromUtc && s.StartUtc < toUtc);
        var appointments = db.Set<Appointment>().AsNoTracking()
            .Where(a => a.UnitId == unitId && a.StartUtc >= fromUtc && a.StartUtc < toUtc && Live.Contains(a.Status));
        if (staffId is { } staff)
        {
            slots = slots.Where(s => s.StaffId == staff);
            appointments = appointments.Where(a => a.StaffId == staff);
        }

        var slotList = await slots.OrderBy(s => s.StartUtc).ThenBy(s => s.Id).ToListAsync(ct);
        var appointmentList = await appointments.ToListAsync(ct);
        var scheduleIds = slotList.Select(s => s.ScheduleId).Distinct().ToList();
        var resources = await db.Set<Schedule>().AsNoTracking().Where(s => scheduleIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Resource, ct);
        var residents = (await people.GetResidentsAsync(appointmentList.Select(a => a.ResidentId).Distinct(), ct)).ToDictionary(r => r.Id, r => r.FullName);
        var staffNames = (await people.GetStaffAsync(slotList.Where(s => s.StaffId is not null).Select(s => s.StaffId!.Value).Distinct(), ct))
            .ToDictionary(s => s.Id, s => s.DisplayName);
        var bySlot = appointmentList.GroupBy(a => a.SlotId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.CreatedUtc).ToList());
        var rows = slotList.Select(s =>
        {
            var inSlot = bySlot.GetValueOrDefault(s.Id) ?? [];
            var state = s.Blocked ? SlotState.Blocked
                : inSlot.Any(a => a.Status != AppointmentStatus.Held) ? SlotState.Booked
                : s.Taken > 0 ? SlotState.Held
                : SlotState.Free;
            return new CalendarSlot(s, state, s.StaffId is { } id ? staffNames.GetValueOrDefault(id) : null, resources.GetValueOrDefault(s.ScheduleId),
                [.. inSlot.Where(a => a.Status != AppointmentStatus.Held).Select(a => new CalendarAppointment(a, residents.GetValueOrDefault(a.ResidentId, "")))]);
        }).ToList();

        // An appointment whose slot was since removed or belongs to another unit's slot still shows on its day.
        var known = slotList.Select(s => s.Id).ToHashSet();
        var orphans = appointmentList.Where(a => !known.Contains(a.SlotId) && a.Status != AppointmentStatus.Held).ToList();
        foreach (var a in orphans)
        {
            rows.Add(new CalendarSlot(
                new Slot { Id = a.SlotId, StartUtc = a.StartUtc, EndUtc = a.EndUtc, ServiceCode = a.ServiceCode, Mode = a.Mode, UnitId = a.UnitId, StaffId = a.StaffId, Capacity = 1, Taken = 1 },
                SlotState.Booked, null, null, [new CalendarAppointment(a, residents.GetValueOrDefault(a.ResidentId, ""))]));
        }

        return
        [
            .. Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(d => new CalendarDay(d,
                [.. rows.Where(r => DateOnly.FromDateTime(DeskDisplay.Local(r.Slot.StartUtc).DateTime) == d).OrderBy(r => r.Slot.StartUtc)])),
        ];
    }

    /// <summary>The unit's slot; null for another unit's.</summary>
    public Task<Slot?> SlotAsync(Guid unitId, Guid slotId, CancellationToken ct) =>
        db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == slotId && s.UnitId == unitId, ct);

    /// <summary>Professionals who have schedules in the unit (for the calendar's filter).</summary>
    public async Task<IReadOnlyList<StaffInfo>> ProfessionalsAsync(Guid unitId, CancellationToken ct)
    {
        var ids = await db.Set<Schedule>().AsNoTracking().Where(s => s.UnitId == unitId && s.StaffId != null).Select(s => s.StaffId!.Value).Distinct().ToListAsync(ct);
        return [.. (await people.GetStaffAsync(ids, ct)).OrderBy(s => s.DisplayName, StringComparer.CurrentCulture)];
    }
}
