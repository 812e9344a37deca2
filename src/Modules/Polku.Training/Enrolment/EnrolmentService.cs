using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Contracts;
using Polku.Training.Data;
using Polku.Training.Domain;
using Polku.Training.Messages;

namespace Polku.Training.Enrolment;

/// <summary>The answer to an enrolment: the place, or the waiting-list place with its position (1 = next in line).</summary>
internal sealed record EnrolOutcome(Guid EnrolmentId, Guid GroupId, string Status, int? Position);

/// <summary>Stable error codes of enrolment (keys of the localised texts and the API's <c>code</c>).</summary>
internal static class EnrolmentErrors
{
    public const string GroupNotFound = "training.group_not_found";
    public const string GroupFull = "training.group_full";
    public const string GroupStarted = "training.group_started";
    public const string Order = "training.order";
    public const string PrerequisiteMissing = "training.prerequisite_missing";
    public const string AlreadyEnrolled = "training.already_enrolled";
    public const string NotFound = "training.enrolment_not_found";
    public const string NotCancellable = "training.not_cancellable";
    public const string SameCourseOnly = "training.change_same_course";
}

/// <summary>
/// Ilmoittautuminen — enrolment in a course group with its rules (capacity, course order, prerequisites), the waiting
/// list, cancellation and change of group. The race for the last place is decided by one statement,
/// <c>UPDATE training_groups SET taken = taken + 1 WHERE id = @id AND taken &lt; capacity</c>, in the same unit of work
/// that inserts the enrolment (ADR 0017): of any number of simultaneous requests on any number of nodes exactly as
/// many succeed as there are places; the others see zero rows changed and are offered the waiting list. A freed place
/// goes to the first on the waiting list in the same unit that frees it.
/// </summary>
internal sealed class EnrolmentService(PolkuDb db, UnitOfWork unit, TrainingMessages messages, TimeProvider time)
{
    /// <summary>Enrols the trainee, or with <paramref name="waitingList"/> puts them on the waiting list when the group is full.</summary>
    public async Task<Result<EnrolOutcome>> EnrolAsync(Guid staffId, Guid groupId, bool waitingList, CancellationToken ct)
    {
        try
        {
            return await unit.RunAsync(c => EnrolInUnitAsync(staffId, groupId, waitingList, c), ct);
        }
        catch (DbUpdateException)
        {
            // The unique (staff_id, active_course_id) index: the same trainee's twin request committed first.
            return Error.Conflict(EnrolmentErrors.AlreadyEnrolled);
        }
    }

