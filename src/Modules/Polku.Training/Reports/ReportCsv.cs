using System.Globalization;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Training.Reports;

/// <summary>
/// The reports and exports as CSV (<see cref="Csv.Write"/>: UTF-8 with a byte-order mark, formula-safe cells) with
/// headers in the reader's language. Numbers are plain integers and times Helsinki wall-clock <c>yyyy-MM-dd HH:mm</c>,
/// so a spreadsheet in any language reads them the same. The same tables serve the report page and the API.
/// </summary>
internal static class ReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] FillRates(FillReport report, Texts t) => Csv.Write(
    [
        Header(t, "programme_code", "programme", "course_code", "course", "groups", "capacity", "taken", "waiting", "fill"),
        .. report.Courses.Select(c => Row(c.ProgrammeCode, c.Programme, c.CourseCode, c.Course, N(c.Groups), N(c.Capacity), N(c.Taken), N(c.Waiting), P(c.FillPercent))),
        Row(t["training.reports.total"], "", "", "", N(report.Total.Groups), N(report.Total.Capacity), N(report.Total.Taken), N(report.Total.Waiting), P(report.Total.FillPercent)),
    ]);

    public static byte[] Organisations(FillReport report, Texts t) => Csv.Write(
    [
        Header(t, "organisation", "programme_code", "programme", "course_code", "course", "taken", "waiting"),
        .. report.Organisations.Select(o => Row(o.Organisation, o.ProgrammeCode, o.Programme, o.CourseCode, o.Course, N(o.Taken), N(o.Waiting))),
    ]);

    public static byte[] Certifications(CertificationReport report, Texts t) => Csv.Write(
    [
        Header(t, "organisation", "kind", "valid", "expiring", "expired"),
        .. report.Rows.Select(r => Row(r.Organisation, r.KindName, N(r.Valid), N(r.Expiring), N(r.Expired))),
        .. report.Totals.Select(r => Row(t["training.reports.total"], r.KindName, N(r.Valid), N(r.Expiring), N(r.Expired))),
    ]);

    public static byte[] Attendance(IReadOnlyList<AttendanceLine> lines, Texts t) => Csv.Write(
    [
        Header(t, "group", "course", "trainee", "unit", "session_start", "session_end", "attendance"),
        .. lines.Select(l => Row(l.GroupCode, l.Course, l.Trainee, l.Units, Time(l.StartUtc), Time(l.EndUtc), t["training.reports.mark." + l.Mark])),
    ]);

    public static byte[] Certificates(IReadOnlyList<CertificateLine> lines, Texts t) => Csv.Write(
    [
        Header(t, "holder", "unit", "kind", "course", "issued", "expires", "verification_code", "state"),
        .. lines.Select(l => Row(l.Holder, l.Units, l.Kind, l.Course, Time(l.IssuedUtc), l.ExpiresUtc is { } e ? Time(e) : t["training.reports.no_expiry"], l.VerificationCode,
            t[l.Valid ? "training.reports.state.valid" : "training.reports.state.expired"])),
    ]);

    /// <summary>A download's file name: the report's name and its period.</summary>
    public static string FileName(string report, ReportFilter? filter) =>
        filter is null ? $"training-{report}.csv" : $"training-{report}-{ReportFilter.Iso(filter.From)}-{ReportFilter.Iso(filter.To)}.csv";

    /// <summary>Helsinki wall-clock time, <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static string Time(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> Header(Texts t, params string[] columns) => [.. columns.Select(c => t["training.reports.col." + c])];

    private static string[] Row(params string[] cells) => cells;

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string P(int? percent) => percent?.ToString(CultureInfo.InvariantCulture) ?? "";
}
