using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Appointments.Schedules;

/// <summary>
/// Keeps each active schedule's slots materialised up to its booking horizon, so a slot has one row that is the
/// single truth of "free / held / booked / blocked". Runs at start and daily; after a schedule changes,
/// <see cref="RebuildAsync"/> removes future slots nobody holds that the new pattern no longer has and adds the new ones.
/// </summary>
internal sealed class SlotMaterializer(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    /// <summary>Extends every active schedule's slots through its horizon; returns the number of slots added.</summary>
    public async Task<int> ExtendAllAsync(CancellationToken ct)
    {
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var schedules = await db.Set<Schedule>().AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var added = 0;
        foreach (var schedule in schedules)
        {
            var through = today.AddDays(schedule.HorizonDays);
            if (schedule.MaterializedThrough is { } done && done >= through)
            {
                continue;
            }

            var from = schedule.MaterializedThrough is { } last && last >= today ? last.AddDays(1) : today;
            added += await unit.RunAsync(c => AddAsync(schedule, from, through, c), static _ => true, ct);
        }

        return added;
    }

    /// <summary>
    /// After an edit: drops future untouched slots the pattern no longer has, adds missing ones; returns (removed, added).
    /// Runs in the editor's unit of work, so the edit and its slots commit together.
    /// </summary>
    public async Task<(int Removed, int Added)> RebuildAsync(Guid scheduleId, CancellationToken ct)
    {
        var schedule = await db.Set<Schedule>().AsNoTracking().FirstAsync(s => s.Id == scheduleId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var wanted = schedule.Active ? Wanted(schedule, today, today.AddDays(schedule.HorizonDays)).Select(w => w.StartUtc).ToHashSet() : [];
        var future = await db.Set<Slot>().Where(s => s.ScheduleId == scheduleId && s.StartUtc > now && s.Taken == 0 && !s.Blocked)
            .Select(s => new { s.Id, s.StartUtc, s.EndUtc, s.Capacity }).ToListAsync(ct);
        var drop = future.Where(s => !wanted.Contains(s.StartUtc)
                || s.EndUtc != s.StartUtc.AddMinutes(schedule.SlotMinutes) || s.Capacity != schedule.Capacity)
            .Select(s => s.Id).ToList();
        var removed = 0;
        foreach (var chunk in drop.Chunk(500))
        {
            // Taken = 0 again in the statement: a booking that won meanwhile keeps its slot.
            removed += await db.Set<Slot>().Where(s => chunk.Contains(s.Id) && s.Taken == 0).ExecuteDeleteAsync(ct);
        }

        await db.Set<Slot>().Where(s => s.ScheduleId == scheduleId && s.StartUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClosesUtc, s => s.StartUtc.AddMinutes(-schedule.MinNoticeMinutes))
                .SetProperty(s => s.OpenBooking, schedule.OpenBooking)
                .SetProperty(s => s.ServedMunicipalities, Served(schedule.ServedMunicipalities)), ct);
        var added = schedule.Active ? await AddAsync(schedule, today, today.AddDays(schedule.HorizonDays), ct) : 0;
        return (removed, added);
    }

    /// <summary>The slots the schedule's pattern gives on the dates (nothing when the pattern is invalid).</summary>
    public static IEnumerable<(DateTime StartUtc, DateTime EndUtc)> Wanted(Schedule schedule, DateOnly from, DateOnly through)
    {
        var (hours, _) = SchedulePattern.Hours(schedule.Pattern, schedule.Exceptions, schedule.OpenOnHolidays);
        return hours is null
            ? []
            : SlotGenerator.Generate(hours, schedule.SlotMinutes, schedule.BufferBeforeMinutes, schedule.BufferAfterMinutes, from, through);
    }

    private async Task<int> AddAsync(Schedule schedule, DateOnly from, DateOnly through, CancellationToken ct)
    {
        var wanted = Wanted(schedule, from, through).ToList();
        var start = wanted.Count == 0 ? DateTime.MaxValue : wanted[0].StartUtc;
        var existing = wanted.Count == 0
            ? []
            : (await db.Set<Slot>().AsNoTracking().Where(s => s.ScheduleId == schedule.Id && s.StartUtc >= start)
                .Select(s => s.StartUtc).ToListAsync(ct)).ToHashSet();
        var served = Served(schedule.ServedMunicipalities);
        var slots = new List<Slot>();
        foreach (var (s, e) in wanted)
        {
            if (existing.Contains(s))
            {
                continue;
            }

            slots.Add(new Slot
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(s, TimeSpan.Zero)),
                ScheduleId = schedule.Id,
                UnitId = schedule.UnitId,
                StaffId = schedule.StaffId,
                ServiceCode = schedule.ServiceCode,
                Mode = schedule.Mode,
                ServedMunicipalities = served,
                StartUtc = s,
                EndUtc = e,
                ClosesUtc = s.AddMinutes(-schedule.MinNoticeMinutes),
                Capacity = schedule.Capacity,
                OpenBooking = schedule.OpenBooking,
            });
        }

        await db.Set<Schedule>().Where(x => x.Id == schedule.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.MaterializedThrough, through), ct);
        db.Set<Slot>().AddRange(slots);
        try
        {
            // Flushed here (EF keeps a savepoint around it in the unit) so that a collision is caught in the unit.
            await db.SaveChangesAsync(ct);
            return slots.Count;
        }
        catch (DbUpdateException)
        {
            // Another node materialised the same dates at the same moment; its rows stand.
            return 0;
        }
        finally
        {
            // Thousands of slots need not stay tracked for the rest of the unit.
            foreach (var slot in slots)
            {
                db.Entry(slot).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The stored form of served municipalities: empty for the county, else <c>,638,018,</c>.</summary>
    public static string Served(string commaSeparated)
    {
        var codes = commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return codes.Length == 0 ? "" : "," + string.Join(',', codes) + ",";
    }
}
