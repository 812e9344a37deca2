using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Chat;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.FollowUp;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Contacts.Timeline;

/// <summary>
/// The desk's part of a resident's timeline: cases, secure message threads, chats, call-back requests and follow-up
/// plans, each with the work queue that handles it as its producer and a desk page to open.
/// </summary>
internal sealed class ContactsTimeline(PolkuDb db, PlanTemplates templates, IServiceNames serviceNames, Texts texts) : IResidentTimelineSource
{
    private const int Max = TimelineKinds.MaxPerKind;

    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid residentId, string language, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var cases = await db.Set<Case>().AsNoTracking().Where(c => c.ResidentId == residentId)
            .OrderByDescending(c => c.CreatedUtc).Take(Max).ToListAsync(ct);
        var threads = await db.Set<MessageThread>().AsNoTracking().Where(t => t.ResidentId == residentId)
            .OrderByDescending(t => t.CreatedUtc).Take(Max).ToListAsync(ct);
        var chats = await db.Set<ChatSession>().AsNoTracking().Where(s => s.ResidentId == residentId)
            .OrderByDescending(s => s.CreatedUtc).Take(Max).ToListAsync(ct);
        var callbacks = await db.Set<CallbackRequest>().AsNoTracking().Where(r => r.ResidentId == residentId)
            .OrderByDescending(r => r.CreatedUtc).Take(Max).ToListAsync(ct);
        var plans = await db.Set<FollowUpPlan>().AsNoTracking().Where(p => p.ResidentId == residentId)
            .OrderByDescending(p => p.CreatedUtc).Take(Max).ToListAsync(ct);

        // The tasks of the resident's cases: a case opens at its newest task, a call-back at its own.
        var caseIds = cases.Select(c => c.Id).Concat(callbacks.Select(c => c.CaseId)).Distinct().ToList();
        var tasks = await db.Set<WorkTask>().AsNoTracking().Where(t => caseIds.Contains(t.CaseId))
            .Select(t => new { t.Id, t.CaseId, t.QueueId, t.Type, t.State, t.SourceId, t.CreatedUtc }).ToListAsync(ct);
        var queueIds = tasks.Select(t => t.QueueId).Concat(threads.Select(t => t.QueueId)).Concat(plans.Select(p => p.QueueId))
            .Concat(chats.Where(s => s.QueueId is not null).Select(s => s.QueueId!.Value)).Distinct().ToList();
        var queues = await db.Set<WorkQueue>().AsNoTracking().Where(q => queueIds.Contains(q.Id))
            .Select(q => new { q.Id, q.NameFi, q.NameSv, q.NameEn }).ToListAsync(ct);
        var queueNames = queues.ToDictionary(q => q.Id, q => new LocalizedText(q.NameFi, q.NameSv, q.NameEn).Get(language));
        var services = await serviceNames.AllAsync(ct);
        string? Queue(Guid? id) => id is { } q && queueNames.TryGetValue(q, out var name) ? name : null;
        string? Service(string? code) => code is not null && services.TryGetValue(code, out var name) ? name.Get(language) : null;
        string T(string key) => texts.Get(language, key);

        var tasksOfCase = tasks.ToLookup(t => t.CaseId);
        var callbackTasks = tasks.Where(t => t.Type == TaskType.Callback && t.SourceId is not null).ToLookup(t => t.SourceId!.Value);
        var entries = new List<TimelineEntry>();
        foreach (var c in cases)
        {
            var latest = tasksOfCase[c.Id].MaxBy(t => t.CreatedUtc);
            entries.Add(new TimelineEntry(c.CreatedUtc, TimelineKinds.Case, c.Title,
                T(c.State == CaseState.Closed ? "contacts.timeline.case.closed" : "contacts.timeline.case.open"),
                Service(c.ServiceCode), Queue(latest?.QueueId), latest is null ? null : ContactsRoutes.DeskTask(latest.Id)));
        }

        var culture = Language.CultureFor(language);
        foreach (var t in threads)
        {
            var last = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(t.LastMessageUtc, DateTimeKind.Utc))).ToString("g", culture);
            entries.Add(new TimelineEntry(t.CreatedUtc, TimelineKinds.Message, t.Subject,
                string.Format(culture, T("contacts.timeline.message.latest"), last), null, Queue(t.QueueId), ContactsRoutes.DeskThread(t.Id)));
        }

        foreach (var s in chats)
        {
            entries.Add(new TimelineEntry(s.CreatedUtc, TimelineKinds.Chat, T("contacts.timeline.chat.title"),
                T("contacts.timeline.chat." + s.State.ToString().ToLowerInvariant()), null, Queue(s.QueueId),
                s.TaskId is { } taskId ? ContactsRoutes.DeskTask(taskId) : null));
        }

        foreach (var r in callbacks)
        {
            var task = callbackTasks[r.Id].FirstOrDefault();
            var status = r.Result is not null ? "completed" : task is null ? "received" : Access.ResidentOverview.Status(task.State);
            entries.Add(new TimelineEntry(r.CreatedUtc, TimelineKinds.Callback, T("contacts.timeline.callback.title"),
                T("contacts.mine.status." + status), Service(r.ServiceCode), Queue(task?.QueueId), task is null ? null : ContactsRoutes.DeskTask(task.Id)));
        }

        foreach (var p in plans)
        {
            var name = templates.Find(p.TemplateCode)?.Name.Get(language) ?? T("contacts.timeline.followup.title");
            entries.Add(new TimelineEntry(p.CreatedUtc, TimelineKinds.FollowUp, name,
                T(p.State == FollowUpPlanState.Ended ? "contacts.followup.state.ended" : "contacts.followup.state.active"),
                Service(p.ServiceCode), Queue(p.QueueId), ContactsRoutes.DeskFollowUp(p.Id)));
        }

        return entries;
    }
}
