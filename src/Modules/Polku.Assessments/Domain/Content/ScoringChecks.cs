using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Checks outcomes, scales and rules: unique ids and names, the outcomes that rules and the default
/// point to, the items a sum adds up, and the types of scale and rule expressions.
/// </summary>
internal sealed class ScoringChecks
{
    private readonly AssessmentDefinition _definition;
    private readonly FlatItems _items;
    private readonly ContentErrors _errors;

    public ScoringChecks(AssessmentDefinition definition, FlatItems items, ContentErrors errors)
    {
        _definition = definition;
        _items = items;
        _errors = errors;
        ScaleNames = [.. definition.Scales.Select(s => s.Name)];
        ScaleTypes = new ExprType?[definition.Scales.Count];
    }

    /// <summary>The scale names in document order.</summary>
    public string[] ScaleNames { get; }

    /// <summary>The type of each scale, known once <see cref="CheckScales"/> has reached it.</summary>
    public ExprType?[] ScaleTypes { get; }

    /// <summary>A scope over the items and the scales the mode allows.</summary>
    public ContentScope Scope(ScopeMode mode, int current = 0) => new(_items, ScaleNames, ScaleTypes, mode, current);

    /// <summary>Checks outcome ids and the default outcome; returns the index of each outcome id.</summary>
    public Dictionary<string, int> CheckOutcomes()
    {
        var d = _definition;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var o = 0; o < d.Outcomes.Count; o++)
        {
            if (!index.TryAdd(d.Outcomes[o].Id, o))
            {
                _errors.Add(JsonFields.ElementPath("$.outcomes", o) + ".id", $"duplicate outcome id '{d.Outcomes[o].Id}'");
            }
        }

        if (d.DefaultOutcome is null)
        {
            if (d.Kind != AssessmentKind.Form)
            {
                _errors.Add("$.defaultOutcome", "required field 'defaultOutcome' is missing (only forms may go without outcomes)");
            }
        }
        else if (!index.ContainsKey(d.DefaultOutcome))
        {
            _errors.Add("$.defaultOutcome", $"unknown outcome '{d.DefaultOutcome}'");
        }

        if (d.Kind != AssessmentKind.Form && d.Outcomes.Count == 0)
        {
            _errors.Add("$.outcomes", "a symptom, service or wellbeing assessment needs outcomes");
        }

        return index;
    }

    /// <summary>Checks scale names, sums and expressions in order (an expression reads only earlier scales); returns each scale's expression (null for sums and errors).</summary>
    public Expr?[] CheckScales()
    {
        var d = _definition;
        var types = ScaleTypes;
        var exprs = new Expr?[d.Scales.Count];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < d.Scales.Count; s++)
        {
            var scale = d.Scales[s];
            var path = JsonFields.ElementPath("$.scales", s);
            if (!ContentPatterns.ScaleName().IsMatch(scale.Name))
            {
                _errors.Add(path + ".name", $"'{scale.Name}' is not a valid scale name (a letter, then letters, digits, '-' or '_')");
            }

            if (!names.TryAdd(scale.Name, s))
            {
                _errors.Add(path + ".name", $"duplicate scale name '{scale.Name}'");
            }

            if (scale.Sum is { } sum)
            {
                types[s] = new(TypeKind.Number, true);
                if (sum.Count == 0)
                {
                    _errors.Add(path + ".sum", "a sum needs at least one item");
                }

                for (var k = 0; k < sum.Count; k++)
                {
                    CheckSumTerm(sum[k], JsonFields.ElementPath(path + ".sum", k));
                }
            }
            else
            {
                var expr = Scope(ScopeMode.EarlierScales, s).ParseAndCheck(scale.Expression!, path + ".expression", _errors, TypeKind.Number, TypeKind.Boolean);
                exprs[s] = expr;
                types[s] = expr is null ? new(TypeKind.Number, true) : expr.Type with { Nullable = true };
            }
        }

        return exprs;
    }

    private void CheckSumTerm(string linkId, string path)
    {
        if (!_items.ByLinkId.TryGetValue(linkId, out var i))
        {
            _errors.Add(path, $"unknown linkId '{linkId}'");
            return;
        }

        var info = _items.Infos[i];
        if (info.Type is ItemType.Integer or ItemType.Decimal || info.Type.HasOptions())
        {
            return;
        }

        if (info.Type == ItemType.Boolean && !info.HasWeights)
        {
            _errors.Add(path, $"the boolean item '{linkId}' has no weights to sum");
            return;
        }

        if (info.Type != ItemType.Boolean)
        {
            _errors.Add(path, $"a {info.Type.Name()} item cannot be summed ('{linkId}')");
        }
    }

    /// <summary>Checks rule ids, their outcomes and conditions (which may read every scale); returns each rule's condition (null on errors).</summary>
    public Expr?[] CheckRules(Dictionary<string, int> outcomeIndex)
    {
        var d = _definition;
        var rules = new Expr?[d.Rules.Count];
        var ruleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < d.Rules.Count; r++)
        {
            var rule = d.Rules[r];
            var path = JsonFields.ElementPath("$.rules", r);
            if (!ruleIds.TryAdd(rule.Id, r))
            {
                _errors.Add(path + ".id", $"duplicate rule id '{rule.Id}'");
            }

            if (!outcomeIndex.ContainsKey(rule.Outcome))
            {
                _errors.Add(path + ".outcome", $"unknown outcome '{rule.Outcome}'");
            }

            rules[r] = Scope(ScopeMode.AllScales).ParseAndCheck(rule.When, path + ".when", _errors, TypeKind.Boolean);
        }

        return rules;
    }
}
