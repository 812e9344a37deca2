namespace Polku.Assessments.Domain.Engine;

/// <summary>
/// What is known about the resident and the moment, for context values in expressions. <paramref name="Today"/>
/// is passed in (never read from the clock) so that evaluation stays a pure function.
/// </summary>
internal sealed record EvaluationContext(int? Age, string? Sex, string? Municipality, DateOnly Today);
