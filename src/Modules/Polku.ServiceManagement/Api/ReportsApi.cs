using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.ServiceManagement.Reports;

namespace Polku.ServiceManagement.Api;

internal sealed record ReportDto(string ServiceId, int Year, int Month, bool Frozen, int? Version, int Versions, string? ContentHash, string? PreviousHash,
    string? CorrectionReason, DateTimeOffset? FrozenAt, ReportContent Content);

/// <summary>The monthly service-level report over HTTP: the newest frozen version, or the live draft while none is frozen.</summary>
internal static class ReportsApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management").WithTags("Service management").RequireAuthorization(PolkuRoles.ServiceDeskPolicy);
        api.MapGet("/reports/{serviceId}/{year}/{month}", GetAsync).AuditExempt("service-level figures without any person")
            .WithSummary("A service's monthly service-level report: the newest frozen version (with its SHA-256 and the previous version's), or the live draft (frozen: false) while none is frozen.")
            .WithDescription("?version=N gives an older version. The content holds codes and figures: availability, unplanned outages, incidents by priority with response and resolution compliance, open problems and RCA status, changes, customer satisfaction (format 2: status measured with the mean rating 1–5, the number of ratings, the target and whether it was met; not-measured when no incident or request resolved in the month was rated; format 1 reports always say not-measured) and the sanctions in euros.")
            .Produces<ReportDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/reports/{serviceId}/{year}/{month}.csv", CsvAsync).AuditExempt("service-level figures without any person")
            .WithSummary("The same report as CSV (section, item, value) in the caller's language.")
            .Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetAsync(string serviceId, string year, string month, string? version, HttpContext context, ReportStore store, CancellationToken ct)
    {
        var (view, error) = await LoadAsync(serviceId, year, month, version, store, ct);
        if (error is not null)
        {
            return ApiErrors.Problem(error, context);
        }

        var s = view!.Stored;
        return TypedResults.Ok(new ReportDto(view.Content.ServiceId, view.Content.Year, view.Content.Month, s is not null, s?.Version, view.Versions, s?.ContentHash,
            s?.PreviousHash, s?.CorrectionReason, s is null ? null : new DateTimeOffset(s.CreatedUtc, TimeSpan.Zero), view.Content));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CsvAsync(string serviceId, string year, string month, string? version, HttpContext context, ReportStore store, Texts texts, CancellationToken ct)
    {
        var (view, error) = await LoadAsync(serviceId, year, month, version, store, ct);
        if (error is not null)
        {
            return ApiErrors.Problem(error, context);
        }

        return TypedResults.File(ReportRows.Csv(view!.Content, view.Stored, texts), "text/csv; charset=utf-8", ReportRows.FileName(view.Content, view.Stored));
    }

    internal static async Task<(ReportView? View, Error? Error)> LoadAsync(string serviceId, string year, string month, string? version, ReportStore store, CancellationToken ct)
    {
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100)
        {
            return (null, Error.Validation("sm.availability.error.year", "year"));
        }

        if (!int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m is < 1 or > 12)
        {
            return (null, Error.Validation("sm.availability.error.month", "month"));
        }

        int? v = null;
        if (!string.IsNullOrEmpty(version))
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return (null, Error.Validation("sm.reports.error.version", "version"));
            }

            v = parsed;
        }

        var view = await store.ViewAsync(serviceId, y, m, v, ct);
        return view is null ? (null, Error.NotFound(v is null ? "sm.reports.error.unknown_service" : "sm.reports.error.unknown_version")) : (view, null);
    }
}
