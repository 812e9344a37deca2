using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Api;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Platform.Results;

namespace Polku.Appointments.Remote;

// No-shows: a professional marks one, the housekeeping job marks those past the grace period.
internal sealed partial class AppointmentLifecycle
{
    /// <summary>
    /// Marks a booked appointment whose resident never checked in as a no-show. The system may do it once the grace
    /// period after the start has passed; a professional of the unit from the start on.
    /// </summary>
    public async Task<Result<Appointment>> NoShowAsync(Guid appointmentId, Actor by, CancellationToken ct)
    {
        var now = Now;
        var current = await FindAsync(appointmentId, ct);
        if (current is null
            || (by.Kind == ActorKind.Professional && !await IsStaffOfUnitAsync(by.Id!.Value, current.UnitId, ct))
            || by.IsResidentSide)
        {
            return Error.NotFound("appointments.remote.not_found");
        }

        if (current.Status != AppointmentStatus.Booked)
        {
            return StatusError(current.Status);
        }

        var earliest = by.Kind == ActorKind.System ? current.StartUtc.AddMinutes(options.Value.NoShowGraceMinutes) : current.StartUtc;
        if (now < earliest)
        {
            return Error.Conflict("appointments.remote.not_started");
        }

        return await TransitionAsync(current, [AppointmentStatus.Booked], AppointmentStatus.NoShow,
            _ => { },
            async a =>
            {
                booking.History(a.Id, "no-show", by, null);
                await journal.RecordAsync("appointment.no-show", a, a.Mode == AppointmentMode.Video ? "video" : Modes.Name(a.Mode), digital: a.Mode == AppointmentMode.Video, ct,
                    outcome: by.Kind.ToString().ToLowerInvariant());
            },
            "appointment.no-show", ct);
    }

    /// <summary>Marks every appointment past its grace period that was never checked in (the housekeeping job); returns how many.</summary>
    public async Task<int> MarkNoShowsAsync(CancellationToken ct)
    {
        var modes = NoShowModes(options.Value.NoShowModes);
        if (modes.Count == 0)
        {
            return 0;
        }

        var cutoff = Now.AddMinutes(-options.Value.NoShowGraceMinutes);
        var due = new List<Guid>();
        foreach (var mode in modes)
        {
            due.AddRange(await db.Set<Appointment>().AsNoTracking()
                .Where(a => a.Status == AppointmentStatus.Booked && a.StartUtc <= cutoff && a.Mode == mode)
                .OrderBy(a => a.StartUtc).Select(a => a.Id).Take(500).ToListAsync(ct));
        }

        var marked = 0;
        foreach (var id in due)
        {
            // Another node, or the resident joining at the last moment, may get there first: that is not an error.
            if ((await NoShowAsync(id, Actor.System, ct)).IsSuccess)
            {
                marked++;
            }
        }

        return marked;
    }

    private static List<AppointmentMode> NoShowModes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Modes.Parse).OfType<AppointmentMode>().Distinct()];
}
