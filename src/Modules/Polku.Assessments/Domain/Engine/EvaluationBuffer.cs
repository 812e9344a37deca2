using Polku.Assessments.Contracts;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Engine;

/// <summary>Kinds of answer validation errors found during evaluation.</summary>
internal enum ValidationErrorKind : byte
{
    Required,
    OutOfRange,
}

/// <summary>
/// Preallocated result arrays for one compiled assessment. <see cref="AssessmentEngine"/> fills it in place,
/// so a caller that keeps one buffer (per thread) evaluates without allocating. Read it before reusing it.
/// </summary>
internal sealed class EvaluationBuffer
{
    public EvaluationBuffer(CompiledAssessment assessment)
    {
        Assessment = assessment;
        var n = assessment.ItemCount;
        Frame = new EvalFrame(n, assessment.Scales.Length);
        Enabled = new bool[n];
        Fired = new bool[assessment.Rules.Length];
        ErrorItems = new int[n];
        ErrorKinds = new ValidationErrorKind[n];
    }

    public CompiledAssessment Assessment { get; }

    internal EvalFrame Frame { get; }

    /// <summary>By item index.</summary>
    internal bool[] Enabled { get; }

    /// <summary>By rule, in <see cref="CompiledAssessment.Rules"/> order (red flags first).</summary>
    internal bool[] Fired { get; }

    internal int[] ErrorItems { get; }

    internal ValidationErrorKind[] ErrorKinds { get; }

    public int ErrorCount { get; internal set; }

    /// <summary>Index of the chosen outcome, or -1 for a form without outcomes.</summary>
    public int OutcomeIndex { get; internal set; } = -1;

    /// <summary>Index (in rule evaluation order) of the rule that chose the outcome, or -1 when the default applied.</summary>
    public int DecidingRule { get; internal set; } = -1;

    public Urgency? Urgency => OutcomeIndex >= 0 ? Assessment.Outcomes[OutcomeIndex].Urgency : null;

    public bool IsEnabled(int itemIndex) => Enabled[itemIndex];

    /// <summary>A scale's value; a flag scale is 1 or 0.</summary>
    public double? ScaleValue(int scaleIndex) => Frame.Scales[scaleIndex] switch
    {
        { IsNull: true } => null,
        { Kind: ValueKind.Boolean } v => v.IsTrue ? 1 : 0,
        var v => v.Number,
    };
}
