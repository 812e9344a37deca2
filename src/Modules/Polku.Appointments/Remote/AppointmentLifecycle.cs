using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Identity.Contracts;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Appointments.Remote;

/// <summary>
/// Vastaanoton kulku — an appointment's life after booking: checked in (the resident joins the waiting room),
/// in progress (a professional admits them), completed with an outcome, or a no-show. Every transition is one
/// conditional UPDATE on the current status, so of two professionals admitting at once exactly one wins and the
/// other is told; history, the service event and the live events follow the winner only.
/// </summary>
internal sealed partial class AppointmentLifecycle(
    PolkuDb db,
    UnitOfWork unit,
    TimeProvider time,
    BookingService booking,
    AppointmentJournal journal,
    AppointmentEvents events,
    IPeopleDirectory people,
    IVideoRooms rooms,
    IOptions<RemoteOptions> options,
    ILogger<AppointmentLifecycle> log)
{
    public const int NoteMaxLength = 300;
    public const int OutcomeMaxLength = 1000;

    /// <summary>From when the resident may join (check in).</summary>
    public DateTime JoinOpensUtc(Appointment appointment) => appointment.StartUtc.AddMinutes(-options.Value.JoinOpensMinutes);

    /// <summary>
    /// The resident (or a guardian for a ward) joins the waiting room of a remote appointment: Booked → CheckedIn from
    /// <see cref="RemoteOptions.JoinOpensMinutes"/> before the start until its end. Joining again is harmless and
    /// returns the appointment as it is.
    /// </summary>
    public async Task<Result<Appointment>> CheckInAsync(Guid appointmentId, Guid residentId, Actor by, CancellationToken ct)
    {
        var now = Now;
        var current = await FindAsync(appointmentId, ct);
        if (current is null || current.ResidentId != residentId || !by.IsResidentSide)
        {
            return Error.NotFound("appointments.remote.not_found");
        }

        if (current.Mode != AppointmentMode.Video)
        {
            return Error.Conflict("appointments.remote.not_remote");
        }

        if (current.Status is AppointmentStatus.CheckedIn or AppointmentStatus.InProgress)
        {
            return current;
        }

        if (current.Status != AppointmentStatus.Booked)
        {
            return StatusError(current.Status);
        }

        if (now < JoinOpensUtc(current))
        {
            return Error.Conflict("appointments.remote.too_early");
        }

        if (now >= current.EndUtc)
        {
            return Error.Conflict("appointments.remote.ended");
        }

        return await TransitionAsync(current, [AppointmentStatus.Booked], AppointmentStatus.CheckedIn,
            u => u.SetProperty(a => a.CheckedInUtc, now),
            async a =>
            {
                booking.History(a.Id, "checked-in", by, null);
                await journal.RecordAsync("appointment.checked-in", a, "video", digital: true, ct, outcome: by.Kind.ToString().ToLowerInvariant());
            },
            "appointment.checked-in", ct);
    }

    /// <summary>
    /// A professional of the unit admits the waiting resident: CheckedIn → InProgress, the professional recorded as
    /// the one who may open the room with the resident. A second professional gets <c>appointments.remote.already_admitted</c>;
    /// the same professional admitting again gets the appointment back (a double click, a retry).
    /// </summary>
    public async Task<Result<Appointment>> AdmitAsync(Guid appointmentId, Guid staffId, CancellationToken ct)
    {
        var now = Now;
        var current = await FindAsync(appointmentId, ct);
        if (current is null || !await IsStaffOfUnitAsync(staffId, current.UnitId, ct))
        {
            return Error.NotFound("appointments.remote.not_found");
        }

        if (current.Mode != AppointmentMode.Video)
        {
            return Error.Conflict("appointments.remote.not_remote");
        }

        if (current.Status == AppointmentStatus.InProgress)
        {
            return await AdmittedByAsync(appointmentId, ct) == staffId ? current : Error.Conflict("appointments.remote.already_admitted");
        }

        if (current.Status == AppointmentStatus.Booked)
        {
            return Error.Conflict("appointments.remote.not_waiting");
        }

        if (current.Status != AppointmentStatus.CheckedIn)
        {
            return StatusError(current.Status);
        }

        var by = Actor.Professional(staffId);
        var result = await TransitionAsync(current, [AppointmentStatus.CheckedIn], AppointmentStatus.InProgress,
            u => u.SetProperty(a => a.StartedUtc, now),
            async a =>
            {
                db.Set<RemoteVisit>().Add(new RemoteVisit { AppointmentId = a.Id, AdmittedById = staffId, AdmittedUtc = now, Provider = rooms.Name });
                booking.History(a.Id, "admitted", by, null);
                await journal.RecordAsync("appointment.admitted", a, "video", digital: true, ct,
                    waitingSeconds: a.CheckedInUtc is { } since ? (int)Math.Max(0, (now - since).TotalSeconds) : null);
            },
            "appointment.admitted", ct);
        if (result.Error?.Code == "appointments.remote.changed")
        {
            // Lost the race: say who won in terms the professional understands.
            return await FindAsync(appointmentId, ct) is { Status: AppointmentStatus.InProgress }
                ? Error.Conflict("appointments.remote.already_admitted")
                : result;
        }

        if (result.Value is { } admitted)
        {
            // The room is made outside the transaction: a slow or broken video service never holds a database lock,
            // and the admission stands; the room is asked for again when someone opens it.
            await EnsureRoomAsync(admitted, ct);
        }

        return result;
    }

    /// <summary>A short note (at most 300 characters) from a professional of the unit to the resident who is waiting or about to.</summary>
    public async Task<Result<Appointment>> NoteAsync(Guid appointmentId, Guid staffId, string? note, CancellationToken ct)
    {
        note = note?.Trim();
        if (string.IsNullOrEmpty(note))
        {
            return Error.Validation("appointments.remote.note_required", "note");
        }

        if (note.Length > NoteMaxLength || note.Any(char.IsControl))
        {
            return Error.Validation(note.Length > NoteMaxLength ? "appointments.remote.note_too_long" : "appointments.remote.note_invalid", "note");
        }

        var current = await FindAsync(appointmentId, ct);
        if (current is null || !await IsStaffOfUnitAsync(staffId, current.UnitId, ct))
        {
            return Error.NotFound("appointments.remote.not_found");
        }

        if (current.Status is not (AppointmentStatus.Booked or AppointmentStatus.CheckedIn))
        {
            return StatusError(current.Status);
        }

        var by = Actor.Professional(staffId);
        return await TransitionAsync(current, [AppointmentStatus.Booked, AppointmentStatus.CheckedIn], null,
            u => u.SetProperty(a => a.WaitingNote, note),
            a =>
            {
                booking.History(a.Id, "note", by, note);
                return Task.CompletedTask;
            },
            "appointment.note", ct);
    }

    /// <summary>
    /// Completes the visit with an outcome (free text without diagnosis codes, at most 1000 characters). A remote
    /// appointment must be in progress; another mode may be completed from booked or checked in once its time has come.
    /// The professional must be one of the unit's; the video room is closed afterwards.
    /// </summary>
    public async Task<Result<Appointment>> CompleteAsync(Guid appointmentId, Guid staffId, string? outcome, CancellationToken ct)
    {
        outcome = outcome?.Trim();
        if (string.IsNullOrEmpty(outcome))
        {
            return Error.Validation("appointments.remote.outcome_required", "outcome");
        }

        if (outcome.Length > OutcomeMaxLength || outcome.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return Error.Validation(outcome.Length > OutcomeMaxLength ? "appointments.remote.outcome_too_long" : "appointments.remote.outcome_invalid", "outcome");
        }

        var now = Now;
        var current = await FindAsync(appointmentId, ct);
        if (current is null || !await IsStaffOfUnitAsync(staffId, current.UnitId, ct))
        {
            return Error.NotFound("appointments.remote.not_found");
        }

        AppointmentStatus[] from = current.Mode == AppointmentMode.Video
            ? [AppointmentStatus.InProgress]
            : [AppointmentStatus.Booked, AppointmentStatus.CheckedIn, AppointmentStatus.InProgress];
        if (Array.IndexOf(from, current.Status) < 0)
        {
            return current.Status is AppointmentStatus.Booked or AppointmentStatus.CheckedIn
                ? Error.Conflict("appointments.remote.not_admitted")
                : StatusError(current.Status);
        }

        if (now < JoinOpensUtc(current))
        {
            return Error.Conflict("appointments.remote.not_started");
        }

        var by = Actor.Professional(staffId);
        var result = await TransitionAsync(current, from, AppointmentStatus.Completed,
            u => u.SetProperty(a => a.CompletedUtc, now).SetProperty(a => a.Outcome, outcome).SetProperty(a => a.WaitingNote, (string?)null),
            async a =>
            {
                booking.History(a.Id, "completed", by, null);
                var started = a.StartedUtc ?? a.CheckedInUtc;
                await journal.RecordAsync("appointment.completed", a, a.Mode == AppointmentMode.Video ? "video" : Modes.Name(a.Mode), digital: a.Mode == AppointmentMode.Video, ct,
                    outcome: "completed", handlingSeconds: started is { } s ? (int)Math.Max(0, (now - s).TotalSeconds) : null);
            },
            "appointment.completed", ct);
        if (result.Value is { } done)
        {
            await CloseRoomAsync(done.Id, ct);
        }

        return result;
    }

    /// <summary>The professional who admitted the resident, or null.</summary>
    public async Task<Guid?> AdmittedByAsync(Guid appointmentId, CancellationToken ct) =>
        await db.Set<RemoteVisit>().AsNoTracking().Where(v => v.AppointmentId == appointmentId).Select(v => (Guid?)v.AdmittedById).FirstOrDefaultAsync(ct);

    /// <summary>Whether the professional works in the unit.</summary>
    public async Task<bool> IsStaffOfUnitAsync(Guid staffId, Guid unitId, CancellationToken ct) =>
        await people.FindStaffAsync(staffId, ct) is { } staff && staff.UnitIds.Contains(unitId);

    /// <summary>
    /// One conditional transition: the UPDATE succeeds only while the status is one of <paramref name="from"/>;
    /// then the side effects and the live event are added to the same unit of work and commit (or roll back) with it.
    /// </summary>
    private async Task<Result<Appointment>> TransitionAsync(
        Appointment current,
        AppointmentStatus[] from,
        AppointmentStatus? to,
        Action<UpdateSettersBuilder<Appointment>> set,
        Func<Appointment, Task> after,
        string eventType,
        CancellationToken ct)
    {
        return await unit.RunAsync(async ct =>
        {
            var status = to ?? current.Status;
            // Up to three source statuses as plain comparisons (no collection parameter), the same SQL on both engines.
            var (s0, s1, s2) = (from[0], from[Math.Min(1, from.Length - 1)], from[Math.Min(2, from.Length - 1)]);
            var changed = await db.Set<Appointment>()
                .Where(a => a.Id == current.Id && (a.Status == s0 || a.Status == s1 || a.Status == s2))
                .ExecuteUpdateAsync(
                    u =>
                    {
                        u.SetProperty(a => a.Status, status).SetProperty(a => a.Version, a => a.Version + 1);
                        set(u);
                    },
                    ct);
            if (changed == 0)
            {
                return Result<Appointment>.Fail(Error.Conflict("appointments.remote.changed"));
            }

            var appointment = await db.Set<Appointment>().AsNoTracking().FirstAsync(a => a.Id == current.Id, ct);
            await after(appointment);
            events.Changed(appointment, eventType);
            return Result<Appointment>.Ok(appointment);
        }, ct);
    }

    private static Error StatusError(AppointmentStatus status) => status switch
    {
        AppointmentStatus.Completed => Error.Conflict("appointments.remote.completed"),
        AppointmentStatus.Cancelled => Error.Conflict("appointments.remote.cancelled"),
        AppointmentStatus.NoShow => Error.Conflict("appointments.remote.no_show"),
        AppointmentStatus.InProgress => Error.Conflict("appointments.remote.already_admitted"),
        _ => Error.Conflict("appointments.remote.not_joinable"),
    };

    private async Task<Appointment?> FindAsync(Guid id, CancellationToken ct) =>
        await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
