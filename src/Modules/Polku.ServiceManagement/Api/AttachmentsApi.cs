using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Audit;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Api;

/// <summary>
/// The download of a ticket attachment (<see cref="ServiceManagementRoutes.Attachment"/>): the service desk any file,
/// the reporter the files visible to them on their own tickets; for anyone else — another member of staff, a resident,
/// an internal file asked for by its reporter — the file does not exist (404, never 403). Always a download
/// (<c>Content-Disposition: attachment</c>) with the type sniffed when it was uploaded and <c>nosniff</c>.
/// </summary>
internal static class AttachmentsApi
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/service/attachments/{id:guid}", DownloadAsync).RequireAuthorization()
            .AuditExempt("service-management ticket attachments about digital services, no resident's data")
            .WithTags("Service management").WithSummary("Download a ticket attachment (the service desk, or the ticket's reporter when the file is visible to them).")
            .Produces(StatusCodes.Status200OK, null, "application/pdf", "image/png", "image/jpeg", "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(Guid id, HttpContext context, TicketAttachments attachments,
        IAuthorizationService authorization, CancellationToken ct)
    {
        var user = context.User;
        AttachmentFile? file = null;
        if ((await authorization.AuthorizeAsync(user, PolkuRoles.ServiceDeskPolicy)).Succeeded)
        {
            file = await attachments.ForDeskAsync(id, ct);
        }
        else if (user.IsStaff() && user.PersonId() is { } me)
        {
            file = await attachments.ForReporterAsync(id, me, ct);
        }

        if (file is null)
        {
            return ApiErrors.Problem(Error.NotFound(TicketAttachments.NotFound), context);
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.Info.ContentType, file.Info.FileName);
    }
}
