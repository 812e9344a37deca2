using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Polku.Platform.Persistence;

namespace Polku.Platform.Audit;

/// <summary>
/// Turns what <see cref="AuditScope"/> collected into audit rows in a context's change tracker. The unit of work
/// calls it before its commit, so a change and the audit rows of the residents it touched commit together; the audit
/// middleware calls it after the handler for whatever is left (reads, and a failed change's attempted access).
/// Outside a request (a background job) the actor is the system.
/// </summary>
public sealed class AuditWriter(AuditScope scope, TimeProvider time, IHttpContextAccessor accessor, ILogger<AuditWriter> logger)
{
    /// <summary>Adds a row for each resident touched since the last call; returns how many (0: nothing to save).</summary>
    public int AddPending(PolkuDb db) => TakePending(db).Count;

    /// <summary>Like <see cref="AddPending"/>; returns what it took so a failed commit can <see cref="Restore"/> it.</summary>
    public IReadOnlyList<(Guid Subject, AuditAccess? Access, string? Action)> TakePending(PolkuDb db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var touched = scope.TakeAll();
        foreach (var (subject, access, action) in touched)
        {
            db.AuditEntries.Add(Entry(subject, access, action));
        }

        return touched;
    }

    /// <summary>Returns entries a failed commit took to the scope, for the audit middleware to write.</summary>
    public void Restore(IReadOnlyList<(Guid Subject, AuditAccess? Access, string? Action)> taken) => scope.Restore(taken);

    /// <summary>
    /// The row for one access by the current user (or the system, outside a request), not yet added anywhere: a change
    /// written as a single SQL statement inserts it in that statement.
    /// </summary>
    public AuditEntry Entry(Guid subject, AuditAccess? access, string? action)
    {
        var context = accessor.HttpContext;
        var endpoint = context?.GetEndpoint();
        var declared = endpoint?.Metadata.GetMetadata<AuditAttribute>();
        if (context is not null && declared is null && action is null)
        {
            logger.LogError("Endpoint {Endpoint} touched resident data without declaring an audit action", endpoint?.DisplayName);
        }

        var user = context?.User;
        var now = time.GetUtcNow();
        return new AuditEntry
        {
            Id = Guid.CreateVersion7(now),
            AtUtc = now.UtcDateTime,
            SubjectPersonId = subject,
            ActorId = Guid.TryParse(user?.FindFirstValue(PolkuClaims.PersonId), out var id) ? id : null,
            ActorName = user?.FindFirstValue(PolkuClaims.Name) ?? "",
            ActorRole = context is null ? "system" : user?.FindFirstValue(PolkuClaims.Kind) ?? "anonymous",
            Action = action ?? declared?.Action ?? "undeclared",
            Access = (access ?? declared?.Access ?? AuditAccess.Read) == AuditAccess.Change ? "change" : "read",
            Reason = scope.Reason,
            Emergency = scope.Emergency,
            RemoteAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Endpoint = endpoint?.DisplayName,
        };
    }
}
