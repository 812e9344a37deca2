using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Platform.Uploads;
using Polku.Platform.Web;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Notices;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Sla;

namespace Polku.ServiceManagement.Tickets;

/// <summary>
/// Who does something to a ticket: a member of staff (their id and name) or Polku itself (monitoring). The language is
/// the one their page was in (fi, sv, en), null when unknown: a reporter's is kept for the e-mails sent to them.
/// </summary>
internal sealed record TicketActor(Guid? StaffId, string Name, bool IsServiceManager, string? Language = null);

/// <summary>What a new ticket needs; the optional parts depend on the kind.</summary>
internal sealed record NewTicket(
    string Kind,
    string ServiceId,
    string Category,
    string Title,
    string Description,
    string Impact,
    string Urgency,
    string? ReporterName = null,
    string? ReporterEmail = null,
    string? AssigneeGroup = null,
    string? ChangeType = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    Guid? OutageId = null);

/// <summary>Files that come with a new ticket, and whether its reporter sees them (the reporter's own always do).</summary>
internal sealed record TicketFiles(IReadOnlyList<CheckedUpload> Files, bool VisibleToReporter);

/// <summary>
/// Every change to a ticket: opening, status (with the SLA clock's pauses), comments, assignment, priority (with the
/// customer's override and the retroactive target), major incidents and their room, problems and changes. Each
/// operation is one unit of work that also writes the ticket's history, so the history is never out of step.
/// </summary>
/// <remarks>
/// Error codes (stable, localised as <c>sm.error.*</c>): see <see cref="TicketErrors"/>. Files (already checked by
/// <see cref="TicketAttachments"/>) are stored with the history line they come with, in the same unit of work. The
/// reporter is e-mailed through the outbox when the desk writes a comment visible to them or resolves the ticket —
/// the outbox row is part of that unit of work, so one comment gives one e-mail (<see cref="ReporterMailKey"/>).
/// </remarks>
internal sealed class TicketService(PolkuDb db, UnitOfWork unit, PriorityMatrix matrix, Texts texts, TimeProvider time, Outbox outbox, PublicSite site,
    IPeopleDirectory people)
{
    public const int TitleMax = 200;
    public const int TextMax = 20_000;

    /// <summary>The outbox dedupe key of the e-mail a history line (a comment, a resolution) sends the reporter.</summary>
    public static string ReporterMailKey(Guid ticketId, Guid entryId) => $"sm-reporter:{ticketId:D}:{entryId:D}";

    public Task<Result<Ticket>> OpenAsync(NewTicket n, TicketActor actor, CancellationToken ct) => OpenAsync(n, actor, null, ct);

    /// <summary>A new ticket, with files on its opening line (visible to the reporter when <see cref="TicketFiles.VisibleToReporter"/>).</summary>
    public Task<Result<Ticket>> OpenAsync(NewTicket n, TicketActor actor, TicketFiles? files, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (Validate(n) is { } problem)
        {
            return problem;
        }

        var service = await db.Set<SmService>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == n.ServiceId, c);
        if (service is null)
        {
            return Error.Validation(TicketErrors.UnknownService, "serviceId");
        }

        var priority = await MatrixAsync(n.Impact, n.Urgency, c);
        var now = time.GetUtcNow();
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(),
            Number = await NextNumberAsync(n.Kind, c),
            Kind = n.Kind,
            ServiceId = service.Id,
            Category = n.Category.Trim(),
            Title = n.Title.Trim(),
            Description = n.Description.Trim(),
            ReporterName = string.IsNullOrWhiteSpace(n.ReporterName) ? actor.Name : n.ReporterName.Trim(),
            ReporterEmail = string.IsNullOrWhiteSpace(n.ReporterEmail) ? null : n.ReporterEmail.Trim(),
            ReporterStaffId = string.IsNullOrWhiteSpace(n.ReporterName) ? actor.StaffId : null,
            ReporterLanguage = string.IsNullOrWhiteSpace(n.ReporterName) && Language.IsSupported(actor.Language) ? actor.Language : null,
            AssigneeGroup = n.AssigneeGroup ?? "line1",
            Status = TicketStatuses.New,
            Impact = n.Impact,
            Urgency = n.Urgency,
            MatrixPriority = priority,
            Priority = priority,
            OpenedUtc = now.UtcDateTime,
            OutageId = n.OutageId,
            ChangeType = n.Kind == TicketKinds.Change ? n.ChangeType : null,
            ChangeApproval = n.Kind != TicketKinds.Change ? null : n.ChangeType == ChangeTypes.Standard ? "approved" : "pending",
            WindowStartUtc = n.WindowStart?.UtcDateTime,
            WindowEndUtc = n.WindowEnd?.UtcDateTime,
            UpdatedUtc = now.UtcDateTime,
            Version = 1,
        };
        Clock(ticket, service, [], now);
        db.Set<Ticket>().Add(ticket);
        var created = Entry(ticket, actor, "created", "internal", null, ticket.Status, null);
        Attach(ticket, created, actor, files?.Files, files?.VisibleToReporter ?? false);
        if (ticket.Kind == TicketKinds.Change && ticket.ChangeApproval == "approved")
        {
            Entry(ticket, actor, "approval", "internal", null, "approved", null);
            DraftPlannedBreak(ticket, service, now);
        }

        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>A new status. Waiting for the reporter or a third party pauses the SLA clock; leaving it resumes it.</summary>
    public Task<Result<Ticket>> ChangeStatusAsync(Guid id, string status, string? note, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (!TicketStatuses.All.Contains(status))
        {
            return Error.Validation(TicketErrors.UnknownStatus, "status");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (ticket.Status == status)
        {
            return Result<Ticket>.Ok(ticket);
        }

        if (ticket.Status is TicketStatuses.Closed or TicketStatuses.Cancelled)
        {
            return Error.Conflict(TicketErrors.Closed);
        }

        if (ticket.Kind == TicketKinds.Change && status == TicketStatuses.InProgress && ticket.ChangeApproval != "approved")
        {
            return Error.Conflict(TicketErrors.ChangeNotApproved);
        }

        if (status == TicketStatuses.Closed && ticket.MajorState == "declared" && !HasRca(ticket))
        {
            return Error.Conflict(TicketErrors.RcaRequired);
        }

        var now = time.GetUtcNow();
        var pauses = await db.Set<TicketPause>().Where(p => p.TicketId == ticket.Id).ToListAsync(c);
        var open = pauses.FirstOrDefault(p => p.EndUtc is null);
        if (open is not null && !TicketStatuses.Pauses(status))
        {
            open.EndUtc = now.UtcDateTime;
        }

        if (open is null && TicketStatuses.Pauses(status) && TicketStatuses.Open(ticket.Status))
        {
            var pause = new TicketPause { Id = Guid.NewGuid(), TicketId = ticket.Id, Reason = status, StartUtc = now.UtcDateTime };
            db.Set<TicketPause>().Add(pause);
            pauses.Add(pause);
        }

        var resolves = Resolves(ticket.Status, status);
        var line = Entry(ticket, actor, "status", "reporter", ticket.Status, status, Clean(note));
        ticket.Status = status;
        if (status != TicketStatuses.New && ticket.RespondedUtc is null)
        {
            ticket.RespondedUtc = now.UtcDateTime;
        }

        if (status == TicketStatuses.Resolved)
        {
            ticket.ResolvedUtc ??= now.UtcDateTime;
        }
        else if (status == TicketStatuses.Closed)
        {
            ticket.ResolvedUtc ??= now.UtcDateTime;
            ticket.ClosedUtc = now.UtcDateTime;
        }
        else if (TicketStatuses.Open(status))
        {
            ticket.ResolvedUtc = null;
        }

        await ReclockAsync(ticket, pauses, now, c);
        Touch(ticket, now);
        if (resolves)
        {
            await MailReporterAsync(ticket, line, "resolved", actor, c);
        }

        // A major incident's children are resolved (and closed) together with it.
        if (ticket.MajorState == "declared" && status is TicketStatuses.Resolved or TicketStatuses.Closed)
        {
            var children = await db.Set<Ticket>().Where(t => t.ParentId == ticket.Id && t.Status != TicketStatuses.Closed && t.Status != TicketStatuses.Cancelled).ToListAsync(c);
            foreach (var child in children)
            {
                var childResolves = Resolves(child.Status, status);
                var childLine = Entry(child, actor, "status", "reporter", child.Status, status, null);
                child.Status = status;
                child.RespondedUtc ??= now.UtcDateTime;
                child.ResolvedUtc ??= now.UtcDateTime;
                child.ClosedUtc = status == TicketStatuses.Closed ? now.UtcDateTime : child.ClosedUtc;
                await db.Set<TicketPause>().Where(p => p.TicketId == child.Id && p.EndUtc == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.EndUtc, now.UtcDateTime), c);
                Touch(child, now);
                if (childResolves)
                {
                    await MailReporterAsync(child, childLine, "resolved", actor, c);
                }
            }
        }

        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>Whether a change of status resolves the ticket for its reporter: to resolved, or straight to closed from an open status.</summary>
    private static bool Resolves(string from, string to) =>
        to == TicketStatuses.Resolved ? from != TicketStatuses.Resolved : to == TicketStatuses.Closed && TicketStatuses.Open(from);

    public Task<Result<Ticket>> CommentAsync(Guid id, string text, bool visibleToReporter, TicketActor actor, CancellationToken ct) =>
        CommentAsync(id, text, visibleToReporter, [], actor, ct);

    /// <summary>
    /// A comment, with files: internal, or visible to the reporter (which also counts as the first response, and e-mails
    /// the reporter that the desk has written — without the comment). The files have the comment's visibility.
    /// </summary>
    public Task<Result<Ticket>> CommentAsync(Guid id, string text, bool visibleToReporter, IReadOnlyList<CheckedUpload> files, TicketActor actor,
        CancellationToken ct) => unit.RunAsync(async c =>
    {
        var clean = Clean(text);
        if (clean is null)
        {
            return Error.Validation(TicketErrors.TextRequired, "text");
        }

        if (clean.Length > TextMax)
        {
            return Error.Validation(TicketErrors.TextTooLong, "text");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        var now = time.GetUtcNow();
        var comment = Entry(ticket, actor, "comment", visibleToReporter ? "reporter" : "internal", null, null, clean);
        Attach(ticket, comment, actor, files, visibleToReporter);
        if (visibleToReporter && ticket.RespondedUtc is null)
        {
            ticket.RespondedUtc = now.UtcDateTime;
        }

        Touch(ticket, now);
        if (visibleToReporter)
        {
            await MailReporterAsync(ticket, comment, "comment", actor, c);
        }

        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>
    /// The reporter's own message on their ticket (visible to both). A ticket waiting for the reporter goes back to work:
    /// the answer is what it waited for, so the SLA clock's pause ends with it.
    /// </summary>
    public Task<Result<Ticket>> ReporterCommentAsync(Guid id, string text, TicketActor reporter, CancellationToken ct) =>
        ReporterCommentAsync(id, text, [], reporter, ct);

    /// <summary>The reporter's message with files, which the reporter and the desk see; it also keeps the language the reporter wrote in.</summary>
    public Task<Result<Ticket>> ReporterCommentAsync(Guid id, string text, IReadOnlyList<CheckedUpload> files, TicketActor reporter, CancellationToken ct) =>
        unit.RunAsync(async c =>
    {
        var clean = Clean(text);
        if (clean is null || clean.Length > TextMax)
        {
            return Error.Validation(clean is null ? TicketErrors.TextRequired : TicketErrors.TextTooLong, "text");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id && t.ReporterStaffId == reporter.StaffId && reporter.StaffId != null, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (!TicketStatuses.Open(ticket.Status))
        {
            return Error.Conflict(TicketErrors.Closed);
        }

        var now = time.GetUtcNow();
        var answer = Entry(ticket, reporter, "reporter-comment", "reporter", null, null, clean);
        Attach(ticket, answer, reporter, files, visibleToReporter: true);
        if (Language.IsSupported(reporter.Language))
        {
            ticket.ReporterLanguage = reporter.Language;
        }

        if (ticket.Status == TicketStatuses.WaitingReporter)
        {
            var pauses = await db.Set<TicketPause>().Where(p => p.TicketId == ticket.Id).ToListAsync(c);
            foreach (var open in pauses.Where(p => p.EndUtc is null))
            {
                open.EndUtc = now.UtcDateTime;
            }

            Entry(ticket, reporter, "status", "reporter", ticket.Status, TicketStatuses.InProgress, null);
            ticket.Status = TicketStatuses.InProgress;
            await ReclockAsync(ticket, pauses, now, c);
        }

        Touch(ticket, now);
        return Result<Ticket>.Ok(ticket);
    }, ct);

    public Task<Result<Ticket>> AssignAsync(Guid id, string group, Guid? staffId, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (!AssigneeGroups.All.Contains(group))
        {
            return Error.Validation(TicketErrors.UnknownGroup, "group");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        var now = time.GetUtcNow();
        Entry(ticket, actor, "assigned", "internal", ticket.AssigneeGroup, group, null);
        ticket.AssigneeGroup = group;
        ticket.AssigneeStaffId = staffId;
        Touch(ticket, now);
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>
    /// New impact and urgency (the matrix decides), or the customer's final priority with who and why. The new targets
    /// apply from the ticket's start: elapsed and paused time are kept, only the target changes.
    /// </summary>
    public Task<Result<Ticket>> SetPriorityAsync(Guid id, string impact, string urgency, string? overridePriority, string? reason, TicketActor actor, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (!Impacts.All.Contains(impact))
            {
                return Error.Validation(TicketErrors.UnknownImpact, "impact");
            }

            if (!Urgencies.All.Contains(urgency))
            {
                return Error.Validation(TicketErrors.UnknownUrgency, "urgency");
            }

            var overriding = !string.IsNullOrWhiteSpace(overridePriority);
            if (overriding && !Priorities.All.Contains(overridePriority!))
            {
                return Error.Validation(TicketErrors.UnknownPriority, "priority");
            }

            var why = Clean(reason);
            if (overriding && why is null)
            {
                return Error.Validation(TicketErrors.OverrideReasonRequired, "reason");
            }

            if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
            {
                return Error.NotFound(TicketErrors.NotFound);
            }

            var now = time.GetUtcNow();
            var byMatrix = await MatrixAsync(impact, urgency, c);
            var priority = overriding ? overridePriority! : byMatrix;
            Entry(ticket, actor, overriding ? "priority-override" : "priority", "internal", ticket.Priority, priority, why);
            ticket.Impact = impact;
            ticket.Urgency = urgency;
            ticket.MatrixPriority = byMatrix;
            ticket.Priority = priority;
            ticket.PrioritySetBy = overriding ? actor.StaffId : null;
            ticket.PriorityReason = overriding ? why : null;
            if (priority != "P1" && ticket.MajorState == "assessing")
            {
                ticket.MajorState = null;
            }

            var pauses = await db.Set<TicketPause>().Where(p => p.TicketId == ticket.Id).ToListAsync(c);
            await ReclockAsync(ticket, pauses, now, c);
            Touch(ticket, now);
            return Result<Ticket>.Ok(ticket);
        }, ct);

    /// <summary>A P1 incident is assessed: declared a major incident (with its communication plan) or not.</summary>
    public Task<Result<Ticket>> MajorAsync(Guid id, bool declare, string? communicationPlan, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (ticket.Kind != TicketKinds.Incident || ticket.Priority != "P1" || ticket.ParentId is not null)
        {
            return Error.Conflict(TicketErrors.MajorNeedsP1);
        }

        var plan = Clean(communicationPlan);
        if (declare && plan is null)
        {
            return Error.Validation(TicketErrors.PlanRequired, "communicationPlan");
        }

        var now = time.GetUtcNow();
        Entry(ticket, actor, "major", "internal", ticket.MajorState, declare ? "declared" : "not-major", plan);
        ticket.MajorState = declare ? "declared" : "not-major";
        ticket.CommunicationPlan = declare ? plan : ticket.CommunicationPlan;
        if (declare && !await db.Set<Notice>().AnyAsync(n => n.IncidentId == ticket.Id, c))
        {
            // The room's public disruption notice, drafted for the desk to check and publish (monitoring may have drafted it already).
            var service = await db.Set<SmService>().AsNoTracking().FirstAsync(x => x.Id == ticket.ServiceId, c);
            db.Set<Notice>().Add(DraftNotice(service, NoticeKinds.Disruption, "sm.major.notice", ticket.OpenedUtc, null, now, n => n.IncidentId = ticket.Id));
        }

        Touch(ticket, now);
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>An update in a major incident's room: internal, or public (then also on the disruption notice's page).</summary>
    public Task<Result<Ticket>> RoomUpdateAsync(Guid id, string text, bool isPublic, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        var clean = Clean(text);
        if (clean is null || clean.Length > TextMax)
        {
            return Error.Validation(clean is null ? TicketErrors.TextRequired : TicketErrors.TextTooLong, "text");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (ticket.MajorState != "declared")
        {
            return Error.Conflict(TicketErrors.NotMajor);
        }

        Entry(ticket, actor, "room-update", isPublic ? "public" : "internal", null, null, clean);
        Touch(ticket, time.GetUtcNow());
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>Links an incident to a major incident (a child, resolved with it) or to a problem, by number.</summary>
    public Task<Result<Ticket>> LinkAsync(Guid id, string targetNumber, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        var number = (targetNumber ?? "").Trim().ToUpperInvariant();
        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Number == number, c) is not { } target || target.Id == ticket.Id)
        {
            return Error.Validation(TicketErrors.UnknownNumber, "number");
        }

        if (ticket.Kind != TicketKinds.Incident)
        {
            return Error.Conflict(TicketErrors.LinkNotAllowed);
        }

        if (target.Kind == TicketKinds.Problem)
        {
            Entry(ticket, actor, "linked-problem", "internal", null, target.Number, null);
            Entry(target, actor, "linked-incident", "internal", null, ticket.Number, null);
            ticket.ProblemId = target.Id;
        }
        else if (target.Kind == TicketKinds.Incident && target.MajorState == "declared" && ticket.MajorState != "declared")
        {
            Entry(ticket, actor, "linked-parent", "internal", null, target.Number, null);
            Entry(target, actor, "linked-child", "internal", null, ticket.Number, null);
            ticket.ParentId = target.Id;
        }
        else
        {
            return Error.Conflict(TicketErrors.LinkNotAllowed);
        }

        Touch(ticket, time.GetUtcNow());
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>The root-cause analysis of a major incident (or a problem): all three parts are required.</summary>
    public Task<Result<Ticket>> RcaAsync(Guid id, string? rootCause, string? corrective, string? prevention, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        var (root, fix, prevent) = (Clean(rootCause), Clean(corrective), Clean(prevention));
        if (root is null)
        {
            return Error.Validation(TicketErrors.RcaPartRequired, "rootCause");
        }

        if (fix is null)
        {
            return Error.Validation(TicketErrors.RcaPartRequired, "corrective");
        }

        if (prevent is null)
        {
            return Error.Validation(TicketErrors.RcaPartRequired, "prevention");
        }

        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        Entry(ticket, actor, "rca", "internal", null, null, null);
        (ticket.RcaRootCause, ticket.RcaCorrective, ticket.RcaPrevention) = (root, fix, prevent);
        Touch(ticket, time.GetUtcNow());
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>A problem's workaround and whether it is a known error.</summary>
    public Task<Result<Ticket>> WorkaroundAsync(Guid id, string? workaround, bool knownError, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
        {
            return Error.NotFound(TicketErrors.NotFound);
        }

        if (ticket.Kind != TicketKinds.Problem)
        {
            return Error.Conflict(TicketErrors.NotProblem);
        }

        Entry(ticket, actor, "workaround", "internal", null, knownError ? "known-error" : null, Clean(workaround));
        ticket.Workaround = Clean(workaround);
        ticket.KnownError = knownError;
        Touch(ticket, time.GetUtcNow());
        return Result<Ticket>.Ok(ticket);
    }, ct);

    /// <summary>
    /// The change advisory board's decision: a normal or major change by the CAB, an emergency change by the emergency
    /// CAB — both are the service manager's; a standard change is pre-approved when it is opened.
    /// </summary>
    public Task<Result<Ticket>> DecideChangeAsync(Guid id, bool approve, string? note, DateTimeOffset? windowStart, DateTimeOffset? windowEnd, TicketActor actor, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (!actor.IsServiceManager)
            {
                return Error.Forbidden(TicketErrors.CabOnly);
            }

            if (windowStart.HasValue != windowEnd.HasValue || (windowStart is { } s && windowEnd is { } e && e <= s))
            {
                return Error.Validation(TicketErrors.WindowInvalid, "windowEnd");
            }

            if (await db.Set<Ticket>().FirstOrDefaultAsync(t => t.Id == id, c) is not { } ticket)
            {
                return Error.NotFound(TicketErrors.NotFound);
            }

            if (ticket.Kind != TicketKinds.Change)
            {
                return Error.Conflict(TicketErrors.NotChange);
            }

            if (ticket.ChangeApproval != "pending")
            {
                return Error.Conflict(TicketErrors.AlreadyDecided);
            }

            var board = ticket.ChangeType == ChangeTypes.Emergency ? "ecab" : "cab";
            Entry(ticket, actor, board, "internal", "pending", approve ? "approved" : "rejected", Clean(note));
            ticket.ChangeApproval = approve ? "approved" : "rejected";
            if (windowStart is not null)
            {
                ticket.WindowStartUtc = windowStart.Value.UtcDateTime;
                ticket.WindowEndUtc = windowEnd!.Value.UtcDateTime;
            }

            if (approve)
            {
                DraftPlannedBreak(ticket, await db.Set<SmService>().AsNoTracking().FirstAsync(x => x.Id == ticket.ServiceId, c), time.GetUtcNow());
            }
            else
            {
                ticket.Status = TicketStatuses.Cancelled;
                ticket.ClosedUtc = time.GetUtcNow().UtcDateTime;
            }

            Touch(ticket, time.GetUtcNow());
            return Result<Ticket>.Ok(ticket);
        }, ct);

    /// <summary>
    /// An approved change with a maintenance window is announced to residents as a planned break: its notice is drafted in
    /// fi/sv/en for the service desk to check and publish (<c>/service/notices</c>). A change without a window has none.
    /// </summary>
    private void DraftPlannedBreak(Ticket change, SmService service, DateTimeOffset now)
    {
        if (change.WindowStartUtc is { } start && change.WindowEndUtc is { } end)
        {
            db.Set<Notice>().Add(DraftNotice(service, NoticeKinds.Planned, "sm.change.notice", start, end, now, n => n.ChangeId = change.Id));
        }
    }

    /// <summary>A draft notice in fi/sv/en from the texts <c>{key}.title</c> and <c>{key}.body</c> ({0} the service, {1}–{2} the times).</summary>
    private Notice DraftNotice(SmService service, string kind, string key, DateTime startUtc, DateTime? endUtc, DateTimeOffset now, Action<Notice> link)
    {
        string Text(string language, string part, string name) => string.Format(CultureInfo.GetCultureInfo(language == "fi" ? "fi-FI" : language == "sv" ? "sv-FI" : "en-GB"),
            texts.Get(language, key + "." + part), name, When(startUtc), endUtc is { } e ? When(e) : "");
        var notice = new Notice
        {
            Id = Guid.NewGuid(),
            ServiceId = service.Id,
            Kind = kind,
            State = NoticeStates.Draft,
            TitleFi = Text("fi", "title", service.NameFi),
            TitleSv = Text("sv", "title", service.NameSv),
            TitleEn = Text("en", "title", service.NameEn),
            BodyFi = Text("fi", "body", service.NameFi),
            BodySv = Text("sv", "body", service.NameSv),
            BodyEn = Text("en", "body", service.NameEn),
            StartsUtc = startUtc,
            EndsUtc = endUtc,
            CreatedUtc = now.UtcDateTime,
            UpdatedUtc = now.UtcDateTime,
        };
        link(notice);
        return notice;
    }

    private static string When(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)))
            .ToString("d.M.yyyy H.mm", CultureInfo.InvariantCulture);

    internal static bool HasRca(Ticket t) => t.RcaRootCause is not null && t.RcaCorrective is not null && t.RcaPrevention is not null;

    private static Error? Validate(NewTicket n)
    {
        if (!TicketKinds.All.Contains(n.Kind))
        {
            return Error.Validation(TicketErrors.UnknownKind, "kind");
        }

        if (string.IsNullOrWhiteSpace(n.Title))
        {
            return Error.Validation(TicketErrors.TitleRequired, "title");
        }

        if (n.Title.Trim().Length > TitleMax)
        {
            return Error.Validation(TicketErrors.TitleTooLong, "title");
        }

        if ((n.Description ?? "").Length > TextMax)
        {
            return Error.Validation(TicketErrors.TextTooLong, "description");
        }

        if (string.IsNullOrWhiteSpace(n.Category) || n.Category.Trim().Length > 60)
        {
            return Error.Validation(TicketErrors.CategoryRequired, "category");
        }

        if (!Impacts.All.Contains(n.Impact))
        {
            return Error.Validation(TicketErrors.UnknownImpact, "impact");
        }

        if (!Urgencies.All.Contains(n.Urgency))
        {
            return Error.Validation(TicketErrors.UnknownUrgency, "urgency");
        }

        if (n.AssigneeGroup is not null && !AssigneeGroups.All.Contains(n.AssigneeGroup))
        {
            return Error.Validation(TicketErrors.UnknownGroup, "assigneeGroup");
        }

        if (n.ReporterName?.Length > 200 || n.ReporterEmail?.Length > 200)
        {
            return Error.Validation(TicketErrors.TextTooLong, "reporterName");
        }

        if (n.Kind == TicketKinds.Change && !ChangeTypes.All.Contains(n.ChangeType ?? ""))
        {
            return Error.Validation(TicketErrors.UnknownChangeType, "changeType");
        }

        if (n.WindowStart.HasValue != n.WindowEnd.HasValue || (n.WindowStart is { } s && n.WindowEnd is { } e && e <= s))
        {
            return Error.Validation(TicketErrors.WindowInvalid, "windowEnd");
        }

        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The matrix's priority for codes already checked; a cell missing from the data is a configuration error.</summary>
    private async Task<string> MatrixAsync(string impact, string urgency, CancellationToken ct) =>
        (await matrix.PriorityAsync(impact, urgency, ct)).Value ?? throw new InvalidOperationException($"The priority matrix has no cell {impact} × {urgency}.");

    /// <summary>The kind's next number: one UPDATE … RETURNING, so two openings never share one (the row lock orders them).</summary>
    private async Task<string> NextNumberAsync(string kind, CancellationToken ct)
    {
        var next = (await db.Database.SqlQuery<long>($"UPDATE sm_counters SET last = last + 1 WHERE kind = {kind} RETURNING last AS \"Value\"").ToListAsync(ct)).Single();
        return $"{TicketKinds.Prefix(kind)}-{next:D6}";
    }

    private async Task ReclockAsync(Ticket ticket, IReadOnlyList<TicketPause> pauses, DateTimeOffset now, CancellationToken ct)
    {
        var service = await db.Set<SmService>().AsNoTracking().FirstAsync(s => s.Id == ticket.ServiceId, ct);
        Clock(ticket, service, pauses, now);
    }

    /// <summary>The response and resolution due times of an incident or a request from its priority's targets.</summary>
    internal static void Clock(Ticket ticket, SmService service, IReadOnlyList<TicketPause> pauses, DateTimeOffset now)
    {
        if (ticket.Kind is not (TicketKinds.Incident or TicketKinds.Request) || Targets(service).GetValueOrDefault(ticket.Priority) is not { } target)
        {
            return;
        }

        var opened = Utc(ticket.OpenedUtc);
        var slaPauses = SlaPauses(pauses);
        ticket.ResponseDueUtc = SlaClock.Due(opened, target.ResponseMinutes, service.Calendar, slaPauses, now).UtcDateTime;
        ticket.ResolutionDueUtc = SlaClock.Due(opened, target.ResolutionMinutes, service.Calendar, slaPauses, now).UtcDateTime;

        // A later target (a lowered priority) takes back a warning or breach that no longer holds, read in service time as
        // the SLA watch reads it; a raised one is noticed by the watch, which sends its warning once.
        var response = SlaClock.State(opened, target.ResponseMinutes, service.Calendar, slaPauses, now);
        var resolution = SlaClock.State(opened, target.ResolutionMinutes, service.Calendar, slaPauses, now);
        ticket.ResponseWarned &= response != SlaState.Ok;
        ticket.ResponseBreached &= response == SlaState.Breached;
        ticket.ResolutionWarned &= resolution != SlaState.Ok;
        ticket.ResolutionBreached &= resolution == SlaState.Breached;
    }

    internal static IReadOnlyDictionary<string, PriorityTarget> Targets(SmService service) => ServiceTargets.Read(service.TargetsJson);

    /// <summary>A ticket's stored pauses as the SLA clock reads them.</summary>
    internal static IReadOnlyList<SlaPause> SlaPauses(IEnumerable<TicketPause> pauses) =>
        [.. pauses.Select(p => new SlaPause(Utc(p.StartUtc), p.EndUtc is { } e ? Utc(e) : null))];

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private TicketEntry Entry(Ticket ticket, TicketActor actor, string kind, string visibility, string? oldValue, string? newValue, string? text) =>
        db.Set<TicketEntry>().Add(new TicketEntry
        {
            Id = Guid.NewGuid(),
            TicketId = ticket.Id,
            AtUtc = time.GetUtcNow().UtcDateTime,
            ActorStaffId = actor.StaffId,
            ActorName = actor.Name,
            Kind = kind,
            Visibility = visibility,
            OldValue = oldValue,
            NewValue = newValue,
            Text = text,
        }).Entity;

    /// <summary>Files that passed <see cref="TicketAttachments"/>' checks, stored with the history line they came with.</summary>
    private void Attach(Ticket ticket, TicketEntry entry, TicketActor actor, IReadOnlyList<CheckedUpload>? files, bool visibleToReporter)
    {
        foreach (var file in files ?? [])
        {
            db.Set<TicketAttachment>().Add(new TicketAttachment
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                TicketId = ticket.Id,
                EntryId = entry.Id,
                FileName = file.FileName,
                ContentType = file.ContentType,
                SizeBytes = file.Content.Length,
                Content = file.Content,
                UploadedByStaffId = actor.StaffId,
                UploadedByName = actor.Name.Length > 200 ? actor.Name[..200] : actor.Name,
                UploadedUtc = entry.AtUtc,
                VisibleToReporter = visibleToReporter,
            });
        }
    }

    /// <summary>
    /// Tells the reporter by e-mail that the desk has written to them (<paramref name="what"/> <c>comment</c>) or has
    /// resolved the ticket (<c>resolved</c>), in the language they last wrote in (Finnish when unknown): the ticket's
    /// number, a short text and the link to <c>/service-requests/{number}</c> — never what was written. Only a reporter
    /// who follows the ticket in Polku (a member of staff) is e-mailed, at their own address (else the one typed on the
    /// ticket); someone the desk reported for, or monitoring, cannot open the link and is not, and nor is a reporter for
    /// a line they wrote themselves. The outbox row joins this unit of work and its key is the history line's, so each
    /// comment or resolution sends one e-mail or, rolled back, none.
    /// </summary>
    private async Task MailReporterAsync(Ticket ticket, TicketEntry line, string what, TicketActor actor, CancellationToken ct)
    {
        if (ticket.ReporterStaffId is not { } reporter || actor.StaffId == reporter)
        {
            return;
        }

        var to = (await people.FindStaffAsync(reporter, ct))?.Email is { Length: > 0 } own ? own : ticket.ReporterEmail;
        if (string.IsNullOrWhiteSpace(to))
        {
            return;
        }

        var (subject, body) = ReporterMail(ticket.Number, what, ticket.ReporterLanguage);
        outbox.Enqueue(OutboxChannel.Email, to, ReporterMailKey(ticket.Id, line.Id), body, subject);
    }

    /// <summary>The reporter's e-mail in their language (Finnish when unknown): the number, a short text and the link to their page of the ticket.</summary>
    internal (string Subject, string Body) ReporterMail(string number, string what, string? language)
    {
        var lang = Language.IsSupported(language) ? language! : "fi";
        var culture = Language.CultureFor(lang);
        var subject = string.Format(culture, texts.Get(lang, $"sm.reporter_mail.{what}.subject"), number);
        var body = string.Format(culture, texts.Get(lang, $"sm.reporter_mail.{what}.body"), number) + "\n\n"
            + string.Format(culture, texts.Get(lang, "sm.reporter_mail.link"), site.Url(ServiceManagementRoutes.MyRequest(number)));
        return (subject, body);
    }

    private static void Touch(Ticket ticket, DateTimeOffset now)
    {
        ticket.UpdatedUtc = now.UtcDateTime;
        ticket.Version++;
    }
}

/// <summary>The ticket operations' stable error codes (texts <c>sm.error.*</c> in fi/sv/en).</summary>
internal static class TicketErrors
{
    public const string NotFound = "sm.error.ticket_not_found";
    public const string UnknownKind = "sm.error.unknown_kind";
    public const string UnknownService = "sm.error.unknown_service";
    public const string UnknownStatus = "sm.error.unknown_status";
    public const string UnknownImpact = "sm.error.unknown_impact";
    public const string UnknownUrgency = "sm.error.unknown_urgency";
    public const string UnknownPriority = "sm.error.unknown_priority";
    public const string UnknownGroup = "sm.error.unknown_group";
    public const string UnknownChangeType = "sm.error.unknown_change_type";
    public const string UnknownNumber = "sm.error.unknown_number";
    public const string TitleRequired = "sm.error.title_required";
    public const string TitleTooLong = "sm.error.title_too_long";
    public const string CategoryRequired = "sm.error.category_required";
    public const string TextRequired = "sm.error.text_required";
    public const string TextTooLong = "sm.error.text_too_long";
    public const string OverrideReasonRequired = "sm.error.override_reason_required";
    public const string Closed = "sm.error.ticket_closed";
    public const string ChangeNotApproved = "sm.error.change_not_approved";
    public const string RcaRequired = "sm.error.rca_required";
    public const string RcaPartRequired = "sm.error.rca_part_required";
    public const string MajorNeedsP1 = "sm.error.major_needs_p1";
    public const string PlanRequired = "sm.error.plan_required";
    public const string NotMajor = "sm.error.not_major";
    public const string LinkNotAllowed = "sm.error.link_not_allowed";
    public const string NotProblem = "sm.error.not_problem";
    public const string NotChange = "sm.error.not_change";
    public const string AlreadyDecided = "sm.error.already_decided";
    public const string CabOnly = "sm.error.cab_only";
    public const string WindowInvalid = "sm.error.window_invalid";
}
