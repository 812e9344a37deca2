using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Availability;

namespace Polku.ServiceManagement.Api;

internal sealed record PeriodRequest(string? Start, string? End, string? ExcludedReason, string? Label);

internal sealed record ComputeRequest(int? Year, int? Month, IReadOnlyList<PeriodRequest?>? Outages, IReadOnlyList<PeriodRequest?>? Excluded, int? MergeGapMinutes);

internal sealed record ExclusionDto(string Kind, string Code, string? Label, DateTimeOffset Start, DateTimeOffset End, decimal Minutes);

internal sealed record OutageLineDto(DateTimeOffset Start, DateTimeOffset End, bool Open, int MergedFrom, DateTimeOffset InMonthStart, DateTimeOffset InMonthEnd,
    decimal Minutes, decimal ExcludedMinutes, IReadOnlyList<ExclusionDto> Exclusions, bool StartedInMonth, bool Planned, bool Counts);

internal sealed record AvailabilityDto(int Year, int Month, DateTimeOffset MonthStart, DateTimeOffset MonthEnd, decimal Pa, decimal Ka, decimal Eh, long KaSeconds,
    long EhSeconds, decimal AvailabilityPercent, int UnplannedOutages, int MergeGapMinutes, IReadOnlyList<OutageLineDto> Explanation);

/// <summary>Seed 002's availability formula over HTTP: compute any month from given outages and excluded periods.</summary>
internal static partial class AvailabilityApi
{
    public const int MaxOutages = 10_000;
    public const int MaxExcluded = 1_000;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management").WithTags("Service management").RequireAuthorization(PolkuRoles.ServiceDeskPolicy);
        api.MapPost("/availability/compute", Compute).AuditExempt("service availability figures without any person")
            .WithSummary("Availability S = (Pa − Ka + Eh) / Pa × 100 % of one calendar month in Europe/Helsinki from the given outages and excluded periods, explained outage by outage.")
            .WithDescription("Body {\"year\":2026,\"month\":3,\"outages\":[{\"start\":\"2026-03-02T10:00:00Z\",\"end\":\"2026-03-02T10:12:00Z\",\"excludedReason\":null}],"
                + "\"excluded\":[{\"start\":\"…\",\"end\":\"…\",\"label\":\"CHG-000001\"}],\"mergeGapMinutes\":5}. Times are ISO 8601 with Z or an offset; an outage without an end "
                + "is open and lasts until now (or the month's end). excludedReason: maintenance, customer or third-party. Year 2000–2100, month 1–12, "
                + "at most 10,000 outages and 1,000 excluded periods, mergeGapMinutes 0–1440 (default 5). Instants count to the whole second; minutes have "
                + "decimals (90 s = 1.5 min); the percentage is cut to six decimals.")
            .Produces<AvailabilityDto>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static Results<Ok<AvailabilityDto>, ProblemHttpResult> Compute(ComputeRequest? body, HttpContext context, TimeProvider time)
    {
        if (Validate(body, out var outages, out var excluded) is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var gap = body!.MergeGapMinutes ?? 5;
        var result = AvailabilityCalculator.Compute(body.Year!.Value, body.Month!.Value, outages, excluded, gap, time.GetUtcNow());
        return TypedResults.Ok(Dto(result, gap));
    }

    internal static AvailabilityDto Dto(AvailabilityResult r, int gap) => new(r.Year, r.Month, r.MonthStart, r.MonthEnd, r.Pa, r.Ka, r.Eh, r.KaSeconds, r.EhSeconds,
        r.AvailabilityPercent, r.UnplannedOutages, gap,
        [.. r.Explanation.Select(l => new OutageLineDto(l.Start, l.End, l.Open, l.MergedFrom, l.InMonthStart, l.InMonthEnd, l.Minutes, l.ExcludedMinutes,
            [.. l.Exclusions.Select(x => new ExclusionDto(x.Kind, x.Code, x.Label, x.Start, x.End, x.Minutes))], l.StartedInMonth, l.Planned, l.Counts))]);

    private static Error? Validate(ComputeRequest? body, out List<OutageInput> outages, out List<ExcludedPeriod> excluded)
    {
        outages = [];
        excluded = [];
        if (body is null)
        {
            return Error.Validation("sm.availability.error.body", "body");
        }

        if (body.Year is not (>= 2000 and <= 2100))
        {
            return Error.Validation("sm.availability.error.year", "year");
        }

        if (body.Month is not (>= 1 and <= 12))
        {
            return Error.Validation("sm.availability.error.month", "month");
        }

        if (body.MergeGapMinutes is < 0 or > AvailabilityCalculator.MaxMergeGapMinutes)
        {
            return Error.Validation("sm.availability.error.gap", "mergeGapMinutes");
        }

        if (body.Outages is { Count: > MaxOutages })
        {
            return Error.Validation("sm.availability.error.too_many", "outages");
        }

        if (body.Excluded is { Count: > MaxExcluded })
        {
            return Error.Validation("sm.availability.error.too_many", "excluded");
        }

        for (var i = 0; i < (body.Outages?.Count ?? 0); i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"outages[{i}]");
            if (body.Outages![i] is not { } o)
            {
                return Error.Validation("sm.availability.error.period", field);
            }

            if (Instant(o.Start) is not { } start)
            {
                return Error.Validation("sm.availability.error.time", field + ".start");
            }

            DateTimeOffset? end = null;
            if (o.End is not null)
            {
                if (Instant(o.End) is not { } e)
                {
                    return Error.Validation("sm.availability.error.time", field + ".end");
                }

                if (e <= start)
                {
                    return Error.Validation("sm.availability.error.end_before_start", field + ".end");
                }

                end = e;
            }

            if (o.ExcludedReason is { } reason && !ExclusionReasons.All.Contains(reason))
            {
                return Error.Validation("sm.availability.error.reason", field + ".excludedReason");
            }

            if (o.Label is { Length: > 200 })
            {
                return Error.Validation("sm.availability.error.label", field + ".label");
            }

            outages.Add(new OutageInput(start, end, o.ExcludedReason, o.Label));
        }

        for (var i = 0; i < (body.Excluded?.Count ?? 0); i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"excluded[{i}]");
            if (body.Excluded![i] is not { } w)
            {
                return Error.Validation("sm.availability.error.period", field);
            }

            if (Instant(w.Start) is not { } start)
            {
                return Error.Validation("sm.availability.error.time", field + ".start");
            }

            if (Instant(w.End) is not { } end)
            {
                return Error.Validation("sm.availability.error.time", field + ".end");
            }

            if (end <= start)
            {
                return Error.Validation("sm.availability.error.end_before_start", field + ".end");
            }

            if (w.ExcludedReason is not null)
            {
                return Error.Validation("sm.availability.error.reason", field + ".excludedReason");
            }

            if (w.Label is { Length: > 200 })
            {
                return Error.Validation("sm.availability.error.label", field + ".label");
            }

            excluded.Add(new ExcludedPeriod(start, end, w.Label));
        }

        return null;
    }

    /// <summary>An ISO 8601 instant with Z or an explicit offset (a time without one would be ambiguous), years 1900–2200.</summary>
    private static DateTimeOffset? Instant(string? text) =>
        text is not null && IsoInstant().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && value.Year is >= 1900 and <= 2200
            ? value
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoInstant();
}
