using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;

namespace Polku.Appointments.Booking;

// Places given back (a cancellation, a move, a hold whose time is up) and the free ones nearest to a lost time.
internal sealed partial class BookingService
{
    /// <summary>Releases holds whose time is up (all of them, or those on one slot) and gives their places back, one unit per hold.</summary>
    public async Task<int> ExpireHoldsAsync(Guid? slotId, CancellationToken ct)
    {
        var released = 0;
        foreach (var hold in await ExpiredHoldsAsync(slotId, ct))
        {
            released += await unit.RunAsync(c => ExpireAsync(hold.Id, hold.SlotId, c), static _ => true, ct);
        }

        return released;
    }

    private async Task<List<(Guid Id, Guid SlotId)>> ExpiredHoldsAsync(Guid? slotId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.Set<Appointment>().AsNoTracking().Where(a => a.Status == AppointmentStatus.Held && a.HoldUntilUtc < now);
        if (slotId is { } id)
        {
            query = query.Where(a => a.SlotId == id);
        }

        // Oldest first, so a backlog larger than one batch is worked off in the order the holds ran out.
        return [.. (await query.OrderBy(a => a.HoldUntilUtc).Select(a => new { a.Id, a.SlotId }).Take(500).ToListAsync(ct)).Select(a => (a.Id, a.SlotId))];
    }

    /// <summary>Expires one hold whose time is up (in the running unit) and frees its place; 1 when this call did it.</summary>
    private async Task<int> ExpireAsync(Guid holdId, Guid slotId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Set<Appointment>().Where(a => a.Id == holdId && a.Status == AppointmentStatus.Held && a.HoldUntilUtc < now)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Expired).SetProperty(a => a.Version, a => a.Version + 1), ct);
        if (changed == 1)
        {
            await ReleaseAsync(slotId, ct);
        }

        return changed;
    }

    /// <summary>Free slots nearest to <paramref name="near"/> of the same service, place and mode (for "that time was just taken").</summary>
    public async Task<IReadOnlyList<Slot>> NearestFreeAsync(Slot near, int count, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var free = db.Set<Slot>().AsNoTracking()
            .Where(s => s.ServiceCode == near.ServiceCode && s.UnitId == near.UnitId && s.Mode == near.Mode && s.Id != near.Id
                && !s.Blocked && s.Taken < s.Capacity && s.StartUtc > now
                && s.StartUtc > near.StartUtc.AddDays(-7) && s.StartUtc < near.StartUtc.AddDays(7));

        // The nearest are among the nearest before and the nearest from the time on: two short index range reads
        // instead of every free slot of the fortnight (thousands in a busy unit, on every "just taken" answer).
        var before = await free.Where(s => s.StartUtc < near.StartUtc).OrderByDescending(s => s.StartUtc).Take(count).ToListAsync(ct);
        var after = await free.Where(s => s.StartUtc >= near.StartUtc).OrderBy(s => s.StartUtc).Take(count).ToListAsync(ct);
        return [.. before.Concat(after).OrderBy(s => Math.Abs((s.StartUtc - near.StartUtc).Ticks)).Take(count).OrderBy(s => s.StartUtc)];
    }

    /// <summary>Gives one place of the slot back (in the running unit).</summary>
    public async Task ReleaseAsync(Guid slotId, CancellationToken ct) =>
        await db.Set<Slot>().Where(s => s.Id == slotId && s.Taken > 0)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Taken, s => s.Taken - 1).SetProperty(s => s.Version, s => s.Version + 1), ct);
}
