using System.Globalization;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>How the routing pages show rows, destinations and problems to a coordinator, in the current language.</summary>
internal sealed class RoutingDisplay(Texts texts, IReadOnlyList<MunicipalityInfo> municipalities, IReadOnlyList<UnitInfo> units)
{
    /// <summary>Monday first, as a Finnish week is shown.</summary>
    public static IReadOnlyList<DayOfWeek> Week => WeekText.Week;

    private readonly Dictionary<string, MunicipalityInfo> _municipalities = municipalities.ToDictionary(m => m.Code, StringComparer.Ordinal);
    private readonly Dictionary<string, UnitInfo> _units = units.ToDictionary(u => u.Code, StringComparer.Ordinal);

    public IReadOnlyList<MunicipalityInfo> Municipalities => municipalities;

    public IReadOnlyList<UnitInfo> Units => units;

    private static string Lang => Language.Current;

    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public string Urgency(Urgency urgency) => texts["assessments.routing.urgency." + urgency];

    public string Municipality(string? code) =>
        code is null ? texts["assessments.routing.county_wide"]
        : _municipalities.TryGetValue(code, out var m) ? $"{m.Name.Get(Lang)} ({code})"
        : code;

    public string Unit(string? code) =>
        code is null ? "" : _units.TryGetValue(code, out var u) ? $"{u.Name.Get(Lang)} ({code})" : code;

    public string Service(string? code) => code ?? texts["assessments.routing.any_service"];

    public string Kind(DestinationKind kind) => texts["assessments.routing.kind." + kind];

    public string Holidays(HolidayMatch match) => texts["assessments.routing.holidays." + match];

    public string Window(RoutingRow row) => row.IsAllDay ? texts["assessments.routing.whole_day"] : row.WindowText;

    public string DayName(DayOfWeek day) => texts["assessments.routing.day." + day];

    public static string Date(DateOnly date) => date.ToString("ddd d.M.yyyy", Culture);

    public static string ShortDate(DateOnly date) => date.ToString("d.M.yyyy", Culture);

    /// <summary>The weekdays as short names with runs of three or more joined, e.g. "ma–pe, su".</summary>
    public string Days(IReadOnlySet<DayOfWeek> days) => days.Count == 0 ? texts["assessments.routing.no_days"] : WeekText.Days(texts, days);

    /// <summary>The effective period with the last day in force (the stored end date is exclusive).</summary>
    public string Effective(DateOnly? from, DateOnly? toExclusive) => Period(from, toExclusive?.AddDays(-1));

    private string Period(DateOnly? from, DateOnly? through) => (from, through) switch
    {
        (null, null) => texts["assessments.routing.period.always"],
        ({ } f, null) => texts["assessments.routing.period.from", ShortDate(f)],
        (null, { } t) => texts["assessments.routing.period.until", ShortDate(t)],
        ({ } f, { } t) => texts["assessments.routing.period.between", ShortDate(f), ShortDate(t)],
    };

    /// <summary>The destination's target: unit, service and window, phone or address, as it applies to the kind.</summary>
    public string Target(RoutingDestination d)
    {
        var parts = new List<string>();
        if (d.Unit is not null)
        {
            parts.Add(Unit(d.Unit));
        }

        if (d.Kind == DestinationKind.SelfBooking)
        {
            parts.Add(texts.Plural("assessments.routing.within_days", d.WithinDays ?? 0, d.Service ?? ""));
        }
        else if (d.Service is not null)
        {
            parts.Add(d.Service);
        }

        if (d.Phone is not null)
        {
            parts.Add(d.Phone);
        }

        if (d.Url is not null)
        {
            parts.Add(d.Url);
        }

        return string.Join(", ", parts);
    }

    public static string Instructions(RoutingDestination d) => d.Instructions.Get(Lang);

    /// <summary>Why a row ranks where it does, e.g. "13 = municipality 4 + holiday rule 2 + time window 1".</summary>
    public string Specificity(RoutingRow row)
    {
        var parts = new List<string>();
        if (row.ServiceCode is not null)
        {
            parts.Add(texts["assessments.routing.specificity.service"]);
        }

        if (row.Municipality is not null)
        {
            parts.Add(texts["assessments.routing.specificity.municipality"]);
        }

        if (row.Holidays != HolidayMatch.Any)
        {
            parts.Add(texts["assessments.routing.specificity.holiday"]);
        }

        if (!row.IsAllDay)
        {
            parts.Add(texts["assessments.routing.specificity.window"]);
        }

        return parts.Count == 0
            ? texts["assessments.routing.specificity.none"]
            : row.Specificity.ToString(Culture) + " = " + string.Join(" + ", parts);
    }

    /// <summary>"Chat (row), then call-back (row)": the row and the rows behind it.</summary>
    public string Chain(IEnumerable<RoutingRow> rows) =>
        string.Join(texts["assessments.routing.then"], rows.Select(r => $"{Kind(r.Destination.Kind)} ({r.Id})"));

    public string Outcome(CandidateOutcome outcome) => texts["assessments.routing.outcome." + outcome];

    public string Holiday(DateOnly date) =>
        FinnishCalendar.Find(date) is { } h
            ? texts[h.Kind == NonWorkingDayKind.Public ? "assessments.routing.holiday_public" : "assessments.routing.holiday_de_facto", h.Name.Get(Lang)]
            : texts["assessments.routing.not_holiday"];

    /// <summary>A validation problem in the coordinator's language; a gap is named from its structured detail.</summary>
    public string Problem(RoutingProblem problem)
    {
        if (problem.GapDetail is { } gap)
        {
            return texts["assessments.routing.problem.gap",
                gap.Urgency.ToString(), Municipality(gap.Municipality), DayName(gap.Day),
                texts[gap.Holiday ? "assessments.routing.gap_holiday" : "assessments.routing.gap_ordinary"],
                gap.WindowText, Period(gap.PeriodFrom, gap.PeriodThrough)];
        }

        var key = "assessments.routing.problem." + problem.Code["routing.".Length..];
        var text = texts.Has(key) ? texts[key] : texts["assessments.routing.problem.other"];
        return problem.RowId is null ? text : texts["assessments.routing.problem.row", problem.RowId, text];
    }
}
