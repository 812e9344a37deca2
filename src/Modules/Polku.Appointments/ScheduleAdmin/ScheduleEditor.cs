using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Appointments.Schedules;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Appointments.ScheduleAdmin;

/// <summary>The schedule form as typed: every field a string or flag, so nothing typed is lost when it is refused.</summary>
public sealed class ScheduleInput
{
    public string? UnitCode { get; set; }
    public string? StaffId { get; set; }
    public string? Resource { get; set; }
    public string? ServiceCode { get; set; }
    public string? Mode { get; set; }
    public string? Pattern { get; set; }
    public string? SlotMinutes { get; set; }
    public string? BufferBeforeMinutes { get; set; }
    public string? BufferAfterMinutes { get; set; }
    public string? Capacity { get; set; }
    public string? MinNoticeMinutes { get; set; }
    public string? HorizonDays { get; set; }
    public string? CancelNoticeHours { get; set; }
    public bool OpenBooking { get; set; }
    public bool OpenOnHolidays { get; set; }
    public string? Exceptions { get; set; }
    public string? ServedMunicipalities { get; set; }
    public bool Active { get; set; } = true;
    public int Version { get; set; }
}

/// <summary>What a save did: the slots removed and added by the rebuild.</summary>
internal sealed record ScheduleSaved(Guid Id, int Removed, int Added);

/// <summary>A booked (or held) future slot the schedule's pattern no longer has: the appointment must be moved or cancelled.</summary>
internal sealed record ScheduleConflict(Slot Slot, IReadOnlyList<Appointment> Appointments);

/// <summary>
/// Creates and edits schedules: validates the form (pattern and exceptions with <see cref="SchedulePattern"/>, numbers in
/// range, unit, professional and municipalities known), saves with optimistic concurrency on <see cref="Schedule.Version"/>
/// and rebuilds the slots. Booked slots are never removed; <see cref="ConflictsAsync"/> lists those left outside the pattern.
/// </summary>
internal sealed class ScheduleEditor(PolkuDb db, UnitOfWork unit, TimeProvider time, SlotMaterializer materializer, IUnitDirectory units, IPeopleDirectory people)
{
    /// <summary>Field → error code of everything wrong with the form (empty when valid).</summary>
    public async Task<(Schedule? Schedule, Dictionary<string, string> Errors)> ValidateAsync(ScheduleInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var s = new Schedule();
        var unit = input.UnitCode is { Length: > 0 and <= 40 } code ? await units.FindByCodeAsync(code.Trim(), ct) : null;
        if (unit is null)
        {
            errors["UnitCode"] = "appointments.desk.schedule.unit_invalid";
        }
        else
        {
            s.UnitId = unit.Id;
            s.UnitCode = unit.Code;
        }

        if (input.StaffId is { Length: > 0 } staffText)
        {
            var staff = Guid.TryParse(staffText, out var staffId) ? await people.FindStaffAsync(staffId, ct) : null;
            if (staff is null || (unit is not null && !staff.UnitIds.Contains(unit.Id)))
            {
                errors["StaffId"] = "appointments.desk.schedule.staff_invalid";
            }
            else
            {
                s.StaffId = staff.Id;
            }
        }

        var resource = input.Resource?.Trim();
        if (resource is { Length: > 100 })
        {
            errors["Resource"] = "appointments.desk.schedule.resource_too_long";
        }

        s.Resource = string.IsNullOrEmpty(resource) ? null : resource;
        var service = input.ServiceCode?.Trim() ?? "";
        if (service.Length is 0 or > 60 || !service.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors["ServiceCode"] = "appointments.desk.schedule.service_invalid";
        }

        s.ServiceCode = service;
        if (Modes.Parse(input.Mode ?? "") is { } mode)
        {
            s.Mode = mode;
        }
        else
        {
            errors["Mode"] = "appointments.desk.schedule.mode_invalid";
        }

        s.SlotMinutes = Number(input.SlotMinutes, 5, 480, "SlotMinutes", errors);
        s.BufferBeforeMinutes = Number(input.BufferBeforeMinutes, 0, 120, "BufferBeforeMinutes", errors);
        s.BufferAfterMinutes = Number(input.BufferAfterMinutes, 0, 120, "BufferAfterMinutes", errors);
        s.Capacity = Number(input.Capacity, 1, 100, "Capacity", errors);
        s.MinNoticeMinutes = Number(input.MinNoticeMinutes, 0, 60 * 24 * 14, "MinNoticeMinutes", errors);
        s.HorizonDays = Number(input.HorizonDays, 1, 366, "HorizonDays", errors);
        s.CancelNoticeHours = Number(input.CancelNoticeHours, 0, 24 * 14, "CancelNoticeHours", errors);
        s.OpenBooking = input.OpenBooking;
        s.OpenOnHolidays = input.OpenOnHolidays;
        s.Active = input.Active;
        var pattern = (input.Pattern ?? "").Trim();
        if (pattern.Length > 1000)
        {
            errors["Pattern"] = "appointments.desk.schedule.pattern_too_long";
        }
        else if (SchedulePattern.ParseWeekly(pattern).Error is { } patternError)
        {
            errors["Pattern"] = patternError;
        }

        s.Pattern = pattern;
        var exceptions = (input.Exceptions ?? "").Trim();
        if (exceptions.Length > 4000)
        {
            errors["Exceptions"] = "appointments.desk.schedule.exceptions_too_long";
        }
        else if (SchedulePattern.ParseExceptions(exceptions).Error is { } exceptionsError)
        {
            errors["Exceptions"] = exceptionsError;
        }
        else if (!errors.ContainsKey("Pattern") && SchedulePattern.Hours(pattern, exceptions, input.OpenOnHolidays).Error is { } hoursError)
        {
            errors["Pattern"] = hoursError;
        }

        s.Exceptions = exceptions;
        var served = (input.ServedMunicipalities ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var m in served)
        {
            if (m.Length != 3 || !m.All(char.IsAsciiDigit) || !await units.MunicipalityExistsAsync(m, ct))
            {
                errors["ServedMunicipalities"] = "appointments.desk.schedule.municipality_invalid";
                break;
            }
        }

        s.ServedMunicipalities = string.Join(',', served.Distinct(StringComparer.Ordinal));
        return (errors.Count == 0 ? s : null, errors);
    }

