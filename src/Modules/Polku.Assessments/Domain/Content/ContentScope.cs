using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>Which scales an expression may read, by where it stands in the definition.</summary>
internal enum ScopeMode
{
    /// <summary>Enablement: decided before any scale has a value.</summary>
    NoScales,

    /// <summary>A scale's expression: only the scales defined before it.</summary>
    EarlierScales,

    /// <summary>Rules: every scale.</summary>
    AllScales,
}

/// <summary>
/// What an expression in a definition can see: every item, and the scales its <see cref="ScopeMode"/>
/// allows. Parses and type-checks expressions in that scope, reporting errors at the expression's path.
/// </summary>
internal sealed class ContentScope(FlatItems items, string[] scaleNames, ExprType?[] scaleTypes, ScopeMode mode, int current = 0) : IExpressionScope
{
    public ItemInfo? FindItem(string linkId) => items.ByLinkId.TryGetValue(linkId, out var i) ? items.Infos[i] : null;

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

    /// <summary>The parsed and typed expression, or null when it does not parse or has none of the expected types (reported).</summary>
    public Expr? ParseAndCheck(string text, string path, ContentErrors errors, params TypeKind[] expected)
    {
        var parsed = Parser.Parse(text);
        if (parsed.Error is { } parseError)
        {
            errors.Add(path, parseError.ToString());
            return null;
        }

        if (TypeChecker.Check(parsed.Expression!, this, expected) is { } typeError)
        {
            errors.Add(path, typeError.ToString());
            return null;
        }

        return parsed.Expression;
    }
}
