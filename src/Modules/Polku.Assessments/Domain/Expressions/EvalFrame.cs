namespace Polku.Assessments.Domain.Expressions;

/// <summary>
/// Everything a compiled expression can read during one evaluation. Owned by an evaluation buffer and
/// reused, so that evaluating allocates nothing.
/// </summary>
internal sealed class EvalFrame
{
    public EvalFrame(int itemCount, int scaleCount)
    {
        Answers = new Value[itemCount];
        Scales = new Value[scaleCount];
    }

    /// <summary>Answers by item index, already cleaned: a disabled item's slot is null.</summary>
    public Value[] Answers { get; }

    public Value[] Scales { get; }

    public Value Age { get; private set; }

    public Value Sex { get; private set; }

    public Value Municipality { get; private set; }

    public Value Today { get; private set; }

    public void SetContext(int? age, string? sex, string? municipality, DateOnly today)
    {
        Age = age is { } a ? Value.Num(a) : Value.Null;
        Sex = sex is null ? Value.Null : Value.Str(sex);
        Municipality = municipality is null ? Value.Null : Value.Str(municipality);
        Today = Value.Date(today);
    }
}
