namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Checks the meaning of a definition (references, types, operators, cycles, reachability, rules that
/// can never fire) and compiles it. Used for content files and for imported FHIR questionnaires alike.
/// </summary>
/// <remarks>
/// The checks run in a fixed order, which is the order errors are reported in: the id and version, the
/// items (<see cref="FlatItems"/>, <see cref="ItemChecks"/>), outcomes and scales (<see cref="ScoringChecks"/>),
/// enableWhenExpressions (<see cref="Enablement"/>), rules; then, only when all of that passed,
/// compiling (<see cref="AssessmentBuilder"/>), which reports cycles and what can never happen.
/// </remarks>
internal static class AssessmentValidator
{
    /// <summary>Validates and compiles; null when there are errors (added to <paramref name="errors"/>).</summary>
    public static CompiledAssessment? Compile(AssessmentDefinition definition, string file, List<ContentError> errors)
    {
        var report = new ContentErrors(file, errors);
        var before = report.Count;
        var d = definition;
        if (!ContentPatterns.Id().IsMatch(d.Id))
        {
            report.Add("$.id", $"'{d.Id}' is not a valid id (lower-case letters, digits and '-')");
        }

        if (!ContentPatterns.Version().IsMatch(d.Version))
        {
            report.Add("$.version", $"'{d.Version}' is not a valid version (such as 1.0.0)");
        }

        var items = FlatItems.Flatten(d.Items, report);
        if (items.Count == 0)
        {
            report.Add("$.items", "an assessment needs at least one item");
        }

        ItemChecks.Check(items, report);
        if (d.SendConsentItem is { } consent && !items.Items.Any(i => i.LinkId == consent && i.Type == ItemType.Boolean))
        {
            report.Add("$.sendConsentItem", $"'{consent}' is not a boolean item of the assessment");
        }

        var scoring = new ScoringChecks(d, items, report);
        var outcomeIndex = scoring.CheckOutcomes();
        var scaleExprs = scoring.CheckScales();
        var enablement = new Enablement(items, report);
        var enableExprs = enablement.CheckExpressions(scoring.Scope(ScopeMode.NoScales));
        var ruleExprs = scoring.CheckRules(outcomeIndex);
        if (report.Count > before)
        {
            return null;
        }

        return new AssessmentBuilder(d, items, report)
            .Build(enablement, scoring.Scope(ScopeMode.NoScales), new(enableExprs, scaleExprs, ruleExprs), outcomeIndex);
    }
}
