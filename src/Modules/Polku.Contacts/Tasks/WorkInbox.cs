using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Tasks;

/// <summary>Puts other modules' work (assessment results, forms, invitations to book) into the desk's queues.</summary>
internal sealed class WorkInbox(PolkuDb db, UnitOfWork unit, TaskWriter writer, QueueWork work, TimeProvider time) : IWorkInbox
{
    /// <summary>Runs in the caller's unit of work when there is one: the task commits and is announced with the caller's change.</summary>
    public Task<Result<InboundWorkReceipt>> SubmitAsync(InboundWork work, CancellationToken cancellationToken = default) =>
        unit.RunAsync(ct => SubmitInUnitAsync(work, ct), cancellationToken);

    private async Task<Result<InboundWorkReceipt>> SubmitInUnitAsync(InboundWork work, CancellationToken cancellationToken)
    {
        TaskType? type = work.Kind switch
        {
            "assessment-result" => TaskType.AssessmentResult,
            "form" => TaskType.Form,
            "invitation-to-book" => TaskType.InvitationToBook,
            _ => null,
        };
        if (type is null)
        {
            return Error.Validation("work.kind_unknown", "kind");
        }

        var queue = await writer.QueueByCodeAsync(work.QueueCode, cancellationToken, work.ServiceCode, work.MunicipalityCode);
        if (queue is null)
        {
            return Error.Validation("work.queue_unknown", "queueCode");
        }

        if (!Enum.IsDefined(work.Urgency))
        {
            return Error.Validation("work.urgency_unknown", "urgency");
        }

        var urgency = TaskUrgency.For(work.Urgency);
        Case? @case;
        if (work.CaseId is { } caseId)
        {
            // Only the resident's own case: a wrong pair would attach work to somebody else's matter.
            @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId && c.ResidentId == work.ResidentId, cancellationToken);
            if (@case is null)
            {
                return Error.Validation("work.case_unknown", "caseId");
            }
        }
        else
        {
            @case = writer.OpenCase(work.ResidentId, work.MunicipalityCode, work.ServiceCode, work.Title);
        }

        var task = await writer.AddTaskAsync(@case, queue, type.Value, urgency, work.Title, work.SourceId, actorId: null, cancellationToken, work.DueByUtc);
        if (work.AssigneeId is { } assignee)
        {
            task.State = TaskState.WaitingForResident;
            task.AssigneeId = assignee;
            task.ClaimedUtc = time.GetUtcNow().UtcDateTime;
            writer.History(task.Id, "waiting", assignee, assignee: assignee);
        }

        return new InboundWorkReceipt(@case.Id, task.Id, queue.Id, queue.Code, task.DueUtc);
    }

    public async Task<WorkTaskInfo?> FindVisibleTaskAsync(Guid taskId, Guid staffId, CancellationToken cancellationToken = default)
    {
        if (await work.VisibleTaskAsync(taskId, staffId, cancellationToken) is not { } row)
        {
            return null;
        }

        var t = row.Task;
        var queue = await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Id == t.QueueId).Select(q => new { q.Code, q.UnitId }).FirstAsync(cancellationToken);
        var service = await db.Set<Case>().AsNoTracking().Where(c => c.Id == t.CaseId).Select(c => c.ServiceCode).FirstOrDefaultAsync(cancellationToken);
        return new WorkTaskInfo(t.Id, t.CaseId, row.ResidentId, queue.Code, queue.UnitId, TaskTypes.Code(t.Type), TaskTypes.Code(t.State), t.Title, service);
    }

    public Task<Result<bool>> CompleteAsync(Guid taskId, string outcome, string? note, CancellationToken cancellationToken = default) =>
        work.CompleteBySystemAsync(taskId, outcome, note, cancellationToken);
}
