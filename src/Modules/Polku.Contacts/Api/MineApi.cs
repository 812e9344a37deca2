using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Access;
using Polku.Contacts.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record MineTaskDto(Guid Id, string Type, string Status, DateTime Created, DateTime? Completed);

internal sealed record MineThreadDto(Guid Id, string Subject, string Link);

internal sealed record MineCaseDto(Guid Id, string Title, string State, DateTime Created, DateTime? Closed,
    IReadOnlyList<MineTaskDto> Tasks, IReadOnlyList<MineThreadDto> Threads, IReadOnlyList<CallbackDto> Callbacks);

/// <summary>The resident's own cases (the ward's when a guardian acts for one).</summary>
internal static class MineApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me/cases", GetAsync).WithTags("Contacts")
            .RequireAuthorization(PolkuRoles.ResidentPolicy)
            .Audited("contacts.mine.read")
            .WithSummary("The resident's open and closed cases with task statuses (received, in-process, waiting-for-you, completed), message threads and call-backs.");
    }

    private static async Task<Results<Ok<IReadOnlyList<MineCaseDto>>, UnauthorizedHttpResult>> GetAsync(ClaimsPrincipal user, ResidentOverview overview, AuditScope audit, CancellationToken ct)
    {
        if (user.EffectiveResidentId() is not { } residentId)
        {
            return TypedResults.Unauthorized();
        }

        audit.Touch(residentId);
        var cases = await overview.CasesAsync(residentId, ct);
        return TypedResults.Ok<IReadOnlyList<MineCaseDto>>(cases.Select(c => new MineCaseDto(c.Id, c.Title, c.State == Data.CaseState.Open ? "open" : "closed",
            DateTime.SpecifyKind(c.CreatedUtc, DateTimeKind.Utc), c.ClosedUtc is { } closed ? DateTime.SpecifyKind(closed, DateTimeKind.Utc) : null,
            [.. c.Tasks.Select(t => new MineTaskDto(t.Id, t.Type.ToString(), t.Status, DateTime.SpecifyKind(t.CreatedUtc, DateTimeKind.Utc), t.CompletedUtc))],
            [.. c.Threads.Select(t => new MineThreadDto(t.Id, t.Subject, $"{ContactsRoutes.MyMessages}/{t.Id:D}"))],
            [.. c.Callbacks.Select(b => CallbacksApi.Dto(b, ""))])).ToList());
    }
}
