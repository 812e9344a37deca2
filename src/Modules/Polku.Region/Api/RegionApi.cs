using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Region.Directory;

namespace Polku.Region.Api;

internal sealed record LocalizedDto(string Fi, string Sv, string En);

internal sealed record MunicipalityDto(string Code, LocalizedDto Name, IReadOnlyList<string> Languages);

internal sealed record NonWorkingDayDto(string Date, string Kind, LocalizedDto Name);

internal sealed record ServiceDto(string Code, LocalizedDto Name, LocalizedDto Description);

internal sealed record ChannelDto(string Id, string Kind, string Mode, string? Municipality, string? Url, string? Phone, string? Link, LocalizedDto? Label);

internal sealed record ServiceDetailDto(string Code, LocalizedDto Name, LocalizedDto Description, string? Municipality, IReadOnlyList<ChannelDto> Channels);

/// <summary>JSON API of the region module (spec 01): municipalities, the service directory and the calendar.</summary>
internal static class RegionApi
{
    /// <summary>The longest range the calendar endpoint answers, in years (the public contract says 200).</summary>
    private const int MaxYears = 200;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var region = endpoints.MapGroup("/api/region").WithTags("Region").AuditExempt("public county data, no personal data");
        region.MapGet("/municipalities", GetMunicipalities)
            .WithSummary("The county's municipalities with official codes, names in fi/sv/en and official languages.");
        region.MapGet("/services", SearchServices)
            .WithSummary("Search the service directory (every word must match; case and accents ignored).");
        region.MapGet("/services/{code}", GetService)
            .WithSummary("A service with the channels a resident of the given municipality sees today.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        endpoints.MapGet("/api/calendar/nonworking-days", GetNonWorkingDays).WithTags("Calendar")
            .AuditExempt("public calendar, no personal data")
            .WithSummary("Finnish public holidays (kind public) and de-facto non-working days (Midsummer Eve, Christmas Eve; kind de-facto) between two dates inclusive, at most 200 years.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static LocalizedDto Dto(Polku.Platform.Localization.LocalizedText t) => new(t.Fi, t.Sv, t.En);

    private static async Task<Ok<IReadOnlyList<MunicipalityDto>>> GetMunicipalities(ServiceDirectory directory, CancellationToken ct)
    {
        var list = await directory.MunicipalitiesAsync(ct);
        return TypedResults.Ok<IReadOnlyList<MunicipalityDto>>(list.Select(m => new MunicipalityDto(m.Code, Dto(m.Name), m.Languages)).ToList());
    }

    private static async Task<Ok<IReadOnlyList<ServiceDto>>> SearchServices(string? q, ServiceDirectory directory, CancellationToken ct)
    {
        var list = await directory.SearchAsync(q is { Length: > 200 } ? q[..200] : q, ct);
        return TypedResults.Ok<IReadOnlyList<ServiceDto>>(list.Select(s => new ServiceDto(s.Code, Dto(s.Name), Dto(s.Description))).ToList());
    }

    private static async Task<Results<Ok<ServiceDetailDto>, ProblemHttpResult>> GetService(string code, string? municipality, ServiceDirectory directory, HttpContext context, CancellationToken ct)
    {
        var service = await directory.FindAsync(code, ct);
        if (service is null)
        {
            return ApiErrors.Problem(Polku.Platform.Results.Error.NotFound("region.service_not_found"), context);
        }

        if (municipality is not null && !await directory.MunicipalityExistsAsync(municipality, ct))
        {
            return ApiErrors.Validation(context, "region.unknown_municipality", "municipality");
        }

        var channels = await directory.ChannelsAsync(service, municipality, ct);
        return TypedResults.Ok(new ServiceDetailDto(service.Code, Dto(service.Name), Dto(service.Description), municipality,
            channels.Select(c => new ChannelDto(c.Id.ToString(), c.Kind.ToString(), c.Mode.ToString(), c.MunicipalityCode, c.Url, c.Phone, c.BuiltInLink,
                c.Label is null ? null : Dto(c.Label))).ToList()));
    }

    private static Results<Ok<IReadOnlyList<NonWorkingDayDto>>, ProblemHttpResult> GetNonWorkingDays(string? from, string? to, HttpContext context)
    {
        if (!TryDate(from, out var start))
        {
            return ApiErrors.Validation(context, "error.invalid_date", "from");
        }

        if (!TryDate(to, out var end))
        {
            return ApiErrors.Validation(context, "error.invalid_date", "to");
        }

        if (end < start)
        {
            return ApiErrors.Validation(context, "error.date_range", "to");
        }

        if (end > start.AddYears(MaxYears) || start.Year < 1583)
        {
            return ApiErrors.Validation(context, "error.range_too_long", "to");
        }

        var days = FinnishCalendar.Between(start, end)
            .Select(d => new NonWorkingDayDto(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Kind == NonWorkingDayKind.Public ? "public" : "de-facto", Dto(d.Name)))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<NonWorkingDayDto>>(days);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
