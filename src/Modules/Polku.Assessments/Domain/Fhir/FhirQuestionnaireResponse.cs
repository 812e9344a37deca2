using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Fhir;

/// <summary>
/// Exports an evaluation's answers as a FHIR R4 QuestionnaireResponse for the patient record. Only the
/// cleaned answers (enabled items) are included, groups nest their questions, and the questionnaire is
/// referenced by the exact version answered (<c>urn:polku:assessment:id|version</c>).
/// </summary>
internal static class FhirQuestionnaireResponse
{
    /// <param name="evaluation">The evaluation whose cleaned answers are exported.</param>
    /// <param name="authored">When the response was submitted; passed in so the export stays pure.</param>
    public static JsonObject Export(Evaluation evaluation, DateTimeOffset? authored = null)
    {
        var answers = evaluation.Answers;
        var definition = answers.Assessment.Definition;
        var response = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["questionnaire"] = definition.Canonical,
            ["status"] = "completed",
        };
        if (authored is { } when)
        {
            response["authored"] = when.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        response["item"] = new JsonArray([.. Items(definition.Items, answers)]);
        return response;
    }

    private static IEnumerable<JsonNode> Items(IReadOnlyList<ItemDefinition> items, AnswerSet answers)
    {
        foreach (var item in items)
        {
            if (item.Type == ItemType.Group)
            {
                var children = Items(item.Items, answers).ToList();
                if (children.Count > 0)
                {
                    yield return new JsonObject { ["linkId"] = item.LinkId, ["text"] = item.Text.Fi, ["item"] = new JsonArray([.. children]) };
                }

                continue;
            }

            var index = answers.Assessment.IndexOf(item.LinkId);
            if (!item.Type.IsAnswerable() || answers.Get(index).IsNull)
            {
                continue;
            }

            yield return new JsonObject
            {
                ["linkId"] = item.LinkId,
                ["text"] = item.Text.Fi,
                ["answer"] = new JsonArray([.. Answers(item, answers.Get(index))]),
            };
        }
    }

    private static IEnumerable<JsonNode> Answers(ItemDefinition item, Value value)
    {
        switch (item.Type)
        {
            case ItemType.Boolean:
                yield return new JsonObject { ["valueBoolean"] = value.IsTrue };
                break;
            case ItemType.Integer:
                yield return new JsonObject { ["valueInteger"] = (long)value.Number };
                break;
            case ItemType.Decimal:
                yield return new JsonObject { ["valueDecimal"] = value.Number };
                break;
            case ItemType.Date:
                yield return new JsonObject { ["valueDate"] = value.AsDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
                break;
            case ItemType.Choice:
            case ItemType.MultiChoice:
                var bits = value.Bits;
                while (bits != 0)
                {
                    var option = item.Options[BitOperations.TrailingZeroCount(bits)];
                    bits &= bits - 1;
                    yield return new JsonObject { ["valueCoding"] = new JsonObject { ["code"] = option.Code, ["display"] = option.Text.Fi } };
                }

                break;
            default:
                yield return new JsonObject { ["valueString"] = value.Text };
                break;
        }
    }
}
