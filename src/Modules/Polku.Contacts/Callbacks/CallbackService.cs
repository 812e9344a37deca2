using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Contacts.Callbacks;

/// <summary>What a resident asks for; null values are reported as missing.</summary>
internal sealed record CallbackDraft(string? Municipality, string? ServiceCode, string? Phone, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Takaisinsoittopyynnöt — a resident's request becomes a case, a <c>contacts_callback_requests</c> row and a P2 call-back task in
/// the municipality's health-station queue (else the digital sote-centre's), in one unit of work; a queue member records
/// the call, which completes the task.
/// </summary>
internal sealed class CallbackService(PolkuDb db, UnitOfWork unit, TaskWriter tasks, LocalQueues localQueues, IUnitDirectory units, ServiceJournal journal, TimeProvider time)
{
    /// <summary>When the last request failed with <c>contacts.callbacks.window_closed</c>: the queue's next opening.</summary>
    public DateTimeOffset? NextOpening { get; private set; }

    public Task<Result<CallbackRequest>> RequestAsync(Guid residentId, Guid? actorId, CallbackDraft draft, CancellationToken ct) =>
        unit.RunAsync(c => RequestInUnitAsync(residentId, actorId, draft, c), ct);

    private async Task<Result<CallbackRequest>> RequestInUnitAsync(Guid residentId, Guid? actorId, CallbackDraft draft, CancellationToken ct)
    {
        NextOpening = null;
        if (!CallbackRules.IsServiceCode(draft.ServiceCode))
        {
            return Error.Validation("contacts.callbacks.invalid_service", "serviceCode");
        }

        if (string.IsNullOrWhiteSpace(draft.Municipality) || draft.Municipality.Length > 10
            || !await units.MunicipalityExistsAsync(draft.Municipality, ct))
        {
            return Error.Validation("contacts.callbacks.unknown_municipality", "municipality");
        }

        if (CallbackRules.NormalisePhone(draft.Phone) is not { } phone)
        {
            return Error.Validation("contacts.callbacks.invalid_phone", "phone");
        }

        if (draft.From is not { } from || draft.To is not { } to)
        {
            return Error.Validation("contacts.callbacks.window_invalid", "window");
        }

        var now = time.GetUtcNow();
        if (CallbackRules.WindowProblem(from, to, now) is { } problem)
        {
            return Error.Validation(problem, "window");
        }

        var queue = await QueueForAsync(draft.Municipality, ct);
        if (queue is null)
        {
            return Error.Validation("contacts.callbacks.no_queue", "municipality");
        }

        if (queue.HoursUnitId is { } hoursUnit && await units.OpeningHoursAsync(hoursUnit, ct) is { } hours
            && !hours.OpenIntervals(from, to).Any())
        {
            NextOpening = hours.NextOpeningAfter(from > now ? from : now, MaxSearchDays) is { } next ? HelsinkiTime.InHelsinki(next) : null;
            return Error.Validation("contacts.callbacks.window_closed", "window");
        }

        var @case = tasks.OpenCase(residentId, draft.Municipality, draft.ServiceCode, "Takaisinsoittopyyntö / Återuppringning / Call-back: " + draft.ServiceCode);
        var request = new CallbackRequest
        {
            Id = Guid.CreateVersion7(now),
            CaseId = @case.Id,
            ResidentId = residentId,
            MunicipalityCode = draft.Municipality,
            ServiceCode = draft.ServiceCode!,
            Phone = phone,
            WindowFromUtc = from.UtcDateTime,
            WindowToUtc = to.UtcDateTime,
            CreatedUtc = now.UtcDateTime,
        };
        db.Set<CallbackRequest>().Add(request);
        await tasks.AddTaskAsync(@case, queue, TaskType.Callback, Urgency.P2, "Call-back " + draft.ServiceCode, request.Id, actorId, ct);
        journal.Record("callback.requested", "callback", digital: true, residentId, draft.Municipality, draft.ServiceCode, queue.UnitId, "first-line");
        return request;
    }

    /// <summary>The task of a call-back request, or null.</summary>
    public Task<WorkTask?> TaskOfAsync(Guid requestId, CancellationToken ct) =>
        db.Set<WorkTask>().FirstOrDefaultAsync(t => t.SourceId == requestId && t.Type == TaskType.Callback, ct);

    /// <summary>Whether the professional is a member of the queue the task is in.</summary>
    public Task<bool> IsMemberAsync(Guid queueId, Guid staffId, CancellationToken ct) =>
        db.Set<QueueMember>().AnyAsync(m => m.QueueId == queueId && m.StaffId == staffId, ct);

    /// <summary>Records the call and completes the task; the caller has checked that the professional is a member of the queue.</summary>
    public Task<Result<CallbackRequest>> RecordResultAsync(Guid requestId, Guid staffId, string? result, string? note, DateTimeOffset? calledAt, CancellationToken ct) =>
        unit.RunAsync(c => RecordResultInUnitAsync(requestId, staffId, result, note, calledAt, c), ct);

    private async Task<Result<CallbackRequest>> RecordResultInUnitAsync(Guid requestId, Guid staffId, string? result, string? note, DateTimeOffset? calledAt, CancellationToken ct)
    {
        if (result is null || !CallbackRules.Results.Contains(result))
        {
            return Error.Validation("contacts.callbacks.invalid_result", "result");
        }

        if (note is { Length: > CallbackRules.MaxNoteLength })
        {
            return Error.Validation("contacts.callbacks.note_too_long", "note");
        }

        var request = await db.Set<CallbackRequest>().FirstOrDefaultAsync(r => r.Id == requestId, ct);
        var task = await TaskOfAsync(requestId, ct);
        if (request is null || task is null)
        {
            return Error.NotFound("contacts.callbacks.not_found");
        }

        var now = time.GetUtcNow();
        var created = new DateTimeOffset(DateTime.SpecifyKind(request.CreatedUtc, DateTimeKind.Utc));
        if (calledAt is not { } called || called > now.AddMinutes(5) || called < created.AddMinutes(-1))
        {
            return Error.Validation("contacts.callbacks.invalid_called_at", "calledAt");
        }

        if (request.Result is not null || task.State == TaskState.Done)
        {
            return Error.Conflict("contacts.callbacks.already_recorded");
        }

        var outcome = CallbackRules.OutcomeFor(result);
        request.Result = result;
        request.ResultNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        request.CalledUtc = called.UtcDateTime;
        request.CalledBy = staffId;
        task.State = TaskState.Done;
        task.Outcome = outcome;
        task.CompletedUtc = now.UtcDateTime;
        task.AssigneeId ??= staffId;
        task.Version++;
        tasks.History(task.Id, "completed", staffId, note: result);
        var stillOpen = await db.Set<WorkTask>().AnyAsync(t => t.CaseId == task.CaseId && t.Id != task.Id && t.State != TaskState.Done, ct);
        if (!stillOpen && await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == task.CaseId, ct) is { State: CaseState.Open } @case)
        {
            @case.State = CaseState.Closed;
            @case.ClosedUtc = now.UtcDateTime;
            @case.Version++;
        }

        var queue = await db.Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == task.QueueId, ct);
        journal.Record("callback.completed", "callback", digital: true, request.ResidentId, request.MunicipalityCode, request.ServiceCode,
            queue?.UnitId, "first-line", outcome, detail: result, waitingSeconds: (int)Math.Max(0, (called - created).TotalSeconds));
        tasks.Notify(LiveAudiences.Queue(task.QueueId), "task.completed", task.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("contacts.callbacks.already_recorded");
        }

        return request;
    }

    /// <summary>The queue that calls back a resident of the municipality (<see cref="LocalQueues"/>).</summary>
    public Task<WorkQueue?> QueueForAsync(string municipality, CancellationToken ct) => localQueues.ForMunicipalityAsync(municipality, ct);

    private const int MaxSearchDays = 30;
}
