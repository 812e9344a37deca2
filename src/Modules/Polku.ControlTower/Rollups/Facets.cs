using System.Globalization;

namespace Polku.ControlTower.Rollups;

/// <summary>
/// The facet of an event in the rollups: the one small value, besides municipality, service, unit, channel and kind, that a
/// KPI splits the event type by. Free detail (a due time, a routing row's id) never reaches the rollups, so their size
/// stays bounded by the county's shape, not by its volume. docs/control-tower.md lists what each KPI reads.
/// </summary>
internal static class Facets
{
    /// <summary>The longest facet the rollups keep (the column's length).</summary>
    public const int MaxLength = 60;

    public static string For(string type, string? outcome, string? detail, DateTime atUtc)
    {
        var facet = type switch
        {
            // Where the booking right came from: assessment, invitation, open or desk (e-booking share, path funnel).
            "appointment.booked" or "appointment.completed" or "appointment.no-show" => Source(detail),
            // The task's type; on completion also whether it was done by its due time.
            "task.created" or "task.claimed" or "task.transferred" => TaskType(detail),
            "task.completed" => TaskType(detail) + (DueUtc(detail) is { } due ? (atUtc <= due ? ":on-time" : ":late") : ""),
            // Which form (pre-information forms are valued separately in the savings estimate).
            "form.submitted" or "form.completed" or "form.status_changed" => Before(detail, '@') + (type == "form.status_changed" ? ":" + outcome : ""),
            // Who wrote: the resident or a professional.
            "message.sent" or "chat.offered" => detail ?? "",
            // Urgency, destination kind, score, chat outcome, who cancelled …
            _ => outcome ?? "",
        };
        return facet.Length <= MaxLength ? facet : facet[..MaxLength];
    }

    private static string Source(string? detail) =>
        detail is { } d && d.StartsWith("source:", StringComparison.Ordinal) ? d["source:".Length..] : "";

    private static string TaskType(string? detail) => Before(detail, ' ');

    private static string Before(string? detail, char separator) =>
        detail is null ? "" : detail.IndexOf(separator, StringComparison.Ordinal) is var i and >= 0 ? detail[..i] : detail;

    private static DateTime? DueUtc(string? detail)
    {
        const string marker = " due ";
        var i = detail?.IndexOf(marker, StringComparison.Ordinal) ?? -1;
        return i >= 0 && DateTime.TryParseExact(detail![(i + marker.Length)..], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var due)
            ? due
            : null;
    }
}
