using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Audit;
using Polku.Platform.Idempotency;
using Polku.Platform.Journal;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Appointments.Booking;

/// <summary>What a booking asks for.</summary>
/// <param name="SlotId">The slot.</param>
/// <param name="ResidentId">Whose appointment it is.</param>
/// <param name="By">Who books: the resident, a guardian or a professional.</param>
/// <param name="Channel"><c>self-booking</c>, <c>on-behalf</c> or <c>api</c>.</param>
/// <param name="IdempotencyKey">A repeated request with the same (caller-scoped) key returns the first appointment; the key
/// reused for another request is <c>request.idempotency_key_reused</c>.</param>
/// <param name="OverrideReason">A professional books without a booking right and says why.</param>
/// <param name="Language">The resident's language for notices.</param>
internal sealed record BookingRequest(
    Guid SlotId, Guid ResidentId, Actor By, string Channel, IdempotencyKey? IdempotencyKey = null, string? OverrideReason = null, string Language = "fi");

/// <summary>
/// Books, holds, confirms, moves and cancels appointments. The slot's capacity is taken only by one conditional
/// UPDATE (<c>taken = taken + 1 WHERE taken &lt; capacity</c>) inside the unit of work that writes the appointment,
/// so the database decides who wins; everything else here is rules around it. Every change is one
/// <see cref="UnitOfWork"/> (joining the caller's when there is one): the appointment, its history, the service event,
/// the notices and the live events commit together or not at all.
/// </summary>
/// <remarks>
/// This file takes slots (hold, book, confirm); cancelling and moving are in <c>BookingService.Changes.cs</c>, places
/// given back and expired holds in <c>BookingService.Slots.cs</c>.
/// </remarks>
internal sealed partial class BookingService(
    PolkuDb db,
    UnitOfWork unit,
    TimeProvider time,
    BookingRights rights,
    AppointmentJournal journal,
    AppointmentNotices notices,
    AppointmentEvents events,
    IdempotencyStore idempotency,
    AuditScope audit,
    PolkuMetrics metrics)
{
    /// <summary>Cancellation notices of the schedules whose slots this scope read (a booking's answer shows its deadline).</summary>
    private readonly Dictionary<Guid, int> _noticeHours = [];

    /// <summary>How long a chosen slot is held while the resident confirms.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(5);

    /// <summary>A joined booking lost an idempotency-key race: its unit is undone, then the winner is read.</summary>
    private const string RepeatRace = "booking.repeat_race";

    /// <summary>Holds a slot for the resident while they confirm; the hold expires by itself.</summary>
    public Task<Result<Appointment>> HoldAsync(BookingRequest request, CancellationToken ct) =>
        TakeAsync(request, AppointmentStatus.Held, ct);

    /// <summary>Books a slot at once (a professional on behalf, or the API's single-step booking).</summary>
    public Task<Result<Appointment>> BookAsync(BookingRequest request, CancellationToken ct) =>
        TakeAsync(request, AppointmentStatus.Booked, ct);

    /// <summary>
    /// Confirms a hold. Confirming twice returns the same appointment; a hold that has already expired is
    /// <c>booking.hold_expired</c> (the slot may be someone else's by now).
    /// </summary>
    public async Task<Result<Appointment>> ConfirmAsync(Guid appointmentId, Guid residentId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var confirmed = false;
        var result = await unit.RunAsync(async ct =>
        {
            confirmed = false;
            var changed = await db.Set<Appointment>()
                .Where(a => a.Id == appointmentId && a.ResidentId == residentId && a.Status == AppointmentStatus.Held)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Booked)
                    .SetProperty(a => a.HoldUntilUtc, (DateTime?)null)
                    .SetProperty(a => a.BookedUtc, now)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
            var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.ResidentId == residentId, ct);
            if (appointment is null)
            {
                return Result<Appointment>.Fail(Error.NotFound("booking.not_found"));
            }

            if (changed == 0)
            {
                // Nothing changed: a confirmed hold is answered as it is (the unit has nothing to commit).
                return appointment.Status switch
                {
                    AppointmentStatus.Expired => Result<Appointment>.Fail(Error.Conflict("booking.hold_expired")),
                    AppointmentStatus.Cancelled => Result<Appointment>.Fail(Error.Conflict("booking.cancelled")),
                    _ => Result<Appointment>.Ok(appointment),
                };
            }

            await AfterBookedAsync(appointment, ct);
            events.Changed(appointment, "appointment.booked");
            confirmed = true;
            return Result<Appointment>.Ok(appointment);
        }, ct);
        if (confirmed && result.Value is { } booked)
        {
            metrics.Booked(booked.Channel);
        }

        return result;
    }

    private async Task<Result<Appointment>> TakeAsync(BookingRequest request, AppointmentStatus status, CancellationToken ct)
    {
        // Idempotency is insert-first: the key's row is written with the appointment and its unique index catches a
        // repeat, so a first request costs no lookup. Inside another unit (a waitlist offer) the rows are flushed
        // within this one, so that a repeat undoes only this part; on its own the unit's final save writes them in
        // one batch and a repeat surfaces from the unit itself, rolled back as a whole.
        var joined = unit.IsActive;
        var taken = new StrongBox<bool>();
        Result<Appointment> result;
        try
        {
            result = await unit.RunAsync(c => TakeInUnitAsync(request, status, joined, taken, c), ct);
        }
        catch (DbUpdateException) when (request.IdempotencyKey is not null && !joined)
        {
            // The same key was used before (or committed concurrently): this unit, with its slot update, rolled back.
            // The audit rows the unit was about to commit went with it: the attempt is still audited, by the request.
            audit.Touch(request.ResidentId, AuditAccess.Change);
            return await RepeatedAsync(request.IdempotencyKey, ct) ?? Result<Appointment>.Fail(Error.Conflict("booking.slot_taken"));
        }

        if (result.Error is { } failed && request.IdempotencyKey is { } key)
        {
            // A booking that did not go through may be a repeat: it answers as its first request did (the first
            // appointment, or 422 for a key reused for another request) — the key is looked up only on this path.
            return await RepeatedAsync(key, ct) ?? (failed.Code == RepeatRace ? Result<Appointment>.Fail(Error.Conflict("booking.slot_taken")) : result);
        }

        if (taken.Value && status == AppointmentStatus.Booked)
        {
            metrics.Booked(result.Value!.Channel);
        }

        return result;
    }

    private async Task<Result<Appointment>> TakeInUnitAsync(BookingRequest request, AppointmentStatus status, bool flush, StrongBox<bool> taken, CancellationToken ct)
    {
        taken.Value = false;
        if (request.OverrideReason is { Length: > 500 })
        {
            return Error.Validation("booking.reason_too_long", "overrideReason");
        }

        var now = time.GetUtcNow().UtcDateTime;
        // The schedule's cancellation notice comes along: the answer to a booking shows its cancellation deadline.
        var read = await db.Set<Slot>().AsNoTracking().Where(s => s.Id == request.SlotId)
            .Select(s => new { Slot = s, Hours = db.Set<Schedule>().Where(x => x.Id == s.ScheduleId).Select(x => (int?)x.CancelNoticeHours).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (read?.Slot is not { } slot)
        {
            return Error.NotFound("booking.slot_unknown");
        }

        _noticeHours[slot.ScheduleId] = read.Hours ?? 24;
        if (slot.StartUtc <= now || (request.By.IsResidentSide && slot.ClosesUtc < now))
        {
            return Error.Conflict("booking.slot_past");
        }

        BookingRight? right = null;
        if (!slot.OpenBooking)
        {
            right = await rights.FindUsableAsync(request.ResidentId, slot, ct);
            // A professional may book without a right when they say why; so may the system (a waitlist offer holds a
            // slot for a resident whose right is already used by the appointment the offer would replace).
            if (right is null && !(request.By.Kind is ActorKind.Professional or ActorKind.System && !string.IsNullOrWhiteSpace(request.OverrideReason)))
            {
                return request.By.Kind == ActorKind.Professional
                    ? Error.Validation("booking.override_reason_required", "overrideReason")
                    : Error.Forbidden("booking.no_right");
            }
        }

        if (!await TryTakeSlotAsync(slot.Id, now, ct))
        {
            // (A repeat of a request that won this very slot a moment ago is answered with its first appointment
            // once this unit has failed: see TakeAsync.)
            // A hold whose time is up may still count: release such holds on this slot and try once more, in this
            // same unit (a failure undoes the release too; the housekeeping job releases them anyway).
            var released = 0;
            foreach (var hold in await ExpiredHoldsAsync(slot.Id, ct))
            {
                released += await ExpireAsync(hold.Id, hold.SlotId, ct);
            }

            if (released == 0 || !await TryTakeSlotAsync(slot.Id, now, ct))
            {
                return Error.Conflict("booking.slot_taken");
            }
        }

        var appointment = NewAppointment(slot, request.ResidentId, request.By, request.Channel, status, now, request.Language);
        appointment.BookingRightId = right?.Id;
        appointment.OverrideReason = right is null && !slot.OpenBooking ? request.OverrideReason?.Trim() : null;
        appointment.HoldUntilUtc = status == AppointmentStatus.Held ? now + HoldFor : null;
        db.Set<Appointment>().Add(appointment);
        if (request.IdempotencyKey is { } remembered)
        {
            idempotency.Remember(remembered, appointment.Id.ToString());
        }

        History(appointment.Id, status == AppointmentStatus.Held ? "held" : "booked", request.By, appointment.OverrideReason);
        if (status == AppointmentStatus.Booked)
        {
            await AfterBookedAsync(appointment, ct);
        }

        if (flush && request.IdempotencyKey is not null)
        {
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same key committed concurrently: undo this part (the slot update with it), then read the winner.
                return Error.Conflict(RepeatRace);
            }
        }

        events.Changed(appointment, status == AppointmentStatus.Held ? "appointment.held" : "appointment.booked");
        taken.Value = true;
        return appointment;
    }

    /// <summary>The one statement that decides a race: raises <c>taken</c> only while below capacity.</summary>
    private async Task<bool> TryTakeSlotAsync(Guid slotId, DateTime now, CancellationToken ct) =>
        await db.Set<Slot>()
            .Where(s => s.Id == slotId && s.Taken < s.Capacity && !s.Blocked && s.StartUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Taken, s => s.Taken + 1).SetProperty(s => s.Version, s => s.Version + 1), ct) == 1;


    private async Task AfterBookedAsync(Appointment appointment, CancellationToken ct)
    {
        // Where the right to book came from (spec 05: the share of bookings residents make themselves, and the path
        // assessment → booking): an assessment, a professional's invitation, or none — an open service or the desk.
        var source = "open";
        if (appointment.BookingRightId is { } rightId)
        {
            await rights.MarkUsedAsync(rightId, appointment.Id, ct);
            source = await db.Set<BookingRight>().Where(r => r.Id == rightId).Select(r => r.Source).FirstOrDefaultAsync(ct) == BookingRightSource.Invitation
                ? "invitation" : "assessment";
        }
        else if (appointment.BookedByKind == ActorKind.Professional)
        {
            source = "desk";
        }

        await journal.RecordAsync("appointment.booked", appointment, appointment.Channel, digital: appointment.BookedByKind != ActorKind.Professional, ct,
            outcome: appointment.Mode.ToString().ToLowerInvariant(), detail: "source:" + source);
        await notices.ConfirmedAsync(appointment, ct);
    }

    /// <summary>The appointment a repeated key made, or the error for a key reused; null when the key is new.</summary>
    private async Task<Result<Appointment>?> RepeatedAsync(IdempotencyKey key, CancellationToken ct)
    {
        var seen = await idempotency.FindAsync(key, ct);
        if (seen.Match == IdempotencyMatch.Reused)
        {
            return IdempotencyLookup.ReusedError;
        }

        if (seen.Match == IdempotencyMatch.Repeat && Guid.TryParse(seen.ResourceId, out var id)
            && await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } first)
        {
            return first;
        }

        return null;
    }

    private static Appointment NewAppointment(Slot slot, Guid residentId, Actor by, string channel, AppointmentStatus status, DateTime now, string language) => new()
    {
        Id = Guid.CreateVersion7(new DateTimeOffset(now, TimeSpan.Zero)),
        SlotId = slot.Id,
        ResidentId = residentId,
        ScheduleId = slot.ScheduleId,
        UnitId = slot.UnitId,
        StaffId = slot.StaffId,
        ServiceCode = slot.ServiceCode,
        Mode = slot.Mode,
        StartUtc = slot.StartUtc,
        EndUtc = slot.EndUtc,
        Status = status,
        BookedByKind = by.Kind,
        BookedById = by.Id,
        Channel = channel,
        Language = language,
        CreatedUtc = now,
        BookedUtc = status == AppointmentStatus.Booked ? now : null,
        VideoRoomId = slot.Mode == AppointmentMode.Video ? Guid.NewGuid().ToString("N") : null,
    };
}
