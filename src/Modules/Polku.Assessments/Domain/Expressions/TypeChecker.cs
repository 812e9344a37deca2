using Polku.Assessments.Domain.Content;

namespace Polku.Assessments.Domain.Expressions;

/// <summary>What an expression knows about an item: its type, option codes and weights.</summary>
internal sealed record ItemInfo(int Index, string LinkId, ItemType Type, IReadOnlyList<string> OptionCodes, IReadOnlyList<double> OptionWeights, double? WeightTrue, double? WeightFalse)
{
    public int OptionIndex(string code)
    {
        for (var i = 0; i < OptionCodes.Count; i++)
        {
            if (string.Equals(OptionCodes[i], code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public bool HasWeights => Type.HasOptions() || (Type == ItemType.Boolean && (WeightTrue is not null || WeightFalse is not null));
}

internal enum ScaleLookup
{
    Found,
    Unknown,
    Later,
    Self,
    NotAvailable,
}

/// <summary>The names an expression may use: the file's items and, where allowed, its scales.</summary>
internal interface IExpressionScope
{
    ItemInfo? FindItem(string linkId);

    ScaleLookup FindScale(string name, out int index, out ExprType type);
}

/// <summary>
/// Static type checking. Fills <see cref="Expr.Type"/> and resolves names; the first error wins.
/// Comparing a choice answer with a code literal checks that the code is one of the item's options,
/// which is how a typo in content is caught at load time instead of silently never matching.
/// </summary>
internal static class TypeChecker
{
    public static ExpressionError? Check(Expr expr, IExpressionScope scope)
    {
        try
        {
            Visit(expr, scope);
            return null;
        }
        catch (TypeException e)
        {
            return e.Error;
        }
    }

    /// <summary>Checks and additionally requires the result kind (e.g. boolean for a rule's <c>when</c>).</summary>
    public static ExpressionError? Check(Expr expr, IExpressionScope scope, params TypeKind[] expected)
    {
        var error = Check(expr, scope);
        if (error is null && !expected.Contains(expr.Type.Kind))
        {
            var names = string.Join(" or ", expected.Select(k => new ExprType(k, false).ToString()));
            return new(1, $"the expression must be {names} but is {expr.Type}");
        }

        return error;
    }

    private static ExprType Visit(Expr expr, IExpressionScope scope)
    {
        foreach (var child in expr.Children)
        {
            Visit(child, scope);
        }

        expr.Type = expr switch
        {
            LiteralExpr l => new(l.Kind, false),
            AnswerExpr a => CheckAnswer(a, scope),
            ScaleExpr s => CheckScale(s, scope),
            ContextExpr c => c.Which switch
            {
                ContextValue.Age => new(TypeKind.Number, true),
                ContextValue.Today => new(TypeKind.Date, false),
                _ => new(TypeKind.String, true),
            },
            UnaryExpr u => CheckUnary(u),
            BinaryExpr b => CheckBinary(b),
            CallExpr call => CheckCall(call),
            _ => throw new InvalidOperationException("unknown node"),
        };
        return expr.Type;
    }

    private static ExprType CheckAnswer(AnswerExpr a, IExpressionScope scope)
    {
        var item = scope.FindItem(a.LinkId) ?? throw Fail(a.Column, $"unknown linkId '{a.LinkId}'");
        a.Item = item;
        return item.Type switch
        {
            ItemType.Boolean => new(TypeKind.Boolean, true),
            ItemType.Choice or ItemType.String or ItemType.Text => new(TypeKind.String, true),
            ItemType.MultiChoice => new(TypeKind.CodeSet, true),
            ItemType.Integer or ItemType.Decimal => new(TypeKind.Number, true),
            ItemType.Date => new(TypeKind.Date, true),
            _ => throw Fail(a.Column, $"'{a.LinkId}' is a {item.Type.Name()} item and has no answer"),
        };
    }

    private static ExprType CheckScale(ScaleExpr s, IExpressionScope scope)
    {
        switch (scope.FindScale(s.Name, out var index, out var type))
        {
            case ScaleLookup.Found:
                s.ScaleIndex = index;
                return type with { Nullable = true };
            case ScaleLookup.Later:
                throw Fail(s.Column, $"scale '${s.Name}' is defined later; a scale may use only earlier scales");
            case ScaleLookup.Self:
                throw Fail(s.Column, $"scale '${s.Name}' refers to itself");
            case ScaleLookup.NotAvailable:
                throw Fail(s.Column, $"scales cannot be used here (enablement is decided before scales are computed): '${s.Name}'");
            default:
                throw Fail(s.Column, $"unknown scale '${s.Name}'");
        }
    }

    private static ExprType CheckUnary(UnaryExpr u)
    {
        var t = u.Operand.Type;
        if (u.Op == UnaryOp.Not)
        {
            Require(t, TypeKind.Boolean, u.Column, "'not'");
            return new(TypeKind.Boolean, false);
        }

        if (t.Kind is not (TypeKind.Number or TypeKind.Duration))
        {
            throw Fail(u.Column, $"unary '-' needs a number or a duration, not {t}");
        }

        return t;
    }

    private static ExprType CheckBinary(BinaryExpr b)
    {
        var l = b.Left.Type;
        var r = b.Right.Type;
        var nullable = l.Nullable || r.Nullable;
        switch (b.Op)
        {
            case BinaryOp.And:
            case BinaryOp.Or:
                Require(l, TypeKind.Boolean, b.Column, b.Op == BinaryOp.And ? "'and'" : "'or'");
                Require(r, TypeKind.Boolean, b.Column, b.Op == BinaryOp.And ? "'and'" : "'or'");
                return new(TypeKind.Boolean, false);
            case BinaryOp.Eq:
            case BinaryOp.NotEq:
                if (l.Kind != r.Kind || l.Kind == TypeKind.CodeSet)
                {
                    var hint = l.Kind == TypeKind.CodeSet || r.Kind == TypeKind.CodeSet ? "; use 'contains' for a multi-choice answer" : "";
                    throw Fail(b.Column, $"cannot compare {l} with {r}{hint}");
                }

                CheckCode(b, b.Left, b.Right);
                CheckCode(b, b.Right, b.Left);
                return new(TypeKind.Boolean, false);
            case BinaryOp.Lt:
            case BinaryOp.LtEq:
            case BinaryOp.Gt:
            case BinaryOp.GtEq:
                if (l.Kind != r.Kind || l.Kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Duration))
                {
                    throw Fail(b.Column, $"'{OpText(b.Op)}' compares two numbers, dates or durations, not {l} and {r}");
                }

                return new(TypeKind.Boolean, false);
            case BinaryOp.Contains:
                {
                    if (b.Left is not AnswerExpr { Item: { } item } || !item.Type.HasOptions())
                    {
                        throw Fail(b.Column, "'contains' needs a choice or multi-choice answer {linkId} on its left");
                    }

                    if (b.Right is not LiteralExpr { Kind: TypeKind.String } code)
                    {
                        throw Fail(b.Right.Column, "'contains' needs an option code literal such as 'daily' on its right");
                    }

                    b.OptionMask = 1UL << OptionIndexOrFail(item, code);
                    return new(TypeKind.Boolean, false);
                }

            case BinaryOp.Add:
                if (l.Kind == TypeKind.Number && r.Kind == TypeKind.Number)
                {
                    return new(TypeKind.Number, nullable);
                }

                if ((l.Kind == TypeKind.Date && r.Kind == TypeKind.Duration) || (l.Kind == TypeKind.Duration && r.Kind == TypeKind.Date))
                {
                    return new(TypeKind.Date, nullable);
                }

                if (l.Kind == TypeKind.Duration && r.Kind == TypeKind.Duration)
                {
                    return new(TypeKind.Duration, nullable);
                }

                throw Fail(b.Column, $"cannot add {l} and {r}");
            case BinaryOp.Subtract:
                if (l.Kind == TypeKind.Number && r.Kind == TypeKind.Number)
                {
                    return new(TypeKind.Number, nullable);
                }

                if (l.Kind == TypeKind.Date && r.Kind == TypeKind.Date)
                {
                    return new(TypeKind.Duration, nullable);
                }

                if (l.Kind == TypeKind.Date && r.Kind == TypeKind.Duration)
                {
                    return new(TypeKind.Date, nullable);
                }

                if (l.Kind == TypeKind.Duration && r.Kind == TypeKind.Duration)
                {
                    return new(TypeKind.Duration, nullable);
                }

                throw Fail(b.Column, $"cannot subtract {r} from {l}");
            default:
                if (l.Kind != TypeKind.Number || r.Kind != TypeKind.Number)
                {
                    throw Fail(b.Column, $"'{OpText(b.Op)}' needs two numbers, not {l} and {r}");
                }

                // Division by zero gives null, so '/' is always nullable.
                return new(TypeKind.Number, nullable || b.Op == BinaryOp.Divide);
        }
    }

    private static void CheckCode(BinaryExpr b, Expr answer, Expr other)
    {
        if (answer is AnswerExpr { Item: { Type: ItemType.Choice } item } && other is LiteralExpr { Kind: TypeKind.String } code)
        {
            b.OptionMask = 1UL << OptionIndexOrFail(item, code);
        }
    }

    private static int OptionIndexOrFail(ItemInfo item, LiteralExpr code)
    {
        var index = item.OptionIndex(code.Value.Text!);
        if (index < 0)
        {
            throw Fail(code.Column, $"'{code.Value.Text}' is not an option of '{item.LinkId}' (options: {string.Join(", ", item.OptionCodes)})");
        }

        return index;
    }

    private static ExprType CheckCall(CallExpr call)
    {
        var args = call.Arguments;
        switch (call.Name)
        {
            case "answered":
            case "count":
            case "weight":
                {
                    Arity(call, 1, 1);
                    if (args[0] is not AnswerExpr { Item: { } item })
                    {
                        throw Fail(args[0].Column, $"{call.Name}() takes an answer {{linkId}}");
                    }

                    if (call.Name == "weight")
                    {
                        if (!item.HasWeights)
                        {
                            throw Fail(args[0].Column, $"'{item.LinkId}' has no weights (only choice, multi-choice and boolean items with weights)");
                        }

                        return new(TypeKind.Number, true);
                    }

                    return new(call.Name == "answered" ? TypeKind.Boolean : TypeKind.Number, false);
                }

            case "min":
            case "max":
                {
                    Arity(call, 1, int.MaxValue);
                    var kind = args[0].Type.Kind;
                    if (kind is not (TypeKind.Number or TypeKind.Date or TypeKind.Duration))
                    {
                        throw Fail(args[0].Column, $"{call.Name}() takes numbers, dates or durations, not {args[0].Type}");
                    }

                    foreach (var a in args)
                    {
                        if (a.Type.Kind != kind)
                        {
                            throw Fail(a.Column, $"{call.Name}() arguments must have one type: {args[0].Type} and {a.Type}");
                        }
                    }

                    return new(kind, args.Any(a => a.Type.Nullable));
                }

            case "round":
                Arity(call, 1, 2);
                foreach (var a in args)
                {
                    Require(a.Type, TypeKind.Number, a.Column, "round()");
                }

                return new(TypeKind.Number, args.Any(a => a.Type.Nullable));
            default:
                {
                    Arity(call, 3, 3);
                    Require(args[0].Type, TypeKind.Boolean, args[0].Column, "the condition of if()");
                    if (args[1].Type.Kind != args[2].Type.Kind || args[1].Type.Kind == TypeKind.CodeSet)
                    {
                        throw Fail(args[2].Column, $"both branches of if() must have one type: {args[1].Type} and {args[2].Type}");
                    }

                    return new(args[1].Type.Kind, args[1].Type.Nullable || args[2].Type.Nullable);
                }
        }
    }

    private static void Arity(CallExpr call, int min, int max)
    {
        var n = call.Arguments.Count;
        if (n < min || n > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} or {max}";
            throw Fail(call.Column, $"{call.Name}() takes {expected} argument(s), not {n}");
        }
    }

    private static void Require(ExprType actual, TypeKind expected, int column, string where)
    {
        if (actual.Kind != expected)
        {
            throw Fail(column, $"{where} needs {new ExprType(expected, false)}, not {actual}");
        }
    }

    internal static string OpText(BinaryOp op) => op switch
    {
        BinaryOp.Or => "or",
        BinaryOp.And => "and",
        BinaryOp.Eq => "=",
        BinaryOp.NotEq => "!=",
        BinaryOp.Lt => "<",
        BinaryOp.LtEq => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.GtEq => ">=",
        BinaryOp.Contains => "contains",
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        _ => "/",
    };

    private static TypeException Fail(int column, string message) => new(new(column, message));

    private sealed class TypeException(ExpressionError error) : Exception(error.Message)
    {
        public ExpressionError Error { get; } = error;
    }
}
