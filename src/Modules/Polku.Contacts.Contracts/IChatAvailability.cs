namespace Polku.Contacts.Contracts;

/// <summary>Whether chat can take residents: what routing asks before it points anyone to a chat.</summary>
public interface IChatAvailability
{
    /// <summary>
    /// Whether the county-wide chat of the unit (a routing destination's unit code, e.g. the digital sote-centre) is
    /// open at <paramref name="at"/> and, when that is now, someone is available to take it. A unit without a chat
    /// queue has no chat.
    /// </summary>
    Task<bool> IsChatOfferedAsync(string unitCode, DateTimeOffset at, CancellationToken cancellationToken = default);
}
