using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>The checked expressions of a definition: each item's enableWhenExpression, each scale's expression (null for a sum), each rule's condition.</summary>
internal sealed record CheckedExpressions(Expr?[] Enable, Expr?[] Scales, Expr?[] Rules);

/// <summary>
/// Compiles a definition that passed its checks: enablement in dependency order, scales and rules as
/// delegates. Folding constants on the way, it reports enablement cycles, items that can never be
/// enabled and rules that can never fire.
/// </summary>
internal sealed class AssessmentBuilder
{
    private readonly AssessmentDefinition _definition;
    private readonly FlatItems _items;
    private readonly ContentErrors _errors;

    public AssessmentBuilder(AssessmentDefinition definition, FlatItems items, ContentErrors errors)
    {
        _definition = definition;
        _items = items;
        _errors = errors;
    }

    /// <summary>The compiled assessment, or null when compiling found errors (reported).</summary>
    public CompiledAssessment? Build(Enablement enablement, ContentScope enableScope, CheckedExpressions expressions, Dictionary<string, int> outcomeIndex)
    {
        var before = _errors.Count;
        var d = _definition;
        var items = _items.Items;
        var n = items.Count;
        var conditions = new Expr?[n];
        var impossible = new List<string>?[n];
        for (var i = 0; i < n; i++)
        {
            conditions[i] = enablement.BuildCondition(i, expressions.Enable[i], enableScope, out impossible[i]);
        }

        var order = enablement.Order(conditions);
        if (order is null)
        {
            return null;
        }

        var enableConditions = conditions.Select(c => c is null ? null : Compiler.Compile(c)).ToArray();

        // Reachability, in dependency order so every item read by a condition is already decided.
        var neverEnabled = new bool[n];
        var folder = new StaticEvaluator(n, 0, i => neverEnabled[i], _ => null);
        foreach (var i in order)
        {
            var parent = _items.Parents[i];
            if (parent >= 0 && neverEnabled[parent])
            {
                neverEnabled[i] = true;
                continue;
            }

            if (conditions[i] is { } condition && folder.Fold(condition) is { } constant && !constant.IsTrue)
            {
                neverEnabled[i] = true;
                var reasons = new List<string>(impossible[i] ?? []);
                reasons.AddRange(condition.Descendants().OfType<AnswerExpr>().Select(a => a.Item!.Index).Distinct().Where(r => neverEnabled[r])
                    .Select(r => $"it depends on '{items[r].LinkId}', which is never enabled"));
                if (reasons.Count == 0)
                {
                    reasons.Add("its condition is always false");
                }

                var where = items[i].EnableWhen.Count > 0 ? ".enableWhen" : ".enableWhenExpression";
                _errors.Add(_items.Paths[i] + where, $"'{items[i].LinkId}' can never be enabled: {string.Join("; ", reasons)}");
            }
        }

        var scales = new CompiledScale[d.Scales.Count];
        var scaleConstants = new Value?[d.Scales.Count];
        for (var s = 0; s < scales.Length; s++)
        {
            var scale = d.Scales[s];
            if (expressions.Scales[s] is { } expr)
            {
                var compiled = Compiler.Compile(expr);
                scales[s] = new(scale, expr.Type.Kind == TypeKind.Boolean, compiled, []);

                // A new folder sees the constants found so far (it copies them into its blank frame).
                scaleConstants[s] = new StaticEvaluator(n, d.Scales.Count, i => neverEnabled[i], k => scaleConstants[k]).Fold(expr);
            }
            else
            {
                var terms = scale.Sum!.Select(linkId => SumTerm(_items.Infos[_items.ByLinkId[linkId]])).ToArray();
                scales[s] = new(scale, false, null, terms);
                var dead = scale.Sum!.Count(linkId => neverEnabled[_items.ByLinkId[linkId]]);
                scaleConstants[s] = dead == scale.Sum!.Count ? (scale.UnansweredAsZero ? Value.Num(0) : Value.Null)
                    : dead > 0 && !scale.UnansweredAsZero ? Value.Null
                    : null;
            }
        }

        var ruleFolder = new StaticEvaluator(n, d.Scales.Count, i => neverEnabled[i], s => scaleConstants[s]);
        var compiledRules = new List<CompiledRule>();
        for (var r = 0; r < d.Rules.Count; r++)
        {
            var expr = expressions.Rules[r]!;
            var when = Compiler.Compile(expr);
            if (ruleFolder.Fold(expr) is { } constant && !constant.IsTrue)
            {
                var dead = expr.Descendants().OfType<AnswerExpr>().Select(a => a.Item!).Where(item => neverEnabled[item.Index]).Select(item => $"'{item.LinkId}'").Distinct().ToList();
                var deadScales = expr.Descendants().OfType<ScaleExpr>().Where(s => scaleConstants[s.ScaleIndex] is not null).Select(s => $"'${s.Name}'").Distinct().ToList();
                var why = dead.Count > 0 ? $"it reads {string.Join(", ", dead)}, never enabled"
                    : deadScales.Count > 0 ? $"{string.Join(", ", deadScales)} never has a value it could match"
                    : "its condition is always false";
                _errors.Add(JsonFields.ElementPath("$.rules", r) + ".when", $"rule '{d.Rules[r].Id}' can never fire: {why}");
            }

            compiledRules.Add(new(
                d.Rules[r],
                outcomeIndex[d.Rules[r].Outcome],
                when,
                [.. expr.Descendants().OfType<AnswerExpr>().Select(a => a.LinkId).Distinct(StringComparer.Ordinal)],
                [.. expr.Descendants().OfType<ScaleExpr>().Select(s => s.Name).Distinct(StringComparer.Ordinal)]));
        }

        if (_errors.Count > before)
        {
            return null;
        }

        var rulesInOrder = compiledRules.Where(r => r.Definition.RedFlag).Concat(compiledRules.Where(r => !r.Definition.RedFlag)).ToArray();
        return new CompiledAssessment(
            d,
            [.. items],
            [.. _items.Parents],
            _items.Infos,
            enableConditions,
            order,
            scales,
            rulesInOrder,
            [.. d.Outcomes],
            d.DefaultOutcome is null ? -1 : outcomeIndex[d.DefaultOutcome]);
    }

    /// <summary>A sum term: the weight of a weighted item, the value of a number item.</summary>
    private static Evaluator SumTerm(ItemInfo info)
    {
        if (info.Type is ItemType.Integer or ItemType.Decimal)
        {
            var index = info.Index;
            return f => f.Answers[index];
        }

        return Compiler.Weight(info);
    }
}
