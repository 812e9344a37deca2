using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Fhir;

/// <summary>The result of importing a FHIR Questionnaire: a validated form definition, or the reasons it is not one.</summary>
internal sealed record FhirImportResult(AssessmentDefinition? Definition, CompiledAssessment? Compiled, IReadOnlyList<ContentError> Errors);

/// <summary>
/// FHIR R4 Questionnaire export and import for the standard parts of an assessment: items, texts (Finnish,
/// with Swedish and English as translation extensions), options with weights (ordinalValue), min/max,
/// enableWhen and enableBehavior. Scales, rules and outcomes have no FHIR form and are not exported.
/// </summary>
internal static class FhirQuestionnaire
{
    public const string Translation = "http://hl7.org/fhir/StructureDefinition/translation";
    public const string OrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
    public const string EnableWhenExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";

    /// <summary>FHIR has no weights for boolean answers; this Polku extension carries them so they survive a round trip.</summary>
    public const string BooleanWeights = "urn:polku:fhir:boolean-weights";

    public const string ExpressionLanguage = "text/x-polku-expression";
    private const string UrlPrefix = "urn:polku:assessment:";

    public static JsonObject Export(AssessmentDefinition definition)
    {
        var q = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["url"] = UrlPrefix + definition.Id,
            ["version"] = definition.Version,
            ["name"] = definition.Id,
        };
        AddText(q, "title", definition.Title);
        q["status"] = definition.Status == AssessmentStatus.Published ? "active" : "draft";
        if (definition.Description is { } description)
        {
            AddText(q, "description", description);
        }

        var types = new Dictionary<string, ItemType>(StringComparer.Ordinal);
        foreach (var item in definition.Items.Concat(definition.Items.SelectMany(i => i.Items)))
        {
            types.TryAdd(item.LinkId, item.Type);
        }

