using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Platform.Results;

namespace Polku.Appointments.Booking;

// Changes to a booked appointment: cancel, reschedule (also the waitlist's move), the deadline and the history entries.
internal sealed partial class BookingService
{
    /// <summary>
    /// Cancels. A resident (or guardian) may cancel until the schedule's notice (default 24 h) before the start —
    /// inside it <c>booking.too_late_to_cancel</c>; a professional or the system may cancel any time. Who and why are
    /// recorded; the freed place goes to the waitlist.
    /// </summary>
    public async Task<Result<Appointment>> CancelAsync(Guid appointmentId, Actor by, string? reason, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return Error.Validation("booking.reason_required", "reason");
        }

        if (reason.Length > 500)
        {
            return Error.Validation("booking.reason_too_long", "reason");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await unit.RunAsync(async ct =>
        {
            var current = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
            if (current is null)
            {
                return Result<Appointment>.Fail(Error.NotFound("booking.not_found"));
            }

            if (by.IsResidentSide && await CancelDeadlineAsync(current, ct) is { } deadline && now > deadline)
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.too_late_to_cancel"));
            }

            var changed = await db.Set<Appointment>()
                .Where(a => a.Id == appointmentId && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Held || a.Status == AppointmentStatus.CheckedIn))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled)
                    .SetProperty(a => a.CancelledUtc, now)
                    .SetProperty(a => a.CancelledByKind, by.Kind)
                    .SetProperty(a => a.CancelledById, by.Id)
                    .SetProperty(a => a.CancelReason, reason)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
            if (changed == 0)
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.not_cancellable"));
            }

            await ReleaseAsync(current.SlotId, ct);
            await rights.ReleaseAsync(appointmentId, ct);
            var appointment = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == appointmentId, ct);
            History(appointment.Id, "cancelled", by, reason);
            await db.Set<WaitlistEntry>().Where(w => w.AppointmentId == appointmentId && w.State == WaitlistState.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.State, WaitlistState.Cancelled).SetProperty(w => w.Version, w => w.Version + 1), ct);
            if (current.Status != AppointmentStatus.Held)
            {
                await journal.RecordAsync("appointment.cancelled", appointment, Channel(by), digital: by.IsResidentSide, ct, outcome: by.Kind.ToString().ToLowerInvariant());
                await notices.CancelledAsync(appointment, by, ct);
            }

            events.Changed(appointment, "appointment.cancelled");
            return Result<Appointment>.Ok(appointment);
        }, ct);
    }

    /// <summary>
    /// Moves an appointment to another slot: the new slot is taken first (so a taken slot leaves the old appointment
    /// untouched), then the old one is released. A resident must be outside the cancellation notice.
    /// </summary>
    public async Task<Result<Appointment>> RescheduleAsync(Guid appointmentId, Guid newSlotId, Actor by, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await unit.RunAsync(async ct =>
        {
            var old = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
            if (old is null)
            {
                return Result<Appointment>.Fail(Error.NotFound("booking.not_found"));
            }

            if (old.Status is not (AppointmentStatus.Booked or AppointmentStatus.CheckedIn))
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.not_cancellable"));
            }

            if (by.IsResidentSide && await CancelDeadlineAsync(old, ct) is { } deadline && now > deadline)
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.too_late_to_change"));
            }

            var slot = await db.Set<Slot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == newSlotId, ct);
            if (slot is null)
            {
                return Result<Appointment>.Fail(Error.NotFound("booking.slot_unknown"));
            }

            if (slot.ServiceCode != old.ServiceCode && by.IsResidentSide)
            {
                return Result<Appointment>.Fail(Error.Validation("booking.slot_other_service", "slotId"));
            }

            if (!await TryTakeSlotAsync(newSlotId, now, ct))
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.slot_taken"));
            }

            if (!await CancelAsRescheduledAsync(old, by, now, ct))
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.changed_meanwhile"));
            }

            await ReleaseAsync(old.SlotId, ct);
            var moved = NewAppointment(slot, old.ResidentId, by, old.Channel, AppointmentStatus.Booked, now, old.Language);
            moved.BookingRightId = old.BookingRightId;
            moved.OverrideReason = old.OverrideReason;
            moved.RescheduledFromId = old.Id;
            moved.BookedByKind = old.BookedByKind;
            moved.BookedById = old.BookedById;
            db.Set<Appointment>().Add(moved);
            await rights.MoveAsync(old.Id, moved.Id, ct);
            History(old.Id, "moved", by, moved.Id.ToString());
            History(moved.Id, "moved-here", by, old.Id.ToString());
            await db.Set<WaitlistEntry>().Where(w => w.AppointmentId == old.Id && w.State == WaitlistState.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.AppointmentId, moved.Id).SetProperty(w => w.Version, w => w.Version + 1), ct);
            await journal.RecordAsync("appointment.rescheduled", moved, Channel(by), digital: by.IsResidentSide, ct, outcome: by.Kind.ToString().ToLowerInvariant());
            await notices.ChangedAsync(moved, old, by, ct);
            events.Changed(moved, "appointment.moved");
            return Result<Appointment>.Ok(moved);
        }, ct);
    }

    /// <summary>
    /// Cancels the appointment a move replaces (in the running unit): one conditional UPDATE on the version the caller
    /// read, while it is still booked or checked in. False when it changed meanwhile. Its slot, booking right and
    /// waitlist entries are the caller's to move.
    /// </summary>
    public async Task<bool> CancelAsRescheduledAsync(Appointment old, Actor by, DateTime now, CancellationToken ct) =>
        await db.Set<Appointment>()
            .Where(a => a.Id == old.Id && a.Version == old.Version && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.CheckedIn))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled)
                .SetProperty(a => a.CancelledUtc, now)
                .SetProperty(a => a.CancelledByKind, by.Kind)
                .SetProperty(a => a.CancelledById, by.Id)
                .SetProperty(a => a.CancelReason, "rescheduled")
                .SetProperty(a => a.Version, a => a.Version + 1), ct) == 1;

    /// <summary>The latest moment the resident may cancel or reschedule themselves.</summary>
    public async Task<DateTime?> CancelDeadlineAsync(Appointment appointment, CancellationToken ct)
    {
        if (!_noticeHours.TryGetValue(appointment.ScheduleId, out var hours))
        {
            hours = await db.Set<Schedule>().Where(s => s.Id == appointment.ScheduleId).Select(s => (int?)s.CancelNoticeHours).FirstOrDefaultAsync(ct) ?? 24;
        }

        return appointment.StartUtc.AddHours(-hours);
    }

    /// <summary>Adds a history entry to the unit of work.</summary>
    public void History(Guid appointmentId, string kind, Actor by, string? detail) =>
        db.Set<AppointmentChange>().Add(new AppointmentChange
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            AppointmentId = appointmentId,
            AtUtc = time.GetUtcNow().UtcDateTime,
            Kind = kind,
            ByKind = by.Kind,
            ById = by.Id,
            Detail = detail,
        });

    private static string Channel(Actor by) => by.Kind == ActorKind.Professional ? "on-behalf" : "self-booking";
}
