using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Item enablement: checks each enableWhenExpression, joins an item's enableWhen conditions and expression
/// into one typed expression tree, and orders items so each is decided after everything it reads.
/// </summary>
internal sealed class Enablement
{
    private readonly FlatItems _items;
    private readonly ContentErrors _errors;

    public Enablement(FlatItems items, ContentErrors errors)
    {
        _items = items;
        _errors = errors;
    }

    /// <summary>Parses and type-checks each item's enableWhenExpression (boolean, no scales); null where there is none or it has errors.</summary>
    public Expr?[] CheckExpressions(ContentScope scope)
    {
        var exprs = new Expr?[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items.Items[i].EnableWhenExpression is { } text)
            {
                exprs[i] = scope.ParseAndCheck(text, _items.Paths[i] + ".enableWhenExpression", _errors, TypeKind.Boolean);
            }
        }

        return exprs;
    }

    /// <summary>
    /// The item's whole enablement condition as one expression tree: its enableWhen conditions
    /// (FHIR semantics) joined by its behaviour, AND its expression. Conditions that cannot hold given
    /// the question's bounds, or that contradict each other under "all", become the literal false.
    /// </summary>
    public Expr? BuildCondition(int i, Expr? expression, IExpressionScope scope, out List<string>? impossible)
    {
        var item = _items.Items[i];
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
        var info = _items.Infos[_items.ByLinkId[condition.Question]];
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
            ItemType.Date => new(0, Value.Date(IsoDate.Parse(a.String)!.Value), TypeKind.Date),
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
        var item = _items.Items[_items.ByLinkId[condition.Question]];
        double? v = item.Type switch
        {
            ItemType.Integer or ItemType.Decimal => condition.Answer.Number,
            ItemType.Date => IsoDate.Parse(condition.Answer.String)?.DayNumber,
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
            var type = _items.Items[_items.ByLinkId[group.Key]].Type;
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
    public int[]? Order(Expr?[] conditions)
    {
        var items = _items.Items;
        var n = items.Count;
        var dependencies = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            dependencies[i] = [];
            if (_items.Parents[i] >= 0)
            {
                dependencies[i].Add(_items.Parents[i]);
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
                var cycle = stack.Skip(stack.IndexOf(i)).Append(i).Select(k => items[k].LinkId);
                var where = items[i].EnableWhen.Count > 0 ? ".enableWhen" : items[i].EnableWhenExpression is not null ? ".enableWhenExpression" : "";
                _errors.Add(_items.Paths[i] + where, $"enableWhen cycle: {string.Join(" → ", cycle)} (an item cannot depend on itself, directly, through other items or through its group)");
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
}
