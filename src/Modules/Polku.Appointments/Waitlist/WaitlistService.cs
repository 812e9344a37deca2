using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Appointments.Waitlist;

/// <summary>An open offer as the resident's page shows it.</summary>
internal sealed record OpenOffer(WaitlistEntry Entry, Appointment Hold);

/// <summary>
/// Jonotus aikaisempaan aikaan — a resident with a booked appointment asks for an earlier time. A slot of the same
/// schedule that is freed (a cancellation or an expired hold) after they joined and is earlier than their appointment
/// is offered to the waitlist one entry at a time, in order of joining: the slot is held for that resident (a real
/// hold, so the database still decides capacity) for a short window; accepting moves their appointment into the held
/// slot (the hold becomes the appointment — the slot is not taken twice); declining or letting it expire passes the
/// slot on to the next entry.
/// </summary>
internal sealed partial class WaitlistService(
    PolkuDb db,
    UnitOfWork unit,
    TimeProvider time,
    BookingService booking,
    BookingRights rights,
    AppointmentJournal journal,
    AppointmentNotices notices,
    WaitlistNotices offers,
    AppointmentEvents events,
    IOptions<WaitlistOptions> options)
{
    /// <summary>Puts the resident's booked, upcoming appointment on the waitlist (asking twice is the same entry).</summary>
    public Task<Result<WaitlistEntry>> JoinAsync(Guid appointmentId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(c => JoinInUnitAsync(appointmentId, residentId, c), ct);

    private async Task<Result<WaitlistEntry>> JoinInUnitAsync(Guid appointmentId, Guid residentId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.ResidentId == residentId, ct);
        if (appointment is null)
        {
            return Error.NotFound("booking.not_found");
        }

        if (appointment.Status != AppointmentStatus.Booked || appointment.StartUtc <= now)
        {
            return Error.Conflict("booking.pages.waitlist.not_possible");
        }

        if (await db.Set<WaitlistEntry>().AsNoTracking()
                .FirstOrDefaultAsync(w => w.AppointmentId == appointmentId && (w.State == WaitlistState.Waiting || w.State == WaitlistState.Offered), ct) is { } open)
        {
            return open;
        }

        // The entry's id is the appointment's: a double submit collides on the primary key instead of queueing twice,
        // and joining again after an expired offer puts the same entry back at the end of the line.
        var rejoined = await db.Set<WaitlistEntry>()
            .Where(w => w.Id == appointmentId && (w.State == WaitlistState.Expired || w.State == WaitlistState.Cancelled))
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Waiting).SetProperty(w => w.CreatedUtc, now)
                .SetProperty(w => w.OfferedSlotId, (Guid?)null).SetProperty(w => w.OfferUntilUtc, (DateTime?)null)
                .SetProperty(w => w.AppointmentId, appointmentId).SetProperty(w => w.Version, w => w.Version + 1), ct);
        if (rejoined == 0)
        {
            var added = new WaitlistEntry
            {
                Id = appointmentId,
                ResidentId = residentId,
                AppointmentId = appointmentId,
                ScheduleId = appointment.ScheduleId,
                State = WaitlistState.Waiting,
                CreatedUtc = now,
            };
            db.Set<WaitlistEntry>().Add(added);
            try
            {
                // Flushed here (EF keeps a savepoint around it in the unit), so a double submit's collision is caught
                // and the unit carries on to read the entry the other request made.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.Entry(added).State = EntityState.Detached;
            }
        }

        return await db.Set<WaitlistEntry>().AsNoTracking()
            .FirstOrDefaultAsync(w => w.AppointmentId == appointmentId && (w.State == WaitlistState.Waiting || w.State == WaitlistState.Offered), ct) is { } entry
            ? entry
            : Error.Conflict("booking.pages.waitlist.not_possible");
    }

    /// <summary>Leaves the waitlist; an open offer is declined first so the slot goes on to the next one.</summary>
    public Task<Result<bool>> LeaveAsync(Guid entryId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            var entry = await db.Set<WaitlistEntry>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId && w.ResidentId == residentId, ct);
            if (entry is null)
            {
                return Result<bool>.Fail(Error.NotFound("booking.not_found"));
            }

            if (entry.State == WaitlistState.Offered)
            {
                // Joins this unit; an offer already gone is undone to its savepoint and leaving goes on.
                await DeclineAsync(entryId, residentId, ct);
            }

            await db.Set<WaitlistEntry>().Where(w => w.Id == entryId && w.State == WaitlistState.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Cancelled).SetProperty(w => w.Version, w => w.Version + 1), ct);
            return Result<bool>.Ok(true);
        }, ct);

    /// <summary>The resident's waitlist entries that are waiting or have an open offer.</summary>
    public async Task<IReadOnlyList<WaitlistEntry>> OpenEntriesAsync(Guid residentId, CancellationToken ct) =>
        await db.Set<WaitlistEntry>().AsNoTracking()
            .Where(w => w.ResidentId == residentId && (w.State == WaitlistState.Waiting || w.State == WaitlistState.Offered))
            .ToListAsync(ct);

    /// <summary>The resident's open offers with the held appointment (time and place of the offered slot).</summary>
    public async Task<IReadOnlyList<OpenOffer>> OffersAsync(Guid residentId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var entries = await db.Set<WaitlistEntry>().AsNoTracking()
            .Where(w => w.ResidentId == residentId && w.State == WaitlistState.Offered && w.OfferUntilUtc > now).ToListAsync(ct);
        var result = new List<OpenOffer>();
        foreach (var entry in entries)
        {
            var offer = await db.Set<WaitlistOffer>().AsNoTracking().FirstOrDefaultAsync(o => o.EntryId == entry.Id && o.SlotId == entry.OfferedSlotId && o.Outcome == null, ct);
            if (offer is not null
                && await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == offer.HoldAppointmentId && a.Status == AppointmentStatus.Held, ct) is { } hold)
            {
                result.Add(new OpenOffer(entry, hold));
            }
        }

        return result;
    }

    /// <summary>
    /// Accepts an offer: in one transaction the held slot becomes the resident's appointment and the old one is
    /// cancelled as moved (its slot freed, its booking right carried over). The held slot's capacity was taken by the
    /// hold, so it is converted, never taken a second time.
    /// </summary>
    public Task<Result<Appointment>> AcceptAsync(Guid entryId, Guid residentId, Actor by, CancellationToken ct) =>
        unit.RunAsync(c => AcceptInUnitAsync(entryId, residentId, by, c), ct);

    private async Task<Result<Appointment>> AcceptInUnitAsync(Guid entryId, Guid residentId, Actor by, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var entry = await db.Set<WaitlistEntry>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId && w.ResidentId == residentId, ct);
        if (entry is null)
        {
            return Error.NotFound("booking.not_found");
        }

        if (entry.State != WaitlistState.Offered || entry.OfferUntilUtc < now)
        {
            return Error.Conflict("booking.pages.waitlist.offer_gone");
        }

        var offer = await db.Set<WaitlistOffer>().AsNoTracking().FirstOrDefaultAsync(o => o.EntryId == entryId && o.SlotId == entry.OfferedSlotId && o.Outcome == null, ct);
        var old = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == entry.AppointmentId, ct);
        if (offer is null || old is null)
        {
            return Error.Conflict("booking.pages.waitlist.offer_gone");
        }

        var converted = await db.Set<Appointment>()
            .Where(a => a.Id == offer.HoldAppointmentId && a.ResidentId == residentId && a.Status == AppointmentStatus.Held)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Booked)
                .SetProperty(a => a.HoldUntilUtc, (DateTime?)null)
                .SetProperty(a => a.BookedUtc, now)
                .SetProperty(a => a.RescheduledFromId, old.Id)
                .SetProperty(a => a.BookingRightId, old.BookingRightId)
                .SetProperty(a => a.OverrideReason, old.OverrideReason)
                .SetProperty(a => a.Channel, old.Channel)
                .SetProperty(a => a.BookedByKind, old.BookedByKind)
                .SetProperty(a => a.BookedById, old.BookedById)
                .SetProperty(a => a.Version, a => a.Version + 1), ct);
        if (converted == 0)
        {
            return Error.Conflict("booking.pages.waitlist.offer_gone");
        }

        var cancelled = await booking.CancelAsRescheduledAsync(old, by, now, ct);
        var accepted = await db.Set<WaitlistEntry>().Where(w => w.Id == entryId && w.Version == entry.Version && w.State == WaitlistState.Offered)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Accepted).SetProperty(w => w.Version, w => w.Version + 1), ct);
        if (!cancelled || accepted == 0)
        {
            return Error.Conflict("booking.changed_meanwhile");
        }

        await booking.ReleaseAsync(old.SlotId, ct);
        await rights.MoveAsync(old.Id, offer.HoldAppointmentId, ct);
        await db.Set<WaitlistOffer>().Where(o => o.Id == offer.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Outcome, WaitlistOfferOutcome.Accepted).SetProperty(o => o.DecidedUtc, now), ct);
        await db.Set<WaitlistEntry>().Where(w => w.AppointmentId == old.Id && w.State == WaitlistState.Waiting)
            .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Cancelled).SetProperty(w => w.Version, w => w.Version + 1), ct);
        var moved = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == offer.HoldAppointmentId, ct);
        booking.History(old.Id, "moved", by, moved.Id.ToString());
        booking.History(moved.Id, "moved-here", by, old.Id.ToString());
        booking.History(moved.Id, "waitlist-accepted", by, null);
        await journal.RecordAsync("appointment.rescheduled", moved, "self-booking", digital: true, ct, outcome: by.Kind.ToString().ToLowerInvariant());
        await journal.RecordAsync("appointment.waitlist.accepted", moved, "self-booking", digital: true, ct);
        await notices.ChangedAsync(moved, old, by, ct);
        events.Changed(moved, "appointment.moved");
        return moved;
    }

    /// <summary>Declines an offer: the resident stays on the waitlist (this slot is never offered to them again) and the slot goes on.</summary>
    public Task<Result<bool>> DeclineAsync(Guid entryId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            var entry = await db.Set<WaitlistEntry>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == entryId && w.ResidentId == residentId, ct);
            if (entry is null)
            {
                return Result<bool>.Fail(Error.NotFound("booking.not_found"));
            }

            var offer = await db.Set<WaitlistOffer>().AsNoTracking().FirstOrDefaultAsync(o => o.EntryId == entryId && o.SlotId == entry.OfferedSlotId && o.Outcome == null, ct);
            var back = await db.Set<WaitlistEntry>().Where(w => w.Id == entryId && w.State == WaitlistState.Offered && w.Version == entry.Version)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Waiting).SetProperty(w => w.OfferedSlotId, (Guid?)null)
                    .SetProperty(w => w.OfferUntilUtc, (DateTime?)null).SetProperty(w => w.Version, w => w.Version + 1), ct);
            if (back == 0 || offer is null)
            {
                return Result<bool>.Fail(Error.Conflict("booking.pages.waitlist.offer_gone"));
            }

            await CloseOfferAsync(offer, WaitlistOfferOutcome.Declined, ct);
            return Result<bool>.Ok(true);
        }, ct);
}
