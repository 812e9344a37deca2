namespace Polku.ControlTower.Kpis;

/// <summary>
/// One KPI: its code, unit, seed 003's target where it sets one, and how it is computed from rolled-up events. The
/// definitions page shows <see cref="Events"/> and the texts <c>tower.kpi.&lt;code&gt;.*</c> (name, numerator,
/// denominator) for every KPI, so every number on the dashboards can be traced to the events it counts.
/// </summary>
public sealed record KpiDefinition(string Code, KpiUnit Unit, KpiTarget? Target, IReadOnlyList<string> Events, string Group, bool HigherIsBetter = true);

/// <summary>
/// The KPIs of spec 05. "Contacts" are the events that are one contact of a resident each (<see cref="ContactEvents"/>):
/// a completed assessment, a resident's message, a chat begun, a form sent, a call-back asked for, an appointment
/// attended; the event's own contact kind (first-line, or other contact and care) and digital flag place it.
/// Imported phone and walk-in counts are contacts that are not digital.
/// </summary>
public static class KpiCatalogue
{
    /// <summary>Contact events: type → facet that must match (null for any).</summary>
    public static IReadOnlyDictionary<string, string?> ContactEvents { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["assessment.completed"] = null,
        ["message.sent"] = "resident",
        ["chat.offered"] = null,
        ["form.submitted"] = null,
        ["callback.requested"] = null,
        ["appointment.completed"] = null,
    };

    /// <summary>First-line contacts avoided: self-care results, routings to self-booking or an e-service, chats the bot resolved.</summary>
    public static IReadOnlyList<(string Type, string Facet)> AvoidedEvents { get; } =
    [
        ("assessment.completed", "S"),
        ("assessment.routed", "SelfBooking"),
        ("assessment.routed", "ExternalLink"),
        ("chat.ended", "bot"),
    ];

    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        new("digital-first-line", KpiUnit.Percent, new("> 50 %", 50, Exclusive: true), [.. ContactEvents.Keys, "imported"], "contacts"),
        new("digital-other", KpiUnit.Percent, new("> 30 %", 30, Exclusive: true), [.. ContactEvents.Keys, "imported"], "contacts"),
        new("avoided", KpiUnit.Percent, new("5 %", 5, Exclusive: false), ["assessment.completed", "assessment.routed", "chat.ended", .. ContactEvents.Keys], "contacts"),
        new("nps", KpiUnit.Score, new("≥ 50", 50, Exclusive: false), ["feedback.given"], "experience"),
        new("satisfied", KpiUnit.Percent, new("> 60 %", 60, Exclusive: true), ["feedback.given"], "experience"),
        new("e-booking", KpiUnit.Percent, new("15–20 %", 15, Exclusive: false), ["appointment.booked"], "appointments"),
        new("no-shows", KpiUnit.Percent, null, ["appointment.completed", "appointment.no-show"], "appointments", HigherIsBetter: false),
        new("assessments", KpiUnit.Count, null, ["assessment.completed"], "paths"),
        new("booked-after-assessment", KpiUnit.Percent, null, ["assessment.completed", "appointment.booked"], "paths"),
        new("attended-after-assessment", KpiUnit.Percent, null, ["appointment.booked", "appointment.completed"], "paths"),
        new("forms-completed", KpiUnit.Percent, null, ["form.submitted", "form.completed"], "paths"),
        new("form-handling", KpiUnit.Hours, null, ["form.completed"], "paths", HigherIsBetter: false),
        new("backlog", KpiUnit.Count, null, ["task.created", "task.completed"], "desk", HigherIsBetter: false),
        new("task-waiting", KpiUnit.Minutes, null, ["task.claimed"], "desk", HigherIsBetter: false),
        new("due-compliance", KpiUnit.Percent, null, ["task.completed"], "desk"),
        new("chat-waiting", KpiUnit.Minutes, null, ["chat.started"], "desk", HigherIsBetter: false),
        new("chat-abandonment", KpiUnit.Percent, null, ["chat.started", "chat.abandoned"], "desk", HigherIsBetter: false),
        new("followup-alerts", KpiUnit.Count, null, ["followup.alert", "followup.enrolled"], "desk", HigherIsBetter: false),
        new("unification", KpiUnit.Percent, null, ["directory"], "services"),
    ];

    public static KpiDefinition? Find(string code) => All.FirstOrDefault(k => k.Code == code);
}
