namespace Polku.Contacts.Chat.Bot;

/// <summary>
/// Finds the bot's reply to a resident's message in a <see cref="FaqDocument"/>, without any external AI service
/// (spec 04). Built once per FAQ version: the stems, keyword sets and weights are computed in the constructor, so a
/// message costs only its own words (about 0.1 ms against 62 entries). Thread-safe: nothing changes after
/// construction.
/// <para>
/// The order is fixed and safety comes first: (1) a red-flag phrase in any language gives the emergency guidance even if
/// the same message asks something else; (2) a request for a human in any language hands over (a one-word request such
/// as "hoitaja" only in a short message the FAQ cannot answer); (3) the best FAQ entry, if its score reaches
/// <see cref="Threshold"/>, first with the session language's keywords and then with the other two (a Swede writing
/// Finnish still gets an answer, in Swedish); (4) otherwise the no-answer text, which offers a person.
/// </para>
/// </summary>
internal sealed class FaqMatcher
{
    /// <summary>
    /// The least score an answer needs. A message's score for an entry is the sum, over its distinct words that are not
    /// function words, of the best match with the entry's terms: match quality (1 equal, 0.9 another ending, less for a
    /// shared prefix or a typo) × the term's weight in the entry (keyword 1, synonym 0.9, a word of a keyword phrase 0.6
    /// of that, a word of the question 0.5) × how rare the term is among the entries, ln(1 + entries / entries with the
    /// term): 4.1 for a term of one entry of 62, 2.0 for a term ten entries share. A keyword phrase whose words are all
    /// in the message adds the rest of their weight. So one distinctive keyword answers ("rokotus", "omaishoito") while a
    /// common word alone ("aika", "terveysasema") or a single word of a question does not. 2.6 is the middle of the gap,
    /// in the development sets of the bot's tests (590 questions and paraphrases in three languages with typos and
    /// inflections, 65 off-topic messages), between the highest off-topic score (2.49, "halvat lääkkeet") and the lowest
    /// score of a right answer (2.76).
    /// </summary>
    public const double Threshold = 2.6;

    /// <summary>Words of a phrase may have up to this many other words between them ("en meinaa saada henkeä").</summary>
    private const int MaxGap = 2;

    /// <summary>
    /// A one-word request for a human ("hoitaja", "human") counts only in a message of at most this many words that the
    /// FAQ cannot answer: otherwise the word is usually part of a question ("miten saan ajan hoitajalle", "how do I
    /// reach the school nurse"), and the answer serves better.
    /// </summary>
    private const int ShortMessage = 4;

    /// <summary>
    /// A message's words beyond this are ignored, so a pasted text cannot cost much; red flags and requests for a human
    /// are looked for in all of them, a chat message being far shorter.
    /// </summary>
    private const int MaxTokens = 1000;

    /// <summary>The FAQ is matched with a message's first words only: a question is short, and each word costs a pass over the terms.</summary>
    private const int MaxScoredWords = 60;

    private const double KeywordWeight = 1.0;
    private const double SynonymWeight = 0.9;
    private const double QuestionWeight = 0.5;
    private const double PhraseWordShare = 0.6;

    /// <summary>A phrase's word counts as present when a word of the message matches it at least this well (a typo or better).</summary>
    private const double PhraseWordQuality = 0.8;

    /// <summary>
    /// The quality of a keyword of five letters or more that starts a longer word of the message ("alkoholiongelma"
    /// has "alkoholi"): in a compound the first part keeps its meaning, whatever the length of the rest.
    /// </summary>
    private const double CompoundHeadQuality = 0.8;

    /// <summary>The quality of a word that is a term or a form of one (<see cref="ChatText.Similarity"/>).</summary>
    private const double FormOfTermQuality = 0.9;

    /// <summary>
    /// With the other languages' keywords a word counts only if it is a keyword or a form of one: loose prefix and typo
    /// matches across languages are mostly coincidences ("inför" is not "informal").
    /// </summary>
    private const double OtherLanguageQuality = FormOfTermQuality;

