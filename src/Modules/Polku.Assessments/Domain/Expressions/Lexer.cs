using System.Globalization;

namespace Polku.Assessments.Domain.Expressions;

internal enum TokenKind
{
    Number,
    String,
    Date,
    Duration,
    Answer,
    Scale,
    Identifier,
    LParen,
    RParen,
    Comma,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Plus,
    Minus,
    Star,
    Slash,
    End,
}

/// <summary>A token; <see cref="Column"/> is 1-based. <see cref="Value"/> holds the literal of number, string, date and duration tokens.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Column, Value Value);

/// <summary>Turns expression text into tokens, failing with the column of the first character it cannot read.</summary>
internal static class Lexer
{
    public static bool TryTokenize(string text, out List<Token> tokens, out ExpressionError? error)
    {
        tokens = [];
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(': tokens.Add(new(TokenKind.LParen, "(", column, default)); i++; continue;
                case ')': tokens.Add(new(TokenKind.RParen, ")", column, default)); i++; continue;
                case ',': tokens.Add(new(TokenKind.Comma, ",", column, default)); i++; continue;
                case '+': tokens.Add(new(TokenKind.Plus, "+", column, default)); i++; continue;
                case '-': tokens.Add(new(TokenKind.Minus, "-", column, default)); i++; continue;
                case '*': tokens.Add(new(TokenKind.Star, "*", column, default)); i++; continue;
                case '/': tokens.Add(new(TokenKind.Slash, "/", column, default)); i++; continue;
                case '=': tokens.Add(new(TokenKind.Eq, "=", column, default)); i++; continue;
                case '!':
                    if (i + 1 < text.Length && text[i + 1] == '=')
                    {
                        tokens.Add(new(TokenKind.NotEq, "!=", column, default));
                        i += 2;
                        continue;
                    }

                    error = new(column, "'!' must be followed by '=' (use 'not' for negation)");
                    return false;
                case '<':
                case '>':
                    {
                        var orEqual = i + 1 < text.Length && text[i + 1] == '=';
                        var kind = c == '<' ? (orEqual ? TokenKind.LtEq : TokenKind.Lt) : (orEqual ? TokenKind.GtEq : TokenKind.Gt);
                        tokens.Add(new(kind, orEqual ? c + "=" : c.ToString(), column, default));
                        i += orEqual ? 2 : 1;
                        continue;
                    }

                case '\'':
                    if (!ReadString(text, ref i, out var s, out error))
                    {
                        return false;
                    }

                    tokens.Add(new(TokenKind.String, s, column, Value.Str(s)));
                    continue;
                case '{':
                    {
                        var end = i + 1;
                        while (end < text.Length && IsNameChar(text[end]))
                        {
                            end++;
                        }

                        if (end == i + 1 || end >= text.Length || text[end] != '}')
                        {
                            error = new(column, "expected a linkId and '}' after '{'");
                            return false;
                        }

                        tokens.Add(new(TokenKind.Answer, text[(i + 1)..end], column, default));
                        i = end + 1;
                        continue;
                    }

                case '$':
                    {
                        var end = i + 1;
                        while (end < text.Length && IsNameChar(text[end]))
                        {
                            end++;
                        }

                        if (end == i + 1)
                        {
                            error = new(column, "expected a scale name after '$'");
                            return false;
                        }

                        tokens.Add(new(TokenKind.Scale, text[(i + 1)..end], column, default));
                        i = end;
                        continue;
                    }

                case '@':
                    if (!ReadTemporal(text, ref i, out var token, out error))
                    {
                        return false;
                    }

                    tokens.Add(token);
                    continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                if (end < text.Length && text[end] == '.')
                {
                    end++;
                    if (end >= text.Length || !char.IsAsciiDigit(text[end]))
                    {
                        error = new(end + 1, "expected a digit after the decimal point");
                        return false;
                    }

                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }
                }

                var literal = text[i..end];
                tokens.Add(new(TokenKind.Number, literal, column, Value.Num(double.Parse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))));
                i = end;
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new(TokenKind.Identifier, text[i..end], column, default));
                i = end;
                continue;
            }

            error = new(column, $"unexpected character '{c}'");
            return false;
        }

        tokens.Add(new(TokenKind.End, "end of expression", text.Length + 1, default));
        return true;
    }

    /// <summary>linkIds and scale names: letters, digits, '-' and '_'; so `$a-1` is one name and subtraction needs spaces.</summary>
    internal static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_';

    private static bool ReadString(string text, ref int i, out string value, out ExpressionError? error)
    {
        var start = i;
        var builder = new System.Text.StringBuilder();
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\'' || text[i + 1] == '\\'))
            {
                builder.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                i++;
                value = builder.ToString();
                error = null;
                return true;
            }

            builder.Append(c);
            i++;
        }

        value = "";
        error = new(start + 1, "unterminated string (missing closing ')");
        return false;
    }

    private static bool ReadTemporal(string text, ref int i, out Token token, out ExpressionError? error)
    {
        var column = i + 1;
        var end = i + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '-'))
        {
            end++;
        }

        var body = text[(i + 1)..end];
        token = default;
        error = null;
        if (body.StartsWith('P'))
        {
            var unit = body.Length > 2 ? body[^1] : ' ';
            if ((unit == 'D' || unit == 'W') && int.TryParse(body.AsSpan(1, body.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                token = new(TokenKind.Duration, "@" + body, column, Value.Duration(unit == 'W' ? n * 7 : n));
                i = end;
                return true;
            }

            error = new(column, $"invalid duration '@{body}': use days or weeks, e.g. @P3D or @P2W");
            return false;
        }

        if (body.Length == 10 && DateOnly.TryParseExact(body, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            token = new(TokenKind.Date, "@" + body, column, Value.Date(date));
            i = end;
            return true;
        }

        error = new(column, $"invalid date or duration '@{body}': use @yyyy-MM-dd or @P3D");
        return false;
    }
}
