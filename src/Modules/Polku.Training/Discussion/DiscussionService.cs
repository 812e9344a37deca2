using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Web;
using Polku.Training.Data;

namespace Polku.Training.Discussion;

internal sealed record PostView(Guid Id, string Author, string Text, DateTime CreatedUtc);

/// <summary>
/// Keskustelu — the discussion on a course's page (group null) and on each group's page, and the course feedback
/// (1–5 and a text, once per trainee). Any member of staff may read and write on a course page; a group's discussion
/// is for its participants (enrolled, waiting or completed) and its trainer. Text is stored as typed and HTML-encoded
/// on output.
/// </summary>
internal sealed class DiscussionService(PolkuDb db, UnitOfWork unit, IPeopleDirectory people, TimeProvider time)
{
    public const int MaxPosts = 200;

    public async Task<IReadOnlyList<PostView>> PostsAsync(Guid courseId, Guid? groupId, CancellationToken ct) =>
        [.. (await db.Set<DiscussionPost>().AsNoTracking().Where(p => p.CourseId == courseId && p.GroupId == groupId)
            .OrderByDescending(p => p.CreatedUtc).Take(MaxPosts).ToListAsync(ct))
            .OrderBy(p => p.CreatedUtc).Select(p => new PostView(p.Id, p.AuthorName, p.Text, p.CreatedUtc))];

    /// <summary>Whether the member of staff takes part in the group (any enrolment but a cancelled one) or trains it.</summary>
    public async Task<bool> IsParticipantAsync(Guid groupId, Guid staffId, CancellationToken ct) =>
        await db.Set<CourseGroup>().AnyAsync(g => g.Id == groupId && g.TrainerStaffId == staffId, ct)
        || await db.Set<Data.Enrolment>().AnyAsync(e => e.GroupId == groupId && e.StaffId == staffId && e.Status != EnrolmentStatuses.Cancelled, ct);

    public Task<Result<Guid>> PostAsync(Guid courseId, Guid? groupId, Guid staffId, string? text, CancellationToken ct)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return Task.FromResult<Result<Guid>>(Error.Validation("training.post.empty", "text"));
        }

        if (trimmed.Length > TrainingModel.PostLength || !RequestJson.IsValidText(trimmed))
        {
            return Task.FromResult<Result<Guid>>(Error.Validation("training.post.too_long", "text"));
        }

        return unit.RunAsync<Guid>(async c =>
        {
            if (!await db.Set<Course>().AnyAsync(k => k.Id == courseId, c))
            {
                return Error.NotFound("training.course_not_found");
            }

            if (groupId is { } g && !await IsParticipantAsync(g, staffId, c))
            {
                return Error.Forbidden("training.post.not_participant");
            }

            var author = await people.FindStaffAsync(staffId, c);
            var post = new DiscussionPost
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                CourseId = courseId,
                GroupId = groupId,
                AuthorStaffId = staffId,
                AuthorName = author?.DisplayName ?? "",
                Text = trimmed,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Set<DiscussionPost>().Add(post);
            return post.Id;
        }, ct);
    }

    public async Task<CourseFeedback?> MyFeedbackAsync(Guid courseId, Guid staffId, CancellationToken ct) =>
        await db.Set<CourseFeedback>().AsNoTracking().FirstOrDefaultAsync(f => f.CourseId == courseId && f.StaffId == staffId, ct);

    /// <summary>Feedback from a trainee who completed the course or whose group has ended; once per trainee and course.</summary>
    public async Task<Result<Guid>> FeedbackAsync(Guid courseId, Guid staffId, int? score, string? text, CancellationToken ct)
    {
        if (score is not (>= 1 and <= 5))
        {
            return Error.Validation("training.feedback.score", "score");
        }

        var trimmed = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (trimmed is { Length: > TrainingModel.PostLength } || (trimmed is not null && !RequestJson.IsValidText(trimmed)))
        {
            return Error.Validation("training.post.too_long", "text");
        }

        try
        {
            return await unit.RunAsync<Guid>(async c =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                var took = await db.Set<Data.Enrolment>().AsNoTracking()
                    .Where(e => e.StaffId == staffId && e.CourseId == courseId && (e.Status == EnrolmentStatuses.Completed || e.Status == EnrolmentStatuses.Enrolled))
                    .Join(db.Set<CourseGroup>(), e => e.GroupId, g => g.Id, (e, g) => new { e.Status, g.LastEndUtc })
                    .AnyAsync(x => x.Status == EnrolmentStatuses.Completed || x.LastEndUtc <= now, c);
                if (!took)
                {
                    return Error.Conflict("training.feedback.not_taken");
                }

                if (await db.Set<CourseFeedback>().AnyAsync(f => f.CourseId == courseId && f.StaffId == staffId, c))
                {
                    return Error.Conflict("training.feedback.already_given");
                }

                var feedback = new CourseFeedback { Id = Guid.CreateVersion7(time.GetUtcNow()), CourseId = courseId, StaffId = staffId, Score = score.Value, Text = trimmed, CreatedUtc = now };
                db.Set<CourseFeedback>().Add(feedback);
                return feedback.Id;
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Conflict("training.feedback.already_given");
        }
    }
}
