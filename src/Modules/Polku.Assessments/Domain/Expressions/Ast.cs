namespace Polku.Assessments.Domain.Expressions;

/// <summary>Evaluates a compiled expression against the answers, scales and context of one evaluation.</summary>
internal delegate Value Evaluator(EvalFrame frame);

internal enum UnaryOp
{
    Not,
    Negate,
}

internal enum BinaryOp
{
    Or,
    And,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Contains,
    Add,
    Subtract,
    Multiply,
    Divide,
}

internal enum ContextValue
{
    Age,
    Sex,
    Municipality,
    Today,
}

/// <summary>
/// A node of the expression tree. The type checker fills <see cref="Type"/>, the compiler
/// <see cref="Compiled"/>; both are set once at load time and only read afterwards.
/// </summary>
internal abstract class Expr(int column)
{
    /// <summary>1-based column of the node's token (for a binary node, its operator).</summary>
    public int Column { get; } = column;

    public ExprType Type { get; set; }

    public Evaluator? Compiled { get; set; }

    public abstract IEnumerable<Expr> Children { get; }
}

internal sealed class LiteralExpr(int column, Value value, TypeKind kind) : Expr(column)
{
    public Value Value { get; } = value;

    public TypeKind Kind { get; } = kind;

    public override IEnumerable<Expr> Children => [];
}

internal sealed class AnswerExpr(int column, string linkId) : Expr(column)
{
    public string LinkId { get; } = linkId;

    /// <summary>Resolved by the type checker.</summary>
    public ItemInfo? Item { get; set; }

    public override IEnumerable<Expr> Children => [];
}

internal sealed class ScaleExpr(int column, string name) : Expr(column)
{
    public string Name { get; } = name;

    public int ScaleIndex { get; set; } = -1;

    public override IEnumerable<Expr> Children => [];
}

internal sealed class ContextExpr(int column, ContextValue which) : Expr(column)
{
    public ContextValue Which { get; } = which;

    public override IEnumerable<Expr> Children => [];
}

internal sealed class UnaryExpr(int column, UnaryOp op, Expr operand) : Expr(column)
{
    public UnaryOp Op { get; } = op;

    public Expr Operand { get; } = operand;

    public override IEnumerable<Expr> Children => [Operand];
}

internal sealed class BinaryExpr(int column, BinaryOp op, Expr left, Expr right) : Expr(column)
{
    public BinaryOp Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    /// <summary>For <c>contains</c> and choice comparisons with a code literal: the option's bit, set by the type checker.</summary>
    public ulong OptionMask { get; set; }

    public override IEnumerable<Expr> Children => [Left, Right];
}

internal sealed class CallExpr(int column, string name, IReadOnlyList<Expr> arguments) : Expr(column)
{
    public string Name { get; } = name;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    public override IEnumerable<Expr> Children => Arguments;
}

internal static class ExprWalk
{
    /// <summary>All nodes of the tree, root first.</summary>
    public static IEnumerable<Expr> Descendants(this Expr root)
    {
        yield return root;
        foreach (var child in root.Children)
        {
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }
}
