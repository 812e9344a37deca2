using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Time;

namespace Polku.Assessments.Flow;

/// <summary>Answers and results as people read them: option texts, yes/no, numbers with units, and the summary a professional copies into the patient record.</summary>
internal static class AnswerText
{
    public static string Of(ItemDefinition item, JsonNode? answer, string language, Texts texts)
    {
        if (answer is null)
        {
            return texts.Get(language, "assessments.summary.not_answered");
        }

        switch (item.Type)
        {
            case ItemType.Boolean:
                return texts.Get(language, answer.GetValueKind() == JsonValueKind.True ? "assessments.answer.yes" : "assessments.answer.no");
            case ItemType.Choice:
                return Option(item, answer.GetValueKind() == JsonValueKind.String ? answer.GetValue<string>() : "", language);
            case ItemType.MultiChoice:
                return answer is JsonArray codes
                    ? string.Join(", ", codes.Select(c => Option(item, c?.GetValue<string>() ?? "", language)))
                    : "";
            case ItemType.Integer or ItemType.Decimal:
                var number = answer.GetValue<decimal>().ToString("0.##", CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : language + "-FI"));
                return item.Unit is { } unit ? number + " " + unit.Get(language) : number;
            case ItemType.Date:
                return DateOnly.TryParseExact(answer.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d.ToString("d.M.yyyy", CultureInfo.InvariantCulture)
                    : answer.GetValue<string>();
            default:
                return answer.GetValueKind() == JsonValueKind.String ? answer.GetValue<string>() : answer.ToJsonString();
        }
    }

    private static string Option(ItemDefinition item, string code, string language) =>
        item.Options.FirstOrDefault(o => o.Code == code)?.Text.Get(language) ?? code;

    /// <summary>
    /// A plain-text summary for the patient record: what was assessed (exact version, in words), when, the
    /// recommendation, the routing, why (the reasons of the fired rules, in words: rule and question ids stay in the
    /// trace on the page and in the FHIR export, not in the record's text), scores, then every enabled answer.
    /// </summary>
    public static string StructuredSummary(CompiledAssessment assessment, Evaluation evaluation, JsonObject answers, DateTime completedUtc,
        string? municipalityName, RoutingDestination? destination, string language, Texts texts)
    {
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : language + "-FI");
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(completedUtc, DateTimeKind.Utc)));
        var sb = new StringBuilder();
        var r = evaluation.Recommendation;
        sb.AppendLine(CultureInfo.InvariantCulture, $"{assessment.Definition.Title.Get(language)} ({texts.Get(language, "assessments.desk.version").ToLower(culture)} {assessment.Version}) {local.ToString("d.M.yyyy HH:mm", CultureInfo.InvariantCulture)}");
        if (municipalityName is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.start.municipality")}: {municipalityName}");
        }

        if (r is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.desk.recommendation")}: {r.Urgency} – {texts.Get(language, "assessments.urgency." + r.Urgency)}{(r.ServiceCode is null ? "" : " (" + r.ServiceCode + ")")}");
        }

        if (destination is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.desk.routed")}: {texts.Get(language, "assessments.destination." + destination.Kind).Replace("{0}", destination.Phone ?? "", StringComparison.Ordinal)}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.result.why")}:");
        if (evaluation.Trace.Count == 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {texts.Get(language, "assessments.result.why_default")}");
        }

        foreach (var t in evaluation.Trace)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {(t.RedFlag ? texts.Get(language, "assessments.desk.red_flag") + ": " : "")}{t.Reason.Get(language)}");
        }

        if (evaluation.Scales.Count > 0)
        {
            var scales = string.Join(", ", evaluation.Scales.Select(s =>
                s.Name + " " + (s.IsFlag ? (s.Flag == true ? texts.Get(language, "assessments.answer.yes") : texts.Get(language, "assessments.answer.no")) : s.Value?.ToString("0.#", culture) ?? "–")));
            sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.result.scales")}: {scales}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"{texts.Get(language, "assessments.result.answers")}:");
        foreach (var item in assessment.Items.Where(i => i.Type.IsAnswerable() && evaluation.EnabledLinkIds.Contains(i.LinkId)))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {item.Text.Get(language)} {Of(item, answers[item.LinkId], language, texts)}");
        }

        return sb.ToString();
    }
}
