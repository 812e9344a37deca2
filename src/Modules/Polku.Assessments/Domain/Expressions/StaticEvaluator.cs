namespace Polku.Assessments.Domain.Expressions;

/// <summary>
/// Decides, at load time, whether a compiled expression has the same value for every possible input.
/// An answer to an item that is never enabled is always null, so a condition that reads only such
/// items (and literals) is constant too: that is how "can never fire" and "unreachable" are found.
/// </summary>
internal sealed class StaticEvaluator
{
    private readonly Func<int, bool> _itemNeverEnabled;
    private readonly Func<int, Value?> _constantScale;
    private readonly EvalFrame _blank;

    /// <param name="itemCount">Number of items; the blank frame has every answer null.</param>
    /// <param name="scaleCount">Number of scales.</param>
    /// <param name="itemNeverEnabled">Whether the item with this index can never be enabled.</param>
    /// <param name="constantScale">The constant value of a scale, or null when it depends on input.</param>
    public StaticEvaluator(int itemCount, int scaleCount, Func<int, bool> itemNeverEnabled, Func<int, Value?> constantScale)
    {
        _itemNeverEnabled = itemNeverEnabled;
        _constantScale = constantScale;
        _blank = new EvalFrame(itemCount, scaleCount);
        for (var i = 0; i < scaleCount; i++)
        {
            _blank.Scales[i] = constantScale(i) ?? Value.Null;
        }
    }

    /// <summary>The constant value of a compiled expression, or null when it depends on input.</summary>
    public Value? Fold(Expr expr)
    {
        switch (expr)
        {
            case LiteralExpr l:
                return l.Value;
            case AnswerExpr a:
                return _itemNeverEnabled(a.Item!.Index) ? Value.Null : null;
            case ScaleExpr s:
                return _constantScale(s.ScaleIndex);
            case ContextExpr:
                return null;
            case BinaryExpr { Op: BinaryOp.And or BinaryOp.Or } b:
                {
                    var decisive = b.Op == BinaryOp.Or;
                    var l = Fold(b.Left);
                    var r = Fold(b.Right);
                    if ((l is { } lv && lv.IsTrue == decisive) || (r is { } rv && rv.IsTrue == decisive))
                    {
                        return Value.Bool(decisive);
                    }

                    return l is not null && r is not null ? Value.Bool(!decisive) : null;
                }

            case CallExpr { Name: "if" } call:
                {
                    var condition = Fold(call.Arguments[0]);
                    if (condition is null)
                    {
                        var a = Fold(call.Arguments[1]);
                        var b = Fold(call.Arguments[2]);
                        return a is { } av && b is { } bv && av == bv ? av : null;
                    }

                    return Fold(call.Arguments[condition.Value.IsTrue ? 1 : 2]);
                }
        }

        foreach (var child in expr.Children)
        {
            if (Fold(child) is null)
            {
                return null;
            }
        }

        return expr.Compiled!(_blank);
    }
}