        q["item"] = new JsonArray([.. definition.Items.Select(i => ExportItem(i, types))]);
        return q;
    }

    private static JsonObject ExportItem(ItemDefinition item, Dictionary<string, ItemType> types)
    {
        var o = new JsonObject();
        var extensions = new JsonArray();
        if (item.Min is not null || item.MinDate is not null)
        {
            extensions.Add(new JsonObject { ["url"] = MinValue, [ValueKey(item.Type)] = BoundValue(item.Type, item.Min, item.MinDate) });
        }

        if (item.Max is not null || item.MaxDate is not null)
        {
            extensions.Add(new JsonObject { ["url"] = MaxValue, [ValueKey(item.Type)] = BoundValue(item.Type, item.Max, item.MaxDate) });
        }

        if (item.Weights is { } weights)
        {
            var parts = new JsonArray();
            if (weights.WhenTrue is { } t)
            {
                parts.Add(new JsonObject { ["url"] = "true", ["valueDecimal"] = t });
            }

            if (weights.WhenFalse is { } f)
            {
                parts.Add(new JsonObject { ["url"] = "false", ["valueDecimal"] = f });
            }

            extensions.Add(new JsonObject { ["url"] = BooleanWeights, ["extension"] = parts });
        }

        if (item.EnableWhenExpression is { } expression)
        {
            extensions.Add(new JsonObject
            {
                ["url"] = EnableWhenExpression,
                ["valueExpression"] = new JsonObject { ["language"] = ExpressionLanguage, ["expression"] = expression },
            });
        }

        if (extensions.Count > 0)
        {
            o["extension"] = extensions;
        }

        o["linkId"] = item.LinkId;
        AddText(o, "text", item.Text);
        o["type"] = item.Type switch
        {
            ItemType.MultiChoice => "choice",
            var t => t.Name(),
        };
        if (item.EnableWhen.Count > 0)
        {
            o["enableWhen"] = new JsonArray([.. item.EnableWhen.Select(c => ExportCondition(c, types.GetValueOrDefault(c.Question)))]);
        }

        if (item.EnableBehavior is { } behavior)
        {
            o["enableBehavior"] = behavior == EnableBehavior.All ? "all" : "any";
        }

        if (item.Required)
        {
            o["required"] = true;
        }

        if (item.Type == ItemType.MultiChoice)
        {
            o["repeats"] = true;
        }

        if (item.Options.Count > 0)
        {
            o["answerOption"] = new JsonArray([.. item.Options.Select(option =>
            {
                var coding = new JsonObject { ["code"] = option.Code };
                AddText(coding, "display", option.Text);
                return (JsonNode)new JsonObject
                {
                    ["extension"] = new JsonArray(new JsonObject { ["url"] = OrdinalValue, ["valueDecimal"] = option.Weight }),
                    ["valueCoding"] = coding,
                };
            })]);
        }

        if (item.Items.Count > 0)
        {
            o["item"] = new JsonArray([.. item.Items.Select(i => ExportItem(i, types))]);
        }

        return o;
    }

    private static string ValueKey(ItemType type) => type switch
    {
        ItemType.Date => "valueDate",
        ItemType.Integer => "valueInteger",
        _ => "valueDecimal",
    };

    private static JsonValue BoundValue(ItemType type, double? number, DateOnly? date) => type switch
    {
        ItemType.Date => JsonValue.Create(date!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ItemType.Integer => JsonValue.Create((long)number!.Value),
        _ => JsonValue.Create(number!.Value),
    };

    /// <summary>The answer[x] of a condition follows the type of the question it reads, as FHIR requires.</summary>
    private static JsonObject ExportCondition(EnableWhen condition, ItemType questionType)
    {
        var o = new JsonObject { ["question"] = condition.Question, ["operator"] = condition.Operator.Name() };
        var a = condition.Answer;
        if (a.Boolean is { } b)
        {
            o["answerBoolean"] = b;
        }
        else if (a.Number is { } n)
        {
            o[questionType == ItemType.Integer ? "answerInteger" : "answerDecimal"] = questionType == ItemType.Integer ? JsonValue.Create((long)n) : JsonValue.Create(n);
        }
        else if (a.String is { } s)
        {
            o[questionType switch
            {
                ItemType.Date => "answerDate",
                ItemType.String or ItemType.Text => "answerString",
                _ => "answerCoding",
            }] = questionType.HasOptions() ? new JsonObject { ["code"] = s } : JsonValue.Create(s);
        }

        return o;
    }

    private static bool IsDate(string s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Writes the Finnish text and the other languages as translation extensions on <c>_name</c>.</summary>
    internal static void AddText(JsonObject o, string name, LocalizedText text)
    {
        o[name] = text.Fi;
        o["_" + name] = new JsonObject
        {
            ["extension"] = new JsonArray(
                Translated("sv", text.Sv),
                Translated("en", text.En)),
        };

        static JsonObject Translated(string language, string content) => new()
        {
            ["url"] = Translation,
            ["extension"] = new JsonArray(
                new JsonObject { ["url"] = "lang", ["valueCode"] = language },
                new JsonObject { ["url"] = "content", ["valueString"] = content }),
        };
    }

    /// <summary>
    /// Imports a Questionnaire as an assessment of kind <c>form</c> (no scales, rules or outcomes) and validates
    /// it like content. A missing translation falls back to the Finnish text, since many systems export one language.
    /// </summary>
    public static FhirImportResult Import(JsonElement questionnaire, string source)
    {
        var errors = new List<ContentError>();
        if (questionnaire.ValueKind != JsonValueKind.Object || Str(questionnaire, "resourceType") != "Questionnaire")
        {
            errors.Add(new(source, "$.resourceType", "not a FHIR Questionnaire"));
            return new(null, null, errors);
        }

        var url = Str(questionnaire, "url");
        var id = url is not null && url.StartsWith(UrlPrefix, StringComparison.Ordinal) ? url[UrlPrefix.Length..] : Str(questionnaire, "name") ?? Str(questionnaire, "id") ?? "imported";
        var items = new List<ItemDefinition>();
        if (questionnaire.TryGetProperty("item", out var itemArray) && itemArray.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in itemArray.EnumerateArray())
            {
                if (ImportItem(item, $"$.item[{index.ToString(CultureInfo.InvariantCulture)}]", source, errors) is { } imported)
                {
                    items.Add(imported);
                }

                index++;
            }
        }

        if (errors.Count > 0)
        {
            return new(null, null, errors);
        }

        var definition = new AssessmentDefinition(
            id,
            Str(questionnaire, "version") ?? "1.0.0",
            Str(questionnaire, "status") == "active" ? AssessmentStatus.Published : AssessmentStatus.Draft,
            AssessmentKind.Form,
            Demo: false,
            ReadText(questionnaire, "title") ?? new LocalizedText(id, id, id),
            ReadText(questionnaire, "description"),
            items,
            [],
            [],
            [],
            null);
        var validated = AssessmentLoader.Validate(definition, source);
        return new(validated.IsValid ? definition : null, validated.Assessments.Count > 0 ? validated.Assessments[0] : null, validated.Errors);
    }

    private static ItemDefinition? ImportItem(JsonElement item, string path, string source, List<ContentError> errors)
    {
        var linkId = Str(item, "linkId");
        var typeText = Str(item, "type");
        var repeats = item.TryGetProperty("repeats", out var r) && r.ValueKind == JsonValueKind.True;
        var type = typeText switch
        {
            "choice" or "open-choice" => repeats ? ItemType.MultiChoice : ItemType.Choice,
            "quantity" => ItemType.Decimal,
            _ => ItemTypes.Parse(typeText),
        };
        if (linkId is null || type is null)
        {
            errors.Add(new(source, path, linkId is null ? "item without linkId" : $"unsupported item type '{typeText}'"));
            return null;
        }

        var extensions = Extensions(item);
        double? Number(string url) => extensions.TryGetValue(url, out var e) && TryNumber(e, out var n) ? n : null;
        DateOnly? Date(string url) => extensions.TryGetValue(url, out var e) && Str(e, "valueDate") is { } d && IsDate(d)
            ? DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;

        BooleanWeights? weights = null;
        if (extensions.TryGetValue(BooleanWeights, out var weightExtension))
        {
            var parts = Extensions(weightExtension);
            weights = new(
                parts.TryGetValue("true", out var t) && TryNumber(t, out var tv) ? tv : null,
                parts.TryGetValue("false", out var f) && TryNumber(f, out var fv) ? fv : null);
        }

        var options = new List<AnswerOption>();
        if (item.TryGetProperty("answerOption", out var answerOptions) && answerOptions.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in answerOptions.EnumerateArray())
            {
                if (!option.TryGetProperty("valueCoding", out var coding) || Str(coding, "code") is not { } code)
                {
                    errors.Add(new(source, path + ".answerOption", "only answerOption.valueCoding with a code is supported"));
                    continue;
                }

                var weight = Extensions(option).TryGetValue(OrdinalValue, out var ordinal) && TryNumber(ordinal, out var w) ? w : 0;
                options.Add(new(code, ReadText(coding, "display") ?? new LocalizedText(code, code, code), weight));
            }
        }

        var conditions = new List<EnableWhen>();
        if (item.TryGetProperty("enableWhen", out var enableWhen) && enableWhen.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in enableWhen.EnumerateArray())
            {
                var op = ContentNames.ParseOperator(Str(condition, "operator"));
                var answer = ImportAnswer(condition);
                if (Str(condition, "question") is not { } question || op is null || answer is null)
                {
                    errors.Add(new(source, path + ".enableWhen", "unsupported enableWhen (needs question, operator and an answer)"));
                    continue;
                }

                conditions.Add(new(question, op.Value, answer));
            }
        }

        var children = new List<ItemDefinition>();
        if (item.TryGetProperty("item", out var childArray) && childArray.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var child in childArray.EnumerateArray())
            {
                if (ImportItem(child, $"{path}.item[{index.ToString(CultureInfo.InvariantCulture)}]", source, errors) is { } imported)
                {
                    children.Add(imported);
                }

                index++;
            }
        }

        var expression = extensions.TryGetValue(EnableWhenExpression, out var exprExtension)
            && exprExtension.TryGetProperty("valueExpression", out var valueExpression)
            && Str(valueExpression, "language") == ExpressionLanguage
            ? Str(valueExpression, "expression")
            : null;
        return new(linkId, type.Value, ReadText(item, "text") ?? new LocalizedText(linkId, linkId, linkId))
        {
            Required = item.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
            Min = type == ItemType.Date ? null : Number(MinValue),
            Max = type == ItemType.Date ? null : Number(MaxValue),
            MinDate = type == ItemType.Date ? Date(MinValue) : null,
            MaxDate = type == ItemType.Date ? Date(MaxValue) : null,
            Options = options,
            Weights = weights,
            EnableWhen = conditions,
            EnableBehavior = Str(item, "enableBehavior") switch
            {
                "all" => EnableBehavior.All,
                "any" => EnableBehavior.Any,
                _ => null,
            },
            EnableWhenExpression = expression,
            Items = children,
        };
    }

    private static EnableWhenAnswer? ImportAnswer(JsonElement condition)
    {
        foreach (var property in condition.EnumerateObject())
        {
            switch (property.Name)
            {
                case "answerBoolean" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    return EnableWhenAnswer.Of(property.Value.GetBoolean());
                case "answerInteger" or "answerDecimal" when property.Value.ValueKind == JsonValueKind.Number:
                    return EnableWhenAnswer.Of(property.Value.GetDouble());
                case "answerDate" or "answerString" when property.Value.ValueKind == JsonValueKind.String:
                    return EnableWhenAnswer.Of(property.Value.GetString()!);
                case "answerCoding" when Str(property.Value, "code") is { } code:
                    return EnableWhenAnswer.Of(code);
            }
        }

        return null;
    }

    private static Dictionary<string, JsonElement> Extensions(JsonElement element)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("extension", out var extensions) && extensions.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in extensions.EnumerateArray())
            {
                if (Str(e, "url") is { } url)
                {
                    result.TryAdd(url, e);
                }
            }
        }

        return result;
    }

    private static bool TryNumber(JsonElement extension, out double value)
    {
        foreach (var key in new[] { "valueDecimal", "valueInteger" })
        {
            if (extension.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
            {
                value = v.GetDouble();
                return true;
            }
        }

        value = 0;
        return false;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static LocalizedText? ReadText(JsonElement element, string name)
    {
        if (Str(element, name) is not { } fi)
        {
            return null;
        }

        string? sv = null, en = null;
        if (element.TryGetProperty("_" + name, out var meta))
        {
            if (meta.TryGetProperty("extension", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var translation in list.EnumerateArray().Where(e => Str(e, "url") == Translation))
                {
                    var parts = Extensions(translation);
                    var language = parts.TryGetValue("lang", out var l) ? Str(l, "valueCode") : null;
                    var content = parts.TryGetValue("content", out var c) ? Str(c, "valueString") : null;
                    if (language == "sv")
                    {
                        sv = content;
                    }
                    else if (language == "en")
                    {
                        en = content;
                    }
                }
            }
        }

        return new(fi, sv ?? fi, en ?? fi);
    }
}
