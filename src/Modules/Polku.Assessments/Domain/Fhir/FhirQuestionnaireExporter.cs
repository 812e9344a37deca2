using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Fhir;

/// <summary>
/// Writes an assessment as a FHIR R4 Questionnaire: items, texts (Finnish, with Swedish and English as
/// translation extensions), options with weights (ordinalValue), min/max, enableWhen and enableBehavior.
/// </summary>
internal static class FhirQuestionnaireExporter
{
    /// <summary>The definition as a Questionnaire resource.</summary>
    public static JsonObject Export(AssessmentDefinition definition)
    {
        var q = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["url"] = FhirQuestionnaire.UrlPrefix + definition.Id,
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
            extensions.Add(new JsonObject { ["url"] = FhirQuestionnaire.MinValue, [ValueKey(item.Type)] = BoundValue(item.Type, item.Min, item.MinDate) });
        }

        if (item.Max is not null || item.MaxDate is not null)
        {
            extensions.Add(new JsonObject { ["url"] = FhirQuestionnaire.MaxValue, [ValueKey(item.Type)] = BoundValue(item.Type, item.Max, item.MaxDate) });
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

            extensions.Add(new JsonObject { ["url"] = FhirQuestionnaire.BooleanWeights, ["extension"] = parts });
        }

        if (item.EnableWhenExpression is { } expression)
        {
            extensions.Add(new JsonObject
            {
                ["url"] = FhirQuestionnaire.EnableWhenExpression,
                ["valueExpression"] = new JsonObject { ["language"] = FhirQuestionnaire.ExpressionLanguage, ["expression"] = expression },
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
                    ["extension"] = new JsonArray(new JsonObject { ["url"] = FhirQuestionnaire.OrdinalValue, ["valueDecimal"] = option.Weight }),
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
        ItemType.Date => JsonValue.Create(IsoDate.Format(date!.Value)),
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
            ["url"] = FhirQuestionnaire.Translation,
            ["extension"] = new JsonArray(
                new JsonObject { ["url"] = "lang", ["valueCode"] = language },
                new JsonObject { ["url"] = "content", ["valueString"] = content }),
        };
    }
}
