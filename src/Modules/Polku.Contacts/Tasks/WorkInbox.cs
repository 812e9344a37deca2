using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Tasks;

/// <summary>Puts other modules' work (assessment results, forms) into the desk's queues.</summary>
internal sealed class WorkInbox(PolkuDb db, TaskWriter writer) : IWorkInbox
{
    public async Task<Result<InboundWorkReceipt>> SubmitAsync(InboundWork work, CancellationToken cancellationToken = default)
    {
        TaskType? type = work.Kind switch
        {
            "assessment-result" => TaskType.AssessmentResult,
            "form" => TaskType.Form,
            _ => null,
        };
        if (type is null)
        {
            return Error.Validation("work.kind_unknown", "kind");
        }

        var queue = await writer.QueueByCodeAsync(work.QueueCode, cancellationToken);
        if (queue is null)
        {
            return Error.Validation("work.queue_unknown", "queueCode");
        }

        var urgency = work.Urgency switch
        {
            "P0" or "P1" => Urgency.P1,
            "P2" => Urgency.P2,
            "P3" => Urgency.P3,
            _ => Urgency.P4,
        };
        var @case = writer.OpenCase(work.ResidentId, work.MunicipalityCode, work.ServiceCode, work.Title);
        var task = await writer.AddTaskAsync(@case, queue, type.Value, urgency, work.Title, work.SourceId, actorId: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await writer.PublishAsync(cancellationToken);
        return new InboundWorkReceipt(@case.Id, task.Id, queue.Id, queue.Code, task.DueUtc);
    }
}
