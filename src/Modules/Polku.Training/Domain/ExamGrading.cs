namespace Polku.Training.Domain;

/// <summary>One question as grading sees it: its id and the keys of the right choices.</summary>
internal sealed record GradedQuestion(Guid Id, IReadOnlySet<string> Correct);

/// <summary>The graded result of one attempt.</summary>
internal sealed record Grade(int Score, int MaxScore, bool Passed, IReadOnlyList<Guid> Wrong);

/// <summary>
/// Automatic grading: a question counts when exactly its right choices are chosen (all of them and nothing else), and
/// the attempt passes when the share of counted questions reaches the pass mark in per cent, compared
/// exactly in whole numbers (7 of 9 is 77.8 %: it fails a pass mark of 80).
/// </summary>
internal static class ExamGrading
{
    public static Grade Grade(IReadOnlyList<GradedQuestion> questions, IReadOnlyDictionary<Guid, IReadOnlySet<string>> answers, int passPercent)
    {
        var wrong = new List<Guid>();
        foreach (var q in questions)
        {
            if (!answers.TryGetValue(q.Id, out var chosen) || !chosen.SetEquals(q.Correct))
            {
                wrong.Add(q.Id);
            }
        }

        var score = questions.Count - wrong.Count;
        // score / max >= pass / 100, in whole numbers.
        var passed = questions.Count > 0 && score * 100 >= passPercent * questions.Count;
        return new Grade(score, questions.Count, passed, wrong);
    }

    /// <summary>Whether another attempt may start now, and if not, why (an error code) and from when.</summary>
    public static (string? Error, DateTime? NotBeforeUtc) MayAttempt(int attemptsSoFar, bool passedAlready, DateTime? lastFailedUtc, int? maxAttempts, int retakeWaitHours, DateTime nowUtc)
    {
        if (passedAlready)
        {
            return ("training.exam.already_passed", null);
        }

        if (maxAttempts is { } max && attemptsSoFar >= max)
        {
            return ("training.exam.no_attempts_left", null);
        }

        if (lastFailedUtc is { } last && retakeWaitHours > 0 && nowUtc < last.AddHours(retakeWaitHours))
        {
            return ("training.exam.retake_wait", last.AddHours(retakeWaitHours));
        }

        return (null, null);
    }
}
