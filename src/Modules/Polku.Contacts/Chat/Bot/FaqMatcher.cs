namespace Polku.Contacts.Chat.Bot;

/// <summary>
/// Finds the bot's reply to a resident's message in a <see cref="FaqDocument"/>, without any external AI service
/// (spec 04). Built once per FAQ version: the stems, keyword sets and weights are computed in the constructor, so a
/// message costs only its own words (well under a millisecond against 50 entries). Thread-safe: nothing changes after
/// construction.
/// <para>
/// The order is fixed and safety comes first: (1) a red-flag phrase in any language gives the emergency guidance even if
/// the same message asks something else; (2) a request for a human hands over; (3) the best FAQ entry, if its score
/// reaches <see cref="Threshold"/>, first with the session language's keywords and then with the other two (a Swede
/// writing Finnish still gets an answer, in Swedish); (4) otherwise the no-answer text, which offers a person.
/// </para>
/// </summary>
internal sealed class FaqMatcher
{
    /// <summary>
    /// The least score an answer needs. A message's score for an entry is the sum, over its distinct non-function
    /// words, of the best match with the entry's terms: match quality (1 equal, less for a prefix or a typo) × the
    /// term's weight in the entry (keyword 1, synonym 0.9, word of the question 0.5) × how rare the term is across the
    /// entries, ln(1 + entries / entries with the term) — about 3.9 for a term only one entry has, 1.7 for a term ten of
    /// 46 entries share. 2.5 lets one distinctive keyword answer ("rokotus", "omaishoito") while a common word alone
    /// ("aika", "terveysasema") or a single word of a question (at most about 1.9) does not; it was set between the
    /// lowest score of the curated questions and their paraphrases (each language, with typos and inflections) and the
    /// highest score of off-topic messages (see the bot's tests).
    /// </summary>
    public const double Threshold = 2.5;

    /// <summary>Words of a phrase may have up to this many other words between them ("en meinaa saada henkeä").</summary>
    private const int MaxGap = 2;

    /// <summary>
    /// A one-word request for a human ("hoitaja", "human") counts only in a message of at most this many words: in a
    /// longer one the word is usually part of a question ("how do I reach the school nurse"), which the FAQ answers.
    /// </summary>
    private const int ShortMessage = 4;

    /// <summary>A message's words beyond this are ignored: a resident's question is short, and a pasted text must not cost more.</summary>
    private const int MaxTokens = 120;

    private const double KeywordWeight = 1.0;
    private const double SynonymWeight = 0.9;
    private const double QuestionWeight = 0.5;

    private readonly LanguageIndex[] _indexes;
    private readonly Phrase[] _redFlags;
    private readonly Phrase[] _handover;

    /// <summary>Prepares the matcher for <paramref name="document"/>; the document must come from <see cref="FaqDocument.Parse"/>.</summary>
    public FaqMatcher(FaqDocument document)
    {
        Document = document;
        _indexes = [.. ChatText.Languages.Select(l => new LanguageIndex(document, l))];
        _redFlags = Phrases(document.RedFlags);
        _handover = Phrases(document.Handover);
    }

    /// <summary>The FAQ this matcher answers from.</summary>
    public FaqDocument Document { get; }

    /// <summary>
    /// The bot's reply to <paramref name="text"/> in <paramref name="language"/> (fi, sv or en; anything else is
    /// Finnish). Deterministic: the same message gives the same reply, and equal scores go to the earlier entry.
    /// </summary>
    public BotReply Answer(string text, string language)
    {
        var lang = ChatText.Language(language);
        var message = new Message(text);
        if (message.Tokens.Length == 0)
        {
            return Reply(BotReplyKind.NoAnswer, lang, Document.NoAnswer, 0, null);
        }

        foreach (var phrase in _redFlags)
        {
            if (Contains(message.Stems(phrase.Language), phrase.Stems, IsRedFlagMatch))
            {
                return Reply(BotReplyKind.RedFlag, lang, Document.RedFlagAnswer, 0, phrase.Text);
            }
        }

        foreach (var phrase in _handover)
        {
            if ((phrase.Stems.Length > 1 || message.Tokens.Length <= ShortMessage)
                && Contains(message.Stems(phrase.Language), phrase.Stems, ChatText.IsPhraseWord))
            {
                return Reply(BotReplyKind.Handover, lang, Document.HandoverAnswer, 0, phrase.Text);
            }
        }

        var own = Index(lang);
        var (entry, score) = own.Best(message);
        if (score < Threshold)
        {
            var ownScore = score;
            entry = -1;
            score = 0;
            foreach (var other in _indexes)
            {
                if (ReferenceEquals(other, own))
                {
                    continue;
                }

                var (e, s) = other.Best(message);
                if (s >= Threshold && s > score)
                {
                    (entry, score) = (e, s);
                }
            }

            if (entry < 0)
            {
                return Reply(BotReplyKind.NoAnswer, lang, Document.NoAnswer, ownScore, null);
            }
        }

        var found = Document.Entries[entry];
        var links = found.Links.Select(l => new BotLink(l.Target, l.Title.In(lang))).ToArray();
        return new BotReply(BotReplyKind.Answer, lang, found.Answer.In(lang), found, links, score, null);
    }

