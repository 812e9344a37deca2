using System.Globalization;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Tests.Assessments;

/// <summary>A fixed scope and a printer for expression tests.</summary>
internal static class ExpressionTestSupport
{
    private static readonly ItemInfo[] Items =
    [
        new(0, "b", ItemType.Boolean, [], [], 2, 0),
        new(1, "n", ItemType.Integer, [], [], null, null),
        new(2, "d", ItemType.Decimal, [], [], null, null),
        new(3, "c", ItemType.Choice, ["x", "y"], [1, 2], null, null),
        new(4, "m", ItemType.MultiChoice, ["p", "q", "r"], [1, 2, 4], null, null),
        new(5, "dt", ItemType.Date, [], [], null, null),
        new(6, "s", ItemType.String, [], [], null, null),
        new(7, "g", ItemType.Group, [], [], null, null),
    ];

    public static int ItemCount => Items.Length;

    public static int IndexOf(string linkId) => Array.FindIndex(Items, i => i.LinkId == linkId);

    public static TestScope Scope { get; } = new();

    internal sealed class TestScope : IExpressionScope
    {
        public ItemInfo? FindItem(string linkId) => Items.FirstOrDefault(i => i.LinkId == linkId);

        public ScaleLookup FindScale(string name, out int index, out ExprType type)
        {
            (index, type) = name switch
            {
                "total" => (0, new ExprType(TypeKind.Number, true)),
                "flag" => (1, new ExprType(TypeKind.Boolean, true)),
                _ => (-1, default),
            };
            return index >= 0 ? ScaleLookup.Found : name == "later" ? ScaleLookup.Later : ScaleLookup.Unknown;
        }
    }

    /// <summary>Parses, checks and compiles; throws with the error when any step fails.</summary>
    public static (Expr Expr, Evaluator Eval) Compile(string text)
    {
        var parsed = Parser.Parse(text);
        Assert.True(parsed.Error is null, parsed.Error?.ToString());
        var error = TypeChecker.Check(parsed.Expression!, Scope);
        Assert.True(error is null, error?.ToString());
        return (parsed.Expression!, Compiler.Compile(parsed.Expression!));
    }

    /// <summary>Fully parenthesised form of a tree, to assert precedence.</summary>
    public static string Print(Expr e) => e switch
    {
        LiteralExpr { Kind: TypeKind.Number } l => l.Value.Number.ToString(CultureInfo.InvariantCulture),
        LiteralExpr l => l.Value.ToString(),
        AnswerExpr a => "{" + a.LinkId + "}",
        ScaleExpr s => "$" + s.Name,
        ContextExpr c => c.Which.ToString().ToLowerInvariant(),
        UnaryExpr { Op: UnaryOp.Not } u => $"(not {Print(u.Operand)})",
        UnaryExpr u => $"(-{Print(u.Operand)})",
        BinaryExpr b => $"({Print(b.Left)} {TypeChecker.OpText(b.Op)} {Print(b.Right)})",
        CallExpr c => $"{c.Name}({string.Join(", ", c.Arguments.Select(Print))})",
        _ => "?",
    };
}
