using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Tasks;

/// <summary>A task as a desk list shows it: with the resident's and assignee's names and the queue.</summary>
internal sealed record TaskListItem(WorkTask Task, Guid ResidentId, string ResidentName, string QueueName, string? AssigneeName, DueState Due);

/// <summary>Turns task rows into list items with names, in a few batched lookups.</summary>
internal sealed class DeskViews(PolkuDb db, IPeopleDirectory people, TimeProvider time)
{
    public Task<IReadOnlyList<TaskListItem>> ItemsAsync(IReadOnlyList<TaskRow> rows, CancellationToken ct) =>
        ItemsAsync(rows, [], ct);

    /// <summary>
    /// As <see cref="ItemsAsync(IReadOnlyList{TaskRow}, CancellationToken)"/>, with queues the caller has already read
    /// (the desk's own queues, the queue page's queue): only the tasks' other queues are looked up, so a page does not
    /// read the same rows twice (one round trip fewer for the desk, B5).
    /// </summary>
    public async Task<IReadOnlyList<TaskListItem>> ItemsAsync(IReadOnlyList<TaskRow> rows, IEnumerable<WorkQueue> knownQueues, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var residents = (await people.GetResidentsAsync(rows.Select(r => r.ResidentId).Distinct(), ct)).ToDictionary(r => r.Id, r => r.FullName);
        var queues = knownQueues.DistinctBy(q => q.Id).ToDictionary(q => q.Id);
        var missing = rows.Select(r => r.Task.QueueId).Distinct().Where(id => !queues.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var queue in await db.Set<WorkQueue>().AsNoTracking().Where(q => missing.Contains(q.Id)).ToListAsync(ct))
            {
                queues.Add(queue.Id, queue);
            }
        }

        var staff = await StaffNamesAsync(rows.Where(r => r.Task.AssigneeId is not null).Select(r => r.Task.AssigneeId!.Value), ct);
        var language = Language.Current;
        return
        [
            .. rows.Select(r => new TaskListItem(
                r.Task,
                r.ResidentId,
                residents.GetValueOrDefault(r.ResidentId, ""),
                queues.TryGetValue(r.Task.QueueId, out var q) ? q.Name.Get(language) : "",
                r.Task.AssigneeId is { } a ? staff.GetValueOrDefault(a) : null,
                TaskTypes.Due(r.Task, now))),
        ];
    }

    /// <summary>Display names of professionals, in one lookup.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> StaffNamesAsync(IEnumerable<Guid> ids, CancellationToken ct) =>
        (await people.GetStaffAsync(ids, ct)).ToDictionary(s => s.Id, s => s.DisplayName);
}
