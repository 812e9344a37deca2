using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Contacts.Chat;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Contacts.FollowUp;
using Polku.Identity.Contracts;
using Polku.Training.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Contacts.Queues;

/// <summary>The coordinator who makes a change (for the log; the lead's certificate rule may read it too).</summary>
internal sealed record QueueActor(Guid StaffId, string Name);

/// <summary>A queue in the coordinator's list: the queue, how many members it has and how much open work.</summary>
internal sealed record QueueListRow(WorkQueue Queue, int Members, int OpenTasks);

/// <summary>The coordinator's filter of the queue list; null fields do not filter.</summary>
internal sealed record QueueFilter(Guid? UnitId = null, string? MunicipalityCode = null, string? ServiceCode = null, string? Channel = null);

/// <summary>
/// Työjonojen hallinta — the coordinator's changes to the county's work queues (issue 16): create, edit, close or
/// delete a queue, and add or remove its members, each in one unit of work. The fields are checked by
/// <see cref="QueueRules"/>; what depends on the database is decided here, inside the unit. Failures:
/// <list type="bullet">
/// <item><c>contacts.queues.code_taken</c> (400, field <c>Code</c>): another queue has the code.</item>
/// <item><c>contacts.queues.not_found</c> (404): no such queue.</item>
/// <item><c>contacts.queues.stale</c> (409): someone saved the queue after the version the form was loaded with.</item>
/// <item><c>contacts.queues.open_work</c> (409): the queue has open work, so it cannot be deleted (close it instead).</item>
/// <item><c>contacts.queues.has_history</c> (409): the queue has had work, messages, chats or follow-up plans, whose
/// history keeps pointing at it, so it cannot be deleted (close it instead).</item>
/// <item><c>contacts.queues.staff_unknown</c> (400, field <c>StaffId</c>), <c>contacts.queues.already_member</c> (409),
/// <c>contacts.queues.not_member</c> (404), <c>contacts.queues.certificate_required</c> (409: the queue requires a valid
/// certificate the professional does not hold): membership changes.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para><b>Every change of a queue's members goes through <see cref="AddMemberAsync"/> and
/// <see cref="RemoveMemberAsync"/></b> (pages and API alike; only the demo seeders write members directly, and
/// <c>QueueAdministrationTests</c> fails on any other writer), so a rule about who may join a queue — such as a valid
/// training certificate for the queue (spec 07) — is added in one place.</para>
/// <para>Closing a queue keeps its work and members: members finish what is there, and every way new work arrives
/// (routing through <see cref="Tasks.TaskWriter.QueueByCodeAsync"/>, <see cref="Tasks.LocalQueues"/>, chat,
/// transfers, replies and follow-up alerts) passes a closed queue by.</para>
/// </remarks>
internal sealed class QueueAdministration(
    PolkuDb db, UnitOfWork unit, IUnitDirectory units, IServiceNames services, IPeopleDirectory people, ICertificateRegistry certificates, TimeProvider time,
    ILogger<QueueAdministration> log)
{
    public const string CodeTaken = "contacts.queues.code_taken";
    public const string NotFound = "contacts.queues.not_found";
    public const string Stale = "contacts.queues.stale";
    public const string OpenWork = "contacts.queues.open_work";
    public const string HasHistory = "contacts.queues.has_history";
    public const string StaffUnknown = "contacts.queues.staff_unknown";
    public const string AlreadyMember = "contacts.queues.already_member";
    public const string NotMember = "contacts.queues.not_member";
    public const string CertificateRequired = "contacts.queues.certificate_required";

    /// <summary>The units, municipalities and services a queue may refer to now.</summary>
    public async Task<QueueReferences> ReferencesAsync(CancellationToken ct)
    {
        var unitIds = (await units.ListAsync(ct)).Select(u => u.Id).ToHashSet();
        var municipalities = (await units.MunicipalitiesAsync(ct)).Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        var serviceCodes = (await services.AllAsync(ct)).Keys.ToHashSet(StringComparer.Ordinal);
        var kinds = (await certificates.GetKindsAsync(ct)).Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        return new QueueReferences(unitIds, municipalities, serviceCodes, kinds);
    }

    /// <summary>Every failure of the draft, for a form that shows them all; empty when it may be saved.</summary>
    public async Task<IReadOnlyList<Error>> CheckAsync(QueueDraft draft, bool isNew, CancellationToken ct) =>
        QueueRules.Check(draft, await ReferencesAsync(ct), isNew).Errors;

    /// <summary>Creates a queue with no members; returns its id. The first failure of the draft, or <c>code_taken</c>.</summary>
    public async Task<Result<Guid>> CreateAsync(QueueDraft draft, QueueActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var (values, errors) = QueueRules.Check(draft, await ReferencesAsync(ct), isNew: true);
        if (values is null)
        {
            return errors[0];
        }

        var code = draft.Code!.Trim();
        var created = await unit.RunAsync(async c =>
        {
            if (await db.Set<WorkQueue>().AnyAsync(q => q.Code == code, c))
            {
                return Error.Validation(CodeTaken, nameof(QueueDraft.Code));
            }

            var now = time.GetUtcNow();
            var queue = new WorkQueue { Id = Guid.CreateVersion7(now), Code = code };
            Apply(queue, values, now.UtcDateTime);
            db.Set<WorkQueue>().Add(queue);

            // Another coordinator may take the code between the check and the insert: the unique index decides.
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return Error.Validation(CodeTaken, nameof(QueueDraft.Code));
            }

            return Result<Guid>.Ok(queue.Id);
        }, ct);
        if (created.IsSuccess)
        {
            log.LogInformation("Work queue {QueueId} created by {ActorId}", created.Value, actor.StaffId);
        }

        return created;
    }

    /// <summary>
    /// Saves the queue's fields (all but its code) if nobody saved it since <paramref name="seenVersion"/>; returns the
    /// new version. Closing sets the time it closed (kept while it stays closed); opening clears it.
    /// </summary>
    public async Task<Result<int>> UpdateAsync(Guid queueId, int seenVersion, QueueDraft draft, QueueActor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var (values, errors) = QueueRules.Check(draft, await ReferencesAsync(ct), isNew: false);
        if (values is null)
        {
            return errors[0];
        }

        var updated = await unit.RunAsync<int>(async c =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var changed = await db.Set<WorkQueue>().Where(q => q.Id == queueId && q.Version == seenVersion).ExecuteUpdateAsync(s =>
            {
                s.SetProperty(q => q.NameFi, values.NameFi).SetProperty(q => q.NameSv, values.NameSv).SetProperty(q => q.NameEn, values.NameEn)
                    .SetProperty(q => q.UnitId, values.UnitId).SetProperty(q => q.MunicipalityCode, values.MunicipalityCode)
                    .SetProperty(q => q.ServiceCode, values.ServiceCode).SetProperty(q => q.Channel, values.Channel)
                    .SetProperty(q => q.HoursUnitId, values.HoursUnitId)
                    .SetProperty(q => q.TargetP1Minutes, values.TargetP1).SetProperty(q => q.TargetP2Minutes, values.TargetP2)
                    .SetProperty(q => q.TargetP3Minutes, values.TargetP3).SetProperty(q => q.TargetP4Minutes, values.TargetP4)
                    .SetProperty(q => q.Identified, values.Identified)
                    .SetProperty(q => q.RequiredCertificate, values.RequiredCertificate)
                    .SetProperty(q => q.Version, q => q.Version + 1);
                if (values.Closed)
                {
                    s.SetProperty(q => q.ClosedUtc, q => q.ClosedUtc ?? now);
                }
                else
                {
                    s.SetProperty(q => q.ClosedUtc, (DateTime?)null);
                }
            }, c);
            if (changed == 0)
            {
                return await db.Set<WorkQueue>().AnyAsync(q => q.Id == queueId, c) ? Error.Conflict(Stale) : Error.NotFound(NotFound);
            }

            return seenVersion + 1;
        }, ct);
        if (updated.IsSuccess)
        {
            log.LogInformation("Work queue {QueueId} saved by {ActorId} (closed: {Closed})", queueId, actor.StaffId, values.Closed);
        }

        return updated;
    }

    /// <summary>
    /// Deletes a queue that has never had work (its members go with it). A queue with open work is
    /// <c>open_work</c>; one whose tasks, threads, chats or follow-up plans remain is <c>has_history</c>: close it instead.
    /// </summary>
    public async Task<Result<bool>> DeleteAsync(Guid queueId, QueueActor actor, CancellationToken ct)
    {
        var deleted = await unit.RunAsync<bool>(async c =>
        {
            if (await db.Set<WorkQueue>().FirstOrDefaultAsync(q => q.Id == queueId, c) is not { } queue)
            {
                return Error.NotFound(NotFound);
            }

            if (await db.Set<WorkTask>().AnyAsync(t => t.QueueId == queueId && t.State != TaskState.Done, c))
            {
                return Error.Conflict(OpenWork);
            }

            if (await db.Set<WorkTask>().AnyAsync(t => t.QueueId == queueId, c)
                || await db.Set<MessageThread>().AnyAsync(t => t.QueueId == queueId, c)
                || await db.Set<ChatSession>().AnyAsync(s => s.QueueId == queueId, c)
                || await db.Set<FollowUpPlan>().AnyAsync(p => p.QueueId == queueId, c))
            {
                return Error.Conflict(HasHistory);
            }

            // The members go with the queue (ON DELETE CASCADE). Work that arrives between the checks and the delete
            // keeps the queue: its foreign key refuses the delete.
            db.Set<WorkQueue>().Remove(queue);
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return Error.Conflict(HasHistory);
            }

            return true;
        }, ct);
        if (deleted.IsSuccess)
        {
            log.LogInformation("Work queue {QueueId} deleted by {ActorId}", queueId, actor.StaffId);
        }

        return deleted;
    }

    /// <summary>
    /// The one way a professional becomes a member of a queue (pages, API). Fails with <c>not_found</c> (no queue),
    /// <c>staff_unknown</c> (no such professional) or <c>already_member</c>.
    /// </summary>
    /// <remarks>
    /// A queue that requires a certificate (spec 07: e.g. the chat queue requires the chat certificate) takes only a
    /// professional who holds a valid one of that kind now: else <c>certificate_required</c> (409), and nothing changes.
    /// The membership lapses when the certificate expires (<see cref="QueueCertificates"/>).
    /// </remarks>
    public async Task<Result<StaffInfo>> AddMemberAsync(Guid queueId, Guid staffId, QueueActor actor, CancellationToken ct)
    {
        if (await people.FindStaffAsync(staffId, ct) is not { } staff)
        {
            return Error.Validation(StaffUnknown, "StaffId");
        }

        var required = await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Id == queueId).Select(q => q.RequiredCertificate).FirstOrDefaultAsync(ct);
        if (required is not null && await certificates.FindValidAsync(staffId, required, time.GetUtcNow().UtcDateTime, ct) is null)
        {
            return Error.Conflict(CertificateRequired);
        }

        var added = await unit.RunAsync<StaffInfo>(async c =>
        {
            if (!await db.Set<WorkQueue>().AnyAsync(q => q.Id == queueId, c))
            {
                return Error.NotFound(NotFound);
            }

            db.Set<QueueMember>().Add(new QueueMember { QueueId = queueId, StaffId = staffId });

            // The primary key (queue, staff) decides between two simultaneous additions, not a read before the insert.
            try
            {
                await db.SaveChangesAsync(c);
            }
            catch (DbUpdateException)
            {
                return Error.Conflict(AlreadyMember);
            }

            return staff;
        }, ct);
        if (added.IsSuccess)
        {
            log.LogInformation("Staff {StaffId} added to work queue {QueueId} by {ActorId}", staffId, queueId, actor.StaffId);
        }

        return added;
    }

    /// <summary>
    /// The one way a professional leaves a queue. Their claimed tasks stay theirs to finish; they no longer see the
    /// queue's new work. Fails with <c>not_found</c> (no queue) or <c>not_member</c>.
    /// </summary>
    public async Task<Result<bool>> RemoveMemberAsync(Guid queueId, Guid staffId, QueueActor actor, CancellationToken ct)
    {
        var removed = await unit.RunAsync<bool>(async c =>
        {
            if (!await db.Set<WorkQueue>().AnyAsync(q => q.Id == queueId, c))
            {
                return Error.NotFound(NotFound);
            }

            var deleted = await db.Set<QueueMember>().Where(m => m.QueueId == queueId && m.StaffId == staffId).ExecuteDeleteAsync(c);
            return deleted == 0 ? Error.NotFound(NotMember) : true;
        }, ct);
        if (removed.IsSuccess)
        {
            log.LogInformation("Staff {StaffId} removed from work queue {QueueId} by {ActorId}", staffId, queueId, actor.StaffId);
        }

        return removed;
    }

    /// <summary>The queues with member counts and open work, by code; filtered by unit, municipality, service and channel.</summary>
    public async Task<IReadOnlyList<QueueListRow>> ListAsync(QueueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Set<WorkQueue>().AsNoTracking();
        if (filter.UnitId is { } unitId)
        {
            query = query.Where(q => q.UnitId == unitId);
        }

        if (filter.MunicipalityCode is { Length: > 0 } municipality)
        {
            query = query.Where(q => q.MunicipalityCode == municipality);
        }

        if (filter.ServiceCode is { Length: > 0 } service)
        {
            query = query.Where(q => q.ServiceCode == service);
        }

        if (filter.Channel is { Length: > 0 } channel)
        {
            query = query.Where(q => q.Channel == channel);
        }

        var rows = await query.OrderBy(q => q.Code)
            .Select(q => new
            {
                Queue = q,
                Members = db.Set<QueueMember>().Count(m => m.QueueId == q.Id),
                Open = db.Set<WorkTask>().Count(t => t.QueueId == q.Id && t.State != TaskState.Done),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new QueueListRow(r.Queue, r.Members, r.Open))];
    }

    public Task<WorkQueue?> FindAsync(Guid queueId, CancellationToken ct) =>
        db.Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == queueId, ct);

    public Task<WorkQueue?> FindByCodeAsync(string code, CancellationToken ct) =>
        db.Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Code == code, ct);

    /// <summary>How much open work the queue has (tasks not done).</summary>
    public Task<int> OpenTasksAsync(Guid queueId, CancellationToken ct) =>
        db.Set<WorkTask>().CountAsync(t => t.QueueId == queueId && t.State != TaskState.Done, ct);

    /// <summary>The queue's members by name.</summary>
    public async Task<IReadOnlyList<StaffInfo>> MembersAsync(Guid queueId, CancellationToken ct)
    {
        var ids = await db.Set<QueueMember>().AsNoTracking().Where(m => m.QueueId == queueId).Select(m => m.StaffId).ToListAsync(ct);
        var staff = await people.GetStaffAsync(ids, ct);
        return [.. staff.OrderBy(s => s.DisplayName, StringComparer.CurrentCulture).ThenBy(s => s.Login, StringComparer.Ordinal)];
    }

    private static void Apply(WorkQueue queue, QueueValues v, DateTime nowUtc)
    {
        queue.NameFi = v.NameFi;
        queue.NameSv = v.NameSv;
        queue.NameEn = v.NameEn;
        queue.UnitId = v.UnitId;
        queue.MunicipalityCode = v.MunicipalityCode;
        queue.ServiceCode = v.ServiceCode;
        queue.Channel = v.Channel;
        queue.HoursUnitId = v.HoursUnitId;
        queue.TargetP1Minutes = v.TargetP1;
        queue.TargetP2Minutes = v.TargetP2;
        queue.TargetP3Minutes = v.TargetP3;
        queue.TargetP4Minutes = v.TargetP4;
        queue.Identified = v.Identified;
        queue.RequiredCertificate = v.RequiredCertificate;
        queue.ClosedUtc = v.Closed ? nowUtc : null;
    }
}
