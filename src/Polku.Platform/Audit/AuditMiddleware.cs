using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polku.Platform.Persistence;

namespace Polku.Platform.Audit;

/// <summary>
/// Writes the audit rows for the residents a request touched that no unit of work has already committed (reads, and
/// the attempted access of a change that failed), using the action its endpoint declares. Rows are written before the
/// response starts, so a resident's data never leaves without its audit entry.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AuditScope scope)
    {
        context.Response.OnStarting(() => FlushAsync(context, scope));
        await next(context);
        await FlushAsync(context, scope);
    }

    private static async Task FlushAsync(HttpContext context, AuditScope scope)
    {
        // The context is taken only when there is something to write: most requests touch no resident's data.
        if (!scope.HasPending)
        {
            return;
        }

        var db = context.RequestServices.GetRequiredService<PolkuDb>();
        if (db.ChangeTracker.HasChanges())
        {
            // Changes a handler left unsaved were never committed by their unit of work; the audit rows must not
            // commit them on its behalf.
            context.RequestServices.GetRequiredService<ILogger<AuditMiddleware>>()
                .LogWarning("Endpoint {Endpoint} left unsaved changes; they were discarded", context.GetEndpoint()?.DisplayName);
            db.ChangeTracker.Clear();
        }

        var writer = context.RequestServices.GetRequiredService<AuditWriter>();
        if (writer.AddPending(db) > 0)
        {
            await db.SaveChangesAsync(context.RequestAborted);
        }
    }
}
