using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Access;

internal sealed class CareRelationship(PolkuDb db, IPeopleDirectory people) : ICareRelationship
{
    public async Task<bool> ExistsAsync(Guid staffId, Guid residentId, CancellationToken cancellationToken = default)
    {
        var taskIds = db.Set<WorkTask>().Where(t => db.Set<Case>().Any(c => c.Id == t.CaseId && c.ResidentId == residentId));
        var current = await taskIds.Select(t => t.QueueId).Distinct().ToListAsync(cancellationToken);
        if (current.Count == 0)
        {
            return false;
        }

        // Queues the tasks were in before a transfer count too: the history keeps them.
        var events = db.Set<TaskEvent>().Where(e => taskIds.Any(t => t.Id == e.TaskId));
        var from = await events.Where(e => e.FromQueueId != null).Select(e => e.FromQueueId!.Value).Distinct().ToListAsync(cancellationToken);
        var to = await events.Where(e => e.ToQueueId != null).Select(e => e.ToQueueId!.Value).Distinct().ToListAsync(cancellationToken);
        var queueIds = current.Concat(from).Concat(to).Distinct().ToList();
        if (await db.Set<QueueMember>().AnyAsync(m => m.StaffId == staffId && queueIds.Contains(m.QueueId), cancellationToken))
        {
            return true;
        }

        var staff = await people.FindStaffAsync(staffId, cancellationToken);
        if (staff is null || staff.UnitIds.Count == 0)
        {
            return false;
        }

        var unitIds = staff.UnitIds.ToList();
        return await db.Set<WorkQueue>().AnyAsync(q => queueIds.Contains(q.Id) && q.UnitId != null && unitIds.Contains(q.UnitId.Value), cancellationToken);
    }
}
