namespace Polku.ControlTower.Kpis;

/// <summary>Channels of the service directory in force: how many are county-wide and how many municipality-specific.</summary>
public sealed record ChannelCounts(int CountyWide, int MunicipalitySpecific);

/// <summary>
/// Computes the KPIs of one column (the county or a municipality) from rolled-up rows alone — pure, so a test can compute
/// the same by hand. Percentages are of the denominator; a KPI whose denominator is zero has no value (shown as "–").
/// </summary>
public static class KpiCalculator
{
    public static IReadOnlyList<KpiValue> Compute(IReadOnlyList<FactRow> rows, IReadOnlyList<ImportedRow> imported, IReadOnlyList<FactRow> toDate,
        ChannelCounts channels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(imported);
        ArgumentNullException.ThrowIfNull(toDate);
        ArgumentNullException.ThrowIfNull(channels);
        var values = new List<KpiValue>(KpiCatalogue.All.Count);
        foreach (var kpi in KpiCatalogue.All)
        {
            var (numerator, denominator) = Fraction(kpi.Code, rows, imported, toDate, channels);
            decimal? value = kpi.Unit switch
            {
                KpiUnit.Count => numerator,
                _ when denominator == 0 => null,
                KpiUnit.Percent or KpiUnit.Score => Math.Round(100m * numerator / denominator, 1, MidpointRounding.AwayFromZero),
                KpiUnit.Minutes => Math.Round(numerator / 60m / denominator, 1, MidpointRounding.AwayFromZero),
                KpiUnit.Hours => Math.Round(numerator / 3600m / denominator, 1, MidpointRounding.AwayFromZero),
                _ => null,
            };
            values.Add(new KpiValue(kpi.Code, value, numerator, denominator, value is { } v && kpi.Target is { } t ? t.Met(v) : null));
        }

        return values;
    }

    /// <summary>The KPI's numerator and denominator (for an average: the sum of seconds and the number of events).</summary>
    public static (decimal Numerator, decimal Denominator) Fraction(string code, IReadOnlyList<FactRow> rows, IReadOnlyList<ImportedRow> imported,
        IReadOnlyList<FactRow> toDate, ChannelCounts channels)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(imported);
        ArgumentNullException.ThrowIfNull(toDate);
        ArgumentNullException.ThrowIfNull(channels);
        switch (code)
        {
            case "digital-first-line":
            case "digital-other":
            {
                var kind = code == "digital-first-line" ? "first-line" : "other";
                var contacts = Contacts(rows).Where(r => r.ContactKind == kind).ToList();
                return (contacts.Where(r => r.Digital).Sum(r => r.Events), contacts.Sum(r => r.Events) + imported.Where(i => i.Kind == kind).Sum(i => i.Count));
            }

            case "avoided":
            {
                var avoided = rows.Where(r => KpiCatalogue.AvoidedEvents.Contains((r.Type, r.Facet))).Sum(r => r.Events);
                var firstLine = Contacts(rows).Where(r => r.ContactKind == "first-line").Sum(r => r.Events) + imported.Where(i => i.Kind == "first-line").Sum(i => i.Count);
                return (avoided, firstLine + avoided);
            }

            case "nps":
            {
                var (promoters, detractors, all) = Scores(rows);
                return (promoters - detractors, all);
            }

            case "satisfied":
            {
                var (promoters, _, all) = Scores(rows);
                return (promoters, all);
            }

            case "e-booking":
                return (Count(rows, "appointment.booked", r => r.Digital), Count(rows, "appointment.booked"));
            case "no-shows":
            {
                var noShows = Count(rows, "appointment.no-show");
                return (noShows, noShows + Count(rows, "appointment.completed"));
            }

            case "assessments":
                return (Count(rows, "assessment.completed"), 1);
            case "booked-after-assessment":
                return (Count(rows, "appointment.booked", r => r.Facet == "assessment"), Count(rows, "assessment.completed"));
            case "attended-after-assessment":
                return (Count(rows, "appointment.completed", r => r.Facet == "assessment"), Count(rows, "appointment.booked", r => r.Facet == "assessment"));
            case "forms-completed":
                return (Count(rows, "form.completed"), Count(rows, "form.submitted"));
            case "form-handling":
                return (rows.Where(r => r.Type == "form.completed").Sum(r => r.HandlingSum), rows.Where(r => r.Type == "form.completed").Sum(r => r.HandlingN));
            case "backlog":
                return (Math.Max(0, Count(toDate, "task.created") - Count(toDate, "task.completed")), 1);
            case "task-waiting":
                return (rows.Where(r => r.Type == "task.claimed").Sum(r => r.WaitingSum), rows.Where(r => r.Type == "task.claimed").Sum(r => r.WaitingN));
            case "due-compliance":
                return (Count(rows, "task.completed", r => r.Facet.EndsWith(":on-time", StringComparison.Ordinal)),
                    Count(rows, "task.completed", r => r.Facet.EndsWith(":on-time", StringComparison.Ordinal) || r.Facet.EndsWith(":late", StringComparison.Ordinal)));
            case "chat-waiting":
                return (rows.Where(r => r.Type == "chat.started").Sum(r => r.WaitingSum), rows.Where(r => r.Type == "chat.started").Sum(r => r.WaitingN));
            case "chat-abandonment":
            {
                var abandoned = Count(rows, "chat.abandoned");
                return (abandoned, abandoned + Count(rows, "chat.started"));
            }

            case "followup-alerts":
                return (Count(rows, "followup.alert"), Count(rows, "followup.enrolled"));
            case "unification":
                return (channels.CountyWide, channels.CountyWide + channels.MunicipalitySpecific);
            default:
                throw new ArgumentOutOfRangeException(nameof(code), code, "Not a KPI of KpiCatalogue.All.");
        }
    }

    /// <summary>The rows that are contacts (see <see cref="KpiCatalogue.ContactEvents"/>).</summary>
    public static IEnumerable<FactRow> Contacts(IEnumerable<FactRow> rows) =>
        rows.Where(r => KpiCatalogue.ContactEvents.TryGetValue(r.Type, out var facet) && (facet is null || facet == r.Facet));

    private static long Count(IEnumerable<FactRow> rows, string type, Func<FactRow, bool>? where = null) =>
        rows.Where(r => r.Type == type && (where is null || where(r))).Sum(r => r.Events);

    /// <summary>Promoters (9–10), detractors (0–6) and all scores of <c>feedback.given</c>.</summary>
    private static (long Promoters, long Detractors, long All) Scores(IEnumerable<FactRow> rows)
    {
        long promoters = 0, detractors = 0, all = 0;
        foreach (var r in rows.Where(r => r.Type == "feedback.given"))
        {
            if (!int.TryParse(r.Facet, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var score) || score > 10)
            {
                continue;
            }

            all += r.Events;
            promoters += score >= 9 ? r.Events : 0;
            detractors += score <= 6 ? r.Events : 0;
        }

        return (promoters, detractors, all);
    }
}
