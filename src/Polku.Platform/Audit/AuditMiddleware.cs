using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polku.Platform.Persistence;

namespace Polku.Platform.Audit;

/// <summary>
/// Writes the audit rows for the residents a request touched, using the action its endpoint declares.
/// Rows are written before the response starts, so a resident's data never leaves without its audit entry.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context, AuditScope scope, TimeProvider time)
    {
        context.Response.OnStarting(() => FlushAsync(context, scope, time));
        await next(context);
        await FlushAsync(context, scope, time);
    }

    private async Task FlushAsync(HttpContext context, AuditScope scope, TimeProvider time)
    {
        var touched = scope.TakeAll();
        if (touched.Count == 0)
        {
            return;
        }

        // The context is taken only when there is something to write: most requests touch no resident's data.
        var db = context.RequestServices.GetRequiredService<PolkuDb>();

        var endpoint = context.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<AuditAttribute>();
        if (declared is null)
        {
            logger.LogError("Endpoint {Endpoint} touched resident data without declaring an audit action", endpoint?.DisplayName);
        }

        var user = context.User;
        var actorId = Guid.TryParse(user.FindFirstValue(PolkuClaims.PersonId), out var id) ? id : (Guid?)null;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (subject, access, action) in touched)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                AtUtc = now,
                SubjectPersonId = subject,
                ActorId = actorId,
                ActorName = user.FindFirstValue(PolkuClaims.Name) ?? "",
                ActorRole = user.FindFirstValue(PolkuClaims.Kind) ?? "anonymous",
                Action = action ?? declared?.Action ?? "undeclared",
                Access = (access ?? declared?.Access ?? AuditAccess.Read) == AuditAccess.Change ? "change" : "read",
                Reason = scope.Reason,
                Emergency = scope.Emergency,
                RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
                Endpoint = endpoint?.DisplayName,
            });
        }

        await db.SaveChangesAsync(context.RequestAborted);
    }
}
