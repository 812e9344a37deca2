using Polku.Contacts.Contracts;
using Polku.Contacts.Data;

namespace Polku.Contacts.Tasks;

/// <summary>Tells other modules' <see cref="IWorkTaskObserver"/>s that a task of their kind changed state.</summary>
internal sealed class TaskObservers(IEnumerable<IWorkTaskObserver> observers, TimeProvider time)
{
    private readonly IWorkTaskObserver[] _observers = [.. observers];

    /// <summary>Whether anyone follows tasks of this type (a claim on PostgreSQL then tells them in a unit of its own).</summary>
    public bool Follows(TaskType type) => _observers.Length > 0 && _observers.Any(o => o.Kind == TaskTypes.Code(type));

    public async Task ChangedAsync(WorkTask task, Guid residentId, CancellationToken ct)
    {
        if (task.SourceId is not { } source || !Follows(task.Type))
        {
            return;
        }

        var change = new WorkTaskChanged(task.Id, task.CaseId, residentId, TaskTypes.Code(task.Type), source, TaskTypes.Code(task.State), task.Outcome,
            time.GetUtcNow().UtcDateTime);
        foreach (var observer in _observers.Where(o => o.Kind == change.Kind))
        {
            await observer.TaskChangedAsync(change, ct);
        }
    }
}
