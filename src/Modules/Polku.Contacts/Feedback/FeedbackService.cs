using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Feedback;

/// <summary>The survey as one resident answers it: NPS 0–10, an optional text, the service's extra questions (id → value).</summary>
internal sealed record FeedbackInput(int? Score, string? Text, IReadOnlyDictionary<string, string?>? Answers, bool Skip, string Language);

/// <summary>
/// Feedback after a transaction (spec 05): offered at most once per transaction, never required, skippable. The
/// transaction's module says what it was and whether the caller may answer (<see cref="IFeedbackSubjects"/>); the answer
/// is stored with the service, stage, channel and municipality only. The unique (kind, subject) index decides a race
/// between two tabs: one answer per transaction.
/// </summary>
internal sealed class FeedbackService(PolkuDb db, UnitOfWork unit, ServiceJournal journal, TimeProvider time, IEnumerable<IFeedbackSubjects> subjects)
    : IFeedbackOffers
{
    public const int MaxTextLength = 2000;
    public const int MaxExtraAnswerLength = 500;
    public static readonly IReadOnlyList<string> QuestionKinds = ["scale", "yesno", "text"];

    public async Task<bool> MayOfferAsync(string kind, Guid id, CancellationToken cancellationToken = default) =>
        !await db.Set<FeedbackAnswer>().AnyAsync(f => f.Kind == kind && f.SubjectId == id, cancellationToken);

    /// <summary>The transaction when the caller may give feedback on it; null when it is unknown, not finished or not theirs.</summary>
    public async Task<FeedbackSubject?> SubjectAsync(string? kind, Guid id, FeedbackCaller caller, CancellationToken ct) =>
        kind is null || subjects.FirstOrDefault(s => s.Kind == kind) is not { } source ? null : await source.FindAsync(id, caller, ct);

    /// <summary>The service's active extra questions, in order.</summary>
    public async Task<IReadOnlyList<FeedbackQuestion>> QuestionsAsync(string? serviceCode, CancellationToken ct) =>
        serviceCode is null
            ? []
            : await db.Set<FeedbackQuestion>().AsNoTracking().Where(q => q.ServiceCode == serviceCode && q.Active).OrderBy(q => q.Position).ToListAsync(ct);

    /// <summary>
    /// Records the answer or the skip. <c>feedback.not_found</c> (404), <c>feedback.already_given</c> (409),
    /// <c>feedback.score_invalid</c>, <c>feedback.text_too_long</c>, <c>feedback.answer_invalid</c> (400).
    /// </summary>
    public async Task<Result<FeedbackAnswer>> GiveAsync(string? kind, Guid id, FeedbackCaller caller, FeedbackInput input, CancellationToken ct)
    {
        if (await SubjectAsync(kind, id, caller, ct) is not { } subject)
        {
            return Error.NotFound("feedback.not_found");
        }

        string? text = null;
        string? answers = null;
        if (!input.Skip)
        {
            if (input.Score is not (>= 0 and <= 10))
            {
                return Error.Validation("feedback.score_invalid", "score");
            }

            text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
            if (text is { Length: > MaxTextLength })
            {
                return Error.Validation("feedback.text_too_long", "text");
            }

            var extra = await CheckAnswersAsync(subject.ServiceCode, input.Answers, ct);
            if (extra.Error is { } problem)
            {
                return problem;
            }

            answers = extra.Value;
        }

        var language = input.Language is "sv" or "en" ? input.Language : "fi";
        return await unit.RunAsync(async ct =>
        {
            if (await db.Set<FeedbackAnswer>().AnyAsync(f => f.Kind == subject.Kind && f.SubjectId == subject.Id, ct))
            {
                return Result<FeedbackAnswer>.Fail(Error.Conflict("feedback.already_given"));
            }

            var row = new FeedbackAnswer
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Kind = subject.Kind,
                SubjectId = subject.Id,
                ServiceCode = subject.ServiceCode,
                Stage = subject.Stage,
                Channel = subject.Channel,
                MunicipalityCode = subject.MunicipalityCode,
                UnitId = subject.UnitId,
                Language = language,
                Score = input.Skip ? null : input.Score,
                Skipped = input.Skip,
                Text = text,
                Answers = answers,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Set<FeedbackAnswer>().Add(row);
            if (!input.Skip)
            {
                // Pseudonymous like every event, and no resident key at all: feedback is anonymous to the control tower.
                journal.Record("feedback.given", subject.Channel, digital: true, null, subject.MunicipalityCode, subject.ServiceCode, subject.UnitId,
                    outcome: row.Score!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), detail: subject.Stage);
            }

            return Result<FeedbackAnswer>.Ok(row);
        }, ct);
    }

    /// <summary>The extra answers as JSON, each checked against its question's kind; unknown question ids are refused.</summary>
    private async Task<Result<string?>> CheckAnswersAsync(string? serviceCode, IReadOnlyDictionary<string, string?>? given, CancellationToken ct)
    {
        if (given is null || given.All(a => string.IsNullOrWhiteSpace(a.Value)))
        {
            return Result<string?>.Ok(null);
        }

        var questions = (await QuestionsAsync(serviceCode, ct)).ToDictionary(q => q.Id.ToString("D"));
        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, raw) in given)
        {
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (!questions.TryGetValue(key, out var question))
            {
                return Error.Validation("feedback.answer_invalid", "answers");
            }

            var ok = question.Kind switch
            {
                "scale" => value is "1" or "2" or "3" or "4" or "5",
                "yesno" => value is "yes" or "no",
                _ => value.Length <= MaxExtraAnswerLength,
            };
            if (!ok)
            {
                return Error.Validation("feedback.answer_invalid", "answers");
            }

            kept[key] = value;
        }

        return Result<string?>.Ok(kept.Count == 0 ? null : JsonSerializer.Serialize(kept));
    }

    /// <summary>Adds an extra question for a service (the coordinator); <c>feedback.question_invalid</c> without all three texts.</summary>
    public async Task<Result<FeedbackQuestion>> AddQuestionAsync(string? serviceCode, string? kind, string? fi, string? sv, string? en, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(serviceCode) || serviceCode.Length > 60)
        {
            return Error.Validation("feedback.service_required", "serviceCode");
        }

        if (kind is null || !QuestionKinds.Contains(kind))
        {
            return Error.Validation("feedback.question_kind_invalid", "kind");
        }

        if (new[] { fi, sv, en }.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > 300))
        {
            return Error.Validation("feedback.question_invalid", "textFi");
        }

        return await unit.RunAsync(async ct =>
        {
            var position = 1 + (await db.Set<FeedbackQuestion>().Where(q => q.ServiceCode == serviceCode).MaxAsync(q => (int?)q.Position, ct) ?? 0);
            var question = new FeedbackQuestion
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                ServiceCode = serviceCode.Trim(),
                Position = position,
                Kind = kind,
                TextFi = fi!.Trim(),
                TextSv = sv!.Trim(),
                TextEn = en!.Trim(),
                Active = true,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            db.Set<FeedbackQuestion>().Add(question);
            return Result<FeedbackQuestion>.Ok(question);
        }, ct);
    }

    /// <summary>Stops asking a question; its earlier answers stay.</summary>
    public Task<int> RetireQuestionAsync(Guid id, CancellationToken ct) =>
        unit.RunAsync(ct => db.Set<FeedbackQuestion>().Where(q => q.Id == id && q.Active).ExecuteUpdateAsync(s => s.SetProperty(q => q.Active, false), ct),
            static _ => true, ct);

    public async Task<IReadOnlyList<FeedbackQuestion>> AllQuestionsAsync(CancellationToken ct) =>
        await db.Set<FeedbackQuestion>().AsNoTracking().Where(q => q.Active).OrderBy(q => q.ServiceCode).ThenBy(q => q.Position).ToListAsync(ct);
}
