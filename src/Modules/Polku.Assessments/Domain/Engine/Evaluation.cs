using Polku.Assessments.Contracts;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Engine;

/// <summary>Suositus — the recommendation: the chosen outcome and whether it came from <c>defaultOutcome</c>.</summary>
internal sealed record Recommendation(OutcomeDefinition Outcome, bool IsDefault)
{
    public string OutcomeId => Outcome.Id;

    public Urgency Urgency => Outcome.Urgency;

    public string? ServiceCode => Outcome.ServiceCode;

    public LocalizedText Text => Outcome.Text;

    public LocalizedText? SelfCare => Outcome.SelfCare;

    public LocalizedText? SeekCareIf => Outcome.SeekCareIf;

    public OutcomeOffer Offer => Outcome.Offer;
}

/// <summary>A scale's value; a flag's value is 1 or 0 and the API shows it as true/false.</summary>
internal sealed record ScaleResult(string Name, double? Value, bool IsFlag)
{
    public bool? Flag => IsFlag && Value is { } v ? v != 0 : null;
}

/// <summary>One fired rule: why (for the resident) and which answers and scales its condition read (for the professional).</summary>
internal sealed record TraceEntry(string RuleId, bool RedFlag, LocalizedText Reason, string OutcomeId, Urgency Urgency, IReadOnlyList<string> LinkIds, IReadOnlyList<string> Scales);

/// <summary>The result of evaluating answers against an assessment version.</summary>
internal sealed record Evaluation(
    string AssessmentId,
    string AssessmentVersion,
    Recommendation? Recommendation,
    IReadOnlyList<ScaleResult> Scales,
    IReadOnlyList<TraceEntry> Trace,
    IReadOnlyList<string> EnabledLinkIds,
    AnswerSet Answers,
    IReadOnlyList<AnswerError> Errors)
{
    /// <summary>False when an enabled answer is missing or out of range; the recommendation is then provisional.</summary>
    public bool IsValid => Errors.Count == 0;

    public IReadOnlyDictionary<string, double?> ScaleValues => Scales.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
}
