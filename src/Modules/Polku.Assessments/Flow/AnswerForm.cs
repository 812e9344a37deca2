using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Results;
using Polku.Platform.Web;

namespace Polku.Assessments.Flow;

/// <summary>
/// Moves answers between HTML forms and the JSON shape the engine and the API share (booleans, numbers, option
/// codes, arrays of codes, "yyyy-MM-dd" dates). Pages carry the answers given so far in one hidden field, so the
/// assessment works without JavaScript, cookies or a server-side draft; the engine re-validates everything.
/// </summary>
internal static class AnswerForm
{
    public const string AnswersField = "answers";
    public const string FieldPrefix = "a.";
    public const int MaxTextLength = 2000;

    /// <summary>The largest answers field a page accepts (far more than any assessment's answers).</summary>
    public const int MaxCarriedLength = 200_000;

    /// <summary>
    /// The answers carried in the form's hidden field: an empty object when the field is empty, otherwise JSON read
    /// under the platform's input policy (an edited field with a repeated name or a lone surrogate is refused with
    /// <c>request.invalid</c>, never a 500 later when the answers are used).
    /// </summary>
    public static Result<JsonObject> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new JsonObject();
        }

        return json.Length > MaxCarriedLength
            ? Error.Validation(RequestJson.InvalidCode, AnswersField)
            : RequestJson.ParseObject(json, AnswersField);
    }

    /// <summary>Stored answers (written by Polku itself), or an empty object when they cannot be read.</summary>
    public static JsonObject Carried(string? json) => Read(json).Value ?? [];

    public static string Serialize(JsonObject answers) => answers.ToJsonString();

    /// <summary>
    /// Reads the page's inputs into <paramref name="answers"/> (an empty input removes the answer) and returns the
    /// problems by linkId as text keys. A value that cannot be read is kept out of the answers, never guessed.
    /// </summary>
    public static Dictionary<string, string> ReadPage(IFormCollection form, IEnumerable<ItemDefinition> pageItems, JsonObject answers)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in pageItems.Where(i => i.Type.IsAnswerable()))
        {
            var name = FieldPrefix + item.LinkId;
            var values = form[name];
            var raw = values.Count == 0 ? "" : (values[0] ?? "").Trim();
            if (item.Type == ItemType.MultiChoice)
            {
                var codes = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
                if (codes.Any(c => item.Options.All(o => o.Code != c)))
                {
                    errors[item.LinkId] = "assessments.error.option";
                    continue;
                }

                answers.Remove(item.LinkId);
                if (codes.Count > 0)
                {
                    answers[item.LinkId] = new JsonArray([.. codes.Select(c => (JsonNode)JsonValue.Create(c))]);
                }

                continue;
            }

            if (raw.Length == 0)
            {
                answers.Remove(item.LinkId);
                continue;
            }

            JsonNode? value = null;
            decimal? numeric = null;
            string? problem = null;
            switch (item.Type)
            {
                case ItemType.Boolean:
                    value = raw switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null };
                    problem = value is null ? "assessments.error.option" : null;
                    break;
                case ItemType.Choice:
                    value = item.Options.Any(o => o.Code == raw) ? JsonValue.Create(raw) : null;
                    problem = value is null ? "assessments.error.option" : null;
                    break;
                case ItemType.Integer:
                    if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                    {
                        value = JsonValue.Create(whole);
                        numeric = whole;
                    }
                    else
                    {
                        problem = "assessments.error.integer";
                    }

                    break;
                case ItemType.Decimal:
                    // Residents write "37,5" as often as "37.5".
                    if (decimal.TryParse(raw.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                    {
                        value = JsonValue.Create(number);
                        numeric = number;
                    }
                    else
                    {
                        problem = "assessments.error.number";
                    }

                    break;
                case ItemType.Date:
                    if (DateOnly.TryParseExact(raw, ["yyyy-MM-dd", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        value = JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        problem = "assessments.error.date";
                    }

                    break;
                default:
                    if (raw.Length > MaxTextLength)
                    {
                        problem = "assessments.error.too_long";
                    }
                    else
                    {
                        value = JsonValue.Create(raw);
                    }

                    break;
            }

            if (problem is not null)
            {
                errors[item.LinkId] = problem;
                answers.Remove(item.LinkId);
                continue;
            }

            if (numeric is { } n)
            {
                if ((item.Min is { } min && (double)n < min) || (item.Max is { } max && (double)n > max))
                {
                    errors[item.LinkId] = "assessments.error.range";
                    answers.Remove(item.LinkId);
                    continue;
                }
            }

            answers[item.LinkId] = value;
        }

        return errors;
    }

    /// <summary>The answer as the input shows it ("37.5", "true", an option code), or "".</summary>
    public static string Shown(JsonObject answers, string linkId) =>
        answers[linkId] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
            JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => "",
        };

    /// <summary>Whether a multi-choice answer includes the code.</summary>
    public static bool Has(JsonObject answers, string linkId, string code) =>
        answers[linkId] is JsonArray codes && codes.Any(c => c is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == code);
}
