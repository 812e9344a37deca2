using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Platform.Idempotency;
using Polku.Platform.Results;

namespace Polku.Appointments.Waitlist;

// The waitlist's pass: lapsed offers expire, freed earlier slots are offered (held) to the next in line, and a closed
// offer gives its held slot back.
internal sealed partial class WaitlistService
{
    /// <summary>
    /// One pass of the waitlist (run by <see cref="WaitlistOffersJob"/> after expired holds are released): offers past
    /// their window expire, entries whose appointment is over leave, and every freed earlier slot is offered to the
    /// first entry in line that has not had it yet. Safe on several nodes: the offer's hold uses an idempotency key,
    /// the offer row is unique per entry and slot, and the entry moves on only by a conditional update.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var handled = 0;
        var lapsed = await db.Set<WaitlistEntry>().AsNoTracking()
            .Where(w => w.State == WaitlistState.Offered && w.OfferUntilUtc < now).ToListAsync(ct);
        foreach (var entry in lapsed)
        {
            // One unit per lapsed offer: the entry expires and its held slot is given back together.
            handled += await unit.RunAsync(async ct =>
            {
                var expired = await db.Set<WaitlistEntry>().Where(w => w.Id == entry.Id && w.State == WaitlistState.Offered && w.Version == entry.Version)
                    .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Expired).SetProperty(w => w.Version, w => w.Version + 1), ct);
                if (expired == 1 && await db.Set<WaitlistOffer>().AsNoTracking()
                        .FirstOrDefaultAsync(o => o.EntryId == entry.Id && o.SlotId == entry.OfferedSlotId && o.Outcome == null, ct) is { } offer)
                {
                    await CloseOfferAsync(offer, WaitlistOfferOutcome.Expired, ct);
                    return 1;
                }

                return 0;
            }, static _ => true, ct);
        }

        await unit.RunAsync(ct => db.Set<WaitlistEntry>()
            .Where(w => w.State == WaitlistState.Waiting
                && !db.Set<Appointment>().Any(a => a.Id == w.AppointmentId && a.Status == AppointmentStatus.Booked && a.StartUtc > now))
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Expired).SetProperty(w => w.Version, w => w.Version + 1), ct), ct);

        var waiting = await (from w in db.Set<WaitlistEntry>().AsNoTracking()
                             join a in db.Set<Appointment>().AsNoTracking() on w.AppointmentId equals a.Id
                             where w.State == WaitlistState.Waiting
                             select new { Entry = w, a.StartUtc, a.Language }).ToListAsync(ct);
        foreach (var schedule in waiting.GroupBy(w => w.Entry.ScheduleId))
        {
            var latest = schedule.Max(w => w.StartUtc);
            var free = await db.Set<Slot>().AsNoTracking()
                .Where(s => s.ScheduleId == schedule.Key && s.Taken < s.Capacity && !s.Blocked && s.StartUtc > now && s.ClosesUtc > now && s.StartUtc < latest)
                .OrderBy(s => s.StartUtc).Take(200).ToListAsync(ct);
            if (free.Count == 0)
            {
                continue;
            }

            var slotIds = free.Select(s => s.Id).ToList();
            var freedAt = (await db.Set<Appointment>().AsNoTracking()
                    .Where(a => slotIds.Contains(a.SlotId) && (a.Status == AppointmentStatus.Cancelled || a.Status == AppointmentStatus.Expired))
                    .Select(a => new { a.SlotId, a.Status, a.CancelledUtc, a.HoldUntilUtc }).ToListAsync(ct))
                .GroupBy(a => a.SlotId)
                .ToDictionary(g => g.Key, g => g.Max(a => (a.Status == AppointmentStatus.Cancelled ? a.CancelledUtc : a.HoldUntilUtc) ?? DateTime.MinValue));
            var entryIds = schedule.Select(w => w.Entry.Id).ToList();
            var offeredBefore = (await db.Set<WaitlistOffer>().AsNoTracking().Where(o => entryIds.Contains(o.EntryId))
                .Select(o => new { o.EntryId, o.SlotId }).ToListAsync(ct)).Select(o => (o.EntryId, o.SlotId)).ToHashSet();
            var line = schedule.OrderBy(w => w.Entry.CreatedUtc).ThenBy(w => w.Entry.Id).ToList();
            foreach (var slot in free)
            {
                if (!freedAt.TryGetValue(slot.Id, out var freed))
                {
                    continue;
                }

                var next = line.FirstOrDefault(w => w.StartUtc > slot.StartUtc && freed > w.Entry.CreatedUtc && !offeredBefore.Contains((w.Entry.Id, slot.Id)));
                if (next is null)
                {
                    continue;
                }

                line.Remove(next);
                if (await OfferAsync(next.Entry, slot, next.Language, now, ct))
                {
                    handled++;
                }
            }
        }

        return handled;
    }

    /// <summary>One offer of one slot to one waiting resident is held once, however often the job runs.</summary>
    private static IdempotencyKey WaitlistKey(WaitlistEntry entry, Slot slot) =>
        IdempotencyKey.For(entry.ResidentId, $"wl:{entry.Id:N}:{slot.Id:N}", "appointments.waitlist-hold", $"{slot.Id:N}").Value!;

    /// <summary>
    /// Offers the slot to the entry in one unit: the hold (which takes the slot's capacity like any booking), the entry's
    /// move to "offered", the offer row, its notice and live event. An entry that moved on meanwhile, or an offer another
    /// node made a moment ago, undoes the whole unit — the hold included, so no place is left held for nobody.
    /// </summary>
    private async Task<bool> OfferAsync(WaitlistEntry entry, Slot slot, string language, DateTime now, CancellationToken ct)
    {
        var until = now.AddMinutes(Math.Max(1, options.Value.OfferMinutes));
        if (until > slot.ClosesUtc)
        {
            until = slot.ClosesUtc;
        }

        try
        {
            var offered = await unit.RunAsync(async ct =>
            {
                var held = await booking.HoldAsync(
                    new BookingRequest(slot.Id, entry.ResidentId, Actor.System, "waitlist", WaitlistKey(entry, slot), "waitlist offer", language), ct);
                if (held.Value is not { Status: AppointmentStatus.Held } hold)
                {
                    return Result<bool>.Fail(held.Error ?? Error.Conflict("booking.pages.waitlist.offer_gone"));
                }

                var moved = await db.Set<WaitlistEntry>().Where(w => w.Id == entry.Id && w.State == WaitlistState.Waiting && w.Version == entry.Version)
                    .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Offered).SetProperty(w => w.OfferedSlotId, slot.Id)
                        .SetProperty(w => w.OfferUntilUtc, until).SetProperty(w => w.Version, w => w.Version + 1), ct);
                if (moved == 0)
                {
                    return Result<bool>.Fail(Error.Conflict("booking.changed_meanwhile"));
                }

                // The hold lasts as long as the offer, not the five minutes of a slot picker.
                await db.Set<Appointment>().Where(a => a.Id == hold.Id && a.Status == AppointmentStatus.Held)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.HoldUntilUtc, until), ct);
                var offer = new WaitlistOffer
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    EntryId = entry.Id,
                    SlotId = slot.Id,
                    HoldAppointmentId = hold.Id,
                    OfferedUtc = now,
                    UntilUtc = until,
                };
                db.Set<WaitlistOffer>().Add(offer);
                booking.History(hold.Id, "waitlist-offered", Actor.System, entry.AppointmentId.ToString());
                await journal.RecordAsync("appointment.waitlist.offered", hold, "self-booking", digital: true, ct, residentId: entry.ResidentId,
                    serviceCode: slot.ServiceCode, unitId: slot.UnitId);
                await offers.OfferedAsync(offer, hold, ct);
                events.Changed(hold, "appointment.waitlist.offered");
                return Result<bool>.Ok(true);
            }, ct);
            return offered.IsSuccess;
        }
        catch (DbUpdateException)
        {
            // Another node made this very offer a moment ago (the offer is unique per entry and slot): this unit,
            // with its hold, rolled back.
            return false;
        }
    }

    /// <summary>Closes an offer and gives its held slot back, in the running unit of work.</summary>
    private async Task CloseOfferAsync(WaitlistOffer offer, WaitlistOfferOutcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<WaitlistOffer>().Where(o => o.Id == offer.Id && o.Outcome == null)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Outcome, outcome).SetProperty(o => o.DecidedUtc, now), ct);

        // Release the held slot now (not when the hold's time runs out) so the next entry in line can have it. The
        // cancellation joins the unit; a hold that is gone already is undone to its savepoint and the close stands.
        await booking.CancelAsync(offer.HoldAppointmentId, Actor.System, "waitlist offer " + outcome.ToString().ToLowerInvariant(), ct);
    }
}

/// <summary>Runs the waitlist after expired holds have been released (it is registered after <see cref="ExpireHoldsJob"/>).</summary>
internal sealed class WaitlistOffersJob : IAppointmentsJob
{
    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<WaitlistService>().RunAsync(ct);
}