    /// <summary>
    /// The <paramref name="count"/> best entries for <paramref name="text"/> with the keywords of
    /// <paramref name="language"/> only, best first, whatever their score: for tuning the FAQ and the threshold, and for
    /// offering "did you mean" choices. Red flags and handover are not considered here.
    /// </summary>
    public IReadOnlyList<FaqCandidate> Rank(string text, string language, int count)
    {
        var scores = Index(ChatText.Language(language)).Scores(new Message(text));
        return [.. Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i]).ThenBy(i => i)
            .Take(count)
            .Select(i => new FaqCandidate(Document.Entries[i], scores[i]))];
    }

    /// <summary>
    /// A red-flag word matches as a phrase word (<see cref="ChatText.IsPhraseWord"/>) or by a shared prefix of at least
    /// max(5, shorter − 2) letters ("rintakipu"/"rintakivut", "itsemurha"/"itsemurhaajatuksia"); five letters, not the
    /// four of answer matching, so that "stroke" does not fire on "strong".
    /// </summary>
    private static bool IsRedFlagMatch(string word, string flag) =>
        ChatText.IsPhraseWord(word, flag)
        || ChatText.CommonPrefix(word, flag) >= Math.Max(5, Math.Min(word.Length, flag.Length) - 2);

    /// <summary>Whether the phrase's words occur in the message in order, each within <see cref="MaxGap"/> words of the previous one.</summary>
    private static bool Contains(string[] message, string[] phrase, Func<string, string, bool> match)
    {
        for (var start = 0; start < message.Length; start++)
        {
            if (match(message[start], phrase[0]) && Rest(message, start, phrase, 1, match))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Rest(string[] message, int at, string[] phrase, int next, Func<string, string, bool> match)
    {
        if (next == phrase.Length)
        {
            return true;
        }

        for (var j = at + 1; j < message.Length && j <= at + 1 + MaxGap; j++)
        {
            if (match(message[j], phrase[next]) && Rest(message, j, phrase, next + 1, match))
            {
                return true;
            }
        }

        return false;
    }

    private static Phrase[] Phrases(FaqWords words) =>
    [
        .. ChatText.Languages.SelectMany(l => words.In(l).Select(p =>
            new Phrase(l, p, [.. ChatText.Tokenize(p).Select(t => ChatText.Stem(t, l))]))),
    ];

    private LanguageIndex Index(string language) => _indexes[IndexOf(language)];

    private static int IndexOf(string language) => language switch
    {
        "sv" => 1,
        "en" => 2,
        _ => 0,
    };

    private static BotReply Reply(BotReplyKind kind, string lang, FaqText text, double score, string? phrase) =>
        new(kind, lang, text.In(lang), null, [], score, phrase);

    /// <summary>A red-flag or handover phrase: its language, its text as written and its words' stems.</summary>
    private sealed record Phrase(string Language, string Text, string[] Stems);

    /// <summary>A message's words, with their stems per language computed once and only for the languages tried.</summary>
    private sealed class Message
    {
        private readonly string[]?[] _stems = new string[]?[3];

        public Message(string text)
        {
            var tokens = ChatText.Tokenize(text);
            Tokens = tokens.Length > MaxTokens ? tokens[..MaxTokens] : tokens;
        }

        public string[] Tokens { get; }

        public string[] Stems(string language) =>
            _stems[IndexOf(language)] ??= [.. Tokens.Select(t => ChatText.Stem(t, language))];
    }

    /// <summary>
    /// One language's view of the FAQ: every distinct stem of the entries' keywords, synonyms and question words (the
    /// terms), which entries have each term and with what weight, and how rare each term is.
    /// </summary>
    private sealed class LanguageIndex
    {
        private readonly string _language;
        private readonly string[] _terms;
        private readonly double[] _rarity;
        private readonly (int Entry, double Weight)[][] _postings;
        private readonly int _entries;

        public LanguageIndex(FaqDocument document, string language)
        {
            _language = language;
            _entries = document.Entries.Count;
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var terms = new List<string>();
            var postings = new List<Dictionary<int, double>>();
            var groups = document.Synonyms.In(language).Select(g => StemsOf(g, language).Distinct(StringComparer.Ordinal).ToArray()).ToArray();

            for (var e = 0; e < _entries; e++)
            {
                var entry = document.Entries[e];
                foreach (var stem in StemsOf(entry.Keywords.In(language), language))
                {
                    Add(stem, e, KeywordWeight);
                    foreach (var group in groups)
                    {
                        if (group.Contains(stem, StringComparer.Ordinal))
                        {
                            foreach (var synonym in group)
                            {
                                Add(synonym, e, SynonymWeight);
                            }
                        }
                    }
                }

                foreach (var stem in StemsOf([entry.Question.In(language)], language))
                {
                    Add(stem, e, QuestionWeight);
                }
            }

            _terms = [.. terms];
            _postings = [.. postings.Select(p => p.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key).ToArray())];
            _rarity = [.. postings.Select(p => Math.Log(1 + ((double)_entries / p.Count)))];

            void Add(string stem, int entry, double weight)
            {
                if (!ids.TryGetValue(stem, out var id))
                {
                    id = terms.Count;
                    ids.Add(stem, id);
                    terms.Add(stem);
                    postings.Add([]);
                }

                var p = postings[id];
                p[entry] = Math.Max(weight, p.GetValueOrDefault(entry));
            }
        }

        /// <summary>The best entry and its score; the earlier entry on a tie, -1 when nothing scores.</summary>
        public (int Entry, double Score) Best(Message message)
        {
            var scores = Scores(message);
            var best = -1;
            var bestScore = 0.0;
            for (var e = 0; e < scores.Length; e++)
            {
                if (scores[e] > bestScore)
                {
                    best = e;
                    bestScore = scores[e];
                }
            }

            return (best, bestScore);
        }

        /// <summary>Each entry's score for the message (see <see cref="Threshold"/>).</summary>
        public double[] Scores(Message message)
        {
            var scores = new double[_entries];
            var best = new double[_entries];
            var seen = new List<string>();
            var stems = message.Stems(_language);
            for (var i = 0; i < stems.Length; i++)
            {
                if (!ChatText.IsStopWordInAny(message.Tokens[i]))
                {
                    Add(stems[i], splitCompound: true);
                }
            }

            return scores;

            // Adds a word's best match per entry. A compound that starts with a term ("saikkutodistus" with "saikku")
            // also adds its rest ("todistus") as a word of its own: Finnish and Swedish write compounds as one word.
            void Add(string stem, bool splitCompound)
            {
                if (seen.Contains(stem))
                {
                    return;
                }

                seen.Add(stem);
                Array.Clear(best);
                var head = 0;
                for (var t = 0; t < _terms.Length; t++)
                {
                    var term = _terms[t];
                    if (term.Length >= 4 && stem.Length - term.Length >= 4 && term.Length > head
                        && stem.StartsWith(term, StringComparison.Ordinal))
                    {
                        head = term.Length;
                    }

                    var quality = ChatText.Similarity(stem, term);
                    if (quality <= 0)
                    {
                        continue;
                    }

                    var value = quality * _rarity[t];
                    foreach (var (entry, weight) in _postings[t])
                    {
                        best[entry] = Math.Max(best[entry], value * weight);
                    }
                }

                for (var e = 0; e < _entries; e++)
                {
                    scores[e] += best[e];
                }

                if (splitCompound && head > 0)
                {
                    Add(stem[head..], splitCompound: false);
                }
            }
        }

        /// <summary>The stems of the texts' words, function words left out.</summary>
        private static IEnumerable<string> StemsOf(IEnumerable<string> texts, string language) =>
            texts.SelectMany(ChatText.Tokenize).Where(t => !ChatText.IsStopWord(t, language)).Select(t => ChatText.Stem(t, language));
    }
}
