using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Contracts;
using Polku.Training.Data;
using Polku.Training.Domain;
using Polku.Training.Messages;

namespace Polku.Training.Exams;

/// <summary>A choice of a question in the reader's language.</summary>
internal sealed record ChoiceView(string Key, string Text);

/// <summary>A question as the trainee sees it (never with its right answers).</summary>
internal sealed record QuestionView(Guid Id, int Position, string Text, IReadOnlyList<ChoiceView> Choices, bool Multiple);

/// <summary>One stored choice in <see cref="ExamQuestion.ChoicesJson"/>.</summary>
internal sealed record StoredChoice(string Key, string Fi, string Sv, string En);

/// <summary>A past attempt.</summary>
internal sealed record AttemptView(int Number, DateTime SubmittedUtc, int Score, int MaxScore, bool Passed);

/// <summary>What the exam page shows: the exam, the trainee's attempts and whether (and why not) they may try now.</summary>
internal sealed record ExamState(Exam Exam, Course Course, IReadOnlyList<QuestionView> Questions, IReadOnlyList<AttemptView> Attempts, string? Blocked, DateTime? NotBeforeUtc);

/// <summary>The graded answer to an attempt, with the certificate when passing issued one.</summary>
internal sealed record AttemptResult(Guid AttemptId, int Number, int Score, int MaxScore, bool Passed, int PassPercent, int? AttemptsLeft, IssuedCertificate? Certificate);

internal sealed record IssuedCertificate(Guid Id, string Kind, string VerificationCode, DateTime IssuedUtc, DateTime? ExpiresUtc);

internal static class ExamErrors
{
    public const string NotFound = "training.exam.not_found";
    public const string NotEnrolled = "training.exam.not_enrolled";
    public const string NotYet = "training.exam.not_yet";
    public const string NothingToRenew = "training.exam.nothing_to_renew";
    public const string AttemptConflict = "training.exam.attempt_conflict";
    public const string Unanswered = "training.exam.unanswered";
}

