using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Tasks;

/// <summary>Small reads of the desk pages — a case, a queue, a call-back request — as stored, without tracking.</summary>
/// <remarks>They only look rows up; whether the professional may see them is the caller's check.</remarks>
internal sealed class DeskLookups(PolkuDb db)
{
    public Task<Case?> CaseAsync(Guid caseId, CancellationToken ct) =>
        db.Set<Case>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId, ct);

    public Task<WorkQueue?> QueueAsync(Guid queueId, CancellationToken ct) =>
        db.Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == queueId, ct);

    public Task<List<WorkQueue>> QueuesAsync(CancellationToken ct) =>
        db.Set<WorkQueue>().AsNoTracking().ToListAsync(ct);

    /// <summary>The queue of an existing task.</summary>
    public Task<Guid> QueueOfTaskAsync(Guid taskId, CancellationToken ct) =>
        db.Set<WorkTask>().Where(t => t.Id == taskId).Select(t => t.QueueId).FirstAsync(ct);

    public Task<List<Guid>> QueueMemberIdsAsync(Guid queueId, CancellationToken ct) =>
        db.Set<QueueMember>().AsNoTracking().Where(m => m.QueueId == queueId).Select(m => m.StaffId).ToListAsync(ct);

    public Task<CallbackRequest?> CallbackRequestAsync(Guid requestId, CancellationToken ct) =>
        db.Set<CallbackRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, ct);
}
