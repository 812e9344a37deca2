using System.Text.Json;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Fhir;

/// <summary>The result of importing a FHIR Questionnaire: a validated form definition, or the reasons it is not one.</summary>
internal sealed record FhirImportResult(AssessmentDefinition? Definition, CompiledAssessment? Compiled, IReadOnlyList<ContentError> Errors);

/// <summary>
/// Reads a FHIR R4 Questionnaire as an assessment of kind <c>form</c> (no scales, rules or outcomes) and validates
/// it like content. A missing translation falls back to the Finnish text, since many systems export one language.
/// </summary>
internal static class FhirQuestionnaireImporter
{
    /// <summary>The questionnaire as a validated form, or the errors that prevent it.</summary>
    public static FhirImportResult Import(JsonElement questionnaire, string source)
    {
        var errors = new List<ContentError>();
        if (questionnaire.ValueKind != JsonValueKind.Object || Str(questionnaire, "resourceType") != "Questionnaire")
        {
            errors.Add(new(source, "$.resourceType", "not a FHIR Questionnaire"));
            return new(null, null, errors);
        }

        var url = Str(questionnaire, "url");
        var id = url is not null && url.StartsWith(FhirQuestionnaire.UrlPrefix, StringComparison.Ordinal) ? url[FhirQuestionnaire.UrlPrefix.Length..] : Str(questionnaire, "name") ?? Str(questionnaire, "id") ?? "imported";
        var items = new List<ItemDefinition>();
        if (JsonFields.TryGet(questionnaire, "item", out var itemArray) && itemArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var (item, path) in JsonFields.Elements(itemArray, "$.item"))
            {
                if (ImportItem(item, path, source, errors) is { } imported)
                {
                    items.Add(imported);
                }
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
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(source, path, "an item must be an object"));
            return null;
        }

        var linkId = Str(item, "linkId");
        var typeText = Str(item, "type");
        var repeats = JsonFields.TryGet(item, "repeats", out var r) && r.ValueKind == JsonValueKind.True;
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
        DateOnly? Date(string url) => extensions.TryGetValue(url, out var e) ? IsoDate.Parse(Str(e, "valueDate")) : null;

        BooleanWeights? weights = null;
        if (extensions.TryGetValue(FhirQuestionnaire.BooleanWeights, out var weightExtension))
        {
            var parts = Extensions(weightExtension);
            weights = new(
                parts.TryGetValue("true", out var t) && TryNumber(t, out var tv) ? tv : null,
                parts.TryGetValue("false", out var f) && TryNumber(f, out var fv) ? fv : null);
        }

        var options = new List<AnswerOption>();
        if (JsonFields.TryGet(item, "answerOption", out var answerOptions) && answerOptions.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in answerOptions.EnumerateArray())
            {
                if (!JsonFields.TryGet(option, "valueCoding", out var coding) || Str(coding, "code") is not { } code)
                {
                    errors.Add(new(source, path + ".answerOption", "only answerOption.valueCoding with a code is supported"));
                    continue;
                }

                var weight = Extensions(option).TryGetValue(FhirQuestionnaire.OrdinalValue, out var ordinal) && TryNumber(ordinal, out var w) ? w : 0;
                options.Add(new(code, ReadText(coding, "display") ?? new LocalizedText(code, code, code), weight));
            }
        }

        var conditions = new List<EnableWhen>();
        if (JsonFields.TryGet(item, "enableWhen", out var enableWhen) && enableWhen.ValueKind == JsonValueKind.Array)
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
        if (JsonFields.TryGet(item, "item", out var childArray) && childArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var (child, childPath) in JsonFields.Elements(childArray, path + ".item"))
            {
                if (ImportItem(child, childPath, source, errors) is { } imported)
                {
                    children.Add(imported);
                }
            }
        }

        var expression = extensions.TryGetValue(FhirQuestionnaire.EnableWhenExpression, out var exprExtension)
            && JsonFields.TryGet(exprExtension, "valueExpression", out var valueExpression)
            && Str(valueExpression, "language") == FhirQuestionnaire.ExpressionLanguage
            ? Str(valueExpression, "expression")
            : null;
        return new(linkId, type.Value, ReadText(item, "text") ?? new LocalizedText(linkId, linkId, linkId))
        {
            Required = JsonFields.TryGet(item, "required", out var required) && required.ValueKind == JsonValueKind.True,
            Min = type == ItemType.Date ? null : Number(FhirQuestionnaire.MinValue),
            Max = type == ItemType.Date ? null : Number(FhirQuestionnaire.MaxValue),
            MinDate = type == ItemType.Date ? Date(FhirQuestionnaire.MinValue) : null,
            MaxDate = type == ItemType.Date ? Date(FhirQuestionnaire.MaxValue) : null,
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
        if (condition.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

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
        if (JsonFields.TryGet(element, "extension", out var extensions) && extensions.ValueKind == JsonValueKind.Array)
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
            if (JsonFields.TryGet(extension, key, out var v) && v.ValueKind == JsonValueKind.Number)
            {
                value = v.GetDouble();
                return true;
            }
        }

        value = 0;
        return false;
    }

    private static string? Str(JsonElement element, string name) =>
        JsonFields.TryGet(element, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static LocalizedText? ReadText(JsonElement element, string name)
    {
        if (Str(element, name) is not { } fi)
        {
            return null;
        }

        string? sv = null, en = null;
        if (JsonFields.TryGet(element, "_" + name, out var meta))
        {
            if (JsonFields.TryGet(meta, "extension", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var translation in list.EnumerateArray().Where(e => Str(e, "url") == FhirQuestionnaire.Translation))
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
