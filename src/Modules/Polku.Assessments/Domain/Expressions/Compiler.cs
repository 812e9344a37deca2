using System.Numerics;
using Polku.Assessments.Domain.Content;

namespace Polku.Assessments.Domain.Expressions;

/// <summary>
/// Compiles a type-checked tree to nested closures, one per node. All decisions that depend on types
/// (which comparison, which option bit, which weights) are taken here, once, so the closures only
/// read structs from the frame: no boxing, no reflection, no allocation at evaluation time.
/// </summary>
internal static class Compiler
{
    public static Evaluator Compile(Expr expr)
    {
        foreach (var child in expr.Children)
        {
            Compile(child);
        }

        var compiled = expr switch
        {
            LiteralExpr l => Literal(l.Value),
            AnswerExpr a => Answer(a.Item!.Index),
            ScaleExpr s => Scale(s.ScaleIndex),
            ContextExpr c => Context(c.Which),
            UnaryExpr u => Unary(u),
            BinaryExpr b => Binary(b),
            CallExpr call => Call(call),
            _ => throw new InvalidOperationException("unknown node"),
        };
        expr.Compiled = compiled;
        return compiled;
    }

    private static Evaluator Literal(Value value) => _ => value;

    private static Evaluator Answer(int index) => f => f.Answers[index];

    private static Evaluator Scale(int index) => f => f.Scales[index];

    private static Evaluator Context(ContextValue which) => which switch
    {
        ContextValue.Age => f => f.Age,
        ContextValue.Sex => f => f.Sex,
        ContextValue.Municipality => f => f.Municipality,
        _ => f => f.Today,
    };

    private static Evaluator Unary(UnaryExpr u)
    {
        var operand = u.Operand.Compiled!;
        if (u.Op == UnaryOp.Not)
        {
            return f => Value.Bool(!operand(f).IsTrue);
        }

        if (u.Type.Kind == TypeKind.Duration)
        {
            return f => operand(f) is { IsNull: false } v ? Value.Duration(-v.Number) : Value.Null;
        }

        return f => operand(f) is { IsNull: false } v ? Value.Num(-v.Number) : Value.Null;
    }

    private static Evaluator Binary(BinaryExpr b)
    {
        var left = b.Left.Compiled!;
        var right = b.Right.Compiled!;
        var lk = b.Left.Type.Kind;
        switch (b.Op)
        {
            case BinaryOp.And:
                return f => Value.Bool(left(f).IsTrue && right(f).IsTrue);
            case BinaryOp.Or:
                return f => Value.Bool(left(f).IsTrue || right(f).IsTrue);
            case BinaryOp.Eq:
            case BinaryOp.NotEq:
                {
                    var negate = b.Op == BinaryOp.NotEq;
                    if (lk == TypeKind.String)
                    {
                        return f =>
                        {
                            var x = left(f);
                            var y = right(f);
                            return x.IsNull || y.IsNull ? Value.Bool(false) : Value.Bool(string.Equals(x.Text, y.Text, StringComparison.Ordinal) != negate);
                        };
                    }

                    return f =>
                    {
                        var x = left(f);
                        var y = right(f);
                        return x.IsNull || y.IsNull ? Value.Bool(false) : Value.Bool((x.Number == y.Number) != negate);
                    };
                }

            case BinaryOp.Lt: return Compare(left, right, static (x, y) => x < y);
            case BinaryOp.LtEq: return Compare(left, right, static (x, y) => x <= y);
            case BinaryOp.Gt: return Compare(left, right, static (x, y) => x > y);
            case BinaryOp.GtEq: return Compare(left, right, static (x, y) => x >= y);
            case BinaryOp.Contains:
                {
                    var mask = b.OptionMask;
                    return f => Value.Bool((left(f).Bits & mask) != 0);
                }

            default:
                return Arithmetic(b, left, right);
        }
    }

