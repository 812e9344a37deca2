using Polku.Contacts.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>The chat queues' answer to routing (<see cref="IChatAvailability"/>).</summary>
internal sealed class ChatAvailability(ChatQueues queues) : IChatAvailability
{
    public Task<bool> IsChatOfferedAsync(string unitCode, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        queues.IsOfferedForUnitAsync(unitCode, at, cancellationToken);
}
