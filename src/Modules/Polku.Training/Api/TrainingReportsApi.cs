using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Reports;

namespace Polku.Training.Api;

internal sealed record FillReportDto(string From, string To, string? Organisation, IReadOnlyList<CourseFill> Courses, CourseFill Total, IReadOnlyList<OrganisationFill> Organisations,
    IReadOnlyList<OrganisationTotal> OrganisationTotals);

internal sealed record CertificationReportDto(string? Organisation, string? Kind, string? Title, DateTimeOffset At, IReadOnlyList<CertificationRow> Rows, IReadOnlyList<CertificationRow> Totals);

/// <summary>
/// The coordinator's reports under <c>/api/training/admin/reports</c> (issue 16, parts 6 and 9): fill rates and
/// certification as JSON or CSV (<c>?format=csv</c>), attendance and certificates as CSV. Coordinator only.
/// </summary>
internal static class TrainingReportsApi
{
    private const string Exempt = "training reports of professionals, no resident's data";
    private const string FormatUnknown = "training.reports.format_unknown";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/training/admin/reports").WithTags("Training").RequireAuthorization(PolkuRoles.CoordinatorPolicy);
        api.MapGet("/fill-rates", FillRatesAsync).AuditExempt(Exempt)
            .WithSummary("Fill rates of the course groups in a period, per course and per organisation")
            .WithDescription("Groups whose first session starts from ?from= to ?to= (Helsinki dates yyyy-MM-dd, both included; default 90 days back and ahead, "
                + "at most 731 days). Per course, county-wide: groups, capacity, places taken, waiting, fill per cent (taken / capacity). Per organisation (the "
                + "trainee's unit; ?organisation= a unit code): places taken and waiting per course (organisations) and over all courses (organisationTotals). ?format=csv gives the course table as CSV (UTF-8 with BOM, headers in "
                + "?lang=fi|sv|en), ?format=csv&table=organisations the organisation table. Errors: 400 training.reports.date_invalid, training.reports.period_order, "
                + "training.reports.period_too_long, training.reports.organisation_unknown, training.reports.format_unknown.")
            .Produces<FillReportDto>().Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/certifications", CertificationsAsync).AuditExempt(Exempt)
            .WithSummary("Professionals by their newest certificate of each kind, per organisation")
            .WithDescription("Per organisation (unit) and kind: holders of a valid certificate, of which expiring within 30 days, and expired; the newest "
                + "certificate per person and kind counts. Filters ?organisation= (unit code), ?kind=, ?title= (professional title). ?format=csv for CSV. "
                + "Errors: 400 training.reports.organisation_unknown, training.reports.kind_unknown, training.reports.title_too_long, training.reports.format_unknown.")
            .Produces<CertificationReportDto>().Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/attendance", AttendanceAsync).AuditExempt(Exempt)
            .WithSummary("Attendance as CSV: one group (?group=) or every group starting in the period")
            .WithDescription("Every enrolled participant at every session: group, course, trainee, unit, session start and end (Helsinki time), present, absent "
                + "or not marked. ?group= one group; otherwise ?from=&to= and ?organisation= as the fill rates. Errors: 400 as the fill rates, 404 "
                + "training.reports.group_not_found.")
            .Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/certificates", CertificatesAsync).AuditExempt(Exempt)
            .WithSummary("Issued certificates as CSV")
            .WithDescription("Every certificate issued (renewed ones included): holder, unit, kind, course, issued, expires, verification code, valid or expired. "
                + "Filters ?organisation=, ?kind=, ?title= as the certification report. Errors: 400 as the certification report.")
            .Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<FillReportDto>, FileContentHttpResult, ProblemHttpResult>> FillRatesAsync(string? from, string? to, string? organisation,
        string? format, string? table, HttpContext context, TrainingReports reports, Texts texts, CancellationToken ct)
    {
        var (filter, errors) = await reports.ParseAsync(new ReportQuery(from, to, organisation, null, null), ct);
        if (Csv(format) is not { } csv)
        {
            return ApiErrors.Problem(Error.Validation(FormatUnknown, "format"), context);
        }

        if (filter is null)
        {
            return ApiErrors.Problem(errors[0], context);
        }

        if (csv && table is not (null or "" or "courses" or "organisations"))
        {
            return ApiErrors.Problem(Error.Validation(FormatUnknown, "table"), context);
        }

        var report = await reports.FillRatesAsync(filter, Language.Current, texts["training.reports.no_unit"], ct);
        if (csv)
        {
            return table == "organisations"
                ? TypedResults.File(ReportCsv.Organisations(report, texts), ReportCsv.ContentType, ReportCsv.FileName("organisations", filter))
                : TypedResults.File(ReportCsv.FillRates(report, texts), ReportCsv.ContentType, ReportCsv.FileName("fill-rates", filter));
        }

        return TypedResults.Ok(new FillReportDto(ReportFilter.Iso(filter.From), ReportFilter.Iso(filter.To), filter.Organisation?.Code, report.Courses, report.Total,
            report.Organisations, report.OrganisationTotals));
    }

