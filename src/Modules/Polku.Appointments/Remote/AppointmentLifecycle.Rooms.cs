using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Appointments.Data;
using Polku.Platform.Results;

namespace Polku.Appointments.Remote;

// The video room of an admitted appointment: made at the provider on demand, closed when the visit is completed.
internal sealed partial class AppointmentLifecycle
{
    /// <summary>
    /// The provider's room of an admitted appointment, created now if the video service could not make it at admission.
    /// <c>appointments.remote.video_unavailable</c> while the service is down.
    /// </summary>
    public async Task<Result<string>> EnsureRoomAsync(Appointment appointment, CancellationToken ct)
    {
        var visit = await db.Set<RemoteVisit>().AsNoTracking().FirstOrDefaultAsync(v => v.AppointmentId == appointment.Id, ct);
        if (visit is null)
        {
            return Error.Conflict("appointments.remote.not_admitted");
        }

        if (visit.ProviderRoomId is { } existing)
        {
            return existing;
        }

        var created = await rooms.CreateRoomAsync(new VideoRoomRequest(appointment.Id, appointment.VideoRoomId, appointment.StartUtc, appointment.EndUtc), ct);
        if (created.Value is not { } roomId)
        {
            return created;
        }

        // Two pages asking at once may both create a room; the first one stored is the room, the other is closed. The
        // provider is called outside any transaction; storing its answer is a unit of its own.
        var stored = await unit.RunAsync(c => db.Set<RemoteVisit>().Where(v => v.AppointmentId == appointment.Id && v.ProviderRoomId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.ProviderRoomId, roomId).SetProperty(v => v.RoomCreatedUtc, Now), c), static _ => true, ct);
        if (stored == 1)
        {
            return roomId;
        }

        var winner = await db.Set<RemoteVisit>().AsNoTracking().Where(v => v.AppointmentId == appointment.Id).Select(v => v.ProviderRoomId).FirstAsync(ct);
        if (winner != roomId)
        {
            await rooms.CloseRoomAsync(roomId, ct);
        }

        return winner!;
    }

    private async Task CloseRoomAsync(Guid appointmentId, CancellationToken ct)
    {
        var roomId = await db.Set<RemoteVisit>().AsNoTracking().Where(v => v.AppointmentId == appointmentId).Select(v => v.ProviderRoomId).FirstOrDefaultAsync(ct);
        if (roomId is null)
        {
            return;
        }

        try
        {
            await rooms.CloseRoomAsync(roomId, ct);
            await unit.RunAsync(c => db.Set<RemoteVisit>().Where(v => v.AppointmentId == appointmentId)
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.RoomClosedUtc, Now), c), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The visit is completed either way; a room left open expires at the provider.
            log.LogWarning(e, "Closing the video room of appointment {AppointmentId} failed.", appointmentId);
        }
    }
}
