using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Reads the JSON of one content file into an <see cref="AssessmentDefinition"/>, reporting shape
/// problems (syntax, missing or unknown fields, wrong JSON types, missing languages) with their paths.
/// Meaning (references, types of expressions, reachability) is checked afterwards by the validator.
/// </summary>
internal sealed class DefinitionReader
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    private readonly string _file;
    private readonly List<ContentError> _errors;

    private DefinitionReader(string file, List<ContentError> errors)
    {
        _file = file;
        _errors = errors;
    }

    /// <summary>Reads a definition; null when the shape is too broken to continue (errors say why).</summary>
    public static AssessmentDefinition? Read(string json, string file, List<ContentError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            errors.Add(new(file, "$", $"invalid JSON at line {line.ToString(CultureInfo.InvariantCulture)}, position {position.ToString(CultureInfo.InvariantCulture)}: {FirstSentence(e.Message)}"));
            return null;
        }

        using (document)
        {
            var before = errors.Count;
            var reader = new DefinitionReader(file, errors);
            var definition = reader.ReadRoot(document.RootElement);
            if (definition is null || errors.Count > before)
            {
                return null;
            }

            return definition with { ContentHash = CanonicalHash(document.RootElement) };
        }
    }

    /// <summary>SHA-256 of the canonical form, so whitespace and key order do not count as a change but any value does.</summary>
    public static string CanonicalHash(JsonElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            WriteCanonical(writer, root);
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var e in element.EnumerateArray())
                {
                    WriteCanonical(writer, e);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private void Error(string path, string message) => _errors.Add(new(_file, path, message));

    private AssessmentDefinition? ReadRoot(JsonElement root)
    {
        var o = Obj.Of(this, root, "$");
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var version = o.String("version", required: true);
        var statusText = o.String("status", required: true);
        var kindText = o.String("kind", required: true);
        var demo = o.Bool("demo") ?? false;
        var title = o.Text("title", required: true);
        var description = o.Text("description", required: false);
        var items = o.List("items", required: true, ReadItem);
        var scales = o.List("scales", required: false, ReadScale);
        var rules = o.List("rules", required: false, ReadRule);
        var outcomes = o.List("outcomes", required: false, ReadOutcome);
        var defaultOutcome = o.String("defaultOutcome", required: false);
        o.Finish();

        AssessmentStatus? status = statusText switch
        {
            "published" => AssessmentStatus.Published,
            "draft" => AssessmentStatus.Draft,
            null => null,
            _ => Invalid<AssessmentStatus>("$.status", $"unknown status '{statusText}' (published or draft)"),
        };
        var kind = kindText is null ? null : ContentNames.ParseKind(kindText) ?? Invalid<AssessmentKind>("$.kind", $"unknown kind '{kindText}' (symptom, service, wellbeing or form)");
        if (id is null || version is null || status is null || kind is null || title is null || items is null)
        {
            return null;
        }

        return new(id, version, status.Value, kind.Value, demo, title, description, items, scales ?? [], rules ?? [], outcomes ?? [], defaultOutcome);
    }

    private T? Invalid<T>(string path, string message)
        where T : struct
    {
        Error(path, message);
        return null;
    }

    private ItemDefinition? ReadItem(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var linkId = o.String("linkId", required: true);
        var typeText = o.String("type", required: true);
        var text = o.Text("text", required: true);
        var help = o.Text("help", required: false);
        var required = o.Bool("required") ?? false;
        var unit = o.Text("unit", required: false);
        var options = o.List("options", required: false, ReadOption);
        var weights = o.Object("weights", ReadBooleanWeights);
        var enableWhen = o.List("enableWhen", required: false, ReadEnableWhen);
        var behaviorText = o.String("enableBehavior", required: false);
        var expression = o.String("enableWhenExpression", required: false);
        var children = o.List("items", required: false, ReadItem);
        var type = typeText is null ? null : ItemTypes.Parse(typeText) ?? Invalid<ItemType>(path + ".type", $"unknown item type '{typeText}'");

        // min/max are numbers for integer and decimal items and ISO dates for date items.
        double? min = null, max = null;
        DateOnly? minDate = null, maxDate = null;
        if (type == ItemType.Date)
        {
            minDate = o.Date("min");
            maxDate = o.Date("max");
        }
        else
        {
            min = o.Number("min");
            max = o.Number("max");
        }

        o.Finish();
        EnableBehavior? behavior = behaviorText switch
        {
            null => null,
            "all" => Content.EnableBehavior.All,
            "any" => Content.EnableBehavior.Any,
            _ => Invalid<EnableBehavior>(path + ".enableBehavior", $"unknown enableBehavior '{behaviorText}' (all or any)"),
        };
        if (linkId is null || type is null || text is null)
        {
            return null;
        }

        return new(linkId, type.Value, text)
        {
            Help = help,
            Required = required,
            Min = min,
            Max = max,
            MinDate = minDate,
            MaxDate = maxDate,
            Unit = unit,
            Options = options ?? [],
            Weights = weights,
            EnableWhen = enableWhen ?? [],
            EnableBehavior = behavior,
            EnableWhenExpression = expression,
            Items = children ?? [],
        };
    }

    private AnswerOption? ReadOption(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var code = o.String("code", required: true);
        var text = o.Text("text", required: true);
        var weight = o.Number("weight") ?? 0;
        o.Finish();
        return code is null || text is null ? null : new(code, text, weight);
    }

    private BooleanWeights? ReadBooleanWeights(Obj o)
    {
        var whenTrue = o.Number("true");
        var whenFalse = o.Number("false");
        o.Finish();
        return new(whenTrue, whenFalse);
    }

    private EnableWhen? ReadEnableWhen(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var question = o.String("question", required: true);
        var operatorText = o.String("operator", required: true);
        var answerElement = o.Raw("answer", required: true);
        o.Finish();
        var op = operatorText is null ? null : ContentNames.ParseOperator(operatorText) ?? Invalid<EnableWhenOperator>(path + ".operator", $"unknown operator '{operatorText}' (exists, =, !=, >, <, >=, <=)");
        EnableWhenAnswer? answer = answerElement?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => EnableWhenAnswer.Of(true),
            JsonValueKind.False => EnableWhenAnswer.Of(false),
            JsonValueKind.Number => EnableWhenAnswer.Of(answerElement.Value.GetDouble()),
            JsonValueKind.String => EnableWhenAnswer.Of(answerElement.Value.GetString()!),
            _ => InvalidAnswer(path + ".answer"),
        };
        return question is null || op is null || answer is null ? null : new(question, op.Value, answer);
    }

    private EnableWhenAnswer? InvalidAnswer(string path)
    {
        Error(path, "the answer must be a boolean, a number, an option code or an ISO date");
        return null;
    }

    private ScaleDefinition? ReadScale(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var name = o.String("name", required: true);
        var sum = o.List("sum", required: false, (e, p) => e.ValueKind == JsonValueKind.String ? e.GetString() : WrongType<string>(p, "a linkId string", e));
        var expression = o.String("expression", required: false);
        var unansweredAsZero = o.Bool("unansweredAsZero") ?? false;
        o.Finish();
        if (name is null)
        {
            return null;
        }

        if ((sum is null) == (expression is null))
        {
            Error(path, "a scale needs exactly one of 'sum' and 'expression'");
            return null;
        }

        return new(name, sum, expression, unansweredAsZero);
    }

    private RuleDefinition? ReadRule(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var redFlag = o.Bool("redFlag") ?? false;
        var when = o.String("when", required: true);
        var outcome = o.String("outcome", required: true);
        var reason = o.Text("reason", required: true);
        o.Finish();
        return id is null || when is null || outcome is null || reason is null ? null : new(id, redFlag, when, outcome, reason);
    }

    private OutcomeDefinition? ReadOutcome(JsonElement element, string path)
    {
        var o = Obj.Of(this, element, path);
        if (o is null)
        {
            return null;
        }

        var id = o.String("id", required: true);
        var urgencyText = o.String("urgency", required: true);
        var serviceCode = o.String("serviceCode", required: false);
        var text = o.Text("text", required: true);
        var selfCare = o.Text("selfCare", required: false);
        var seekCareIf = o.Text("seekCareIf", required: false);
        var offer = o.Object("offer", ReadOffer) ?? OutcomeOffer.None;
        o.Finish();
        var urgency = urgencyText is null ? null : UrgencyClasses.Parse(urgencyText) ?? Invalid<Urgency>(path + ".urgency", $"unknown urgency '{urgencyText}' (P0, P1, P2, P3, P4, L2 or S)");
        return id is null || urgency is null || text is null ? null : new(id, urgency.Value, serviceCode, text, selfCare, seekCareIf, offer);
    }

    private OutcomeOffer? ReadOffer(Obj o)
    {
        var booking = o.Bool("booking") ?? false;
        var send = o.Bool("sendToProfessional") ?? false;
        var chat = o.Bool("chat") ?? false;
        o.Finish();
        return new(booking, send, chat);
    }

    private T? WrongType<T>(string path, string expected, JsonElement found)
        where T : class
    {
        Error(path, $"expected {expected} but found {Describe(found.ValueKind)}");
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>One JSON object being read: remembers which fields were read so the rest can be reported as unknown.</summary>
    private sealed class Obj
    {
        private readonly DefinitionReader _reader;
        private readonly JsonElement _element;
        private readonly string _path;
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        private Obj(DefinitionReader reader, JsonElement element, string path)
        {
            _reader = reader;
            _element = element;
            _path = path;
        }

        public static Obj? Of(DefinitionReader reader, JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                reader.Error(path, $"expected an object but found {Describe(element.ValueKind)}");
                return null;
            }

            return new(reader, element, path);
        }

        private string PathOf(string name) => _path + "." + name;

        public JsonElement? Raw(string name, bool required)
        {
            _read.Add(name);
            if (_element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }

            if (required)
            {
                _reader.Error(PathOf(name), $"required field '{name}' is missing");
            }

            return null;
        }

        private JsonElement? Typed(string name, bool required, JsonValueKind kind, string expected)
        {
            var value = Raw(name, required);
            if (value is { } v && v.ValueKind != kind && !(kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False))
            {
                _reader.Error(PathOf(name), $"expected {expected} but found {Describe(v.ValueKind)}");
                return null;
            }

            return value;
        }

        public string? String(string name, bool required)
        {
            var value = Typed(name, required, JsonValueKind.String, "a string")?.GetString();
            if (value is { Length: 0 })
            {
                _reader.Error(PathOf(name), "must not be empty");
                return null;
            }

            return value;
        }

        public bool? Bool(string name) => Typed(name, false, JsonValueKind.True, "true or false")?.GetBoolean();

        public double? Number(string name) => Typed(name, false, JsonValueKind.Number, "a number")?.GetDouble();

        public DateOnly? Date(string name)
        {
            var text = Typed(name, false, JsonValueKind.String, "an ISO date string")?.GetString();
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            _reader.Error(PathOf(name), $"'{text}' is not an ISO date (yyyy-MM-dd)");
            return null;
        }

        public LocalizedText? Text(string name, bool required)
        {
            var value = Raw(name, required);
            if (value is null)
            {
                return null;
            }

            var o = Of(_reader, value.Value, PathOf(name));
            if (o is null)
            {
                return null;
            }

            var texts = new string?[3];
            for (var i = 0; i < 3; i++)
            {
                var language = LocalizedText.Languages[i];
                texts[i] = o.Typed(language, false, JsonValueKind.String, "a string")?.GetString();
                if (string.IsNullOrWhiteSpace(texts[i]))
                {
                    _reader.Error(PathOf(name), $"missing the '{language}' text (every text needs fi, sv and en)");
                }
            }

            o.Finish();
            return texts.Any(string.IsNullOrWhiteSpace) ? null : new LocalizedText(texts[0]!, texts[1]!, texts[2]!);
        }

        public List<T>? List<T>(string name, bool required, Func<JsonElement, string, T?> read)
            where T : class
        {
            var value = Typed(name, required, JsonValueKind.Array, "an array");
            if (value is null)
            {
                return null;
            }

            var list = new List<T>();
            var index = 0;
            var complete = true;
            foreach (var element in value.Value.EnumerateArray())
            {
                var item = read(element, $"{PathOf(name)}[{index.ToString(CultureInfo.InvariantCulture)}]");
                if (item is null)
                {
                    complete = false;
                }
                else
                {
                    list.Add(item);
                }

                index++;
            }

            // A partial list would shift indexes and make later paths wrong; errors were already reported.
            return complete ? list : null;
        }

        public T? Object<T>(string name, Func<Obj, T?> read)
            where T : class
        {
            var value = Raw(name, false);
            if (value is null)
            {
                return null;
            }

            var o = Of(_reader, value.Value, PathOf(name));
            return o is null ? null : read(o);
        }

        public void Finish()
        {
            foreach (var property in _element.EnumerateObject())
            {
                if (!_read.Contains(property.Name))
                {
                    _reader.Error(PathOf(property.Name), $"unknown field '{property.Name}'");
                }
            }
        }
    }
}
