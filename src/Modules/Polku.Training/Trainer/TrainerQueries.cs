using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Data;
using Polku.Training.Domain;
using Polku.Training.Enrolment;

namespace Polku.Training.Trainer;

internal sealed record TrainerGroup(Guid Id, string Code, Guid CourseId, string Course, DateTime FirstStartUtc, DateTime LastEndUtc, int Capacity, int Taken, int Waiting);

internal sealed record Participant(Guid EnrolmentId, Guid StaffId, string Name, string Title, string Status, int? WaitingNumber, IReadOnlySet<Guid> PresentAt, string? Exam);

internal sealed record FeedbackSummary(Guid CourseId, string Course, int Count, double Average, IReadOnlyList<string> Texts);

/// <summary>
/// The trainer's view (spec 07): their groups, participants with status and exam results before each session,
/// attendance for the enrolled, moving a participant to another group of the same course, and feedback per course. A
/// trainer sees the groups they train; the coordinator sees all.
/// </summary>
internal sealed class TrainerQueries(PolkuDb db, UnitOfWork unit, EnrolmentService enrolments, IPeopleDirectory people, TimeProvider time)
{
    public async Task<IReadOnlyList<TrainerGroup>> GroupsAsync(Guid trainerId, bool all, string language, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddDays(-30);
        var rows = await db.Set<CourseGroup>().AsNoTracking()
            .Where(g => (all || g.TrainerStaffId == trainerId) && g.LastEndUtc >= since)
            .Join(db.Set<Course>(), g => g.CourseId, c => c.Id, (g, c) => new { g, c.NameFi, c.NameSv, c.NameEn })
            .OrderBy(x => x.g.FirstStartUtc).Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.g.Id).ToList();
        var waiting = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => ids.Contains(e.GroupId) && e.Status == EnrolmentStatuses.Waiting)
            .GroupBy(e => e.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. rows.Select(r => new TrainerGroup(r.g.Id, r.g.Code, r.g.CourseId, TrainingText.Pick(language, r.NameFi, r.NameSv, r.NameEn), r.g.FirstStartUtc, r.g.LastEndUtc,
            r.g.Capacity, r.g.Taken, waiting.GetValueOrDefault(r.g.Id)))];
    }

    /// <summary>The group when the trainer may see it (theirs, or any for the coordinator); null otherwise.</summary>
    public async Task<CourseGroup?> GroupAsync(Guid groupId, Guid trainerId, bool all, CancellationToken ct) =>
        await db.Set<CourseGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId && (all || g.TrainerStaffId == trainerId), ct);

    public async Task<IReadOnlyList<GroupSession>> SessionsAsync(Guid groupId, CancellationToken ct) =>
        await db.Set<GroupSession>().AsNoTracking().Where(s => s.GroupId == groupId).OrderBy(s => s.StartUtc).ToListAsync(ct);

    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(CourseGroup group, CancellationToken ct)
    {
        var enrolments = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.GroupId == group.Id && e.Status != EnrolmentStatuses.Cancelled).ToListAsync(ct);
        var ids = enrolments.Select(e => e.Id).ToList();
        var present = await db.Set<Attendance>().AsNoTracking().Where(a => ids.Contains(a.EnrolmentId) && a.Present).ToListAsync(ct);
        var staffIds = enrolments.Select(e => e.StaffId).ToList();
        var staff = (await people.GetStaffAsync(staffIds, ct)).ToDictionary(s => s.Id);
        var exam = await db.Set<Exam>().AsNoTracking().Where(x => x.CourseId == group.CourseId).Select(x => (Guid?)x.Id).FirstOrDefaultAsync(ct);
        var attempts = exam is { } examId
            ? await db.Set<ExamAttempt>().AsNoTracking().Where(a => a.ExamId == examId && staffIds.Contains(a.StaffId)).ToListAsync(ct)
            : [];
        return [.. enrolments
            .OrderBy(e => e.Status == EnrolmentStatuses.Waiting).ThenBy(e => e.WaitingNumber).ThenBy(e => staff.GetValueOrDefault(e.StaffId)?.DisplayName, StringComparer.CurrentCulture)
            .Select(e =>
            {
                var mine = attempts.Where(a => a.StaffId == e.StaffId).OrderByDescending(a => a.Passed).ThenByDescending(a => a.Score).FirstOrDefault();
                var who = staff.GetValueOrDefault(e.StaffId);
                return new Participant(e.Id, e.StaffId, who?.DisplayName ?? "", who?.Title ?? "", e.Status, e.WaitingNumber,
                    present.Where(p => p.EnrolmentId == e.Id).Select(p => p.SessionId).ToHashSet(), mine is null ? null : $"{mine.Score}/{mine.MaxScore}" + (mine.Passed ? " ✓" : ""));
            })];
    }

    /// <summary>Marks who was present at a session: only enrolled (or completed) participants of the group can be marked.</summary>
    public Task<Result<int>> MarkAttendanceAsync(CourseGroup group, Guid sessionId, IReadOnlySet<Guid> presentEnrolments, Guid trainerId, CancellationToken ct) =>
        unit.RunAsync<int>(async c =>
        {
            if (!await db.Set<GroupSession>().AnyAsync(s => s.Id == sessionId && s.GroupId == group.Id, c))
            {
                return Error.NotFound("training.session_not_found");
            }

            var enrolled = await db.Set<Data.Enrolment>()
                .Where(e => e.GroupId == group.Id && (e.Status == EnrolmentStatuses.Enrolled || e.Status == EnrolmentStatuses.Completed))
                .Select(e => e.Id).ToListAsync(c);
            if (presentEnrolments.Any(p => !enrolled.Contains(p)))
            {
                return Error.Validation("training.attendance.not_enrolled", "present");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var existing = await db.Set<Attendance>().Where(a => a.SessionId == sessionId).ToDictionaryAsync(a => a.EnrolmentId, c);
            foreach (var id in enrolled)
            {
                var present = presentEnrolments.Contains(id);
                if (existing.TryGetValue(id, out var row))
                {
                    row.Present = present;
                    row.MarkedBy = trainerId;
                    row.MarkedUtc = now;
                }
                else
                {
                    db.Set<Attendance>().Add(new Attendance { SessionId = sessionId, EnrolmentId = id, Present = present, MarkedBy = trainerId, MarkedUtc = now });
                }
            }

            return presentEnrolments.Count;
        }, ct);

    /// <summary>Moves a participant's place to another group of the same course (the same rules as the trainee's own change).</summary>
    public async Task<Result<EnrolOutcome>> MoveAsync(CourseGroup group, Guid enrolmentId, Guid newGroupId, CancellationToken ct)
    {
        var staffId = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.Id == enrolmentId && e.GroupId == group.Id).Select(e => (Guid?)e.StaffId).FirstOrDefaultAsync(ct);
        return staffId is { } s ? await enrolments.ChangeGroupAsync(s, enrolmentId, newGroupId, ct) : Error.NotFound(EnrolmentErrors.NotFound);
    }

    public async Task<IReadOnlyList<FeedbackSummary>> FeedbackAsync(IEnumerable<Guid> courseIds, string language, CancellationToken ct)
    {
        var ids = courseIds.Distinct().ToList();
        var rows = await db.Set<CourseFeedback>().AsNoTracking().Where(f => ids.Contains(f.CourseId)).ToListAsync(ct);
        var courses = await db.Set<Course>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        return [.. courses.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c =>
        {
            var mine = rows.Where(r => r.CourseId == c.Id).OrderByDescending(r => r.CreatedUtc).ToList();
            return new FeedbackSummary(c.Id, TrainingText.Pick(language, c.NameFi, c.NameSv, c.NameEn), mine.Count, mine.Count == 0 ? 0 : mine.Average(r => r.Score),
                [.. mine.Where(r => r.Text is not null).Select(r => r.Text!).Take(20)]);
        })];
    }
}