/// <summary>
/// Kokeet — the exam after a course, graded automatically (<see cref="ExamGrading"/>), with retakes by the exam's rule
/// (at most <see cref="Exam.MaxAttempts"/>, <see cref="Exam.RetakeWaitHours"/> apart). A trainee may take the exam once
/// the last session of a group they hold a place in has ended; a renewal course has no sessions and is open to anyone
/// who holds (or held) a certificate of its kind. Passing completes the enrolment and, when the course grants a kind,
/// issues a certificate (issue date now, expiry the course's validity in calendar months later) and sends it by e-mail —
/// all in the attempt's one unit of work.
/// </summary>
internal sealed class ExamService(PolkuDb db, UnitOfWork unit, TrainingMessages messages, IPeopleDirectory people, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Exam?> FindByCourseAsync(Guid courseId, CancellationToken ct) =>
        await db.Set<Exam>().AsNoTracking().FirstOrDefaultAsync(e => e.CourseId == courseId, ct);

    public async Task<ExamState?> StateAsync(Guid examId, Guid staffId, string language, CancellationToken ct)
    {
        var exam = await db.Set<Exam>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == examId, ct);
        if (exam is null)
        {
            return null;
        }

        var course = await db.Set<Course>().AsNoTracking().FirstAsync(c => c.Id == exam.CourseId, ct);
        var questions = (await db.Set<ExamQuestion>().AsNoTracking().Where(q => q.ExamId == examId).OrderBy(q => q.Position).ToListAsync(ct))
            .Select(q => new QuestionView(q.Id, q.Position, TrainingText.Pick(language, q.TextFi, q.TextSv, q.TextEn),
                [.. Choices(q).Select(c => new ChoiceView(c.Key, TrainingText.Pick(language, c.Fi, c.Sv, c.En)))], q.Correct.Contains(',', StringComparison.Ordinal)))
            .ToList();
        var attempts = await db.Set<ExamAttempt>().AsNoTracking().Where(a => a.ExamId == examId && a.StaffId == staffId).OrderBy(a => a.Number)
            .Select(a => new AttemptView(a.Number, a.SubmittedUtc, a.Score, a.MaxScore, a.Passed)).ToListAsync(ct);
        var (blocked, notBefore) = await MayAttemptAsync(exam, course, staffId, attempts, ct);
        return new ExamState(exam, course, questions, attempts, blocked, notBefore);
    }

    /// <summary>Grades and stores one attempt; answers map question id → the chosen keys.</summary>
    public async Task<Result<AttemptResult>> SubmitAsync(Guid examId, Guid staffId, IReadOnlyDictionary<Guid, IReadOnlySet<string>> answers, CancellationToken ct)
    {
        try
        {
            return await unit.RunAsync(c => SubmitInUnitAsync(examId, staffId, answers, c), ct);
        }
        catch (DbUpdateException)
        {
            // The unique (exam_id, staff_id, number): the same attempt was submitted twice at once and the other one counted.
            return Error.Conflict(ExamErrors.AttemptConflict);
        }
    }

    private async Task<Result<AttemptResult>> SubmitInUnitAsync(Guid examId, Guid staffId, IReadOnlyDictionary<Guid, IReadOnlySet<string>> answers, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var exam = await db.Set<Exam>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == examId, ct);
        if (exam is null)
        {
            return Error.NotFound(ExamErrors.NotFound);
        }

        var course = await db.Set<Course>().AsNoTracking().FirstAsync(c => c.Id == exam.CourseId, ct);
        var attempts = await db.Set<ExamAttempt>().AsNoTracking().Where(a => a.ExamId == examId && a.StaffId == staffId).OrderBy(a => a.Number)
            .Select(a => new AttemptView(a.Number, a.SubmittedUtc, a.Score, a.MaxScore, a.Passed)).ToListAsync(ct);
        var (blocked, _) = await MayAttemptAsync(exam, course, staffId, attempts, ct);
        if (blocked is not null)
        {
            return Error.Conflict(blocked);
        }

        var questions = await db.Set<ExamQuestion>().AsNoTracking().Where(q => q.ExamId == examId).OrderBy(q => q.Position).ToListAsync(ct);
        var known = questions.Select(q => q.Id).ToHashSet();
        if (answers.Keys.Any(k => !known.Contains(k)) || answers.Count == 0)
        {
            return Error.Validation(ExamErrors.Unanswered, "answers");
        }

        var grade = ExamGrading.Grade([.. questions.Select(q => new GradedQuestion(q.Id, q.Correct.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)))],
            answers, exam.PassPercent);
        var attempt = new ExamAttempt
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ExamId = examId,
            StaffId = staffId,
            Number = attempts.Count + 1,
            SubmittedUtc = now,
            Score = grade.Score,
            MaxScore = grade.MaxScore,
            Passed = grade.Passed,
            AnswersJson = JsonSerializer.Serialize(answers.ToDictionary(a => a.Key.ToString("D"), a => a.Value.Order(StringComparer.Ordinal).ToArray()), Json),
        };
        db.Set<ExamAttempt>().Add(attempt);
        IssuedCertificate? issued = null;
        if (grade.Passed)
        {
            await db.Set<Data.Enrolment>()
                .Where(e => e.StaffId == staffId && e.CourseId == course.Id && e.Status == EnrolmentStatuses.Enrolled)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, EnrolmentStatuses.Completed).SetProperty(e => e.CompletedUtc, now), ct);
            if (course.CertificateKind is { } kind)
            {
                issued = await IssueAsync(staffId, kind, course, attempt.Id, now, ct);
            }
        }

        int? left = exam.MaxAttempts is { } max ? Math.Max(0, max - attempt.Number) : null;
        return new AttemptResult(attempt.Id, attempt.Number, grade.Score, grade.MaxScore, grade.Passed, exam.PassPercent, left, issued);
    }

    private async Task<IssuedCertificate> IssueAsync(Guid staffId, string kind, Course course, Guid attemptId, DateTime now, CancellationToken ct)
    {
        var holder = await people.FindStaffAsync(staffId, ct);
        var certificate = new Certificate
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            StaffId = staffId,
            HolderName = holder?.DisplayName ?? "",
            Kind = kind,
            CourseId = course.Id,
            AttemptId = attemptId,
            IssuedUtc = now,
            ExpiresUtc = course.ValidityMonths is { } months ? TrainingText.AddMonthsHelsinki(now, months) : null,
            // 29^10 codes: a collision is practically impossible, and the unique index would refuse one.
            VerificationCode = VerificationCode.New(),
        };
        db.Set<Certificate>().Add(certificate);
        await messages.SendAsync(staffId, $"training:certificate:{certificate.Id:D}", TrainingMessageKinds.Certificate, TrainingRoutes.MyTraining,
            l => [TrainingText.Pick(l, course.NameFi, course.NameSv, course.NameEn), VerificationCode.Display(certificate.VerificationCode),
                certificate.ExpiresUtc is { } e ? TrainingText.Date(e, Platform.Localization.Language.CultureFor(l)) : "—"], ct);
        return new IssuedCertificate(certificate.Id, kind, certificate.VerificationCode, certificate.IssuedUtc, certificate.ExpiresUtc);
    }

    /// <summary>Null when the trainee may attempt now; else the error code (and from when, for a retake wait).</summary>
    private async Task<(string? Error, DateTime? NotBefore)> MayAttemptAsync(Exam exam, Course course, Guid staffId, List<AttemptView> attempts, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (course.IsRenewal)
        {
            var kind = course.CertificateKind;
            if (kind is null || !await db.Set<Certificate>().AnyAsync(c => c.StaffId == staffId && c.Kind == kind, ct))
            {
                return (ExamErrors.NothingToRenew, null);
            }

            // A renewal can be passed again when the certificate it renewed comes up for renewal: only attempts since the
            // newest certificate of the kind count.
            var latest = await db.Set<Certificate>().AsNoTracking().Where(c => c.StaffId == staffId && c.Kind == kind).MaxAsync(c => c.IssuedUtc, ct);
            attempts = [.. attempts.Where(a => a.SubmittedUtc > latest)];
        }
        else
        {
            var groups = await db.Set<Data.Enrolment>().AsNoTracking()
                .Where(e => e.StaffId == staffId && e.CourseId == course.Id && (e.Status == EnrolmentStatuses.Enrolled || e.Status == EnrolmentStatuses.Completed))
                .Join(db.Set<CourseGroup>(), e => e.GroupId, g => g.Id, (e, g) => g.LastEndUtc)
                .ToListAsync(ct);
            if (groups.Count == 0)
            {
                return (ExamErrors.NotEnrolled, null);
            }

            if (groups.All(end => end > now))
            {
                return (ExamErrors.NotYet, groups.Min());
            }
        }

        var lastFailed = attempts is [.., { Passed: false } last] ? last.SubmittedUtc : (DateTime?)null;
        return ExamGrading.MayAttempt(attempts.Count, attempts.Any(a => a.Passed), lastFailed, exam.MaxAttempts, exam.RetakeWaitHours, now);
    }

    public static IReadOnlyList<StoredChoice> Choices(ExamQuestion question) =>
        JsonSerializer.Deserialize<List<StoredChoice>>(question.ChoicesJson, Json) ?? [];
}