    /// <summary>Saves a new schedule (id null) or an edit made on <paramref name="version"/>; null when someone saved first.</summary>
    public Task<ScheduleSaved?> SaveAsync(Guid? id, int version, Schedule values, CancellationToken ct) =>
        unit.RunAsync(c => SaveInUnitAsync(id, version, values, c), static _ => true, ct);

    private async Task<ScheduleSaved?> SaveInUnitAsync(Guid? id, int version, Schedule values, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        Guid scheduleId;
        if (id is null)
        {
            values.Id = Guid.CreateVersion7(time.GetUtcNow());
            values.CreatedUtc = now;
            values.UpdatedUtc = now;
            values.Version = 0;
            db.Set<Schedule>().Add(values);
            // The slots are made from the stored schedule, so it is written first (in this unit).
            await db.SaveChangesAsync(ct);
            db.Entry(values).State = EntityState.Detached;
            scheduleId = values.Id;
        }
        else
        {
            scheduleId = id.Value;
            var changed = await db.Set<Schedule>().Where(s => s.Id == scheduleId && s.Version == version)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.UnitId, values.UnitId)
                    .SetProperty(s => s.UnitCode, values.UnitCode)
                    .SetProperty(s => s.StaffId, values.StaffId)
                    .SetProperty(s => s.Resource, values.Resource)
                    .SetProperty(s => s.ServiceCode, values.ServiceCode)
                    .SetProperty(s => s.Mode, values.Mode)
                    .SetProperty(s => s.Pattern, values.Pattern)
                    .SetProperty(s => s.SlotMinutes, values.SlotMinutes)
                    .SetProperty(s => s.BufferBeforeMinutes, values.BufferBeforeMinutes)
                    .SetProperty(s => s.BufferAfterMinutes, values.BufferAfterMinutes)
                    .SetProperty(s => s.Capacity, values.Capacity)
                    .SetProperty(s => s.MinNoticeMinutes, values.MinNoticeMinutes)
                    .SetProperty(s => s.HorizonDays, values.HorizonDays)
                    .SetProperty(s => s.CancelNoticeHours, values.CancelNoticeHours)
                    .SetProperty(s => s.OpenBooking, values.OpenBooking)
                    .SetProperty(s => s.OpenOnHolidays, values.OpenOnHolidays)
                    .SetProperty(s => s.Exceptions, values.Exceptions)
                    .SetProperty(s => s.ServedMunicipalities, values.ServedMunicipalities)
                    .SetProperty(s => s.Active, values.Active)
                    .SetProperty(s => s.UpdatedUtc, now)
                    .SetProperty(s => s.Version, s => s.Version + 1), ct);
            if (changed == 0)
            {
                return null;
            }
        }

        var (removed, added) = await materializer.RebuildAsync(scheduleId, ct);
        return new ScheduleSaved(scheduleId, removed, added);
    }

    /// <summary>A professional edits only the exceptions (closed days, extra hours) of their own schedule.</summary>
    public Task<ScheduleSaved?> SaveExceptionsAsync(Guid id, int version, string exceptions, CancellationToken ct) =>
        unit.RunAsync(c => SaveExceptionsInUnitAsync(id, version, exceptions, c), static _ => true, ct);

    private async Task<ScheduleSaved?> SaveExceptionsInUnitAsync(Guid id, int version, string exceptions, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Set<Schedule>().Where(s => s.Id == id && s.Version == version)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Exceptions, exceptions).SetProperty(s => s.UpdatedUtc, now)
                .SetProperty(s => s.Version, s => s.Version + 1), ct);
        if (changed == 0)
        {
            return null;
        }

        var (removed, added) = await materializer.RebuildAsync(id, ct);
        return new ScheduleSaved(id, removed, added);
    }

    /// <summary>Future booked or held slots of the schedule that its pattern no longer gives (or gives with another length).</summary>
    public async Task<IReadOnlyList<ScheduleConflict>> ConflictsAsync(Schedule schedule, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = HelsinkiTime.LocalDate(now);
        var wanted = schedule.Active
            ? SlotMaterializer.Wanted(schedule, today, today.AddDays(schedule.HorizonDays)).ToDictionary(w => w.StartUtc, w => w.EndUtc)
            : [];
        var nowUtc = now.UtcDateTime;
        var taken = await db.Set<Slot>().AsNoTracking().Where(s => s.ScheduleId == schedule.Id && s.StartUtc > nowUtc && s.Taken > 0)
            .OrderBy(s => s.StartUtc).ToListAsync(ct);
        var outside = taken.Where(s => !wanted.TryGetValue(s.StartUtc, out var end) || end != s.EndUtc).ToList();
        if (outside.Count == 0)
        {
            return [];
        }

        var ids = outside.Select(s => s.Id).ToList();
        var appointments = await db.Set<Appointment>().AsNoTracking()
            .Where(a => ids.Contains(a.SlotId) && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.CheckedIn || a.Status == AppointmentStatus.Held))
            .ToListAsync(ct);
        return [.. outside.Select(s => new ScheduleConflict(s, [.. appointments.Where(a => a.SlotId == s.Id)]))];
    }

    public static ScheduleInput ToInput(Schedule s) => new()
    {
        UnitCode = s.UnitCode,
        StaffId = s.StaffId?.ToString("D"),
        Resource = s.Resource,
        ServiceCode = s.ServiceCode,
        Mode = Modes.Name(s.Mode),
        Pattern = s.Pattern,
        SlotMinutes = Text(s.SlotMinutes),
        BufferBeforeMinutes = Text(s.BufferBeforeMinutes),
        BufferAfterMinutes = Text(s.BufferAfterMinutes),
        Capacity = Text(s.Capacity),
        MinNoticeMinutes = Text(s.MinNoticeMinutes),
        HorizonDays = Text(s.HorizonDays),
        CancelNoticeHours = Text(s.CancelNoticeHours),
        OpenBooking = s.OpenBooking,
        OpenOnHolidays = s.OpenOnHolidays,
        Exceptions = s.Exceptions,
        ServedMunicipalities = s.ServedMunicipalities,
        Active = s.Active,
        Version = s.Version,
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Number(string? text, int min, int max, string field, Dictionary<string, string> errors)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = "appointments.desk.schedule.number_invalid";
        return min;
    }
}

/// <summary>The coordinator's way from <c>/admin</c> to the appointment schedules.</summary>
internal sealed class ScheduleAdminLinks(Texts texts) : IAdminLinks
{
    public IReadOnlyList<Region.Contracts.AdminLink> Links =>
        [new Region.Contracts.AdminLink(110, texts.All("appointments.desk.schedules.title"), texts.All("appointments.desk.schedules.admin_hint"), AppointmentsRoutes.AdminSchedules)];
}
