using System.Globalization;
using Polku.Platform.Localization;
using Polku.Platform.Results;

namespace Polku.Contacts.FollowUp;

/// <summary>Numbers and error messages of follow-up as people read them: in their language and culture (a decimal comma in Finnish and Swedish).</summary>
internal static class FollowUpText
{
    /// <summary>A value with the field's decimals in the current culture: "5,6" in Finnish, "5.6" in English.</summary>
    public static string Number(TemplateField field, decimal value) =>
        value.ToString(field.Decimals == 0 ? "0" : "0." + new string('0', field.Decimals), CultureInfo.CurrentCulture);

    /// <summary>The field's name, value and unit: "Yläpaine 150 mmHg".</summary>
    public static string Value(TemplateField field, decimal value) => $"{Number(field, value)} {field.Unit}";

    /// <summary>The error in plain words; a field's error names the field and, for a range, its limits.</summary>
    public static string Message(Texts texts, Error error, PlanTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(error);
        var language = Language.Current;
        if (error.Field is { } f && f.StartsWith("values.", StringComparison.Ordinal) && template?.Field(f[7..]) is { } field)
        {
            var name = field.Name.Get(language);
            return error.Code switch
            {
                "followup.value_out_of_range" => texts["contacts.followup.error.range", name, Number(field, field.Min), Number(field, field.Max), field.Unit],
                "followup.value_invalid" => texts["contacts.followup.error.number", name, Number(field, field.Decimals == 0 ? 120m : 5.6m)],
                "followup.value_required" => texts["contacts.followup.error.required", name],
                _ => texts[error.Code],
            };
        }

        return texts.Has(error.Code) ? texts[error.Code] : texts["error.title"];
    }

    /// <summary>The schedule in words: "7 päivää: joka päivä klo 8.00 ja 20.00; 56 päivää: ma, to klo 8.00".</summary>
    public static string Schedule(Texts texts, PlanTemplate template)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(template);
        var culture = CultureInfo.CurrentCulture;
        var and = " " + texts["contacts.followup.and"] + " ";
        var parts = template.Schedule.Select(p =>
        {
            var times = string.Join(and, p.Times.Select(t => t.ToString("t", culture)));
            return p.Weekdays is { } days
                ? texts["contacts.followup.schedule.weekdays", p.Days, string.Join(", ", days.OrderBy(d => ((int)d + 6) % 7).Select(d => culture.DateTimeFormat.GetAbbreviatedDayName(d))), times]
                : texts["contacts.followup.schedule.daily", p.Days, times];
        });
        return string.Join("; ", parts);
    }

    /// <summary>The clinical limits in words: "Yläpaine ≥ 160 tai < 90 mmHg; Alapaine ≥ 100 mmHg"; empty when the plan has none.</summary>
    public static string Limits(Texts texts, PlanTemplate template)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(template);
        var language = Language.Current;
        var or = " " + texts["contacts.followup.or"] + " ";
        return string.Join("; ", template.Fields.Where(f => f.AlertAtOrAbove is not null || f.AlertBelow is not null).Select(f =>
            f.Name.Get(language) + " " + string.Join(or, new[]
            {
                f.AlertAtOrAbove is { } high ? "≥ " + Number(f, high) : null,
                f.AlertBelow is { } low ? "< " + Number(f, low) : null,
            }.OfType<string>()) + " " + f.Unit));
    }
}
