using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Engine;

/// <summary>A problem with one answer; <see cref="Code"/> is stable (for localised messages), <see cref="Message"/> is for developers and logs.</summary>
internal sealed record AnswerError(string LinkId, string Code, string Message);

internal sealed record AnswerSetResult(AnswerSet Answers, IReadOnlyList<AnswerError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Answers to one assessment version as typed slots indexed by item: a value per item, so reading an
/// answer during evaluation is an array access and nothing is boxed.
/// </summary>
internal sealed class AnswerSet
{
    public const string UnknownItem = "answer.unknown_item";
    public const string WrongType = "answer.wrong_type";
    public const string UnknownCode = "answer.unknown_code";
    public const string NotAnswerable = "answer.not_answerable";

    private readonly Value[] _slots;

    public AnswerSet(CompiledAssessment assessment)
    {
        Assessment = assessment;
        _slots = new Value[assessment.ItemCount];
    }

    public CompiledAssessment Assessment { get; }

    internal Value[] Slots => _slots;

    public bool IsAnswered(string linkId) => !_slots[Index(linkId)].IsNull;

    public IEnumerable<string> AnsweredLinkIds => Enumerable.Range(0, _slots.Length).Where(i => !_slots[i].IsNull).Select(i => Assessment.ItemArray[i].LinkId);

    public void SetBoolean(string linkId, bool value) => Set(linkId, value, static (_, v) => Value.Bool(v), ItemType.Boolean);

    /// <summary>An integer or decimal answer; an integer item refuses a fraction.</summary>
    public void SetNumber(string linkId, double value)
    {
        var i = Index(linkId);
        var type = Assessment.ItemArray[i].Type;
        if (type is not (ItemType.Integer or ItemType.Decimal) || (type == ItemType.Integer && Math.Floor(value) != value) || !double.IsFinite(value))
        {
            throw new ArgumentException($"'{linkId}' is a {type.Name()} item; {value.ToString(CultureInfo.InvariantCulture)} does not fit", nameof(value));
        }

        _slots[i] = Value.Num(value);
    }

    public void SetCode(string linkId, string code)
    {
        var i = Index(linkId);
        var info = Assessment.Infos[i];
        if (info.Type != ItemType.Choice)
        {
            throw new ArgumentException($"'{linkId}' is a {info.Type.Name()} item, not choice", nameof(linkId));
        }

        _slots[i] = Value.Choice(info.OptionCodes[Option(info, code)], Option(info, code));
    }

    public void SetCodes(string linkId, IEnumerable<string> codes)
    {
        var i = Index(linkId);
        var info = Assessment.Infos[i];
        if (info.Type != ItemType.MultiChoice)
        {
            throw new ArgumentException($"'{linkId}' is a {info.Type.Name()} item, not multi-choice", nameof(linkId));
        }

        ulong bits = 0;
        foreach (var code in codes)
        {
            bits |= 1UL << Option(info, code);
        }

        // FHIR has no empty answer: selecting nothing is not answering.
        _slots[i] = bits == 0 ? Value.Null : Value.Codes(bits);
    }

    public void SetDate(string linkId, DateOnly value) => Set(linkId, value, static (_, v) => Value.Date(v), ItemType.Date);

    public void SetText(string linkId, string value) => Set(linkId, value, static (_, v) => Value.Str(v), ItemType.String, ItemType.Text);

    public void Clear(string linkId) => _slots[Index(linkId)] = Value.Null;

    public void ClearAll() => Array.Clear(_slots);

    internal Value Get(int index) => _slots[index];

    internal void Set(int index, Value value) => _slots[index] = value;

    public bool? GetBoolean(string linkId) => _slots[Index(linkId)] is { Kind: ValueKind.Boolean } v ? v.IsTrue : null;

    public double? GetNumber(string linkId) => _slots[Index(linkId)] is { Kind: ValueKind.Number } v ? v.Number : null;

    public DateOnly? GetDate(string linkId) => _slots[Index(linkId)] is { Kind: ValueKind.Date } v ? v.AsDate : null;

    /// <summary>The code of a choice answer or the text of a string/text answer.</summary>
    public string? GetString(string linkId) => _slots[Index(linkId)].Text;

    public IReadOnlyList<string> GetCodes(string linkId)
    {
        var i = Index(linkId);
        return Codes(Assessment.Infos[i], _slots[i].Bits);
    }

    private static List<string> Codes(ItemInfo info, ulong bits)
    {
        var codes = new List<string>();
        while (bits != 0)
        {
            codes.Add(info.OptionCodes[BitOperations.TrailingZeroCount(bits)]);
            bits &= bits - 1;
        }

        return codes;
    }

    public AnswerSet Copy()
    {
        var copy = new AnswerSet(Assessment);
        Array.Copy(_slots, copy._slots, _slots.Length);
        return copy;
    }

    private int Index(string linkId)
    {
        var i = Assessment.IndexOf(linkId);
        return i >= 0 ? i : throw new ArgumentException($"unknown linkId '{linkId}' in {Assessment.Id} {Assessment.Version}", nameof(linkId));
    }

    private static int Option(ItemInfo info, string code)
    {
        var o = info.OptionIndex(code);
        return o >= 0 ? o : throw new ArgumentException($"'{code}' is not an option of '{info.LinkId}'", nameof(code));
    }

    private void Set<T>(string linkId, T value, Func<ItemType, T, Value> make, params ItemType[] allowed)
    {
        var i = Index(linkId);
        var type = Assessment.ItemArray[i].Type;
        if (!allowed.Contains(type))
        {
            throw new ArgumentException($"'{linkId}' is a {type.Name()} item", nameof(linkId));
        }

        _slots[i] = make(type, value);
    }

    /// <summary>
    /// Reads answers in the content format's JSON shape: an object from linkId to answer. Every problem is
    /// reported (naming the linkId); the answers that were fine are kept. A JSON null means unanswered.
    /// </summary>
    public static AnswerSetResult FromJson(JsonElement answers, CompiledAssessment assessment)
    {
        var set = new AnswerSet(assessment);
        var errors = new List<AnswerError>();
        if (answers.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("", WrongType, "answers must be a JSON object from linkId to answer"));
            return new(set, errors);
        }

        foreach (var property in answers.EnumerateObject())
        {
            var linkId = property.Name;
            var i = assessment.IndexOf(linkId);
            if (i < 0)
            {
                errors.Add(new(linkId, UnknownItem, $"unknown linkId '{linkId}'"));
                continue;
            }

            var info = assessment.Infos[i];
            if (!info.Type.IsAnswerable())
            {
                errors.Add(new(linkId, NotAnswerable, $"'{linkId}' is a {info.Type.Name()} item and takes no answer"));
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (Read(info, property.Value, errors) is { } value)
            {
                set._slots[i] = value;
            }
        }

        return new(set, errors);
    }

    private static Value? Read(ItemInfo info, JsonElement json, List<AnswerError> errors)
    {
        var linkId = info.LinkId;
        AnswerError Wrong(string expected) => new(linkId, WrongType, $"'{linkId}' is a {info.Type.Name()} item: expected {expected}");
        switch (info.Type)
        {
            case ItemType.Boolean:
                if (json.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return Value.Bool(json.GetBoolean());
                }

                errors.Add(Wrong("true or false"));
                return null;
            case ItemType.Integer:
            case ItemType.Decimal:
                if (json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var number) && double.IsFinite(number)
                    && (info.Type == ItemType.Decimal || Math.Floor(number) == number))
                {
                    return Value.Num(number);
                }

                errors.Add(Wrong(info.Type == ItemType.Integer ? "a whole number" : "a number"));
                return null;
            case ItemType.Date:
                if (json.ValueKind == JsonValueKind.String
                    && DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return Value.Date(date);
                }

                errors.Add(Wrong("a date \"yyyy-MM-dd\""));
                return null;
            case ItemType.String:
            case ItemType.Text:
                if (json.ValueKind == JsonValueKind.String)
                {
                    var text = json.GetString()!;
                    return text.Length == 0 ? Value.Null : Value.Str(text);
                }

                errors.Add(Wrong("a string"));
                return null;
            case ItemType.Choice:
                {
                    if (json.ValueKind != JsonValueKind.String)
                    {
                        errors.Add(Wrong("an option code string"));
                        return null;
                    }

                    var o = info.OptionIndex(json.GetString()!);
                    if (o < 0)
                    {
                        errors.Add(new(linkId, UnknownCode, $"'{json.GetString()}' is not an option of '{linkId}'"));
                        return null;
                    }

                    return Value.Choice(info.OptionCodes[o], o);
                }

            default:
                {
                    if (json.ValueKind != JsonValueKind.Array)
                    {
                        errors.Add(Wrong("an array of option codes"));
                        return null;
                    }

                    ulong bits = 0;
                    foreach (var element in json.EnumerateArray())
                    {
                        var o = element.ValueKind == JsonValueKind.String ? info.OptionIndex(element.GetString()!) : -1;
                        if (o < 0)
                        {
                            errors.Add(element.ValueKind == JsonValueKind.String
                                ? new(linkId, UnknownCode, $"'{element.GetString()}' is not an option of '{linkId}'")
                                : Wrong("an array of option codes"));
                            return null;
                        }

                        bits |= 1UL << o;
                    }

                    return bits == 0 ? Value.Null : Value.Codes(bits);
                }
        }
    }

    /// <summary>Writes the answers in the same JSON shape <see cref="FromJson"/> reads, in document order.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        for (var i = 0; i < _slots.Length; i++)
        {
            var v = _slots[i];
            if (v.IsNull)
            {
                continue;
            }

            var info = Assessment.Infos[i];
            writer.WritePropertyName(info.LinkId);
            switch (v.Kind)
            {
                case ValueKind.Boolean: writer.WriteBooleanValue(v.IsTrue); break;
                case ValueKind.Number: writer.WriteNumberValue(v.Number); break;
                case ValueKind.Date: writer.WriteStringValue(v.AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case ValueKind.String: writer.WriteStringValue(v.Text); break;
                default:
                    writer.WriteStartArray();
                    foreach (var code in Codes(info, v.Bits))
                    {
                        writer.WriteStringValue(code);
                    }

                    writer.WriteEndArray();
                    break;
            }
        }

        writer.WriteEndObject();
    }
}