    private static async Task<Results<Ok<CertificationReportDto>, FileContentHttpResult, ProblemHttpResult>> CertificationsAsync(string? organisation, string? kind,
        string? title, string? format, HttpContext context, TrainingReports reports, Texts texts, TimeProvider time, CancellationToken ct)
    {
        var (filter, errors) = await reports.ParseAsync(new ReportQuery(null, null, organisation, kind, title), ct);
        if (Csv(format) is not { } csv)
        {
            return ApiErrors.Problem(Error.Validation(FormatUnknown, "format"), context);
        }

        if (filter is null)
        {
            return ApiErrors.Problem(errors[0], context);
        }

        var report = await reports.CertificationsAsync(filter, Language.Current, texts["training.reports.no_unit"], ct);
        return csv
            ? TypedResults.File(ReportCsv.Certifications(report, texts), ReportCsv.ContentType, ReportCsv.FileName("certifications", null))
            : TypedResults.Ok(new CertificationReportDto(filter.Organisation?.Code, filter.Kind, filter.Title, time.GetUtcNow(), report.Rows, report.Totals));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AttendanceAsync(Guid? group, string? from, string? to, string? organisation,
        HttpContext context, TrainingReports reports, Texts texts, CancellationToken ct)
    {
        var (filter, errors) = await reports.ParseAsync(new ReportQuery(from, to, organisation, null, null), ct);
        if (filter is null)
        {
            return ApiErrors.Problem(errors[0], context);
        }

        if (group is { } id && await reports.GroupAsync(id, null, ct) is null)
        {
            return ApiErrors.Problem(Error.NotFound(ReportErrors.GroupNotFound), context);
        }

        var lines = await reports.AttendanceAsync(group, filter, Language.Current, texts["training.reports.no_unit"], ct);
        return TypedResults.File(ReportCsv.Attendance(lines, texts), ReportCsv.ContentType, ReportCsv.FileName("attendance", group is null ? filter : null));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CertificatesAsync(string? organisation, string? kind, string? title,
        HttpContext context, TrainingReports reports, Texts texts, CancellationToken ct)
    {
        var (filter, errors) = await reports.ParseAsync(new ReportQuery(null, null, organisation, kind, title), ct);
        if (filter is null)
        {
            return ApiErrors.Problem(errors[0], context);
        }

        var lines = await reports.CertificatesAsync(filter, Language.Current, texts["training.reports.no_unit"], ct);
        return TypedResults.File(ReportCsv.Certificates(lines, texts), ReportCsv.ContentType, ReportCsv.FileName("certificates", null));
    }

    /// <summary>true for CSV, false for JSON, null for a format this API does not give.</summary>
    private static bool? Csv(string? format) => format switch
    {
        null or "" or "json" => false,
        "csv" => true,
        _ => null,
    };
}
