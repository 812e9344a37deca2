namespace Polku.ServiceManagement.Contracts;

/// <summary>
/// A published disruption notice in one language, as residents read it: on the front page and the status page.
/// <see cref="Planned"/> is a maintenance window (a planned break); otherwise a current disruption.
/// </summary>
public sealed record DisruptionNotice(bool Planned, string? ServiceName, string Title, string Body, DateTimeOffset Starts, DateTimeOffset? Ends);

/// <summary>
/// The disruption notices residents see now (spec 06): current disruptions (started, not ended) and planned breaks
/// (starting later or ongoing), in the reader's language. Drafts and ended notices are never among them.
/// </summary>
public interface IDisruptionNotices
{
    /// <summary>Current disruptions first (latest start first), then planned breaks (soonest first); times carry the Helsinki offset.</summary>
    Task<IReadOnlyList<DisruptionNotice>> CurrentAsync(string language, CancellationToken cancellationToken);
}