    /// <summary>Cancels the trainee's own place or waiting-list place; a freed place goes to the first in line.</summary>
    public Task<Result<Guid>> CancelAsync(Guid staffId, Guid enrolmentId, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            var result = await CancelInUnitAsync(staffId, enrolmentId, c);
            return result.Error is { } error ? Result<Guid>.Fail(error) : result.Value!.GroupId;
        }, ct);

    /// <summary>Moves the trainee to another group of the same course in one unit: the new place must be free, the old one is released.</summary>
    public async Task<Result<EnrolOutcome>> ChangeGroupAsync(Guid staffId, Guid enrolmentId, Guid newGroupId, CancellationToken ct)
    {
        try
        {
            return await unit.RunAsync<EnrolOutcome>(async c =>
            {
                var target = await db.Set<CourseGroup>().AsNoTracking().Where(g => g.Id == newGroupId).Select(g => (Guid?)g.CourseId).FirstOrDefaultAsync(c);
                var current = await db.Set<Data.Enrolment>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrolmentId && e.StaffId == staffId, c);
                if (current is null)
                {
                    return Error.NotFound(EnrolmentErrors.NotFound);
                }

                if (target is null)
                {
                    return Error.NotFound(EnrolmentErrors.GroupNotFound);
                }

                if (target != current.CourseId || newGroupId == current.GroupId)
                {
                    return Error.Validation(EnrolmentErrors.SameCourseOnly, "groupId");
                }

                var cancelled = await CancelInUnitAsync(staffId, enrolmentId, c);
                if (cancelled.Error is { } error)
                {
                    return error;
                }

                // No waiting list on a change: a trainee keeps the place they have unless the new one is free.
                return await EnrolInUnitAsync(staffId, newGroupId, waitingList: false, c);
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict(EnrolmentErrors.AlreadyEnrolled);
        }
    }

    /// <summary>Fills free places of the group from its waiting list, first in line first (also after a capacity is raised).</summary>
    public Task<int> PromoteAsync(Guid groupId, CancellationToken ct) => unit.RunAsync(c => PromoteInUnitAsync(groupId, c), static _ => true, ct);

    private async Task<Result<EnrolOutcome>> EnrolInUnitAsync(Guid staffId, Guid groupId, bool waitingList, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var group = await db.Set<CourseGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId, ct);
        if (group is null)
        {
            return Error.NotFound(EnrolmentErrors.GroupNotFound);
        }

        if (group.FirstStartUtc <= now)
        {
            return Error.Conflict(EnrolmentErrors.GroupStarted);
        }

        if (await db.Set<Data.Enrolment>().AnyAsync(e => e.StaffId == staffId && e.ActiveCourseId == group.CourseId, ct))
        {
            return Error.Conflict(EnrolmentErrors.AlreadyEnrolled);
        }

        if (await EnrolmentRules.CheckAsync(db, staffId, group, now, ct) is { } broken)
        {
            return broken;
        }

        var enrolment = new Data.Enrolment
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            GroupId = groupId,
            CourseId = group.CourseId,
            StaffId = staffId,
            ActiveCourseId = group.CourseId,
            CreatedUtc = now,
        };
        int? position = null;
        if (await TryTakePlaceAsync(groupId, now, ct))
        {
            enrolment.Status = EnrolmentStatuses.Enrolled;
            enrolment.EnrolledUtc = now;
        }
        else if (!waitingList)
        {
            return Error.Conflict(EnrolmentErrors.GroupFull);
        }
        else
        {
            // The group's row is locked by this update until the commit (PostgreSQL; SQLite's writer lock holds anyway),
            // so the number read back is this unit's own.
            await db.Set<CourseGroup>().Where(g => g.Id == groupId).ExecuteUpdateAsync(u => u.SetProperty(g => g.WaitingLast, g => g.WaitingLast + 1), ct);
            var number = await db.Set<CourseGroup>().Where(g => g.Id == groupId).Select(g => g.WaitingLast).FirstAsync(ct);
            enrolment.Status = EnrolmentStatuses.Waiting;
            enrolment.WaitingNumber = number;
            position = 1 + await db.Set<Data.Enrolment>().CountAsync(e => e.GroupId == groupId && e.Status == EnrolmentStatuses.Waiting && e.WaitingNumber < number, ct);
        }

        db.Set<Data.Enrolment>().Add(enrolment);
        await NotifyAsync(enrolment, enrolment.Status == EnrolmentStatuses.Enrolled ? "enrolled" : "waiting", group, position, ct);
        return new EnrolOutcome(enrolment.Id, groupId, enrolment.Status, position);
    }

    /// <summary>The one statement that decides a race for a place: raises <c>taken</c> only while below capacity and before the start.</summary>
    private Task<int> TakeAsync(Guid groupId, DateTime now, CancellationToken ct) =>
        db.Set<CourseGroup>()
            .Where(g => g.Id == groupId && g.Taken < g.Capacity && g.FirstStartUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.Taken, g => g.Taken + 1), ct);

    private async Task<bool> TryTakePlaceAsync(Guid groupId, DateTime now, CancellationToken ct) => await TakeAsync(groupId, now, ct) == 1;

    private async Task<Result<Data.Enrolment>> CancelInUnitAsync(Guid staffId, Guid enrolmentId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var enrolment = await db.Set<Data.Enrolment>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrolmentId && e.StaffId == staffId, ct);
        if (enrolment is null)
        {
            return Error.NotFound(EnrolmentErrors.NotFound);
        }

        var group = await db.Set<CourseGroup>().AsNoTracking().FirstAsync(g => g.Id == enrolment.GroupId, ct);
        if (enrolment.Status is not (EnrolmentStatuses.Enrolled or EnrolmentStatuses.Waiting) || group.FirstStartUtc <= now)
        {
            return Error.Conflict(EnrolmentErrors.NotCancellable);
        }

        // Conditional on the status read: a concurrent cancellation or promotion of the same row makes this one lose.
        var seen = enrolment.Status;
        var changed = await db.Set<Data.Enrolment>()
            .Where(e => e.Id == enrolmentId && e.Status == seen)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, EnrolmentStatuses.Cancelled)
                .SetProperty(e => e.ActiveCourseId, (Guid?)null)
                .SetProperty(e => e.CancelledUtc, now), ct);
        if (changed == 0)
        {
            return Error.Conflict(EnrolmentErrors.NotCancellable);
        }

        if (seen == EnrolmentStatuses.Enrolled)
        {
            await db.Set<CourseGroup>().Where(g => g.Id == group.Id && g.Taken > 0)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.Taken, g => g.Taken - 1), ct);
            await PromoteInUnitAsync(group.Id, ct);
        }

        await NotifyAsync(enrolment, "cancelled", group, null, ct);
        return enrolment;
    }

    private async Task<int> PromoteInUnitAsync(Guid groupId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var promoted = 0;
        while (true)
        {
            var next = await db.Set<Data.Enrolment>().AsNoTracking()
                .Where(e => e.GroupId == groupId && e.Status == EnrolmentStatuses.Waiting)
                .OrderBy(e => e.WaitingNumber)
                .FirstOrDefaultAsync(ct);
            if (next is null || !await TryTakePlaceAsync(groupId, now, ct))
            {
                return promoted;
            }

            var changed = await db.Set<Data.Enrolment>()
                .Where(e => e.Id == next.Id && e.Status == EnrolmentStatuses.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, EnrolmentStatuses.Enrolled).SetProperty(e => e.EnrolledUtc, now), ct);
            if (changed == 0)
            {
                // The waiting trainee cancelled at the same moment: give the place back and try the next in line.
                await db.Set<CourseGroup>().Where(g => g.Id == groupId && g.Taken > 0).ExecuteUpdateAsync(u => u.SetProperty(g => g.Taken, g => g.Taken - 1), ct);
                continue;
            }

            var group = await db.Set<CourseGroup>().AsNoTracking().FirstAsync(g => g.Id == groupId, ct);
            await NotifyAsync(next, "promoted", group, null, ct);
            promoted++;
        }
    }

    private async Task NotifyAsync(Data.Enrolment enrolment, string what, CourseGroup group, int? position, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().Where(c => c.Id == group.CourseId).Select(c => new { c.NameFi, c.NameSv, c.NameEn }).FirstAsync(ct);
        await messages.SendAsync(enrolment.StaffId, $"training:{what}:{enrolment.Id:D}", TrainingMessageKinds.Named(what), TrainingRoutes.Group(group.Id),
            l => [TrainingText.Pick(l, course.NameFi, course.NameSv, course.NameEn), TrainingText.At(group.FirstStartUtc, Polku.Platform.Localization.Language.CultureFor(l)),
                position?.ToString(CultureInfo.InvariantCulture) ?? ""], ct);
    }
}
