using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.ServiceManagement.Knowledge;

namespace Polku.ServiceManagement.Api;

internal sealed record KbSummaryDto(string Number, string Title, string? Service, DateTimeOffset Updated);

internal sealed record KbTextsDto(string Fi, string Sv, string En);

internal sealed record KbTicketDto(string Number, string Kind, string Title);

internal sealed record KbArticleDto(string Number, string? Service, KbTextsDto Title, KbTextsDto Body, DateTimeOffset Updated, IReadOnlyList<KbTicketDto> Tickets);

/// <summary>The knowledge base for the service desk: search and read articles.</summary>
internal static class KnowledgeApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management/knowledge").WithTags("Service management")
            .RequireAuthorization(PolkuRoles.ServiceDeskPolicy)
            .AuditExempt("knowledge articles about digital services, no personal data");
        api.MapGet("", SearchAsync)
            .WithSummary("Knowledge articles whose number or title in the reader's language (?lang=fi|sv|en) contains ?q= (case-insensitive); all, latest first, without q. At most 100.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{number}", GetAsync)
            .WithSummary("A knowledge article by number (KB-0001) with its title and body in fi, sv and en and the tickets it is linked to.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<KbSummaryDto>>, ProblemHttpResult>> SearchAsync(string? q, HttpContext context, KnowledgeService knowledge, CancellationToken ct)
    {
        if (q is { Length: > KnowledgeService.MaxQuery })
        {
            return ApiErrors.Problem(Error.Validation("sm.knowledge.error.query_too_long", "q"), context);
        }

        var found = await knowledge.SearchAsync(q, Language.Current, ct);
        return TypedResults.Ok<IReadOnlyList<KbSummaryDto>>([.. found.Select(a => new KbSummaryDto(a.Number, a.Title, a.ServiceId, Utc(a.UpdatedUtc)))]);
    }

    private static async Task<Results<Ok<KbArticleDto>, ProblemHttpResult>> GetAsync(string number, HttpContext context, KnowledgeService knowledge, CancellationToken ct)
    {
        if (await knowledge.FindAsync(number, ct) is not { } detail)
        {
            return ApiErrors.Problem(Error.NotFound("sm.knowledge.error.not_found"), context);
        }

        var a = detail.Article;
        return TypedResults.Ok(new KbArticleDto(a.Number, a.ServiceId, new KbTextsDto(a.TitleFi, a.TitleSv, a.TitleEn), new KbTextsDto(a.BodyFi, a.BodySv, a.BodyEn),
            Utc(a.UpdatedUtc), [.. detail.Tickets.Select(t => new KbTicketDto(t.Number, t.Kind, t.Title))]));
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
