using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Access;

internal sealed record TaskView(Guid Id, TaskType Type, string Status, DateTime CreatedUtc, DateTime? CompletedUtc);

internal sealed record ThreadView(Guid Id, string Subject, DateTime LastMessageUtc);

internal sealed record CallbackView(Guid Id, Guid CaseId, string ServiceCode, string Phone, DateTime WindowFromUtc, DateTime WindowToUtc,
    DateTime CreatedUtc, string? Result, string? ResultNote, DateTime? CalledUtc, TaskState? TaskState = null)
{
    /// <summary>The plain-language status of the call-back's task; completed once the call is recorded.</summary>
    public string Status => Result is not null ? "completed" : TaskState is { } state ? ResidentOverview.Status(state) : "received";
}

internal sealed record CaseView(Guid Id, string Title, CaseState State, DateTime CreatedUtc, DateTime? ClosedUtc,
    IReadOnlyList<TaskView> Tasks, IReadOnlyList<ThreadView> Threads, IReadOnlyList<CallbackView> Callbacks);

/// <summary>A resident's cases with their tasks (as plain-language statuses), message threads and call-backs.</summary>
internal sealed class ResidentOverview(PolkuDb db)
{
    /// <summary>The status a resident reads: received → in process → waiting for you → completed.</summary>
    public static string Status(TaskState state) => state switch
    {
        TaskState.New => "received",
        TaskState.Claimed => "in-process",
        TaskState.WaitingForResident => "waiting-for-you",
        _ => "completed",
    };

    public async Task<IReadOnlyList<CaseView>> CasesAsync(Guid residentId, CancellationToken ct)
    {
        var cases = await db.Set<Case>().AsNoTracking().Where(c => c.ResidentId == residentId)
            .OrderByDescending(c => c.CreatedUtc).Take(200).ToListAsync(ct);
        var ids = cases.Select(c => c.Id).ToList();
        var tasks = await db.Set<WorkTask>().AsNoTracking().Where(t => ids.Contains(t.CaseId)).ToListAsync(ct);
        var threads = await db.Set<MessageThread>().AsNoTracking().Where(t => ids.Contains(t.CaseId) && t.ResidentId == residentId).ToListAsync(ct);
        var callbacks = await CallbacksAsync(residentId, ct);
        return
        [
            .. cases.Select(c => new CaseView(c.Id, c.Title, c.State, c.CreatedUtc, c.ClosedUtc,
                [.. tasks.Where(t => t.CaseId == c.Id).OrderBy(t => t.CreatedUtc).Select(t => new TaskView(t.Id, t.Type, Status(t.State), t.CreatedUtc, t.CompletedUtc))],
                [.. threads.Where(t => t.CaseId == c.Id).OrderByDescending(t => t.LastMessageUtc).Select(t => new ThreadView(t.Id, t.Subject, t.LastMessageUtc))],
                [.. callbacks.Where(b => b.CaseId == c.Id)])),
        ];
    }

    public async Task<IReadOnlyList<CallbackView>> CallbacksAsync(Guid residentId, CancellationToken ct)
    {
        var rows = await db.Set<CallbackRequest>().AsNoTracking().Where(r => r.ResidentId == residentId)
            .OrderByDescending(r => r.CreatedUtc).Take(200).ToListAsync(ct);
        var ids = rows.Select(r => (Guid?)r.Id).ToList();
        var states = await db.Set<WorkTask>().AsNoTracking().Where(t => t.Type == TaskType.Callback && ids.Contains(t.SourceId))
            .Select(t => new { t.SourceId, t.State }).ToListAsync(ct);
        return [.. rows.Select(r => View(r) with { TaskState = states.FirstOrDefault(s => s.SourceId == r.Id)?.State })];
    }

    public static CallbackView View(CallbackRequest r) =>
        new(r.Id, r.CaseId, r.ServiceCode, r.Phone, r.WindowFromUtc, r.WindowToUtc, r.CreatedUtc, r.Result, r.ResultNote, r.CalledUtc);
}
