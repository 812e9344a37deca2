using System.Globalization;

namespace Polku.Assessments.Domain.Expressions;

/// <summary>The static types of the expression language.</summary>
internal enum TypeKind : byte
{
    Boolean,
    Number,
    String,
    Date,
    Duration,
    CodeSet,
}

/// <summary>A static type: a kind and whether the value can be null at run time.</summary>
internal readonly record struct ExprType(TypeKind Kind, bool Nullable)
{
    public override string ToString() => Kind switch
    {
        TypeKind.Boolean => "boolean",
        TypeKind.Number => "number",
        TypeKind.String => "string",
        TypeKind.Date => "date",
        TypeKind.Duration => "duration",
        _ => "set of codes",
    };
}

internal enum ValueKind : byte
{
    Null,
    Boolean,
    Number,
    String,
    Date,
    Duration,
    CodeSet,
}

/// <summary>
/// A run-time value. A struct with one slot per representation so that evaluating an expression never
/// allocates: dates are day numbers and durations days (in <see cref="Number"/>), a choice answer is
/// its option code (<see cref="Text"/>) plus its option bit, and a multi-choice answer is a bit set
/// over the item's options (<see cref="Bits"/>).
/// </summary>
internal readonly struct Value : IEquatable<Value>
{
    private Value(ValueKind kind, double number, string? text, ulong bits)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Bits = bits;
    }

    public ValueKind Kind { get; }

    public double Number { get; }

    public string? Text { get; }

    public ulong Bits { get; }

    public static Value Null => default;

    public bool IsNull => Kind == ValueKind.Null;

    /// <summary>True only for a boolean true: the doc's rule "and/or treat null as false".</summary>
    public bool IsTrue => Kind == ValueKind.Boolean && Number != 0;

    public static Value Bool(bool value) => new(ValueKind.Boolean, value ? 1 : 0, null, 0);

    public static Value Num(double value) => new(ValueKind.Number, value, null, 0);

    public static Value Str(string value) => new(ValueKind.String, 0, value, 0);

    public static Value Date(DateOnly value) => new(ValueKind.Date, value.DayNumber, null, 0);

    public static Value DateFromDayNumber(double dayNumber) => new(ValueKind.Date, dayNumber, null, 0);

    public static Value Duration(double days) => new(ValueKind.Duration, days, null, 0);

    public static Value Choice(string code, int optionIndex) => new(ValueKind.String, 0, code, 1UL << optionIndex);

    public static Value Codes(ulong bits) => new(ValueKind.CodeSet, 0, null, bits);

    public DateOnly AsDate => DateOnly.FromDayNumber((int)Number);

    public bool Equals(Value other) =>
        Kind == other.Kind && Number.Equals(other.Number) && string.Equals(Text, other.Text, StringComparison.Ordinal) && Bits == other.Bits;

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Kind, Number, Text, Bits);

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    public override string ToString() => Kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Boolean => IsTrue ? "true" : "false",
        ValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        ValueKind.String => "'" + Text + "'",
        ValueKind.Date => "@" + AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValueKind.Duration => "@P" + Number.ToString(CultureInfo.InvariantCulture) + "D",
        _ => "codes:" + Bits.ToString("x", CultureInfo.InvariantCulture),
    };
}
