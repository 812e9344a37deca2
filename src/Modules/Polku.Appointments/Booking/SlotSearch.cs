using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Appointments.Booking;

/// <summary>What a resident or professional looks for.</summary>
internal sealed record SlotQuery(
    string ServiceCode, string? MunicipalityCode, AppointmentMode? Mode, Guid? UnitId, DateTime FromUtc, DateTime ToUtc, bool ResidentSide, int Limit = 500);

/// <summary>A free slot with its unit.</summary>
internal sealed record FreeSlot(Slot Slot, UnitInfo? Unit);

/// <summary>
/// Finds free slots: not blocked, below capacity, in the future and — for residents — outside the schedule's
/// minimum notice, for residents of the municipality (its units' schedules and county-wide ones). Also answers
/// the assessments module's routing question <see cref="ISlotAvailability"/>.
/// </summary>
internal sealed class SlotSearch(PolkuDb db, TimeProvider time, IUnitDirectory units) : ISlotAvailability
{
    public async Task<IReadOnlyList<FreeSlot>> FindAsync(SlotQuery q, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var from = q.FromUtc > now ? q.FromUtc : now;
        var query = db.Set<Slot>().AsNoTracking()
            .Where(s => s.ServiceCode == q.ServiceCode && s.StartUtc >= from && s.StartUtc < q.ToUtc && !s.Blocked && s.Taken < s.Capacity);
        if (q.MunicipalityCode is { } m)
        {
            var pattern = "%," + m + ",%";
            query = query.Where(s => s.ServedMunicipalities == "" || EF.Functions.Like(s.ServedMunicipalities, pattern));
        }

        if (q.Mode is { } mode)
        {
            query = query.Where(s => s.Mode == mode);
        }

        if (q.UnitId is { } unit)
        {
            query = query.Where(s => s.UnitId == unit);
        }

        if (q.ResidentSide)
        {
            query = query.Where(s => s.ClosesUtc >= now);
        }

        var slots = await query.OrderBy(s => s.StartUtc).Take(q.Limit).ToListAsync(ct);
        var unitInfo = (await units.GetAsync(slots.Select(s => s.UnitId).Distinct(), ct)).ToDictionary(u => u.Id);
        return [.. slots.Select(s => new FreeSlot(s, unitInfo.GetValueOrDefault(s.UnitId)))];
    }

    public async Task<bool> HasFreeSlotAsync(string serviceCode, string municipalityCode, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        (await FindAsync(new SlotQuery(serviceCode, municipalityCode, null, null, from.UtcDateTime, until.UtcDateTime, ResidentSide: true, Limit: 1), cancellationToken)).Count > 0;

    public async Task<IReadOnlyList<OfferedSlot>> FirstFreeAsync(string serviceCode, string municipalityCode, DateTimeOffset from, DateTimeOffset until, int count, CancellationToken cancellationToken = default) =>
        [.. (await FindAsync(new SlotQuery(serviceCode, municipalityCode, null, null, from.UtcDateTime, until.UtcDateTime, ResidentSide: true, Limit: count), cancellationToken))
            .Select(f => new OfferedSlot(f.Slot.Id, new DateTimeOffset(f.Slot.StartUtc, TimeSpan.Zero), new DateTimeOffset(f.Slot.EndUtc, TimeSpan.Zero), f.Slot.Mode.ToString(), f.Unit?.Code ?? ""))];

    public string BookingUrl(Guid responseId, Guid? slotId = null) => AppointmentsRoutes.BookFromAssessment(responseId, slotId);
}
