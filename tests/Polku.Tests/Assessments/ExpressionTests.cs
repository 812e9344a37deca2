using Polku.Assessments.Domain.Expressions;
using static Polku.Tests.Assessments.ExpressionTestSupport;

namespace Polku.Tests.Assessments;

public class ExpressionTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 / 2", "((8 / 4) / 2)")]
    [InlineData("-1 * 2", "((-1) * 2)")]
    [InlineData("- -1", "(-(-1))")]
    [InlineData("a1 or b and c", null)]
    [InlineData("{a} or {b} and {c}", "({a} or ({b} and {c}))")]
    [InlineData("not {a} = true", "(not ({a} = true))")]
    [InlineData("not not {a}", "(not (not {a}))")]
    [InlineData("{a} = true and {b} != 'x' or {c} contains 'y'", "((({a} = true) and ({b} != 'x')) or ({c} contains 'y'))")]
    [InlineData("{n} + 1 >= 2 * 3", "(({n} + 1) >= (2 * 3))")]
    [InlineData("$audit-c >= 6", "($audit-c >= 6)")]
    [InlineData("age >= 65 and sex = 'male'", "((age >= 65) and (sex = 'male'))")]
    [InlineData("today - @2026-06-19 > @P2W", "((today - @2026-06-19) > @P14D)")]
    [InlineData("min(1, 2, max(3, 4))", "min(1, 2, max(3, 4))")]
    [InlineData("if({a}, 1, 2)", "if({a}, 1, 2)")]
    [InlineData("round(37.55, 1)", "round(37.55, 1)")]
    [InlineData("'it\\'s'", "'it's'")]
    public void Parses_with_precedence(string text, string? expected)
    {
        var result = Parser.Parse(text);
        if (expected is null)
        {
            Assert.NotNull(result.Error);
            return;
        }

        Assert.Null(result.Error);
        Assert.Equal(expected, Print(result.Expression!));
    }

    [Theory]
    [InlineData("1 +", 4, "unexpected end of expression")]
    [InlineData("{a", 1, "expected a linkId and '}'")]
    [InlineData("{}", 1, "expected a linkId")]
    [InlineData("'abc", 1, "unterminated string")]
    [InlineData("1 < 2 < 3", 7, "comparisons cannot be chained")]
    [InlineData("foo", 1, "unknown name 'foo'")]
    [InlineData("{a} and fever", 9, "unknown name 'fever'")]
    [InlineData("bar(1)", 1, "unknown function 'bar'")]
    [InlineData("answered", 1, "is a function and needs '('")]
    [InlineData("(1 + 2", 7, "expected ')'")]
    [InlineData("min(1 2)", 7, "expected ')' or ','")]
    [InlineData("@2026-13-01", 1, "invalid date or duration")]
    [InlineData("today + @P1Y", 9, "invalid duration")]
    [InlineData("1 ! 2", 3, "'!' must be followed by '='")]
    [InlineData("1 + * 2", 5, "unexpected '*'")]
    [InlineData("{a} = 1 2", 9, "unexpected '2'")]
    [InlineData("  #", 3, "unexpected character '#'")]
    [InlineData("1.", 3, "expected a digit")]
    [InlineData("$", 1, "expected a scale name")]
    [InlineData("", 1, "unexpected end")]
    public void Parse_errors_point_to_the_column(string text, int column, string message)
    {
        var result = Parser.Parse(text);

        Assert.Null(result.Expression);
        Assert.NotNull(result.Error);
        Assert.Equal(column, result.Error.Column);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{b} = true", "Boolean", false)]
    [InlineData("{b}", "Boolean", true)]
    [InlineData("{n} + {d} * 2", "Number", true)]
    [InlineData("1 + 2", "Number", false)]
    [InlineData("1 / 2", "Number", true)]
    [InlineData("{c} = 'x'", "Boolean", false)]
    [InlineData("{c}", "String", true)]
    [InlineData("{m}", "CodeSet", true)]
    [InlineData("{m} contains 'p'", "Boolean", false)]
    [InlineData("{c} contains 'y'", "Boolean", false)]
    [InlineData("today - {dt}", "Duration", true)]
    [InlineData("{dt} + @P3D", "Date", true)]
    [InlineData("@P3D + today", "Date", false)]
    [InlineData("today - @P1W", "Date", false)]
    [InlineData("today - {dt} > @P2W", "Boolean", false)]
    [InlineData("answered({n})", "Boolean", false)]
    [InlineData("count({m})", "Number", false)]
    [InlineData("weight({c})", "Number", true)]
    [InlineData("weight({b})", "Number", true)]
    [InlineData("round({d}, 1)", "Number", true)]
    [InlineData("round(2.5)", "Number", false)]
    [InlineData("min(1, {n}, 3)", "Number", true)]
    [InlineData("max(@P1D, @P2D)", "Duration", false)]
    [InlineData("if(sex = 'male', $total >= 6, $total >= 5)", "Boolean", false)]
    [InlineData("if({b}, 1, {n})", "Number", true)]
    [InlineData("age >= 65 and not answered({b})", "Boolean", false)]
    [InlineData("$flag", "Boolean", true)]
    [InlineData("municipality = '091'", "Boolean", false)]
    [InlineData("-{n}", "Number", true)]
    [InlineData("{s} = 'free text'", "Boolean", false)]
    public void Type_checks(string text, string kind, bool nullable)
    {
        var (expr, _) = Compile(text);

        Assert.Equal(new ExprType(Enum.Parse<TypeKind>(kind), nullable), expr.Type);
    }

    [Theory]
    [InlineData("{c} = 'z'", 7, "'z' is not an option of 'c' (options: x, y)")]
    [InlineData("'z' != {c}", 1, "'z' is not an option of 'c'")]
    [InlineData("{m} contains 'z'", 14, "'z' is not an option of 'm'")]
    [InlineData("{b} = 1", 5, "cannot compare boolean with number")]
    [InlineData("{m} = 'p'", 5, "use 'contains'")]
    [InlineData("{n} + 'a'", 5, "cannot add number and string")]
    [InlineData("{zz} = 1", 1, "unknown linkId 'zz'")]
    [InlineData("{g} = 1", 1, "'g' is a group item and has no answer")]
    [InlineData("$nope > 1", 1, "unknown scale '$nope'")]
    [InlineData("$later > 1", 1, "defined later")]
    [InlineData("not 1", 1, "'not' needs boolean")]
    [InlineData("{b} and 1", 5, "'and' needs boolean")]
    [InlineData("round('a')", 7, "round() needs number")]
    [InlineData("round(1, 2, 3)", 1, "round() takes 1 or 2 argument(s), not 3")]
    [InlineData("if(true, 1, 'a')", 13, "both branches of if()")]
    [InlineData("if(1, 1, 2)", 4, "the condition of if() needs boolean")]
    [InlineData("count(1)", 7, "count() takes an answer")]
    [InlineData("{n} contains 'x'", 5, "'contains' needs a choice or multi-choice answer")]
    [InlineData("{m} contains {c}", 14, "needs an option code literal")]
    [InlineData("weight({n})", 8, "'n' has no weights")]
    [InlineData("{dt} < 3", 6, "'<' compares two numbers, dates or durations, not date and number")]
    [InlineData("{s} < 'a'", 5, "'<' compares two numbers")]
    [InlineData("min(1, today)", 8, "min() arguments must have one type")]
    [InlineData("-{b}", 1, "unary '-' needs a number or a duration")]
    [InlineData("{dt} + {dt}", 6, "cannot add date and date")]
    [InlineData("@P1D - today", 6, "cannot subtract date from duration")]
    public void Type_errors_point_to_the_column(string text, int column, string message)
    {
        var parsed = Parser.Parse(text);
        Assert.Null(parsed.Error);

        var error = TypeChecker.Check(parsed.Expression!, Scope);

        Assert.NotNull(error);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requiring_a_result_type_reports_the_actual_type()
    {
        var parsed = Parser.Parse("{n} + 1");

        var error = TypeChecker.Check(parsed.Expression!, Scope, TypeKind.Boolean);

        Assert.Equal("the expression must be boolean but is number", error?.Message);
    }

    public static TheoryData<string, string> Evaluations => new()
    {
        { "1 + 2 * 3", "7" },
        { "7 / 2", "3.5" },
        { "1 / 0", "null" },
        { "round(24.95, 1)", "25" },
        { "round(2.5)", "3" },
        { "round(-2.5)", "-3" },
        { "min(3, 1, 2)", "1" },
        { "max(3, {n}, 2)", "null" },
        { "{n} + 1", "null" },
        { "{n} = 1", "false" },
        { "{n} != 1", "false" },
        { "not ({n} = 1)", "true" },
        { "{b} or true", "true" },
        { "{b} and true", "false" },
        { "not {b}", "true" },
        { "answered({b})", "false" },
        { "count({m})", "0" },
        { "if({b}, 1, 2)", "2" },
        { "@2026-06-19 - @2026-06-01", "@P18D" },
        { "@2026-06-19 + @P2W", "@2026-07-03" },
        { "today - @P1D", "@2026-06-18" },
        { "age >= 65", "false" },
        { "sex = 'female'", "true" },
        { "municipality = '091'", "false" },
        { "'a' = 'a'", "true" },
        { "-(2 - 5)", "3" },
    };

    [Theory]
    [MemberData(nameof(Evaluations))]
    public void Evaluates_with_null_rules(string text, string expected)
    {
        var (_, eval) = Compile(text);
        var frame = new EvalFrame(ItemCount, 2);
        frame.SetContext(null, "female", null, new DateOnly(2026, 6, 19));

        Assert.Equal(expected, eval(frame).ToString());
    }

    [Fact]
    public void Reads_answers_codes_and_weights()
    {
        var frame = new EvalFrame(ItemCount, 2);
        frame.SetContext(70, "male", "091", new DateOnly(2026, 6, 19));
        frame.Answers[IndexOf("b")] = Value.Bool(true);
        frame.Answers[IndexOf("c")] = Value.Choice("y", 1);
        frame.Answers[IndexOf("m")] = Value.Codes(0b101);
        frame.Answers[IndexOf("n")] = Value.Num(4);
        frame.Scales[0] = Value.Num(6);

        string Eval(string text) => Compile(text).Eval(frame).ToString();

        Assert.Equal("2", Eval("weight({b})"));
        Assert.Equal("2", Eval("weight({c})"));
        Assert.Equal("5", Eval("weight({m})"));
        Assert.Equal("2", Eval("count({m})"));
        Assert.Equal("1", Eval("count({c})"));
        Assert.Equal("true", Eval("{m} contains 'r'"));
        Assert.Equal("false", Eval("{m} contains 'q'"));
        Assert.Equal("true", Eval("{c} = 'y'"));
        Assert.Equal("true", Eval("{c} contains 'y'"));
        Assert.Equal("true", Eval("if(sex = 'male', $total >= 6, $total >= 5)"));
        Assert.Equal("true", Eval("age >= 65 and municipality = '091'"));
        Assert.Equal("5", Eval("{n} + 1"));
    }
}
