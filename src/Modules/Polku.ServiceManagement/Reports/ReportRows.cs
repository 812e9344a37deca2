using System.Globalization;
using Polku.Platform.Localization;
using Polku.Platform.Web;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Reports;

/// <summary>The report as rows a person reads (section, item, value) in the current language: the CSV download writes these.</summary>
internal static class ReportRows
{
    public static IReadOnlyList<IReadOnlyList<string>> Rows(ReportContent c, Report? stored, Texts t)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { t["sm.reports.csv.section"], t["sm.reports.csv.item"], t["sm.reports.csv.value"] } };
        void Add(string section, string item, string value) => rows.Add([t[section], item, value]);

        const string R = "sm.reports.section.report";
        Add(R, t["sm.reports.service"], Pick(c.NameFi, c.NameSv, c.NameEn));
        Add(R, t["sm.reports.month"], Month(c.Year, c.Month));
        Add(R, t["sm.reports.version"], stored is null ? t["sm.reports.draft"] : N(stored.Version));
        Add(R, t["sm.reports.hash"], stored?.ContentHash ?? "");
        Add(R, t["sm.reports.previous_hash"], stored?.PreviousHash ?? "");
        Add(R, t["sm.reports.reason"], stored?.CorrectionReason ?? "");

        const string A = "sm.reports.section.availability";
        var a = c.Availability;
        Add(A, t["sm.reports.availability"], D(a.Percent, 6) + " %");
        Add(A, t["sm.reports.target"], D(a.TargetPercent, 3) + " %");
        Add(A, t["sm.reports.result"], Met(a.Met, t));
        Add(A, "Pa (min)", D(a.Pa, 0));
        Add(A, "Ka (min)", D(a.Ka, 2));
        Add(A, "Eh (min)", D(a.Eh, 2));
        Add(A, t["sm.reports.unplanned"], N(a.UnplannedOutages) + " / " + N(a.MaxUnplannedOutages));
        Add(A, t["sm.reports.result"], Met(a.OutagesMet, t));

        const string I = "sm.reports.section.incidents";
        foreach (var p in c.Incidents)
        {
            Add(I, p.Priority + ": " + t["sm.reports.opened"], N(p.Opened));
            Add(I, p.Priority + ": " + t["sm.reports.response"], t["sm.reports.compliance", N(p.ResponseMet), N(p.ResponseMissed), N(p.ResponsePending), Percent(p.ResponseCompliance, t)]);
            Add(I, p.Priority + ": " + t["sm.reports.resolution"], t["sm.reports.compliance", N(p.ResolutionMet), N(p.ResolutionMissed), N(p.ResolutionPending), Percent(p.ResolutionCompliance, t)]);
        }

        const string P = "sm.reports.section.problems";
        Add(P, t["sm.reports.open_problems"], N(c.Problems.OpenCount));
        foreach (var p in c.Problems.Open)
        {
            Add(P, p.Number, p.Title + (p.KnownError ? " (" + t["sm.reports.known_error"] + ")" : ""));
        }

        foreach (var m in c.Problems.MajorIncidents)
        {
            Add(P, m.Number, m.Title + " — " + (m.RcaDone ? t["sm.reports.rca_done"] : t["sm.reports.rca_missing"]));
        }

        const string C = "sm.reports.section.changes";
        if (c.Changes.Count == 0)
        {
            Add(C, t["sm.reports.no_changes"], "0");
        }

        foreach (var ch in c.Changes)
        {
            Add(C, ChangeLabel(ch, t), N(ch.Count));
        }

        const string Sat = "sm.reports.section.satisfaction";
        var sat = c.CustomerSatisfaction;
        Add(Sat, t["sm.reports.satisfaction"], sat.Value is { } v ? Rating(v, t) : t["sm.reports.not_measured"]);
        if (c.Format >= 2)
        {
            Add(Sat, t["sm.satisfaction.ratings"], N(sat.Ratings));
            if (sat.Target is { } target)
            {
                Add(Sat, t["sm.satisfaction.target"], Rating(target, t));
                Add(Sat, t["sm.reports.result"], sat.Met is { } met ? Met(met, t) : t["sm.reports.not_measured"]);
            }
        }

        const string S = "sm.reports.section.sanctions";
        Add(S, t["sm.reports.fee"], Eur(c.Sanctions.MonthlyFeeEur));
        foreach (var s in c.Sanctions.Lines)
        {
            Add(S, SanctionLabel(s, t), s.Missed ? Eur(s.AmountEur) : t["sm.reports.no_sanction"]);
        }

        Add(S, t["sm.reports.sanctions_total"], Eur(c.Sanctions.TotalEur));
        return rows;
    }

    public static byte[] Csv(ReportContent c, Report? stored, Texts t) => Polku.Platform.Web.Csv.Write(Rows(c, stored, t));

    public static string FileName(ReportContent c, Report? stored) =>
        string.Create(CultureInfo.InvariantCulture, $"service-level-{c.ServiceId}-{c.Year:D4}-{c.Month:D2}-{(stored is null ? "draft" : "v" + stored.Version)}.csv");

    public static string ChangeLabel(ChangeLine ch, Texts t) =>
        (ch.Type.Length > 0 ? t["sm.reports.change_type." + ch.Type] : t["sm.reports.change_type.unknown"]) + ", "
        + (ch.Approval.Length > 0 ? t["sm.reports.approval." + ch.Approval] : t["sm.reports.approval.unknown"]);

    public static string SanctionLabel(SanctionLine s, Texts t) =>
        t["sm.reports.measure." + (Domain.SanctionMeasures.All.Contains(s.Measure) ? s.Measure : "other")]
        + (s.Priority is { } p ? " " + p : "") + " (" + D(s.PercentOfFee, 2) + " %)";

    public static string Pick(string fi, string sv, string en) => Pages.ServiceDesk.SmNames.Pick(fi, sv, en);

    public static string Month(int year, int month) => new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("Y", CultureInfo.CurrentCulture);

    /// <summary>A mean rating or a satisfaction target on the 1–5 scale, two decimals in the reader's culture ("4,25 / 5").</summary>
    public static string Rating(decimal value, Texts t) => t["sm.satisfaction.of_five", D(value, 2)];

    public static string Met(bool met, Texts t) => met ? t["sm.reports.met"] : t["sm.reports.not_met"];

    public static string Percent(decimal? value, Texts t) => value is { } v ? D(v, 2) + " %" : t["sm.reports.none_decided"];

    public static string Eur(decimal value) => value.ToString("N2", CultureInfo.CurrentCulture) + " €";

    public static string D(decimal value, int decimals) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture);

    public static string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);
}
