using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using static Polku.Tests.Assessments.EngineTestSupport;

namespace Polku.Tests.Assessments;

/// <summary>Properties over many seeded random answer sets (no property-testing package needed).</summary>
public class EnginePropertyTests
{
    private const int Runs = 500;

    /// <summary>A random answer for every answerable item (or none), within the item's bounds.</summary>
    internal static AnswerSet RandomAnswers(CompiledAssessment assessment, Random random, double answeredShare = 0.7)
    {
        var answers = new AnswerSet(assessment);
        foreach (var item in assessment.Items)
        {
            if (random.NextDouble() < answeredShare)
            {
                SetRandom(answers, item, random);
            }
        }

        return answers;
    }

    internal static void SetRandom(AnswerSet answers, ItemDefinition item, Random random)
    {
        switch (item.Type)
        {
            case ItemType.Boolean:
                answers.SetBoolean(item.LinkId, random.Next(2) == 1);
                break;
            case ItemType.Integer:
                answers.SetNumber(item.LinkId, random.Next((int)(item.Min ?? 0), (int)(item.Max ?? 100) + 1));
                break;
            case ItemType.Decimal:
                {
                    var min = item.Min ?? 0;
                    var max = item.Max ?? 100;
                    answers.SetNumber(item.LinkId, Math.Round(min + (random.NextDouble() * (max - min)), 1));
                    break;
                }

            case ItemType.Choice:
                answers.SetCode(item.LinkId, item.Options[random.Next(item.Options.Count)].Code);
                break;
            case ItemType.MultiChoice:
                answers.SetCodes(item.LinkId, item.Options.Where(_ => random.Next(2) == 1).Select(o => o.Code).ToList());
                break;
            case ItemType.Date:
                answers.SetDate(item.LinkId, new DateOnly(2020, 1, 1).AddDays(random.Next(3000)));
                break;
            case ItemType.String:
            case ItemType.Text:
                answers.SetText(item.LinkId, "t" + random.Next(10));
                break;
        }
    }

    private static EvaluationContext RandomContext(Random random) => new(
        random.Next(3) == 0 ? null : random.Next(0, 100),
        random.Next(3) switch { 0 => null, 1 => "male", _ => "female" },
        "091",
        Today);

    /// <summary>Everything an evaluation decides, as one comparable string.</summary>
    private static string Fingerprint(Evaluation e) => string.Join(
        "|",
        e.Recommendation?.OutcomeId,
        string.Join(",", e.EnabledLinkIds),
        string.Join(",", e.Scales.Select(s => $"{s.Name}={s.Value}")),
        string.Join(",", e.Trace.Select(t => t.RuleId)),
        string.Join(",", e.Errors.Select(x => x.LinkId + x.Code)),
        string.Join(",", e.Answers.AnsweredLinkIds));

    public static TheoryData<string> Assessments => new() { "test-symptom", "test-audit" };

    [Theory]
    [MemberData(nameof(Assessments))]
    public void Evaluation_is_deterministic_and_buffers_do_not_leak_between_runs(string id)
    {
        var assessment = Fixture(id);
        var random = new Random(20260619);
        var shared = new EvaluationBuffer(assessment);
        for (var run = 0; run < Runs; run++)
        {
            var answers = RandomAnswers(assessment, random);
            var context = RandomContext(random);

            var fresh = AssessmentEngine.Evaluate(assessment, answers, context);
            AssessmentEngine.Evaluate(assessment, answers, context, shared);
            var reused = AssessmentEngine.ToEvaluation(shared);
            var again = AssessmentEngine.Evaluate(assessment, answers.Copy(), context);

            Assert.Equal(Fingerprint(fresh), Fingerprint(reused));
            Assert.Equal(Fingerprint(fresh), Fingerprint(again));
        }
    }

    [Fact]
    public void Adding_a_red_flag_answer_never_lowers_urgency()
    {
        var assessment = Fixture("test-symptom");
        var random = new Random(116117);
        for (var run = 0; run < Runs; run++)
        {
            var answers = RandomAnswers(assessment, random);
            var context = RandomContext(random);
            var before = AssessmentEngine.Evaluate(assessment, answers, context).Recommendation!.Urgency;

            var breathless = answers.Copy();
            breathless.SetBoolean("breathless-rest", true);
            var highFever = answers.Copy();
            highFever.SetBoolean("fever", true);
            highFever.SetNumber("temperature", 40 + Math.Round(random.NextDouble() * 3, 1));

            foreach (var changed in new[] { breathless, highFever })
            {
                var after = AssessmentEngine.Evaluate(assessment, changed, context).Recommendation!.Urgency;
                Assert.False(before.MoreUrgentThan(after), $"run {run}: {before} became {after}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Assessments))]
    public void Answers_to_disabled_items_never_affect_the_result(string id)
    {
        var assessment = Fixture(id);
        var random = new Random(112);
        for (var run = 0; run < Runs; run++)
        {
            var answers = RandomAnswers(assessment, random);
            var context = RandomContext(random);
            var evaluation = AssessmentEngine.Evaluate(assessment, answers, context);

            var noisy = answers.Copy();
            foreach (var item in assessment.Items.Where(i => i.Type.IsAnswerable() && !evaluation.EnabledLinkIds.Contains(i.LinkId)))
            {
                if (random.Next(2) == 0)
                {
                    SetRandom(noisy, item, random);
                }
                else
                {
                    noisy.Clear(item.LinkId);
                }
            }

            Assert.Equal(Fingerprint(evaluation), Fingerprint(AssessmentEngine.Evaluate(assessment, noisy, context)));
        }
    }
}
