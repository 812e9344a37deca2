namespace Polku.Assessments.Domain.Expressions;

/// <summary>A parse or type error in an expression, at a 1-based column of the expression text.</summary>
internal sealed record ExpressionError(int Column, string Message)
{
    public override string ToString() => $"column {Column.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {Message}";
}
