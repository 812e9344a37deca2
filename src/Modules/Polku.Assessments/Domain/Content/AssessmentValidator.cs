using System.Globalization;
using System.Text.RegularExpressions;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Checks the meaning of a definition (references, types, operators, cycles, reachability, rules that
/// can never fire) and compiles it. Used for content files and for imported FHIR questionnaires alike.
/// </summary>
internal sealed partial class AssessmentValidator
{
    private const int MaxOptions = 64;

    private readonly AssessmentDefinition _definition;
    private readonly string _file;
    private readonly List<ContentError> _errors;
    private readonly List<ItemDefinition> _items = [];
    private readonly List<string> _paths = [];
    private readonly List<int> _parents = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private ItemInfo[] _infos = [];

    private string[] ScaleNames => [.. _definition.Scales.Select(s => s.Name)];

    private AssessmentValidator(AssessmentDefinition definition, string file, List<ContentError> errors)
    {
        _definition = definition;
        _file = file;
        _errors = errors;
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex ScaleNamePattern();

    /// <summary>Validates and compiles; null when there are errors (added to <paramref name="errors"/>).</summary>
    public static CompiledAssessment? Compile(AssessmentDefinition definition, string file, List<ContentError> errors) =>
        new AssessmentValidator(definition, file, errors).Run();

    private static string Inv(int i) => i.ToString(CultureInfo.InvariantCulture);

    private void Error(string path, string message) => _errors.Add(new(_file, path, message));

    private CompiledAssessment? Run()
    {
        var before = _errors.Count;
        var d = _definition;
        if (!IdPattern().IsMatch(d.Id))
        {
            Error("$.id", $"'{d.Id}' is not a valid id (lower-case letters, digits and '-')");
        }

        if (!VersionPattern().IsMatch(d.Version))
        {
            Error("$.version", $"'{d.Version}' is not a valid version (such as 1.0.0)");
        }

        Flatten(d.Items, "$.items", -1);
        if (_items.Count == 0)
        {
            Error("$.items", "an assessment needs at least one item");
        }

        _infos = [.. _items.Select((item, i) => new ItemInfo(
            i,
            item.LinkId,
            item.Type,
            [.. item.Options.Select(o => o.Code)],
            [.. item.Options.Select(o => o.Weight)],
            item.Weights?.WhenTrue,
            item.Weights?.WhenFalse))];
        for (var i = 0; i < _items.Count; i++)
        {
            CheckItem(i);
        }

        var outcomeIndex = CheckOutcomes();
        var scaleTypes = new ExprType?[d.Scales.Count];
        var scaleExprs = CheckScales(scaleTypes);
        var enableExprs = new Expr?[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].EnableWhenExpression is { } text)
            {
                enableExprs[i] = ParseAndCheck(text, _paths[i] + ".enableWhenExpression", new Scope(_index, _infos, ScaleNames, scaleTypes, ScopeMode.NoScales, 0), TypeKind.Boolean);
            }
        }

        var rules = new Expr?[d.Rules.Count];
        var ruleIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < d.Rules.Count; r++)
        {
            var rule = d.Rules[r];
            var path = $"$.rules[{Inv(r)}]";
            if (!ruleIds.TryAdd(rule.Id, r))
            {
                Error(path + ".id", $"duplicate rule id '{rule.Id}'");
            }

            if (!outcomeIndex.ContainsKey(rule.Outcome))
            {
                Error(path + ".outcome", $"unknown outcome '{rule.Outcome}'");
            }

            rules[r] = ParseAndCheck(rule.When, path + ".when", new Scope(_index, _infos, ScaleNames, scaleTypes, ScopeMode.AllScales, 0), TypeKind.Boolean);
        }

        if (_errors.Count > before)
        {
            return null;
        }

        return Build(enableExprs, scaleExprs, scaleTypes, rules, outcomeIndex, before);
    }

    private void Flatten(IReadOnlyList<ItemDefinition> items, string basePath, int parent)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var path = $"{basePath}[{Inv(i)}]";
            var index = _items.Count;
            if (!IdPattern().IsMatch(item.LinkId))
            {
                Error(path + ".linkId", $"'{item.LinkId}' is not a valid linkId (lower-case letters, digits and '-')");
            }

            if (_index.TryGetValue(item.LinkId, out var first))
            {
                Error(path + ".linkId", $"duplicate linkId '{item.LinkId}' (first used at {_paths[first]})");
            }
            else
            {
                _index[item.LinkId] = index;
            }

            _items.Add(item);
            _paths.Add(path);
            _parents.Add(parent);
            if (item.Items.Count > 0)
            {
                if (item.Type != ItemType.Group)
                {
                    Error(path + ".items", $"only group items have items; '{item.LinkId}' is a {item.Type.Name()} item");
                }
                else if (parent >= 0)
                {
                    Error(path + ".items", "groups nest only one level: a group inside a group cannot have items");
                }

                Flatten(item.Items, path + ".items", index);
            }
            else if (item.Type == ItemType.Group)
            {
                Error(path, $"group '{item.LinkId}' has no items");
            }
        }
    }

    private void CheckItem(int i)
    {
        var item = _items[i];
        var path = _paths[i];
        var type = item.Type;
        if (item.Required && !type.IsAnswerable())
        {
            Error(path + ".required", $"a {type.Name()} item is never answered and cannot be required");
        }

        if (type.HasOptions())
        {
            if (item.Options.Count == 0)
            {
                Error(path + ".options", $"a {type.Name()} item needs options");
            }
            else if (item.Options.Count > MaxOptions)
            {
                Error(path + ".options", $"at most {Inv(MaxOptions)} options are supported");
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var o = 0; o < item.Options.Count; o++)
            {
                if (!codes.Add(item.Options[o].Code))
                {
                    Error($"{path}.options[{Inv(o)}].code", $"duplicate option code '{item.Options[o].Code}'");
                }
            }
        }
        else if (item.Options.Count > 0)
        {
            Error(path + ".options", $"options are only for choice and multi-choice items, not {type.Name()}");
        }

        if (item.Weights is not null && type != ItemType.Boolean)
        {
            Error(path + ".weights", "weights are only for boolean items (options carry their own weight)");
        }

        var numeric = type is ItemType.Integer or ItemType.Decimal;
        if ((item.Min is not null || item.Max is not null) && !numeric)
        {
            Error(path + (item.Min is not null ? ".min" : ".max"), $"min and max are only for integer, decimal and date items, not {type.Name()}");
        }

        if (item.Min > item.Max || item.MinDate > item.MaxDate)
        {
            Error(path + ".min", "min is greater than max");
        }

        if (type == ItemType.Integer && (!IsWhole(item.Min) || !IsWhole(item.Max)))
        {
            Error(path + ".min", "the bounds of an integer item must be whole numbers");
        }

        if (item.Unit is not null && !numeric)
        {
            Error(path + ".unit", "a unit is only for integer and decimal items");
        }

        if (item.EnableWhen.Count > 1 && item.EnableBehavior is null)
        {
            Error(path + ".enableBehavior", "enableBehavior (all or any) is required when enableWhen has more than one condition");
        }

        for (var c = 0; c < item.EnableWhen.Count; c++)
        {
            CheckCondition(item.EnableWhen[c], $"{path}.enableWhen[{Inv(c)}]");
        }
    }

    private static bool IsWhole(double? x) => x is not { } v || Math.Floor(v) == v;

    private void CheckCondition(EnableWhen condition, string path)
    {
        if (!_index.TryGetValue(condition.Question, out var q))
        {
            Error(path + ".question", $"unknown linkId '{condition.Question}'");
            return;
        }

        var target = _items[q];
        var type = target.Type;
        if (!type.IsAnswerable())
        {
            Error(path + ".question", $"'{condition.Question}' is a {type.Name()} item and has no answer");
            return;
        }

        var op = condition.Operator;
        var answer = condition.Answer;
        if (op == EnableWhenOperator.Exists)
        {
            if (answer.Boolean is null)
            {
                Error(path + ".answer", "the answer of 'exists' must be true (answered) or false (not answered)");
            }

            return;
        }

        var ordered = op is EnableWhenOperator.Gt or EnableWhenOperator.Lt or EnableWhenOperator.GtEq or EnableWhenOperator.LtEq;
        if (ordered && type is not (ItemType.Integer or ItemType.Decimal or ItemType.Date))
        {
            Error(path + ".operator", $"operator '{op.Name()}' is not valid for the {type.Name()} question '{condition.Question}' (only exists, = and !=)");
            return;
        }

        switch (type)
        {
            case ItemType.Boolean when answer.Boolean is null:
                Error(path + ".answer", $"'{condition.Question}' is a boolean question: the answer must be true or false, not {answer}");
                break;
            case ItemType.Integer or ItemType.Decimal when answer.Number is null:
                Error(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be a number, not {answer}");
                break;
            case ItemType.Choice or ItemType.MultiChoice:
                if (answer.String is null)
                {
                    Error(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be an option code, not {answer}");
                }
                else if (_infos[q].OptionIndex(answer.String) < 0)
                {
                    Error(path + ".answer", $"'{answer.String}' is not an option of '{condition.Question}' (options: {string.Join(", ", _infos[q].OptionCodes)})");
                }

                break;
            case ItemType.Date when ParseDate(answer.String) is null:
                Error(path + ".answer", $"'{condition.Question}' is a date question: the answer must be an ISO date such as \"2026-06-19\", not {answer}");
                break;
            case ItemType.String or ItemType.Text when answer.String is null:
                Error(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be a string, not {answer}");
                break;
        }
    }

    private static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private Dictionary<string, int> CheckOutcomes()
    {
        var d = _definition;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var o = 0; o < d.Outcomes.Count; o++)
        {
            if (!index.TryAdd(d.Outcomes[o].Id, o))
            {
                Error($"$.outcomes[{Inv(o)}].id", $"duplicate outcome id '{d.Outcomes[o].Id}'");
            }
        }

        if (d.DefaultOutcome is null)
        {
            if (d.Kind != AssessmentKind.Form)
            {
                Error("$.defaultOutcome", "required field 'defaultOutcome' is missing (only forms may go without outcomes)");
            }
        }
        else if (!index.ContainsKey(d.DefaultOutcome))
        {
            Error("$.defaultOutcome", $"unknown outcome '{d.DefaultOutcome}'");
        }

        if (d.Kind != AssessmentKind.Form && d.Outcomes.Count == 0)
        {
            Error("$.outcomes", "a symptom, service or wellbeing assessment needs outcomes");
        }

        return index;
    }

    private Expr?[] CheckScales(ExprType?[] types)
    {
        var d = _definition;
        var exprs = new Expr?[d.Scales.Count];
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < d.Scales.Count; s++)
        {
            var scale = d.Scales[s];
            var path = $"$.scales[{Inv(s)}]";
            if (!ScaleNamePattern().IsMatch(scale.Name))
            {
                Error(path + ".name", $"'{scale.Name}' is not a valid scale name (a letter, then letters, digits, '-' or '_')");
            }

            if (!names.TryAdd(scale.Name, s))
            {
                Error(path + ".name", $"duplicate scale name '{scale.Name}'");
            }

            if (scale.Sum is { } sum)
            {
                types[s] = new(TypeKind.Number, true);
                if (sum.Count == 0)
                {
                    Error(path + ".sum", "a sum needs at least one item");
                }

                for (var k = 0; k < sum.Count; k++)
                {
                    CheckSumTerm(sum[k], $"{path}.sum[{Inv(k)}]");
                }
            }
            else
            {
                var expr = ParseAndCheck(scale.Expression!, path + ".expression", new Scope(_index, _infos, ScaleNames, types, ScopeMode.EarlierScales, s), TypeKind.Number, TypeKind.Boolean);
                exprs[s] = expr;
                types[s] = expr is null ? new(TypeKind.Number, true) : expr.Type with { Nullable = true };
            }
        }

        return exprs;
    }

    private void CheckSumTerm(string linkId, string path)
    {
        if (!_index.TryGetValue(linkId, out var i))
        {
            Error(path, $"unknown linkId '{linkId}'");
            return;
        }

        var info = _infos[i];
        if (info.Type is ItemType.Integer or ItemType.Decimal || info.Type.HasOptions())
        {
            return;
        }

        if (info.Type == ItemType.Boolean && !info.HasWeights)
        {
            Error(path, $"the boolean item '{linkId}' has no weights to sum");
            return;
        }

        if (info.Type != ItemType.Boolean)
        {
            Error(path, $"a {info.Type.Name()} item cannot be summed ('{linkId}')");
        }
    }

    private Expr? ParseAndCheck(string text, string path, IExpressionScope scope, params TypeKind[] expected)
    {
        var parsed = Parser.Parse(text);
        if (parsed.Error is { } parseError)
        {
            Error(path, parseError.ToString());
            return null;
        }

        if (TypeChecker.Check(parsed.Expression!, scope, expected) is { } typeError)
        {
            Error(path, typeError.ToString());
            return null;
        }

        return parsed.Expression;
    }

    private CompiledAssessment? Build(Expr?[] enableExprs, Expr?[] scaleExprs, ExprType?[] scaleTypes, Expr?[] ruleExprs, Dictionary<string, int> outcomeIndex, int before)
    {
        var d = _definition;
        var n = _items.Count;
        var scope = new Scope(_index, _infos, ScaleNames, scaleTypes, ScopeMode.NoScales, 0);
        var conditions = new Expr?[n];
        var impossible = new List<string>?[n];
        for (var i = 0; i < n; i++)
        {
            conditions[i] = BuildCondition(i, enableExprs[i], scope, out impossible[i]);
        }

        var order = EnableOrder(conditions);
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
            var parent = _parents[i];
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
                    .Select(r => $"it depends on '{_items[r].LinkId}', which is never enabled"));
                if (reasons.Count == 0)
                {
                    reasons.Add("its condition is always false");
                }

                var where = _items[i].EnableWhen.Count > 0 ? ".enableWhen" : ".enableWhenExpression";
                Error(_paths[i] + where, $"'{_items[i].LinkId}' can never be enabled: {string.Join("; ", reasons)}");
            }
        }

        var scales = new CompiledScale[d.Scales.Count];
        var scaleConstants = new Value?[d.Scales.Count];
        for (var s = 0; s < scales.Length; s++)
        {
            var scale = d.Scales[s];
            if (scaleExprs[s] is { } expr)
            {
                var compiled = Compiler.Compile(expr);
                scales[s] = new(scale, expr.Type.Kind == TypeKind.Boolean, compiled, []);

                // A new folder sees the constants found so far (it copies them into its blank frame).
                scaleConstants[s] = new StaticEvaluator(n, d.Scales.Count, i => neverEnabled[i], k => scaleConstants[k]).Fold(expr);
            }
            else
            {
                var terms = scale.Sum!.Select(linkId => SumTerm(_infos[_index[linkId]])).ToArray();
                scales[s] = new(scale, false, null, terms);
                var dead = scale.Sum!.Count(linkId => neverEnabled[_index[linkId]]);
                scaleConstants[s] = dead == scale.Sum!.Count ? (scale.UnansweredAsZero ? Value.Num(0) : Value.Null)
                    : dead > 0 && !scale.UnansweredAsZero ? Value.Null
                    : null;
            }
        }

        var ruleFolder = new StaticEvaluator(n, d.Scales.Count, i => neverEnabled[i], s => scaleConstants[s]);
        var compiledRules = new List<CompiledRule>();
        for (var r = 0; r < d.Rules.Count; r++)
        {
            var expr = ruleExprs[r]!;
            var when = Compiler.Compile(expr);
            if (ruleFolder.Fold(expr) is { } constant && !constant.IsTrue)
            {
                var dead = expr.Descendants().OfType<AnswerExpr>().Select(a => a.Item!).Where(item => neverEnabled[item.Index]).Select(item => $"'{item.LinkId}'").Distinct().ToList();
                var deadScales = expr.Descendants().OfType<ScaleExpr>().Where(s => scaleConstants[s.ScaleIndex] is not null).Select(s => $"'${s.Name}'").Distinct().ToList();
                var why = dead.Count > 0 ? $"it reads {string.Join(", ", dead)}, never enabled"
                    : deadScales.Count > 0 ? $"{string.Join(", ", deadScales)} never has a value it could match"
                    : "its condition is always false";
                Error($"$.rules[{Inv(r)}].when", $"rule '{d.Rules[r].Id}' can never fire: {why}");
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
            [.. _items],
            [.. _parents],
            _infos,
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

    /// <summary>
    /// The item's whole enablement condition as one expression tree: its enableWhen conditions
    /// (FHIR semantics) joined by its behaviour, AND its expression. Conditions that cannot hold given
    /// the question's bounds, or that contradict each other under "all", become the literal false.
    /// </summary>
    private Expr? BuildCondition(int i, Expr? expression, IExpressionScope scope, out List<string>? impossible)
    {
        var item = _items[i];
        impossible = null;
        var parts = new List<Expr>();
        foreach (var condition in item.EnableWhen)
        {
            var why = Impossible(condition);
            if (why is not null)
            {
                (impossible ??= []).Add(why);
                parts.Add(new LiteralExpr(0, Value.Bool(false), TypeKind.Boolean));
                continue;
            }

            var node = ConditionNode(condition);
            TypeChecker.Check(node, scope);
            parts.Add(node);
        }

        if (item.EnableBehavior != EnableBehavior.Any)
        {
            foreach (var contradiction in Contradictions(item.EnableWhen))
            {
                (impossible ??= []).Add(contradiction);
                parts.Add(new LiteralExpr(0, Value.Bool(false), TypeKind.Boolean));
            }
        }

        Expr? combined = null;
        var op = item.EnableBehavior == EnableBehavior.Any ? BinaryOp.Or : BinaryOp.And;
        foreach (var part in parts)
        {
            combined = combined is null ? part : Typed(new BinaryExpr(0, op, combined, part));
        }

        if (expression is not null)
        {
            combined = combined is null ? expression : Typed(new BinaryExpr(0, BinaryOp.And, combined, expression));
        }

        return combined;
    }

    private static BinaryExpr Typed(BinaryExpr node)
    {
        node.Type = new(TypeKind.Boolean, false);
        return node;
    }

    private Expr ConditionNode(EnableWhen condition)
    {
        var info = _infos[_index[condition.Question]];
        var answer = new AnswerExpr(0, condition.Question);
        var a = condition.Answer;
        if (condition.Operator == EnableWhenOperator.Exists)
        {
            var answered = new CallExpr(0, "answered", [answer]);
            return a.Boolean == true ? answered : new UnaryExpr(0, UnaryOp.Not, answered);
        }

        LiteralExpr literal = info.Type switch
        {
            ItemType.Boolean => new(0, Value.Bool(a.Boolean!.Value), TypeKind.Boolean),
            ItemType.Integer or ItemType.Decimal => new(0, Value.Num(a.Number!.Value), TypeKind.Number),
            ItemType.Date => new(0, Value.Date(ParseDate(a.String)!.Value), TypeKind.Date),
            _ => new(0, Value.Str(a.String!), TypeKind.String),
        };

        // FHIR: a question with several answers matches '=' when any answer equals; '!=' when it is
        // answered and none equals. As everywhere in the language, an unanswered question matches neither.
        if (info.Type == ItemType.MultiChoice)
        {
            var contains = new BinaryExpr(0, BinaryOp.Contains, answer, literal);
            return condition.Operator == EnableWhenOperator.Eq
                ? contains
                : new BinaryExpr(0, BinaryOp.And, new CallExpr(0, "answered", [new AnswerExpr(0, condition.Question)]), new UnaryExpr(0, UnaryOp.Not, contains));
        }

        var op = condition.Operator switch
        {
            EnableWhenOperator.Eq => BinaryOp.Eq,
            EnableWhenOperator.NotEq => BinaryOp.NotEq,
            EnableWhenOperator.Gt => BinaryOp.Gt,
            EnableWhenOperator.Lt => BinaryOp.Lt,
            EnableWhenOperator.GtEq => BinaryOp.GtEq,
            _ => BinaryOp.LtEq,
        };
        return new BinaryExpr(0, op, answer, literal);
    }

    /// <summary>Why a single condition can never hold given the question's min and max, or null.</summary>
    private string? Impossible(EnableWhen condition)
    {
        var item = _items[_index[condition.Question]];
        double? v = item.Type switch
        {
            ItemType.Integer or ItemType.Decimal => condition.Answer.Number,
            ItemType.Date => ParseDate(condition.Answer.String)?.DayNumber,
            _ => null,
        };
        double? min = item.Type == ItemType.Date ? item.MinDate?.DayNumber : item.Min;
        double? max = item.Type == ItemType.Date ? item.MaxDate?.DayNumber : item.Max;
        if (v is not { } x || condition.Operator == EnableWhenOperator.Exists)
        {
            return null;
        }

        var never = condition.Operator switch
        {
            EnableWhenOperator.Eq => x < min || x > max,
            EnableWhenOperator.Gt => x >= max,
            EnableWhenOperator.GtEq => x > max,
            EnableWhenOperator.Lt => x <= min,
            EnableWhenOperator.LtEq => x < min,
            _ => false,
        };
        return never ? $"'{condition.Question}' {condition.Operator.Name()} {condition.Answer} is outside the question's min/max" : null;
    }

    /// <summary>Conditions that cannot all hold together ("all"): one question equal to two values, or both answered and unanswered.</summary>
    private IEnumerable<string> Contradictions(IReadOnlyList<EnableWhen> conditions)
    {
        foreach (var group in conditions.GroupBy(c => c.Question, StringComparer.Ordinal))
        {
            var type = _items[_index[group.Key]].Type;
            var equals = group.Where(c => c.Operator == EnableWhenOperator.Eq && type != ItemType.MultiChoice).Select(c => c.Answer).Distinct().ToList();
            if (equals.Count > 1)
            {
                yield return $"'{group.Key}' cannot equal both {equals[0]} and {equals[1]}";
            }

            var unanswered = group.Any(c => c.Operator == EnableWhenOperator.Exists && c.Answer.Boolean == false);
            if (unanswered && group.Any(c => c.Operator != EnableWhenOperator.Exists || c.Answer.Boolean == true))
            {
                yield return $"'{group.Key}' cannot be both unanswered and answered";
            }
        }
    }

    /// <summary>
    /// Orders items so each comes after everything its enablement reads (its group and the questions
    /// of its conditions); any cycle, including an item depending on itself, is an error.
    /// </summary>
    private int[]? EnableOrder(Expr?[] conditions)
    {
        var n = _items.Count;
        var dependencies = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            dependencies[i] = [];
            if (_parents[i] >= 0)
            {
                dependencies[i].Add(_parents[i]);
            }

            if (conditions[i] is { } c)
            {
                dependencies[i].AddRange(c.Descendants().OfType<AnswerExpr>().Select(a => a.Item!.Index).Distinct());
            }
        }

        var state = new byte[n]; // 0 new, 1 on the stack, 2 done
        var order = new List<int>(n);
        var stack = new List<int>();
        var ok = true;
        for (var i = 0; i < n; i++)
        {
            Visit(i);
        }

        return ok ? [.. order] : null;

        void Visit(int i)
        {
            if (state[i] == 2)
            {
                return;
            }

            if (state[i] == 1)
            {
                var cycle = stack.Skip(stack.IndexOf(i)).Append(i).Select(k => _items[k].LinkId);
                var where = _items[i].EnableWhen.Count > 0 ? ".enableWhen" : _items[i].EnableWhenExpression is not null ? ".enableWhenExpression" : "";
                Error(_paths[i] + where, $"enableWhen cycle: {string.Join(" → ", cycle)} (an item cannot depend on itself, directly, through other items or through its group)");
                ok = false;
                return;
            }

            state[i] = 1;
            stack.Add(i);
            foreach (var dependency in dependencies[i])
            {
                Visit(dependency);
            }

            stack.RemoveAt(stack.Count - 1);
            state[i] = 2;
            order.Add(i);
        }
    }

    private enum ScopeMode
    {
        NoScales,
        EarlierScales,
        AllScales,
    }

    private sealed class Scope(Dictionary<string, int> index, ItemInfo[] infos, string[] scaleNames, ExprType?[] scaleTypes, ScopeMode mode, int current) : IExpressionScope
    {
        public ItemInfo? FindItem(string linkId) => index.TryGetValue(linkId, out var i) ? infos[i] : null;

        public ScaleLookup FindScale(string name, out int scaleIndex, out ExprType type)
        {
            scaleIndex = -1;
            type = default;
            for (var s = 0; s < scaleTypes.Length; s++)
            {
                if (!string.Equals(scaleNames[s], name, StringComparison.Ordinal))
                {
                    continue;
                }

                if (mode == ScopeMode.NoScales)
                {
                    return ScaleLookup.NotAvailable;
                }

                if (mode == ScopeMode.EarlierScales && s >= current)
                {
                    return s == current ? ScaleLookup.Self : ScaleLookup.Later;
                }

                scaleIndex = s;
                type = scaleTypes[s] ?? new(TypeKind.Number, true);
                return ScaleLookup.Found;
            }

            return ScaleLookup.Unknown;
        }
    }
}
