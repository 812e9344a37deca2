using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Live;
using Polku.Platform.Security;

namespace Polku.Contacts.Tasks;

/// <summary>A professional's live stream carries the events of every queue they belong to.</summary>
internal sealed class QueueAudiences(QueueWork work) : ILiveAudienceSource
{
    public async ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!user.IsStaff() || user.PersonId() is not { } staffId)
        {
            return [];
        }

        var queues = await work.QueueIdsOf(staffId).ToListAsync(cancellationToken);
        return [.. queues.Select(LiveAudiences.Queue)];
    }
}
