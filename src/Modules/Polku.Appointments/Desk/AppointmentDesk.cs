using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Appointments.Desk;

/// <summary>
/// The professional's actions on one appointment and on slots: mark completed with an outcome, mark no-show, block and
/// unblock time. Every status change is one conditional UPDATE on the status and version the professional saw, so of two
/// professionals acting at once exactly one wins and the other is told the appointment changed meanwhile.
/// </summary>
internal sealed class AppointmentDesk(PolkuDb db, UnitOfWork unit, TimeProvider time, BookingService booking, AppointmentJournal journal, AppointmentEvents events)
{
    public const int MaxOutcome = 1000;
    public const int MaxBlockReason = 300;

    /// <summary>Marks the appointment completed with the professional's outcome (no diagnosis codes: free text).</summary>
    public Task<Result<Appointment>> CompleteAsync(Guid id, int version, Actor by, string? outcome, CancellationToken ct)
    {
        outcome = outcome?.Trim();
        if (string.IsNullOrEmpty(outcome))
        {
            return Task.FromResult<Result<Appointment>>(Error.Validation("appointments.desk.outcome_required", "outcome"));
        }

        if (outcome.Length > MaxOutcome)
        {
            return Task.FromResult<Result<Appointment>>(Error.Validation("appointments.desk.outcome_too_long", "outcome"));
        }

        return TransitionAsync(id, version, by, AppointmentStatus.Completed, outcome, "completed", "appointment.completed", ct);
    }

    /// <summary>The resident did not come (or did not join the video room).</summary>
    public Task<Result<Appointment>> NoShowAsync(Guid id, int version, Actor by, CancellationToken ct) =>
        TransitionAsync(id, version, by, AppointmentStatus.NoShow, null, "no-show", "appointment.no-show", ct);

    private async Task<Result<Appointment>> TransitionAsync(
        Guid id, int version, Actor by, AppointmentStatus to, string? outcome, string historyKind, string eventType, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var current = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (current is null)
        {
            return Error.NotFound("booking.not_found");
        }

        if (current.StartUtc > now)
        {
            return Error.Conflict("appointments.desk.not_started");
        }

        AppointmentStatus[] from = to == AppointmentStatus.Completed
            ? [AppointmentStatus.Booked, AppointmentStatus.CheckedIn, AppointmentStatus.InProgress]
            : [AppointmentStatus.Booked, AppointmentStatus.CheckedIn];
        return await unit.RunAsync(async ct =>
        {
            var changed = await db.Set<Appointment>()
                .Where(a => a.Id == id && a.Version == version && from.Contains(a.Status))
                .ExecuteUpdateAsync(
                    u =>
                    {
                        u.SetProperty(a => a.Status, to).SetProperty(a => a.Version, a => a.Version + 1);
                        if (to == AppointmentStatus.Completed)
                        {
                            u.SetProperty(a => a.Outcome, outcome).SetProperty(a => a.CompletedUtc, (DateTime?)now);
                        }
                    },
                    ct);
            if (changed == 0)
            {
                return Result<Appointment>.Fail(Error.Conflict("booking.changed_meanwhile"));
            }

            var appointment = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == id, ct);
            booking.History(id, historyKind, by, null);
            await journal.RecordAsync(eventType, appointment, appointment.Channel, digital: appointment.Mode != AppointmentMode.InPerson, ct,
                outcome: Api.Modes.Name(appointment.Mode), detail: appointment.BookedByKind.ToString().ToLowerInvariant());
            events.Changed(appointment, eventType);
            return Result<Appointment>.Ok(appointment);
        }, ct);
    }

    /// <summary>
    /// Blocks the free slots of a unit (optionally one professional's) that start in [from, to) with a reason. A range with
    /// a booked or held slot is refused as a whole (<c>appointments.desk.block_booked</c>, the booked slots listed): the
    /// appointment must be moved first. The free slots are blocked in one conditional UPDATE (<c>taken = 0</c>), so a booking
    /// racing the block either wins before it (and the block is refused) or finds the slot blocked.
    /// </summary>
    public async Task<Result<int>> BlockAsync(Guid unitId, Guid? staffId, Guid? slotId, DateTime fromUtc, DateTime toUtc, string? reason, List<Slot> booked, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return Error.Validation("appointments.desk.block_reason_required", "reason");
        }

        if (reason.Length > MaxBlockReason)
        {
            return Error.Validation("appointments.desk.block_reason_too_long", "reason");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await unit.RunAsync(async ct =>
        {
            booked.Clear();
            var range = Range(unitId, staffId, slotId, fromUtc, toUtc).Where(s => s.StartUtc > now && !s.Blocked);
            var blocked = await range.Where(s => s.Taken == 0)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Blocked, true).SetProperty(s => s.BlockReason, reason)
                    .SetProperty(s => s.Version, s => s.Version + 1), ct);
            booked.AddRange(await range.Where(s => s.Taken > 0).AsNoTracking().OrderBy(s => s.StartUtc).ToListAsync(ct));
            if (booked.Count > 0)
            {
                return Result<int>.Fail(Error.Conflict("appointments.desk.block_booked"));
            }

            if (blocked == 0)
            {
                return Result<int>.Fail(Error.Validation("appointments.desk.block_nothing", "date"));
            }

            return Result<int>.Ok(blocked);
        }, ct);
    }

    /// <summary>Opens blocked slots again; returns how many.</summary>
    public async Task<int> UnblockAsync(Guid unitId, Guid? staffId, Guid? slotId, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await unit.RunAsync(ct => Range(unitId, staffId, slotId, fromUtc, toUtc).Where(s => s.Blocked && s.StartUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Blocked, false).SetProperty(s => s.BlockReason, (string?)null)
                .SetProperty(s => s.Version, s => s.Version + 1), ct), static _ => true, ct);
    }

    private IQueryable<Slot> Range(Guid unitId, Guid? staffId, Guid? slotId, DateTime fromUtc, DateTime toUtc)
    {
        var q = db.Set<Slot>().Where(s => s.UnitId == unitId);
        if (slotId is { } id)
        {
            return q.Where(s => s.Id == id);
        }

        q = q.Where(s => s.StartUtc >= fromUtc && s.StartUtc < toUtc);
        return staffId is { } staff ? q.Where(s => s.StaffId == staff) : q;
    }

    /// <summary>The appointment's whole history, across the moves that made it (the chain of rescheduled appointments).</summary>
    public async Task<IReadOnlyList<AppointmentChange>> HistoryAsync(Appointment appointment, CancellationToken ct)
    {
        var ids = new List<Guid> { appointment.Id };
        var from = appointment.RescheduledFromId;
        while (from is { } previous && ids.Count < 50 && !ids.Contains(previous))
        {
            ids.Add(previous);
            from = await db.Set<Appointment>().AsNoTracking().Where(a => a.Id == previous).Select(a => a.RescheduledFromId).FirstOrDefaultAsync(ct);
        }

        return await db.Set<AppointmentChange>().AsNoTracking().Where(c => ids.Contains(c.AppointmentId))
            .OrderBy(c => c.AtUtc).ThenBy(c => c.Id).ToListAsync(ct);
    }
}
