using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Results;
using Polku.Platform.Web;
using Polku.ServiceManagement.Contracts;

namespace Polku.ServiceManagement.Api;

/// <summary>A notice as the public status API gives it: times in ISO 8601 with the Helsinki offset.</summary>
internal sealed record StatusNoticeDto(string Kind, string? Service, string Title, string Body, string Start, string? End);

internal sealed record StatusDto(string Language, IReadOnlyList<StatusNoticeDto> Disruptions, IReadOnlyList<StatusNoticeDto> Planned);

/// <summary>The public status of the county's digital services: current disruptions and planned breaks (spec 06).</summary>
internal static class StatusApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/status", GetAsync).WithTags("Service status")
            .AuditExempt("public disruption notices, no personal data")
            .WithSummary("Current disruptions (started, not ended) and planned breaks (starting later or ongoing) of the county's digital services: ?lang=fi|sv|en (default fi).")
            .WithDescription("Each notice: kind (disruption or planned), the service's name (null when the notice is not about one service), title, body (plain text), start and end (null when open) as ISO 8601 with the Helsinki offset.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Ok<StatusDto>, ProblemHttpResult>> GetAsync(string? lang, HttpContext context, IDisruptionNotices notices, CancellationToken ct)
    {
        var language = string.IsNullOrEmpty(lang) ? "fi" : lang;
        if (language is not ("fi" or "sv" or "en"))
        {
            return ApiErrors.Problem(Error.Validation("sm.notices.error.lang", "lang"), context);
        }

        var current = await notices.CurrentAsync(language, ct);
        return TypedResults.Ok(new StatusDto(language,
            [.. current.Where(n => !n.Planned).Select(Dto)],
            [.. current.Where(n => n.Planned).Select(Dto)]));
    }

    private static StatusNoticeDto Dto(DisruptionNotice n) =>
        new(n.Planned ? "planned" : "disruption", n.ServiceName, n.Title, n.Body, Iso(n.Starts), n.Ends is { } e ? Iso(e) : null);

    internal static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
