namespace Polku.Contacts.Contracts;

/// <summary>A chat a professional has just ended, as the modules that follow up on it see it.</summary>
/// <param name="SessionId">The chat.</param>
/// <param name="ResidentId">The identified resident; null for a chat that stayed anonymous.</param>
/// <param name="MunicipalityCode">The resident's municipality, when known.</param>
/// <param name="ServiceCode">The service of the chat's queue, if it has one.</param>
/// <param name="Language">The chat's language (fi, sv, en).</param>
/// <param name="Outcome">The desk outcome the professional recorded.</param>
public sealed record ChatEnded(Guid SessionId, Guid? ResidentId, string? MunicipalityCode, string? ServiceCode, string Language, string Outcome);

/// <summary>
/// Called in the same unit of work that ends a chat (spec 04: "when a chat ends … feedback is offered"): a module that
/// offers feedback or records follow-up registers one; what it writes commits with the chat's end. None is registered
/// until the feedback module exists.
/// </summary>
public interface IAfterChat
{
    Task ChatEndedAsync(ChatEnded chat, CancellationToken cancellationToken);
}
