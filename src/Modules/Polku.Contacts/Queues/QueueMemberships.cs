using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Queues;

/// <summary>The professional's work queues for the staff administration's person page.</summary>
internal sealed class QueueMemberships(PolkuDb db) : IQueueMemberships
{
    public async Task<IReadOnlyList<QueueMembershipInfo>> GetForStaffAsync(Guid staffId, CancellationToken cancellationToken = default)
    {
        var rows = await (from m in db.Set<QueueMember>().AsNoTracking()
                          join q in db.Set<WorkQueue>().AsNoTracking() on m.QueueId equals q.Id
                          where m.StaffId == staffId
                          select new { q.Code, q.NameFi, q.NameSv, q.NameEn, q.ClosedUtc, q.RequiredCertificate }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new QueueMembershipInfo(r.Code, new LocalizedText(r.NameFi, r.NameSv, r.NameEn), r.ClosedUtc is not null, r.RequiredCertificate))
            .OrderBy(q => q.Name.Get(Language.Current), StringComparer.CurrentCulture)];
    }
}
