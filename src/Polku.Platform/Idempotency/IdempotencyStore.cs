using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Platform.Idempotency;

/// <summary>A remembered first answer: which resource a scoped key created.</summary>
public sealed class IdempotencyRecord
{
    /// <summary><see cref="IdempotencyKey.Scope"/>; the primary key, so two requests with one key cannot both insert.</summary>
    public string Scope { get; set; } = "";

    public string RequestHash { get; set; } = "";

    /// <summary>The resource the first request created (its id as text), which a repeat answers with.</summary>
    public string ResourceId { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

/// <summary>What a key already stands for.</summary>
public enum IdempotencyMatch
{
    /// <summary>Nothing yet: do the work and <see cref="IdempotencyStore.Remember"/> the key with it.</summary>
    None,

    /// <summary>The same request was done before: answer with <see cref="IdempotencyLookup.ResourceId"/>.</summary>
    Repeat,

    /// <summary>The caller used the key for a different request: 422 <c>request.idempotency_key_reused</c>.</summary>
    Reused,
}

public readonly record struct IdempotencyLookup(IdempotencyMatch Match, string? ResourceId)
{
    public static Error ReusedError => new(IdempotencyKey.ReusedCode, IdempotencyKey.Header, 422);
}

/// <summary>
/// The one idempotency helper of every module. A write that takes a key looks it up first (a repeat answers the
/// first result; a key reused for another request is refused) and then <see cref="Remember"/>s it in the same unit
/// of work as the resource it creates. The primary key on the scoped key decides a race between two requests with one
/// key: one commit wins, the other's <see cref="DbUpdateException"/> is answered by looking the key up again.
/// </summary>
public sealed class IdempotencyStore(PolkuDb db, TimeProvider time)
{
    /// <summary>How long a key is remembered; a retry comes within minutes, a key reused after this is a new request.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async Task<IdempotencyLookup> FindAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var row = await db.Set<IdempotencyRecord>().AsNoTracking()
            .Where(r => r.Scope == key.Scope)
            .Select(r => new { r.RequestHash, r.ResourceId })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? new(IdempotencyMatch.None, null)
            : string.Equals(row.RequestHash, key.RequestHash, StringComparison.Ordinal) ? new(IdempotencyMatch.Repeat, row.ResourceId)
            : new(IdempotencyMatch.Reused, null);
    }

    /// <summary>Adds the key to the current unit of work, to commit with the resource it created.</summary>
    public void Remember(IdempotencyKey key, string resourceId)
    {
        ArgumentNullException.ThrowIfNull(key);
        db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
        {
            Scope = key.Scope,
            RequestHash = key.RequestHash,
            ResourceId = resourceId,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>Forgets keys older than <see cref="Retention"/> (housekeeping); returns how many.</summary>
    public Task<int> ForgetExpiredAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow().UtcDateTime - Retention;
        return db.Set<IdempotencyRecord>().Where(r => r.CreatedUtc < before).ExecuteDeleteAsync(cancellationToken);
    }
}
