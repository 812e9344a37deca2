namespace Polku.Contacts.Chat.Bot;

/// <summary>What the bot decided to do with a message; the chat acts on it (e.g. hands over to a queue on <see cref="Handover"/>).</summary>
internal enum BotReplyKind
{
    /// <summary>A curated FAQ answer.</summary>
    Answer,

    /// <summary>The message looks like an emergency: the emergency guidance, whatever else the message asked.</summary>
    RedFlag,

    /// <summary>The resident asked for a human.</summary>
    Handover,

    /// <summary>No answer is good enough; the text offers a person.</summary>
    NoAnswer,
}

/// <summary>A link offered with an answer: the FAQ's symbolic target and its title in the session's language.</summary>
internal sealed record BotLink(string Target, string Title);

/// <summary>
/// The bot's reply to one message, already in the session's language, so the chat only shows it and maps the link
/// targets to addresses.
/// </summary>
/// <param name="Kind">What the bot decided.</param>
/// <param name="Language">The language of <paramref name="Text"/> (fi, sv or en).</param>
/// <param name="Text">The answer, the emergency guidance, the handover or the no-answer text.</param>
/// <param name="Entry">The FAQ entry answered (only for <see cref="BotReplyKind.Answer"/>).</param>
/// <param name="Links">The entry's links; empty for the other kinds.</param>
/// <param name="Score">The best entry's score (see <see cref="FaqMatcher.Threshold"/>), kept for tuning and logs.</param>
/// <param name="MatchedPhrase">The red-flag or handover phrase that matched, for the record of why the bot did so.</param>
internal sealed record BotReply(
    BotReplyKind Kind, string Language, string Text, FaqEntry? Entry, IReadOnlyList<BotLink> Links, double Score, string? MatchedPhrase)
{
    /// <summary>The answered entry's id, or null when the reply is not an FAQ answer.</summary>
    public string? EntryId => Entry?.Id;
}

/// <summary>An entry and its score for a message, for ranking and for tuning the threshold.</summary>
internal sealed record FaqCandidate(FaqEntry Entry, double Score);
