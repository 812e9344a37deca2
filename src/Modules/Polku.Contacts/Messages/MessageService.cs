using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Platform.Web;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Uploads;
using Polku.Region.Contracts;

namespace Polku.Contacts.Messages;

/// <summary>Who is writing: a resident (possibly a guardian acting for <see cref="ResidentId"/>) or a professional.</summary>
internal sealed record MessageActor(SenderKind Kind, Guid Id, string Name, Guid? ResidentId);

/// <summary>A thread with what the list pages show.</summary>
internal sealed record ThreadSummary(Guid Id, string Subject, DateTime LastMessageUtc, int Unread, Guid ResidentId);

/// <summary>
/// Secure message threads: starting, replying, reading, access checks. Every change is one unit of work — the case,
/// thread, message, task, outbox notifications and service events commit together.
/// </summary>
internal sealed class MessageService(
    PolkuDb db, UnitOfWork unit, TaskWriter tasks, LocalQueues localQueues, IPeopleDirectory people, AttachmentChecks checks, IAttachmentStore store,
    Polku.Platform.Outbox.Outbox outbox, ServiceJournal journal, Texts texts, TimeProvider time, PublicSite site, TaskObservers observers)
{
    public const int SubjectMax = 200;
    public const int BodyMax = 10_000;

    /// <summary>The queue that handles new messages of a resident of the municipality (<see cref="LocalQueues"/>).</summary>
    public Task<WorkQueue?> QueueForMunicipalityAsync(string? municipalityCode, CancellationToken ct) =>
        localQueues.ForMunicipalityAsync(municipalityCode, ct);

    /// <summary>The expected reply time in working days for a new message of the resident, or null when no queue takes it.</summary>
    public async Task<int?> ExpectedReplyDaysAsync(Guid residentId, CancellationToken ct)
    {
        var resident = await people.FindResidentAsync(residentId, ct);
        var queue = await QueueForMunicipalityAsync(resident?.HomeMunicipalityCode, ct);
        if (queue is null)
        {
            return null;
        }

        // Service time counts opening hours only: a working day is about eight hours of it; an always-open queue counts whole days.
        var minutesPerDay = queue.HoursUnitId is null ? 24 * 60 : 8 * 60;
        return Math.Max(1, (int)Math.Ceiling(queue.TargetP3Minutes / (double)minutesPerDay));
    }

    public static Error? ValidateSubject(string? subject, string field = "Subject") =>
        string.IsNullOrWhiteSpace(subject) ? Error.Validation("contacts.messages.subject_required", field)
        : subject.Trim().Length > SubjectMax ? Error.Validation("contacts.messages.subject_too_long", field)
        : null;

    public static Error? ValidateBody(string? body, string field = "Body") =>
        string.IsNullOrWhiteSpace(body) ? Error.Validation("contacts.messages.body_required", field)
        : body.Trim().Length > BodyMax ? Error.Validation("contacts.messages.body_too_long", field)
        : null;

    /// <summary>A resident (or a guardian acting for a child — the thread is the child's) starts a thread.</summary>
    public Task<Result<MessageThread>> StartByResidentAsync(MessageActor actor, string? serviceCode, string? subject, string? body, IFormFile? file, CancellationToken ct) =>
        unit.RunAsync(c => StartByResidentInUnitAsync(actor, serviceCode, subject, body, file, c), ct);

    private async Task<Result<MessageThread>> StartByResidentInUnitAsync(MessageActor actor, string? serviceCode, string? subject, string? body, IFormFile? file, CancellationToken ct)
    {
        var residentId = actor.ResidentId ?? actor.Id;
        if ((ValidateSubject(subject) ?? ValidateBody(body)) is { } invalid)
        {
            return invalid;
        }

        var resident = await people.FindResidentAsync(residentId, ct);
        var service = serviceCode is { Length: > 0 and <= 60 } ? serviceCode : null;
        var queue = await localQueues.ForMunicipalityAsync(resident?.HomeMunicipalityCode, ct, service);
        if (queue is null)
        {
            return Error.Validation("contacts.messages.no_queue", "Subject");
        }

        CheckedUpload? attachment = null;
        if (file is not null)
        {
            var checkedFile = await checks.CheckAsync(file, "Attachment", ct);
            if (!checkedFile.IsSuccess)
            {
                return checkedFile.Error!;
            }

            attachment = checkedFile.Value;
        }

        var cleanSubject = subject!.Trim();
        var @case = tasks.OpenCase(residentId, resident?.HomeMunicipalityCode, service, cleanSubject);
        var now = time.GetUtcNow();
        var thread = new MessageThread
        {
            Id = Guid.CreateVersion7(now), CaseId = @case.Id, ResidentId = residentId, QueueId = queue.Id,
            Subject = cleanSubject, CreatedUtc = now.UtcDateTime, LastMessageUtc = now.UtcDateTime,
        };
        db.Set<MessageThread>().Add(thread);
        var message = await AddMessageAsync(thread, actor, body!, attachment, @case, firstLine: true, ct);
        await tasks.AddTaskAsync(@case, queue, TaskType.Message, Urgency.P3, cleanSubject, thread.Id, null, ct);
        _ = message;
        return thread;
    }

    /// <summary>
    /// The resident files a document on their own open case (a form's attachment): a thread from them in the queue of
    /// the case's open task, without a task of its own.
    /// </summary>
    public Task<Result<MessageThread>> FileOnCaseAsync(MessageActor actor, Guid caseId, string subject, string body, IFormFile file, CancellationToken ct) =>
        unit.RunAsync(c => FileOnCaseInUnitAsync(actor, caseId, subject, body, file, c), ct);

    private async Task<Result<MessageThread>> FileOnCaseInUnitAsync(MessageActor actor, Guid caseId, string subject, string body, IFormFile file, CancellationToken ct)
    {
        var residentId = actor.ResidentId ?? actor.Id;
        var @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId && c.ResidentId == residentId, ct);
        var queueId = @case is null ? null : await db.Set<WorkTask>().Where(t => t.CaseId == caseId && t.State != TaskState.Done)
            .OrderBy(t => t.CreatedUtc).Select(t => (Guid?)t.QueueId).FirstOrDefaultAsync(ct);
        if (@case is null || queueId is null)
        {
            return Error.NotFound("contacts.messages.not_found");
        }

        if ((ValidateSubject(subject) ?? ValidateBody(body)) is { } invalid)
        {
            return invalid;
        }

        var checkedFile = await checks.CheckAsync(file, "Attachment", ct);
        if (!checkedFile.IsSuccess)
        {
            return checkedFile.Error!;
        }

        var now = time.GetUtcNow();
        var thread = new MessageThread
        {
            Id = Guid.CreateVersion7(now), CaseId = @case.Id, ResidentId = residentId, QueueId = queueId.Value,
            Subject = subject.Trim(), CreatedUtc = now.UtcDateTime, LastMessageUtc = now.UtcDateTime,
        };
        db.Set<MessageThread>().Add(thread);
        await AddMessageAsync(thread, actor, body, checkedFile.Value, @case, firstLine: false, ct);
        return thread;
    }

    /// <summary>A professional starts a thread on a case of a resident they have a care relationship with.</summary>
    public Task<Result<MessageThread>> StartByStaffAsync(MessageActor actor, Guid caseId, string? subject, string? body, string? language, IFormFile? file, CancellationToken ct, Guid? expectedResidentId = null) =>
        unit.RunAsync(c => StartByStaffInUnitAsync(actor, caseId, subject, body, file, expectedResidentId, c), ct);

    private async Task<Result<MessageThread>> StartByStaffInUnitAsync(MessageActor actor, Guid caseId, string? subject, string? body, IFormFile? file, Guid? expectedResidentId, CancellationToken ct)
    {
        var @case = await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, ct);
        if (@case is null || !await HasCareRelationshipAsync(actor.Id, @case.Id, ct))
        {
            return Error.NotFound("contacts.messages.not_found");
        }

        if (expectedResidentId is { } expected && expected != @case.ResidentId)
        {
            return Error.Validation("contacts.messages.bad_request", "residentId");
        }

        if ((ValidateSubject(subject) ?? ValidateBody(body)) is { } invalid)
        {
            return invalid;
        }

        var myQueues = db.Set<QueueMember>().Where(m => m.StaffId == actor.Id).Select(m => m.QueueId);
        var queueId = await db.Set<WorkTask>().Where(t => t.CaseId == caseId && myQueues.Contains(t.QueueId))
            .OrderByDescending(t => t.CreatedUtc).Select(t => (Guid?)t.QueueId).FirstOrDefaultAsync(ct)
            ?? await db.Set<WorkTask>().Where(t => t.CaseId == caseId && t.AssigneeId == actor.Id).Select(t => (Guid?)t.QueueId).FirstOrDefaultAsync(ct);
        if (queueId is null)
        {
            return Error.NotFound("contacts.messages.not_found");
        }

        CheckedUpload? attachment = null;
        if (file is not null)
        {
            var checkedFile = await checks.CheckAsync(file, "Attachment", ct);
            if (!checkedFile.IsSuccess)
            {
                return checkedFile.Error!;
            }

            attachment = checkedFile.Value;
        }

        var now = time.GetUtcNow();
        var thread = new MessageThread
        {
            Id = Guid.CreateVersion7(now), CaseId = @case.Id, ResidentId = @case.ResidentId, QueueId = queueId.Value,
            Subject = subject!.Trim(), CreatedUtc = now.UtcDateTime, LastMessageUtc = now.UtcDateTime,
        };
        db.Set<MessageThread>().Add(thread);
        var message = await AddMessageAsync(thread, actor, body!, attachment, @case, firstLine: false, ct);
        await NotifyResidentAsync(thread, message, ct);
        tasks.Notify(LiveAudiences.Person(thread.ResidentId), "message.new", thread.Id);
        return thread;
    }

    /// <summary>A new message in an existing thread; the caller has checked access.</summary>
    public Task<Result<Message>> ReplyAsync(MessageThread thread, MessageActor actor, string? body, IFormFile? file, CancellationToken ct) =>
        unit.RunAsync(c => ReplyInUnitAsync(thread, actor, body, file, c), ct);

    private async Task<Result<Message>> ReplyInUnitAsync(MessageThread thread, MessageActor actor, string? body, IFormFile? file, CancellationToken ct)
    {
        if (ValidateBody(body) is { } invalid)
        {
            return invalid;
        }

        CheckedUpload? attachment = null;
        if (file is not null)
        {
            var checkedFile = await checks.CheckAsync(file, "Attachment", ct);
            if (!checkedFile.IsSuccess)
            {
                return checkedFile.Error!;
            }

            attachment = checkedFile.Value;
        }

        var @case = await db.Set<Case>().FirstAsync(c => c.Id == thread.CaseId, ct);
        var tracked = await db.Set<MessageThread>().FirstAsync(t => t.Id == thread.Id, ct);
        var message = await AddMessageAsync(tracked, actor, body!, attachment, @case, firstLine: false, ct);
        if (actor.Kind == SenderKind.Resident)
        {
            // The task of the thread, else a task of the case that waits for this very answer (e.g. a form whose
            // handler asked for more information in a new thread): the reply goes back to whoever waits for it.
            var open = await db.Set<WorkTask>().FirstOrDefaultAsync(t => t.SourceId == thread.Id && t.State != TaskState.Done, ct)
                ?? await db.Set<WorkTask>().Where(t => t.CaseId == thread.CaseId && t.State == TaskState.WaitingForResident)
                    .OrderBy(t => t.CreatedUtc).FirstOrDefaultAsync(ct);
            if (open is null)
            {
                // The thread's queue, or — once it is closed — an open queue of its unit or the resident's municipality.
                var queue = await tasks.OpenQueueForAsync(thread.QueueId, @case.ServiceCode, @case.MunicipalityCode, ct);
                if (queue is null)
                {
                    return Error.Validation("contacts.messages.no_queue", "Body");
                }

                // The thread follows its task, so the next reply goes straight to where this one went.
                tracked.QueueId = queue.Id;
                await tasks.AddTaskAsync(@case, queue, TaskType.Message, Urgency.P3, thread.Subject, thread.Id, null, ct);
            }
            else
            {
                if (open.State == TaskState.WaitingForResident)
                {
                    // The answer the professional waited for: the task is back in their hands.
                    open.State = TaskState.Claimed;
                    open.Version++;
                    tasks.History(open.Id, "resident-replied", null);
                    await observers.ChangedAsync(open, thread.ResidentId, ct);
                }

                tasks.Notify(LiveAudiences.Queue(open.QueueId), "task.changed", open.Id);
                if (open.AssigneeId is { } assignee)
                {
                    tasks.Notify(LiveAudiences.Person(assignee), "message.new", thread.Id);
                }
            }
        }
        else
        {
            await NotifyResidentAsync(tracked, message, ct);
            tasks.Notify(LiveAudiences.Person(thread.ResidentId), "message.new", thread.Id);
        }

        return message;
    }

    private async Task<Message> AddMessageAsync(MessageThread thread, MessageActor actor, string body, CheckedUpload? file, Case @case, bool firstLine, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var message = new Message
        {
            Id = Guid.CreateVersion7(now), ThreadId = thread.Id, SenderKind = actor.Kind, SenderId = actor.Id,
            SenderName = actor.Name.Length > 200 ? actor.Name[..200] : actor.Name, Body = body.Trim(), CreatedUtc = now.UtcDateTime,
        };
        db.Set<Message>().Add(message);
        thread.LastMessageUtc = now.UtcDateTime;
        if (file is not null)
        {
            var attachmentId = Guid.CreateVersion7(now);
            db.Set<MessageAttachment>().Add(new MessageAttachment
            {
                Id = attachmentId, MessageId = message.Id, FileName = file.FileName, ContentType = file.ContentType,
                SizeBytes = file.Content.Length, StorageKey = await store.PutAsync(attachmentId, file.Content, ct), CreatedUtc = now.UtcDateTime,
            });
        }

        journal.Record("message.sent", "message", digital: true, residentId: thread.ResidentId, municipalityCode: @case.MunicipalityCode,
            serviceCode: @case.ServiceCode, contactKind: actor.Kind == SenderKind.Resident && firstLine ? "first-line" : "other",
            detail: actor.Kind == SenderKind.Resident ? "resident" : "staff");
        return message;
    }

    /// <summary>SMS and/or e-mail without content, in the resident's language; same unit of work as the message.</summary>
    private async Task NotifyResidentAsync(MessageThread thread, Message message, CancellationToken ct)
    {
        var resident = await people.FindResidentAsync(thread.ResidentId, ct);
        if (resident is null)
        {
            return;
        }

        var language = Language.IsSupported(resident.PreferredLanguage) ? resident.PreferredLanguage : "fi";
        var link = site.Url(ContactsRoutes.MyMessages);
        var text = texts.Get(language, "contacts.messages.notification") + " " + link;
        var key = $"message:{message.Id}";
        if (resident.Phone is { Length: > 0 } phone)
        {
            outbox.EnqueueSms(phone, text, key);
        }

        if (resident.Email is { Length: > 0 } email)
        {
            outbox.EnqueueEmail(email, texts.Get(language, "contacts.messages.notification_subject"), text, key);
        }
    }

    /// <summary>The resident's thread, or null when it is not theirs (the caller answers 404).</summary>
    public Task<MessageThread?> ResidentThreadAsync(Guid residentId, Guid threadId, CancellationToken ct) =>
        db.Set<MessageThread>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId && t.ResidentId == residentId, ct);

    /// <summary>The thread, when the professional is a member of its queue, has its task, or has a care relationship on its case.</summary>
    public async Task<MessageThread?> StaffThreadAsync(Guid staffId, Guid threadId, CancellationToken ct)
    {
        var thread = await db.Set<MessageThread>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == threadId, ct);
        if (thread is null)
        {
            return null;
        }

        var member = await db.Set<QueueMember>().AnyAsync(m => m.StaffId == staffId && m.QueueId == thread.QueueId, ct)
            || await db.Set<WorkTask>().AnyAsync(t => t.SourceId == thread.Id && t.AssigneeId == staffId, ct)
            || await HasCareRelationshipAsync(staffId, thread.CaseId, ct);
        return member ? thread : null;
    }

    /// <summary>A task of the case in one of the professional's queues, or assigned to them.</summary>
    public async Task<bool> HasCareRelationshipAsync(Guid staffId, Guid caseId, CancellationToken ct)
    {
        var myQueues = db.Set<QueueMember>().Where(m => m.StaffId == staffId).Select(m => m.QueueId);
        return await db.Set<WorkTask>().AnyAsync(t => t.CaseId == caseId && (t.AssigneeId == staffId || myQueues.Contains(t.QueueId)), ct);
    }

    public async Task<IReadOnlyList<ThreadSummary>> ResidentThreadsAsync(Guid residentId, CancellationToken ct)
    {
        var rows = await db.Set<MessageThread>().AsNoTracking().Where(t => t.ResidentId == residentId)
            .Select(t => new
            {
                t.Id, t.Subject, t.LastMessageUtc, t.ResidentId,
                Unread = db.Set<Message>().Count(m => m.ThreadId == t.Id && m.SenderKind == SenderKind.Staff && m.ReadUtc == null),
            })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.LastMessageUtc).Select(r => new ThreadSummary(r.Id, r.Subject, r.LastMessageUtc, r.Unread, r.ResidentId)).ToList();
    }

    /// <summary>Threads in the professional's queues, newest first.</summary>
    public async Task<IReadOnlyList<ThreadSummary>> StaffThreadsAsync(Guid staffId, CancellationToken ct)
    {
        var myQueues = db.Set<QueueMember>().Where(m => m.StaffId == staffId).Select(m => m.QueueId);
        var rows = await db.Set<MessageThread>().AsNoTracking().Where(t => myQueues.Contains(t.QueueId))
            .Select(t => new
            {
                t.Id, t.Subject, t.LastMessageUtc, t.ResidentId,
                Unread = db.Set<Message>().Count(m => m.ThreadId == t.Id && m.SenderKind == SenderKind.Resident && m.ReadUtc == null),
            })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.LastMessageUtc).Take(200).Select(r => new ThreadSummary(r.Id, r.Subject, r.LastMessageUtc, r.Unread, r.ResidentId)).ToList();
    }

    /// <summary>The thread's messages with attachments, oldest first.</summary>
    public async Task<IReadOnlyList<(Message Message, IReadOnlyList<MessageAttachment> Attachments)>> MessagesAsync(Guid threadId, CancellationToken ct)
    {
        var messages = await db.Set<Message>().AsNoTracking().Where(m => m.ThreadId == threadId).ToListAsync(ct);
        var ids = messages.Select(m => m.Id).ToList();
        var files = await db.Set<MessageAttachment>().AsNoTracking().Where(a => ids.Contains(a.MessageId)).ToListAsync(ct);
        return messages.OrderBy(m => m.CreatedUtc).ThenBy(m => m.Id)
            .Select(m => (m, (IReadOnlyList<MessageAttachment>)files.Where(f => f.MessageId == m.Id).ToList())).ToList();
    }

    /// <summary>The thread's task: the open one, else the latest; null when it has none.</summary>
    public Task<Guid?> TaskOfThreadAsync(Guid threadId, CancellationToken ct) =>
        db.Set<WorkTask>().AsNoTracking()
            .Where(t => t.SourceId == threadId && t.Type == TaskType.Message)
            .OrderBy(t => t.State == TaskState.Done ? 1 : 0).ThenByDescending(t => t.CreatedUtc)
            .Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>Opening a thread marks the other party's messages read.</summary>
    public Task MarkReadAsync(Guid threadId, SenderKind reader, CancellationToken ct)
    {
        var other = reader == SenderKind.Resident ? SenderKind.Staff : SenderKind.Resident;
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<Message>().Where(m => m.ThreadId == threadId && m.SenderKind == other && m.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadUtc, now), ct);
    }

    /// <summary>An attachment with its thread, when the user may download it: the thread's resident, or staff with access.</summary>
    public async Task<(MessageAttachment Attachment, MessageThread Thread)?> AttachmentForAsync(Guid attachmentId, Guid? residentId, Guid? staffId, CancellationToken ct)
    {
        var row = await (from a in db.Set<MessageAttachment>().AsNoTracking()
                         join m in db.Set<Message>() on a.MessageId equals m.Id
                         join t in db.Set<MessageThread>() on m.ThreadId equals t.Id
                         where a.Id == attachmentId
                         select new { a, t }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        if (residentId is { } r && row.t.ResidentId == r)
        {
            return (row.a, row.t);
        }

        if (staffId is { } s && await StaffThreadAsync(s, row.t.Id, ct) is not null)
        {
            return (row.a, row.t);
        }

        return null;
    }

    /// <summary>The attachment's content from the store; null when the store has nothing under its key.</summary>
    public Task<Stream?> OpenAttachmentAsync(MessageAttachment attachment, CancellationToken ct) => store.OpenAsync(attachment.Id, attachment.StorageKey, ct);
}