    private static Evaluator Compare(Evaluator left, Evaluator right, Func<double, double, bool> test) => f =>
    {
        var x = left(f);
        var y = right(f);
        return x.IsNull || y.IsNull ? Value.Bool(false) : Value.Bool(test(x.Number, y.Number));
    };

    private static Evaluator Arithmetic(BinaryExpr b, Evaluator left, Evaluator right)
    {
        Func<double, Value> wrap = b.Type.Kind switch
        {
            TypeKind.Date => Value.DateFromDayNumber,
            TypeKind.Duration => Value.Duration,
            _ => Value.Num,
        };
        Func<double, double, double> op = b.Op switch
        {
            BinaryOp.Add => static (x, y) => x + y,
            BinaryOp.Subtract => static (x, y) => x - y,
            BinaryOp.Multiply => static (x, y) => x * y,
            _ => static (x, y) => x / y,
        };
        var divide = b.Op == BinaryOp.Divide;
        return f =>
        {
            var x = left(f);
            var y = right(f);
            if (x.IsNull || y.IsNull || (divide && y.Number == 0))
            {
                return Value.Null;
            }

            return wrap(op(x.Number, y.Number));
        };
    }

    private static Evaluator Call(CallExpr call)
    {
        var args = call.Arguments.Select(a => a.Compiled!).ToArray();
        switch (call.Name)
        {
            case "answered":
                {
                    var index = ((AnswerExpr)call.Arguments[0]).Item!.Index;
                    return f => Value.Bool(!f.Answers[index].IsNull);
                }

            case "count":
                {
                    var item = ((AnswerExpr)call.Arguments[0]).Item!;
                    var index = item.Index;
                    if (item.Type == ItemType.MultiChoice)
                    {
                        return f => Value.Num(BitOperations.PopCount(f.Answers[index].Bits));
                    }

                    return f => Value.Num(f.Answers[index].IsNull ? 0 : 1);
                }

            case "weight":
                return Weight(((AnswerExpr)call.Arguments[0]).Item!);
            case "min":
            case "max":
                {
                    var isMax = call.Name == "max";
                    return f =>
                    {
                        var best = args[0](f);
                        for (var i = 1; i < args.Length && !best.IsNull; i++)
                        {
                            var v = args[i](f);
                            if (v.IsNull || (isMax ? v.Number > best.Number : v.Number < best.Number))
                            {
                                best = v;
                            }
                        }

                        return best;
                    };
                }

            case "round":
                {
                    var value = args[0];
                    var digits = args.Length > 1 ? args[1] : null;
                    return f =>
                    {
                        var x = value(f);
                        var d = digits is null ? Value.Num(0) : digits(f);
                        if (x.IsNull || d.IsNull)
                        {
                            return Value.Null;
                        }

                        // Away from zero: a BMI of 24.95 is 25.0 on paper, not banker's 24.9.
                        return Value.Num(Math.Round(x.Number, (int)Math.Clamp(d.Number, 0, 15), MidpointRounding.AwayFromZero));
                    };
                }

            default:
                {
                    var (condition, then, otherwise) = (args[0], args[1], args[2]);
                    return f => condition(f).IsTrue ? then(f) : otherwise(f);
                }
        }
    }

    /// <summary>The weight of an answer, shared with sum scales so both read weights the same way.</summary>
    internal static Evaluator Weight(ItemInfo item)
    {
        var index = item.Index;
        if (item.Type == ItemType.Boolean)
        {
            var whenTrue = item.WeightTrue ?? 0;
            var whenFalse = item.WeightFalse ?? 0;
            return f => f.Answers[index] is { IsNull: false } v ? Value.Num(v.IsTrue ? whenTrue : whenFalse) : Value.Null;
        }

        var weights = item.OptionWeights.ToArray();
        return f =>
        {
            var v = f.Answers[index];
            if (v.IsNull)
            {
                return Value.Null;
            }

            var bits = v.Bits;
            double sum = 0;
            while (bits != 0)
            {
                sum += weights[BitOperations.TrailingZeroCount(bits)];
                bits &= bits - 1;
            }

            return Value.Num(sum);
        };
    }
}
