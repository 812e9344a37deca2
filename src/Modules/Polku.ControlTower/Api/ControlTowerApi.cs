using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.ControlTower.Imports;
using Polku.ControlTower.Kpis;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Api;

internal sealed record KpiValueDto(string Code, string? Municipality, decimal? Value, decimal Numerator, decimal Denominator, string Unit, string? Target, bool? Met);

internal sealed record KpiReportDto(string From, string To, string? Municipality, string? Service, string? Channel, Guid? Unit, DateTimeOffset? RolledUntil,
    IReadOnlyList<KpiValueDto> Kpis);

internal sealed record ImportErrorDto(int Line, string Column, string Code, string Message);

internal sealed record ImportDto(bool DryRun, bool Imported, int? Version, int Accepted, IReadOnlyList<ImportErrorDto> Errors, IReadOnlyList<string> Days,
    IReadOnlyList<string> Replaces);

/// <summary>The control tower over HTTP (spec 05): KPIs as JSON and CSV, and the import of phone and walk-in counts.</summary>
internal static class ControlTowerApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/control-tower").WithTags("Control tower").RequireAuthorization(PolkuRoles.ControlTowerPolicy);
        api.MapGet("/kpis", KpisAsync).AuditExempt("aggregate figures without any person")
            .WithSummary("Each KPI's value, numerator, denominator and target for the county and each municipality: ?from=2026-01-01&to=2026-01-31&municipality=638&service=…&channel=…&unit=….")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/kpis.csv", KpisCsvAsync).AuditExempt("aggregate figures without any person")
            .WithSummary("The same as CSV: code, municipality, value, numerator, denominator, unit, target, met.")
            .Produces(StatusCodes.Status200OK, null, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/imports/contacts", ImportAsync).AuditExempt("daily counts without any person")
            .Accepts<string>("text/csv")
            .WithSummary("Phone and walk-in counts as CSV (date,municipality,channel,kind,count; ?dryRun=true checks only). Re-importing a day replaces it as a new version.")
            .WithDescription("Channels: phone, walk-in. Kinds: first-line, other. 200 for a dry run (with the row errors, if any), 201 when imported, 400 with the row errors when any row is bad (then nothing is imported).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<Results<Ok<KpiReportDto>, ProblemHttpResult>> KpisAsync(string? from, string? to, string? municipality, string? service, string? channel,
        string? unit, HttpContext context, KpiService kpis, IUnitDirectory units, IServiceNames services, TimeProvider time, CancellationToken ct)
    {
        var filter = await new KpiQuery(from, to, municipality, service, channel, unit).ParseAsync(units, services, time.GetUtcNow(), ct);
        if (filter.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var report = await kpis.ReportAsync(filter.Value!, ct);
        var f = report.Filter;
        return TypedResults.Ok(new KpiReportDto(KpiQuery.Iso(f.From), KpiQuery.Iso(f.To), f.Municipality, f.Service, f.Channel, f.Unit,
            report.RolledUntilUtc is { } r ? new DateTimeOffset(DateTime.SpecifyKind(r, DateTimeKind.Utc)) : null, Values(report)));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> KpisCsvAsync(string? from, string? to, string? municipality, string? service, string? channel,
        string? unit, HttpContext context, KpiService kpis, IUnitDirectory units, IServiceNames services, TimeProvider time, CancellationToken ct)
    {
        var filter = await new KpiQuery(from, to, municipality, service, channel, unit).ParseAsync(units, services, time.GetUtcNow(), ct);
        if (filter.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var report = await kpis.ReportAsync(filter.Value!, ct);
        IReadOnlyList<string>[] header = [["code", "municipality", "value", "numerator", "denominator", "unit", "target", "met"]];
        var rows = Values(report).Select(v => (IReadOnlyList<string>)[v.Code, v.Municipality ?? "", Number(v.Value), Number(v.Numerator), Number(v.Denominator),
            v.Unit, v.Target ?? "", v.Met is { } met ? (met ? "true" : "false") : ""]);
        return TypedResults.File(Csv.Write(header.Concat(rows)), "text/csv; charset=utf-8",
            "kpis-" + KpiQuery.Iso(report.Filter.From) + "-" + KpiQuery.Iso(report.Filter.To) + ".csv");
    }

    private static List<KpiValueDto> Values(KpiReport report) =>
        [.. report.Columns.SelectMany(c => c.Values.Select(v =>
        {
            var definition = KpiCatalogue.Find(v.Code)!;
            return new KpiValueDto(v.Code, c.Municipality, v.Value, v.Numerator, v.Denominator, definition.Unit.ToString().ToLowerInvariant(), definition.Target?.Text, v.Met);
        }))];

    private static string Number(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static async Task<Results<Ok<ImportDto>, Created<ImportDto>, BadRequest<ImportDto>, ProblemHttpResult>> ImportAsync(bool? dryRun, HttpContext context, ContactImports imports, Texts texts, CancellationToken ct)
    {
        if (context.Request.ContentLength > ContactImports.MaxBytes)
        {
            return ApiErrors.Problem(new Polku.Platform.Results.Error("tower.import.error.too_large", "body", StatusCodes.Status413PayloadTooLarge), context);
        }

        string csv;
        using (var reader = new StreamReader(context.Request.Body))
        {
            var buffer = new char[ContactImports.MaxBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            if (read > ContactImports.MaxBytes)
            {
                return ApiErrors.Problem(new Polku.Platform.Results.Error("tower.import.error.too_large", "body", StatusCodes.Status413PayloadTooLarge), context);
            }

            csv = new string(buffer, 0, read);
        }

        var outcome = await imports.ImportAsync(csv, "api", dryRun == true, context.User.PersonId(), ct);
        var dto = Dto(outcome, texts);
        if (outcome.DryRun)
        {
            return TypedResults.Ok(dto);
        }

        return outcome.Imported ? TypedResults.Created((string?)null, dto) : TypedResults.BadRequest(dto);
    }

    internal static ImportDto Dto(ImportOutcome o, Texts texts) => new(o.DryRun, o.Imported, o.Version, o.Accepted,
        [.. o.Errors.Select(e => new ImportErrorDto(e.Line, e.Column, e.Code, texts[e.Code]))], [.. o.Days.Select(KpiQuery.Iso)],
        [.. o.Replaces.Select(r => KpiQuery.Iso(r.Day))]);
}
