using System.Security.Claims;
using Polku.Appointments.Notifications;
using Polku.Identity.Contracts;
using Polku.Platform.Live;
using Polku.Platform.Security;

namespace Polku.Appointments.Remote;

/// <summary>A professional's live stream carries the appointment events (waiting room, calendar) of every unit they work in.</summary>
internal sealed class UnitAudiences(IPeopleDirectory people) : ILiveAudienceSource
{
    public async ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsStaff() || user.PersonId() is not { } staffId || await people.FindStaffAsync(staffId, cancellationToken) is not { } staff)
        {
            return [];
        }

        return [.. staff.UnitIds.Select(AppointmentEvents.UnitAudience)];
    }
}
