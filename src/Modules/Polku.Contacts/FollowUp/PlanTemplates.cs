using System.Globalization;
using System.Text.Json;
using Polku.Platform.Localization;

namespace Polku.Contacts.FollowUp;

/// <summary>
/// One measured quantity of a plan: its name, unit, the decimals it is recorded with, the plausible range (anything
/// outside is refused as a typing error) and the clinical limits (a value at or above <see cref="AlertAtOrAbove"/> or
/// below <see cref="AlertBelow"/> is outside the plan's limits and raises an alert).
/// </summary>
internal sealed record TemplateField(
    string Code, LocalizedText Name, string Unit, int Decimals, decimal Min, decimal Max, bool Required, decimal? AlertAtOrAbove, decimal? AlertBelow)
{
    public bool OutOfLimits(decimal value) => value >= AlertAtOrAbove || value < AlertBelow;
}

/// <summary>A part of a plan's schedule: <see cref="Days"/> days from where the previous part ended, on the given weekdays (all when null), at Helsinki times.</summary>
internal sealed record SchedulePhase(int Days, IReadOnlySet<DayOfWeek>? Weekdays, IReadOnlyList<TimeOnly> Times);

/// <summary>Etäseurannan malli — a follow-up plan template: what is measured, when, and where its limits are.</summary>
internal sealed record PlanTemplate(string Code, string Type, string? ServiceCode, LocalizedText Name, IReadOnlyList<TemplateField> Fields, IReadOnlyList<SchedulePhase> Schedule)
{
    /// <summary>How long the plan runs from its start date, in days.</summary>
    public int Days => Schedule.Sum(p => p.Days);

    public TemplateField? Field(string code) => Fields.FirstOrDefault(f => f.Code == code);
}

/// <summary>
/// The follow-up plan templates: data, not code (<c>content/follow-up/plans.json</c>, embedded). Read and checked
/// once at start; a file that does not hold together stops the application with the reason, as the assessment
/// content does, rather than failing a resident later.
/// </summary>
internal sealed class PlanTemplates
{
    public const string Resource = "follow-up/plans.json";

    private static readonly Dictionary<string, DayOfWeek> Weekdays = new(StringComparer.Ordinal)
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    public PlanTemplates()
        : this(ReadEmbedded())
    {
    }

    public PlanTemplates(string json) => All = Parse(json);

    public IReadOnlyList<PlanTemplate> All { get; }

    public PlanTemplate? Find(string? code) => All.FirstOrDefault(t => t.Code == code);

    private static string ReadEmbedded()
    {
        using var stream = typeof(PlanTemplates).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The follow-up plan templates ({Resource}) are not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Reads the templates; throws <see cref="InvalidOperationException"/> naming the template and what is wrong.</summary>
    public static IReadOnlyList<PlanTemplate> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var plans = new List<PlanTemplate>();
        foreach (var p in doc.RootElement.GetProperty("plans").EnumerateArray())
        {
            var code = Text(p, "code", "?");
            var fields = new List<TemplateField>();
            foreach (var f in p.GetProperty("fields").EnumerateArray())
            {
                var field = new TemplateField(
                    Text(f, "code", code), Localized(f, code), Text(f, "unit", code), f.TryGetProperty("decimals", out var d) ? d.GetInt32() : 0,
                    f.GetProperty("min").GetDecimal(), f.GetProperty("max").GetDecimal(), f.TryGetProperty("required", out var r) && r.GetBoolean(),
                    Number(f, "alertAtOrAbove"), Number(f, "alertBelow"));
                if (field.Min >= field.Max || field.Decimals is < 0 or > 2 || (field.AlertBelow is { } low && field.AlertAtOrAbove is { } high && low >= high))
                {
                    throw Invalid(code, $"field {field.Code}: the plausible range or the limits are inconsistent");
                }

                fields.Add(field);
            }

            var schedule = new List<SchedulePhase>();
            foreach (var s in p.GetProperty("schedule").EnumerateArray())
            {
                var days = s.GetProperty("days").GetInt32();
                HashSet<DayOfWeek>? weekdays = null;
                if (s.TryGetProperty("weekdays", out var w) && w.ValueKind == JsonValueKind.Array)
                {
                    weekdays = [.. w.EnumerateArray().Select(x => Weekdays.TryGetValue(x.GetString() ?? "", out var day) ? day : throw Invalid(code, $"unknown weekday {x}"))];
                }

                var times = s.GetProperty("times").EnumerateArray()
                    .Select(x => TimeOnly.TryParseExact(x.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : throw Invalid(code, $"time {x} is not HH:mm"))
                    .Order().ToList();
                if (days <= 0 || times.Count == 0 || weekdays is { Count: 0 })
                {
                    throw Invalid(code, "a schedule part needs days, times and (if given) weekdays");
                }

                schedule.Add(new SchedulePhase(days, weekdays, times));
            }

            if (fields.Count == 0 || schedule.Count == 0 || fields.Select(f => f.Code).Distinct().Count() != fields.Count)
            {
                throw Invalid(code, "a template needs fields with unique codes and a schedule");
            }

            var serviceCode = p.TryGetProperty("serviceCode", out var sc) ? sc.GetString() : null;
            plans.Add(new PlanTemplate(code, Text(p, "type", code), serviceCode, Localized(p, code), fields, schedule));
        }

        if (plans.Select(p => p.Code).Distinct().Count() != plans.Count)
        {
            throw new InvalidOperationException("follow-up/plans.json: template codes must be unique.");
        }

        return plans;
    }

    private static string Text(JsonElement e, string name, string template) =>
        e.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } s ? s : throw Invalid(template, $"'{name}' is missing");

    private static decimal? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    private static LocalizedText Localized(JsonElement e, string template)
    {
        var name = e.GetProperty("name");
        return new LocalizedText(Text(name, "fi", template), Text(name, "sv", template), Text(name, "en", template));
    }

    private static InvalidOperationException Invalid(string template, string why) => new($"follow-up/plans.json, template {template}: {why}.");
}
