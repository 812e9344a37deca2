using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Region.Data;

namespace Polku.Region.Administration;

/// <summary>What the coordinator's pages show of the county's configuration: rows as stored, read without tracking.</summary>
internal sealed class RegionAdminViews(PolkuDb db)
{
    public Task<List<Municipality>> MunicipalitiesAsync(CancellationToken ct) =>
        db.Set<Municipality>().AsNoTracking().OrderBy(m => m.Code).ToListAsync(ct);

    public Task<Municipality?> MunicipalityAsync(string code, CancellationToken ct) =>
        db.Set<Municipality>().AsNoTracking().FirstOrDefaultAsync(m => m.Code == code, ct);

    public Task<bool> MunicipalityExistsAsync(string code, CancellationToken ct) =>
        db.Set<Municipality>().AnyAsync(m => m.Code == code, ct);

    public Task<List<Unit>> UnitsAsync(CancellationToken ct) =>
        db.Set<Unit>().AsNoTracking().OrderBy(u => u.Code).ToListAsync(ct);

    public Task<Unit?> UnitAsync(string code, CancellationToken ct) =>
        db.Set<Unit>().AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, ct);

    public Task<bool> UnitExistsAsync(string code, CancellationToken ct) =>
        db.Set<Unit>().AnyAsync(u => u.Code == code, ct);

    public Task<Service?> ServiceAsync(string code, CancellationToken ct) =>
        db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, ct);

    public Task<bool> ServiceExistsAsync(string code, CancellationToken ct) =>
        db.Set<Service>().AnyAsync(s => s.Code == code, ct);

    /// <summary>The service's channels by kind, the county-wide one before the municipalities'.</summary>
    public Task<List<ServiceChannel>> ChannelsAsync(Guid serviceId, CancellationToken ct) =>
        db.Set<ServiceChannel>().AsNoTracking().Where(c => c.ServiceId == serviceId)
            .OrderBy(c => c.Kind).ThenBy(c => c.MunicipalityCode).ToListAsync(ct);

    public Task<ServiceChannel?> ChannelAsync(Guid id, CancellationToken ct) =>
        db.Set<ServiceChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>The unit's exceptions from the date on, by date.</summary>
    public Task<List<OpeningExceptionRow>> ExceptionsFromAsync(Guid unitId, DateOnly from, CancellationToken ct) =>
        db.Set<OpeningExceptionRow>().AsNoTracking()
            .Where(e => e.OwnerKind == HoursOwner.Unit && e.OwnerId == unitId && e.Date >= from)
            .OrderBy(e => e.Date).ToListAsync(ct);

    /// <summary>The unit's weekly periods, in no particular order.</summary>
    public Task<List<OpeningPeriodRow>> WeeklyPeriodsAsync(Guid unitId, CancellationToken ct) =>
        db.Set<OpeningPeriodRow>().AsNoTracking().Where(p => p.OwnerKind == HoursOwner.Unit && p.OwnerId == unitId).ToListAsync(ct);
}
