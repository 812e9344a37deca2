namespace Polku.Assessments.Domain.Expressions;

/// <summary>The result of parsing: a tree or an error, never both.</summary>
internal readonly record struct ParseResult(Expr? Expression, ExpressionError? Error);

/// <summary>
/// Recursive-descent parser. Precedence from loosest: or, and, not, comparison/contains, + -, * /,
/// unary minus, primary. Comparisons do not chain: <c>1 &lt; a &lt; 3</c> is an error rather than a surprise.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal) { "answered", "count", "weight", "min", "max", "round", "if" };

    private readonly List<Token> _tokens;
    private int _position;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static ParseResult Parse(string text)
    {
        if (!Lexer.TryTokenize(text, out var tokens, out var lexError))
        {
            return new(null, lexError);
        }

        var parser = new Parser(tokens);
        try
        {
            var expr = parser.ParseOr();
            if (parser.Current.Kind != TokenKind.End)
            {
                return new(null, new(parser.Current.Column, $"unexpected '{parser.Current.Text}'"));
            }

            return new(expr, null);
        }
        catch (SyntaxException e)
        {
            // The exception only unwinds the recursion; callers see the error as a value.
            return new(null, e.Error);
        }
    }

    private Token Current => _tokens[_position];

    private Token Advance() => _tokens[_position++];

    private bool IsKeyword(string keyword) => Current.Kind == TokenKind.Identifier && Current.Text == keyword;

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (IsKeyword("or"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Column, BinaryOp.Or, left, ParseAnd());
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (IsKeyword("and"))
        {
            var op = Advance();
            left = new BinaryExpr(op.Column, BinaryOp.And, left, ParseNot());
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (IsKeyword("not"))
        {
            var op = Advance();
            return new UnaryExpr(op.Column, UnaryOp.Not, ParseNot());
        }

        return ParseComparison();
    }

    private BinaryOp? ComparisonOp() => Current.Kind switch
    {
        TokenKind.Eq => BinaryOp.Eq,
        TokenKind.NotEq => BinaryOp.NotEq,
        TokenKind.Lt => BinaryOp.Lt,
        TokenKind.LtEq => BinaryOp.LtEq,
        TokenKind.Gt => BinaryOp.Gt,
        TokenKind.GtEq => BinaryOp.GtEq,
        TokenKind.Identifier when Current.Text == "contains" => BinaryOp.Contains,
        _ => null,
    };

    private Expr ParseComparison()
    {
        var left = ParseAdditive();
        if (ComparisonOp() is not { } op)
        {
            return left;
        }

        var opToken = Advance();
        var result = new BinaryExpr(opToken.Column, op, left, ParseAdditive());
        if (ComparisonOp() is not null)
        {
            throw new SyntaxException(new(Current.Column, $"comparisons cannot be chained; use 'and' before '{Current.Text}'"));
        }

        return result;
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            left = new BinaryExpr(op.Column, op.Kind == TokenKind.Plus ? BinaryOp.Add : BinaryOp.Subtract, left, ParseMultiplicative());
        }

        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            left = new BinaryExpr(op.Column, op.Kind == TokenKind.Star ? BinaryOp.Multiply : BinaryOp.Divide, left, ParseUnary());
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            var op = Advance();
            return new UnaryExpr(op.Column, UnaryOp.Negate, ParseUnary());
        }

        return ParsePrimary();
    }

    private Expr ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case TokenKind.Number: return new LiteralExpr(token.Column, token.Value, TypeKind.Number);
            case TokenKind.String: return new LiteralExpr(token.Column, token.Value, TypeKind.String);
            case TokenKind.Date: return new LiteralExpr(token.Column, token.Value, TypeKind.Date);
            case TokenKind.Duration: return new LiteralExpr(token.Column, token.Value, TypeKind.Duration);
            case TokenKind.Answer: return new AnswerExpr(token.Column, token.Text);
            case TokenKind.Scale: return new ScaleExpr(token.Column, token.Text);
            case TokenKind.LParen:
                {
                    var inner = ParseOr();
                    Expect(TokenKind.RParen, "')'");
                    return inner;
                }

            case TokenKind.Identifier:
                return ParseName(token);
            case TokenKind.End:
                throw new SyntaxException(new(token.Column, "unexpected end of expression"));
            default:
                throw new SyntaxException(new(token.Column, $"unexpected '{token.Text}'"));
        }
    }

    private Expr ParseName(Token token)
    {
        switch (token.Text)
        {
            case "true": return new LiteralExpr(token.Column, Value.Bool(true), TypeKind.Boolean);
            case "false": return new LiteralExpr(token.Column, Value.Bool(false), TypeKind.Boolean);
            case "age": return new ContextExpr(token.Column, ContextValue.Age);
            case "sex": return new ContextExpr(token.Column, ContextValue.Sex);
            case "municipality": return new ContextExpr(token.Column, ContextValue.Municipality);
            case "today": return new ContextExpr(token.Column, ContextValue.Today);
        }

        if (Current.Kind != TokenKind.LParen)
        {
            var hint = Functions.Contains(token.Text) ? $"; '{token.Text}' is a function and needs '('" : "; write answers as {linkId} and scales as $name";
            throw new SyntaxException(new(token.Column, $"unknown name '{token.Text}'{hint}"));
        }

        if (!Functions.Contains(token.Text))
        {
            throw new SyntaxException(new(token.Column, $"unknown function '{token.Text}'"));
        }

        Advance();
        var arguments = new List<Expr>();
        if (Current.Kind != TokenKind.RParen)
        {
            arguments.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                arguments.Add(ParseOr());
            }
        }

        Expect(TokenKind.RParen, "')' or ','");
        return new CallExpr(token.Column, token.Text, arguments);
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new SyntaxException(new(Current.Column, $"expected {what} but found '{Current.Text}'"));
        }

        Advance();
    }

    private sealed class SyntaxException(ExpressionError error) : Exception(error.Message)
    {
        public ExpressionError Error { get; } = error;
    }
}
