namespace Polku.Contacts.Contracts;

/// <summary>
/// A finished transaction a resident may give feedback on (spec 05 "Feedback"): what it was, which service and stage it
/// concerns, and where. <paramref name="ResidentId"/> is whose it is (null for an anonymous assessment or chat, whose
/// key is the caller's possession of it).
/// </summary>
public sealed record FeedbackSubject(
    string Kind, Guid Id, Guid? ResidentId, string? ServiceCode, string Stage, string Channel, string? MunicipalityCode, Guid? UnitId);

/// <summary>Who asks to give feedback: a signed-in resident (person id) and/or the holder of an anonymous chat's token.</summary>
public sealed record FeedbackCaller(Guid? ResidentId, string? ChatToken);

/// <summary>
/// Implemented by each module for its kinds of transaction (<c>assessment</c>, <c>appointment</c>, <c>chat</c>,
/// <c>message</c> …): the subject when it is finished and the caller may give feedback on it, else null.
/// </summary>
public interface IFeedbackSubjects
{
    /// <summary>The kind this source answers for.</summary>
    string Kind { get; }

    Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default);
}

/// <summary>What other modules ask the feedback store: whether to offer feedback for a transaction.</summary>
public interface IFeedbackOffers
{
    /// <summary>True when no feedback (and no skip) has been recorded for the transaction yet: it may be offered.</summary>
    Task<bool> MayOfferAsync(string kind, Guid id, CancellationToken cancellationToken = default);
}
