namespace Polku.Assessments.Domain.Routing;

/// <summary>
/// Answers the two capacity questions of routing. Synchronous on purpose: an async host reads what it
/// needs (free slots, open chats) into a snapshot first and passes the snapshot, so routing stays pure.
/// </summary>
internal interface IRoutingCapacity
{
    /// <summary>Whether self-booking of <paramref name="service"/> for residents of <paramref name="municipality"/> has a free slot starting in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    bool HasFreeSlot(string service, string municipality, DateTimeOffset from, DateTimeOffset until);

    /// <summary>Whether the chat of queue or unit <paramref name="unit"/> is open at <paramref name="at"/> and not full.</summary>
    bool IsChatOpen(string unit, DateTimeOffset at);
}

/// <summary>
/// The capacity used until the appointments and chat modules exist: a self-booking destination counts
/// as available, because it shows the municipality's booking channel rather than slots; chat is never open.
/// </summary>
internal sealed class ChannelOnlyCapacity : IRoutingCapacity
{
    /// <summary>The shared instance.</summary>
    public static ChannelOnlyCapacity Instance { get; } = new();

    /// <inheritdoc />
    public bool HasFreeSlot(string service, string municipality, DateTimeOffset from, DateTimeOffset until) => true;

    /// <inheritdoc />
    public bool IsChatOpen(string unit, DateTimeOffset at) => false;
}