    private readonly LanguageIndex[] _indexes;
    private readonly TriggerPhrase[] _redFlags;
    private readonly TriggerPhrase[] _handover;

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
            if (phrase.Stems.Length > 1 && Contains(message.Stems(phrase.Language), phrase.Stems, ChatText.IsPhraseWord))
            {
                return Reply(BotReplyKind.Handover, lang, Document.HandoverAnswer, 0, phrase.Text);
            }
        }

        var own = Index(lang);
        var (entry, score) = own.Best(message, 0);
        if (score < Threshold)
        {
            if (message.Tokens.Length <= ShortMessage)
            {
                foreach (var phrase in _handover)
                {
                    if (phrase.Stems.Length == 1 && Contains(message.Stems(phrase.Language), phrase.Stems, ChatText.IsPhraseWord))
                    {
                        return Reply(BotReplyKind.Handover, lang, Document.HandoverAnswer, 0, phrase.Text);
                    }
                }
            }

            var ownScore = score;
            entry = -1;
            score = 0;
            foreach (var other in _indexes)
            {
                if (ReferenceEquals(other, own))
                {
                    continue;
                }

                var (e, s) = other.Best(message, OtherLanguageQuality);
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
        var scores = Index(ChatText.Language(language)).Scores(new Message(text), 0);
        return [.. Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => scores[i]).ThenBy(i => i)
            .Take(count)
            .Select(i => new FaqCandidate(Document.Entries[i], scores[i]))];
    }

    /// <summary>
    /// A red-flag word matches as a phrase word (<see cref="ChatText.IsPhraseWord"/>), by a shared prefix of all but
    /// two of the flag's letters and at least five ("rintakipu"/"rintakivut", "itsemurha"/"itsemurhaajatuksia"), or with
    /// a typo that drops a letter ("myslf"): a missed emergency costs more than a needless emergency text. Measured on
    /// the flag, so that a short word does not fire on a long flag ("halvat", cheap, is not "halvausoire").
    /// </summary>
    private static bool IsRedFlagMatch(string word, string flag)
    {
        if (ChatText.IsPhraseWord(word, flag))
        {
            return true;
        }

        if (ChatText.CommonPrefix(word, flag) >= Math.Max(5, flag.Length - 2))
        {
            return true;
        }

        var allowed = ChatText.PhraseTypoAllowance(Math.Min(word.Length, flag.Length));
        return allowed > 0 && ChatText.Distance(word, flag, allowed) <= allowed;
    }

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

    private static TriggerPhrase[] Phrases(FaqWords words) =>
    [
        .. ChatText.Languages.SelectMany(l => words.In(l).Select(p =>
            new TriggerPhrase(l, p, [.. ChatText.Tokenize(p).Select(t => ChatText.Stem(t, l))]))),
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
    private sealed record TriggerPhrase(string Language, string Text, string[] Stems);

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
        private readonly KeywordPhrase[] _phrases;
        private readonly int _entries;

        public LanguageIndex(FaqDocument document, string language)
        {
            _language = language;
            _entries = document.Entries.Count;
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var terms = new List<string>();
            var postings = new List<Dictionary<int, double>>();
            var phrases = new List<(int Entry, int[] Stems, int[] Forms, double Weight)>();
            var groups = document.Synonyms.In(language).Select(g => g.Select(p => Words.Of(p, language)).ToArray()).ToArray();

            for (var e = 0; e < _entries; e++)
            {
                var entry = document.Entries[e];
                foreach (var keyword in entry.Keywords.In(language))
                {
                    var words = Words.Of(keyword, language);
                    AddWords(words, e, KeywordWeight);
                    foreach (var group in groups)
                    {
                        if (group.Any(member => member.Stems.SequenceEqual(words.Stems, StringComparer.Ordinal)))
                        {
                            foreach (var synonym in group)
                            {
                                AddWords(synonym, e, SynonymWeight);
                            }
                        }
                    }
                }

                var question = Words.Of(entry.Question.In(language), language);
                for (var i = 0; i < question.Stems.Length; i++)
                {
                    Add(question.Stems[i], e, QuestionWeight);
                    Add(question.Forms[i], e, QuestionWeight);
                }
            }

            _terms = [.. terms];
            _postings = [.. postings.Select(p => p.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key).ToArray())];
            _rarity = [.. postings.Select(p => Math.Log(1 + ((double)_entries / p.Count)))];
            var rarity = _rarity;
            _phrases = [.. phrases.Select(p => new KeywordPhrase(p.Entry, p.Stems, p.Forms, p.Weight * (1 - PhraseWordShare) * p.Stems.Sum(t => rarity[t])))];

            // Each word is a term twice, as its stem and as written (folded): the stemmer may cut two forms of a word
            // differently ("angiina" → "angi", "angiinaa" → "angiina"), and the message's stem then meets the written
            // form. A word of a keyword phrase ("oral health", "out of medicine") weighs less than a keyword of its
            // own: alone, "health" says little about which entry is meant.
            void AddWords(Words words, int entry, double weight)
            {
                var w = words.IsPhrase ? weight * PhraseWordShare : weight;
                var stems = new int[words.Stems.Length];
                var forms = new int[words.Stems.Length];
                for (var i = 0; i < words.Stems.Length; i++)
                {
                    stems[i] = Add(words.Stems[i], entry, w);
                    forms[i] = Add(words.Forms[i], entry, w);
                }

                if (stems.Length > 1)
                {
                    phrases.Add((entry, stems, forms, weight));
                }
            }

            int Add(string stem, int entry, double weight)
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
                return id;
            }
        }

        /// <summary>The best entry and its score; the earlier entry on a tie, -1 when nothing scores.</summary>
        public (int Entry, double Score) Best(Message message, double minQuality)
        {
            var scores = Scores(message, minQuality);
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

        /// <summary>Each entry's score for the message (see <see cref="Threshold"/>), counting word matches of at least <paramref name="minQuality"/>.</summary>
        public double[] Scores(Message message, double minQuality)
        {
            var scores = new double[_entries];
            var best = new double[_entries];
            var matched = new bool[_terms.Length];
            var seen = new List<string>();
            var stems = message.Stems(_language);
            for (var i = 0; i < stems.Length && i < MaxScoredWords; i++)
            {
                if (!ChatText.IsStopWordInAny(message.Tokens[i]))
                {
                    Add(stems[i], splitCompound: true);
                }
            }

            // A keyword phrase whose every word is in the message ("home care") counts as a keyword of its own: the
            // words' full weight instead of their share, once per entry for its best phrase.
            Array.Clear(best);
            foreach (var phrase in _phrases)
            {
                if (phrase.IsIn(matched) && phrase.Bonus > best[phrase.Entry])
                {
                    best[phrase.Entry] = phrase.Bonus;
                }
            }

            for (var e = 0; e < _entries; e++)
            {
                scores[e] += best[e];
            }

            return scores;

            // Adds a word's best match per entry. A compound that is not itself a term (nor a form of one) but starts
            // with a term ("saikkutodistus" with "saikku") also adds its rest ("todistus") as a word of its own:
            // Finnish and Swedish write compounds as one word, and the curator cannot list them all.
            void Add(string stem, bool splitCompound)
            {
                if (seen.Contains(stem))
                {
                    return;
                }

                seen.Add(stem);
                Array.Clear(best);
                var head = 0;
                var closest = 0.0;
                for (var t = 0; t < _terms.Length; t++)
                {
                    var term = _terms[t];
                    if (term.Length >= 4 && stem.Length - term.Length >= 4 && term.Length > head
                        && stem.StartsWith(term, StringComparison.Ordinal))
                    {
                        head = term.Length;
                    }

                    var quality = ChatText.Similarity(stem, term);
                    if (quality > 0 && quality < CompoundHeadQuality && term.Length >= 5 && stem.Length - term.Length >= 3
                        && stem.StartsWith(term, StringComparison.Ordinal))
                    {
                        quality = CompoundHeadQuality;
                    }

                    if (quality <= 0 || quality < minQuality)
                    {
                        continue;
                    }

                    closest = Math.Max(closest, quality);
                    matched[t] |= quality >= PhraseWordQuality;
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

                if (splitCompound && head > 0 && closest < FormOfTermQuality)
                {
                    Add(stem[head..], splitCompound: false);
                }
            }
        }

        /// <summary>A keyword phrase of an entry: its words' terms (stem and written form) and what matching all of them adds.</summary>
        private sealed record KeywordPhrase(int Entry, int[] Stems, int[] Forms, double Bonus)
        {
            public bool IsIn(bool[] matched)
            {
                for (var i = 0; i < Stems.Length; i++)
                {
                    if (!matched[Stems[i]] && !matched[Forms[i]])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// A keyword's or a question's words without function words: their stems and their folded written forms, and
        /// whether it was written as a phrase of several words (counting the function words).
        /// </summary>
        private sealed record Words(string[] Stems, string[] Forms, bool IsPhrase)
        {
            public static Words Of(string text, string language)
            {
                var tokens = ChatText.Tokenize(text);
                var content = tokens.Where(t => !ChatText.IsStopWord(t, language)).ToArray();
                return new Words(
                    [.. content.Select(t => ChatText.Stem(t, language))], [.. content.Select(ChatText.Fold)], tokens.Length > 1);
            }
        }
    }
}
