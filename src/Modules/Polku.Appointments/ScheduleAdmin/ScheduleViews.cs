using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;

namespace Polku.Appointments.ScheduleAdmin;

/// <summary>What the schedule pages show of the schedules: rows as stored, read without tracking.</summary>
internal sealed class ScheduleViews(PolkuDb db)
{
    /// <summary>Every schedule of the county, in no particular order.</summary>
    public Task<List<Schedule>> AllAsync(CancellationToken ct) =>
        db.Set<Schedule>().AsNoTracking().ToListAsync(ct);

    public Task<Schedule?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<Schedule>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>The professional's own schedules by unit and service.</summary>
    public Task<List<Schedule>> OfStaffAsync(Guid staffId, CancellationToken ct) =>
        db.Set<Schedule>().AsNoTracking().Where(s => s.StaffId == staffId).OrderBy(s => s.UnitCode).ThenBy(s => s.ServiceCode).ToListAsync(ct);

    /// <summary>The code of the schedule's unit; null for an unknown schedule.</summary>
    public Task<string?> UnitCodeAsync(Guid scheduleId, CancellationToken ct) =>
        db.Set<Schedule>().AsNoTracking().Where(s => s.Id == scheduleId).Select(s => s.UnitCode).FirstOrDefaultAsync(ct);
}
