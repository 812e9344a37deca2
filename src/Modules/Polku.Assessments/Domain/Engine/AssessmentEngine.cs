using System.Globalization;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Engine;

/// <summary>
/// Evaluates answers against a compiled assessment (spec 02, "Evaluation"). A pure function of its
/// inputs: no clock, no I/O, no shared state; the buffer overload writes only into the given buffer.
/// </summary>
internal static class AssessmentEngine
{
    public const string Required = "answer.required";
    public const string OutOfRange = "answer.out_of_range";

    /// <summary>Convenient form: allocates a buffer and materialises the result.</summary>
    public static Evaluation Evaluate(CompiledAssessment assessment, AnswerSet answers, EvaluationContext context)
    {
        var buffer = new EvaluationBuffer(assessment);
        Evaluate(assessment, answers, context, buffer);
        return ToEvaluation(buffer);
    }

    /// <summary>
    /// Fills <paramref name="buffer"/>; allocates nothing. Steps: enablement (discarding answers to disabled
    /// items), validation of enabled answers, scales, rules (red flags first), the most urgent outcome.
    /// </summary>
    public static void Evaluate(CompiledAssessment assessment, AnswerSet answers, EvaluationContext context, EvaluationBuffer buffer)
    {
        if (!ReferenceEquals(answers.Assessment, assessment) || !ReferenceEquals(buffer.Assessment, assessment))
        {
            throw new ArgumentException("the answers and the buffer must belong to the evaluated assessment version");
        }

        var frame = buffer.Frame;
        frame.SetContext(context.Age, context.Sex, context.Municipality, context.Today);
        DecideEnablement(assessment, answers.Slots, frame, buffer.Enabled);
        Validate(assessment, buffer);
        ComputeScales(assessment, frame);
        ChooseOutcome(assessment, buffer);
    }

    private static void DecideEnablement(CompiledAssessment assessment, Value[] raw, EvalFrame frame, bool[] enabled)
    {
        var parents = assessment.Parents;
        var conditions = assessment.EnableConditions;
        var cleaned = frame.Answers;
        Array.Clear(cleaned);

        // Dependency order, not document order: FHIR lets a condition read a later question, and the
        // loader has ruled out cycles, so every item read here is already decided and cleaned.
        foreach (var i in assessment.EnableOrder)
        {
            var parent = parents[i];
            var on = (parent < 0 || enabled[parent]) && (conditions[i] is not { } condition || condition(frame).IsTrue);
            enabled[i] = on;
            cleaned[i] = on ? raw[i] : Value.Null;
        }
    }

    private static void Validate(CompiledAssessment assessment, EvaluationBuffer buffer)
    {
        var items = assessment.ItemArray;
        var answers = buffer.Frame.Answers;
        var count = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (!buffer.Enabled[i])
            {
                continue;
            }

            var item = items[i];
            var v = answers[i];
            if (v.IsNull)
            {
                if (item.Required)
                {
                    buffer.ErrorItems[count] = i;
                    buffer.ErrorKinds[count++] = ValidationErrorKind.Required;
                }

                continue;
            }

            var outside = v.Kind switch
            {
                ValueKind.Number => v.Number < item.Min || v.Number > item.Max,
                ValueKind.Date => v.Number < item.MinDate?.DayNumber || v.Number > item.MaxDate?.DayNumber,
                _ => false,
            };
            if (outside)
            {
                buffer.ErrorItems[count] = i;
                buffer.ErrorKinds[count++] = ValidationErrorKind.OutOfRange;
            }
        }

        buffer.ErrorCount = count;
    }

    private static void ComputeScales(CompiledAssessment assessment, EvalFrame frame)
    {
        var scales = assessment.Scales;
        for (var s = 0; s < scales.Length; s++)
        {
            var scale = scales[s];
            if (scale.Expression is { } expression)
            {
                frame.Scales[s] = expression(frame);
                continue;
            }

            var zero = scale.Definition.UnansweredAsZero;
            double sum = 0;
            var missing = false;
            foreach (var term in scale.SumTerms)
            {
                var v = term(frame);
                if (v.IsNull)
                {
                    missing = true;
                    if (!zero)
                    {
                        break;
                    }
                }
                else
                {
                    sum += v.Number;
                }
            }

            frame.Scales[s] = missing && !zero ? Value.Null : Value.Num(sum);
        }
    }

    private static void ChooseOutcome(CompiledAssessment assessment, EvaluationBuffer buffer)
    {
        var rules = assessment.Rules;
        var outcomes = assessment.Outcomes;
        var best = -1;
        for (var r = 0; r < rules.Length; r++)
        {
            var fired = rules[r].When(buffer.Frame).IsTrue;
            buffer.Fired[r] = fired;

            // Strictly more urgent only: on a tie the earlier rule (red flags come first) keeps it.
            if (fired && (best < 0 || outcomes[rules[r].OutcomeIndex].Urgency.MoreUrgentThan(outcomes[rules[best].OutcomeIndex].Urgency)))
            {
                best = r;
            }
        }

        buffer.DecidingRule = best;
        buffer.OutcomeIndex = best >= 0 ? rules[best].OutcomeIndex : assessment.DefaultOutcome;
    }

    /// <summary>Materialises a filled buffer as an <see cref="Evaluation"/> (allocates).</summary>
    public static Evaluation ToEvaluation(EvaluationBuffer buffer)
    {
        var assessment = buffer.Assessment;
        var cleaned = new AnswerSet(assessment);
        var enabled = new List<string>();
        for (var i = 0; i < assessment.ItemCount; i++)
        {
            cleaned.Set(i, buffer.Frame.Answers[i]);
            if (buffer.Enabled[i])
            {
                enabled.Add(assessment.ItemArray[i].LinkId);
            }
        }

        var errors = new List<AnswerError>();
        for (var e = 0; e < buffer.ErrorCount; e++)
        {
            var item = assessment.ItemArray[buffer.ErrorItems[e]];
            errors.Add(buffer.ErrorKinds[e] == ValidationErrorKind.Required
                ? new(item.LinkId, Required, $"'{item.LinkId}' is required")
                : new(item.LinkId, OutOfRange, $"'{item.LinkId}' must be between {Bound(item, min: true)} and {Bound(item, min: false)}"));
        }

        var scales = assessment.Scales.Select((s, i) => new ScaleResult(s.Name, buffer.ScaleValue(i), s.IsFlag)).ToList();
        var trace = new List<TraceEntry>();
        for (var r = 0; r < assessment.Rules.Length; r++)
        {
            if (buffer.Fired[r])
            {
                var rule = assessment.Rules[r];
                var outcome = assessment.Outcomes[rule.OutcomeIndex];
                trace.Add(new(rule.Definition.Id, rule.Definition.RedFlag, rule.Definition.Reason, outcome.Id, outcome.Urgency, rule.LinkIds, rule.ScaleNames));
            }
        }

        var recommendation = buffer.OutcomeIndex >= 0 ? new Recommendation(assessment.Outcomes[buffer.OutcomeIndex], buffer.DecidingRule < 0) : null;
        return new(assessment.Id, assessment.Version, recommendation, scales, trace, enabled, cleaned, errors);
    }

    private static string Bound(ItemDefinition item, bool min)
    {
        if (item.Type == ItemType.Date)
        {
            return (min ? item.MinDate : item.MaxDate)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…";
        }

        return (min ? item.Min : item.Max)?.ToString(CultureInfo.InvariantCulture) ?? "…";
    }
}
