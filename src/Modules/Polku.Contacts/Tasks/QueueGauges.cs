using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Tasks;

/// <summary>
/// Queue lengths for the metrics: how many tasks wait to be claimed (state New) in each work queue, every queue
/// reported (an empty queue is 0, not missing). Read by the platform's gauge cache at most once per interval.
/// </summary>
internal sealed class QueueGauges : IGaugeSource
{
    public const string Waiting = "polku.queue.waiting";

    public IReadOnlyList<GaugeInstrument> Instruments { get; } =
        [new(Waiting, "{task}", "Tasks waiting to be claimed, by work queue code.")];

    public async Task ReadAsync(IServiceProvider services, GaugeReadings readings, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PolkuDb>();
        var queues = await db.Set<WorkQueue>().AsNoTracking()
            .Select(q => new { q.Code, Waiting = db.Set<WorkTask>().Count(t => t.QueueId == q.Id && t.State == TaskState.New) })
            .ToListAsync(cancellationToken);
        foreach (var queue in queues)
        {
            readings.Add(Waiting, queue.Waiting, new KeyValuePair<string, object?>("queue", queue.Code));
        }
    }
}
