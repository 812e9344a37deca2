using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Polku.Contacts.Chat.Bot;

/// <summary>
/// Text handling for the bot: normalisation, tokens, light stemmers for Finnish, Swedish and English, folding of å, ä and
/// ö, and the word comparisons the matcher uses. Residents write in a hurry, on phones and foreign keyboards, in an
/// inflected language; an exact keyword match would miss most of what they mean, and no external AI service may be used
/// (spec 04), so the bot compares words approximately: by stem, by a shared prefix (Finnish consonant gradation and
/// compounds) and by a small edit distance (typos).
/// </summary>
internal static class ChatText
{
    /// <summary>The languages the bot serves, in the order the matcher tries them.</summary>
    public static readonly IReadOnlyList<string> Languages = ["fi", "sv", "en"];

    /// <summary>The longest word the edit distance looks at; longer tokens (pasted links, codes) only match exactly or by prefix.</summary>
    private const int MaxTypoLength = 48;

    private static readonly string[] FiClitics = ["kaan", "kään", "kin", "han", "hän", "ko", "kö"];
    private static readonly string[] FiPossessives = ["nsa", "nsä", "mme", "nne", "ni", "si"];

    // Longest first: the first ending that leaves a long enough stem is removed.
    private static readonly string[] FiCases =
    [
        "seen", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "tta", "ttä", "hin",
        "na", "nä", "ta", "tä", "da", "dä", "in", "a", "ä", "n", "t",
    ];

    private static readonly string[] SvEndings =
        ["arnas", "ernas", "ornas", "arna", "erna", "orna", "ande", "ende", "ens", "ets", "en", "et", "na", "ar", "er", "or", "s"];

    private static readonly string[] EnEndings = ["ing", "ed", "es", "s"];

    private static readonly FrozenSet<string> FiStopWords = Folded(
        "ja", "tai", "on", "ei", "en", "se", "ne", "sen", "sitä", "siitä", "siihen", "tämä", "tätä", "tämän", "nyt", "jo",
        "vielä", "myös", "vain", "jos", "kun", "että", "kanssa", "mutta", "sekä", "eli", "niin", "kyllä", "hei", "moi",
        "moikka", "kiitos", "miten", "mitä", "mikä", "mitkä", "missä", "mistä", "mihin", "milloin", "kuinka", "kuka", "kenelle",
        "keneen", "kenen", "miksi", "voi", "voin", "voiko", "voinko", "voisinko", "saa", "saan", "saako", "saanko", "saisin",
        "pitää", "pitääkö", "täytyy", "täytyykö", "onko", "ole", "olen", "olla", "oli", "ovat", "minä", "mä", "mun", "minun",
        "minulla", "mulla", "minulle", "mulle", "minua", "mua", "sinä", "sinun", "hän", "me", "te", "he", "meillä", "joka",
        "jotka", "mikäli", "sitten", "ai", "no", "esim", "tms", "jne", "jotain", "jokin", "joku", "haluaisin", "pitäisi",
        "kannattaa", "kerro", "kertoa", "tietoa", "apua", "auttaa", "kysyä", "kysymys", "asia", "asiaa", "asiassa", "saada",
        "saisinko", "voisitteko", "voisin", "haluan", "tarvitsen", "tarvitsisin", "tarviin", "tarvitsee", "olisi", "ois",
        "hyvää", "huomenta", "päivää");

    private static readonly FrozenSet<string> SvStopWords = Folded(
        "hur", "vad", "var", "när", "vem", "vilken", "vilket", "vilka", "varför", "jag", "du", "han", "hon", "vi", "ni", "de",
        "det", "den", "en", "ett", "och", "eller", "att", "är", "kan", "får", "ska", "skall", "måste", "vill", "min", "mitt",
        "mina", "mig", "dig", "sig", "sin", "sitt", "på", "av", "för", "med", "till", "om", "från", "hej", "tack", "inte",
        "har", "hade", "som", "så", "man", "någon", "något", "nu", "också", "bara", "kunna", "göra", "gör", "mycket", "finns",
        "fråga", "hjälp", "veta", "vara", "blir", "bli");

    private static readonly FrozenSet<string> EnStopWords = Folded(
        "how", "what", "where", "when", "who", "which", "why", "do", "does", "did", "can", "could", "me", "my", "mine", "you",
        "your", "an", "the", "to", "of", "for", "in", "on", "at", "is", "are", "am", "be", "was", "it", "its", "this", "that",
        "and", "or", "with", "from", "get", "please", "hello", "hi", "thanks", "thank", "should", "will", "would", "there",
        "have", "has", "need", "want", "if", "about", "some", "any", "by", "as", "so", "not", "no", "yes", "much", "many",
        "tell", "know", "help", "question", "someone", "find", "out", "good", "morning");

    private static readonly FrozenSet<string> AnyStopWords =
        FiStopWords.Concat(SvStopWords).Concat(EnStopWords).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>fi, sv or en: the session's language, Finnish when it is anything else (Finnish is the county's first language).</summary>
    public static string Language(string? language)
    {
        if (language is null)
        {
            return "fi";
        }

        var l = language.Trim();
        return l.StartsWith("sv", StringComparison.OrdinalIgnoreCase) ? "sv"
            : l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
            : "fi";
    }

    /// <summary>
    /// Lower-case letters and digits separated by single spaces: punctuation and hyphens become spaces (so a compound
    /// such as "itsemurha-ajatuksia" yields its parts), an apostrophe inside a word is dropped ("can't" → "cant").
    /// å, ä and ö stay letters; <see cref="Fold"/> removes them only for comparisons.
    /// </summary>
    public static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(s.Length);
        var space = true;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (c is '\'' or '’' && i > 0 && i + 1 < s.Length && char.IsLetter(s[i - 1]) && char.IsLetter(s[i + 1]))
            {
                continue;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>The normalised words of <paramref name="text"/>, one-letter words left out (they carry no meaning alone).</summary>
    public static string[] Tokenize(string text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length >= 2).ToArray();

    /// <summary>
    /// The word without diacritics (ä → a, ö → o, å → a, é → e): people on foreign keyboards write "hammaslaakari", and
    /// comparing folded forms lets that match "hammaslääkäri".
    /// </summary>
    public static string Fold(string word)
    {
        var ascii = true;
        foreach (var c in word)
        {
            if (c > '\u007f')
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return word;
        }

        var decomposed = word.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Whether the normalised <paramref name="word"/> is a question or function word that says nothing about the matter.</summary>
    public static bool IsStopWord(string word, string language) => Language(language) switch
    {
        "sv" => SvStopWords.Contains(Fold(word)),
        "en" => EnStopWords.Contains(Fold(word)),
        _ => FiStopWords.Contains(Fold(word)),
    };

    /// <summary>
    /// Whether the word is a function word in any of the three languages: a message is also compared with the other
    /// languages' keywords, where "hello" must not pass for a typo of the Finnish "kello".
    /// </summary>
    public static bool IsStopWordInAny(string word) => AnyStopWords.Contains(Fold(word));

    /// <summary>
    /// The folded stem of a normalised word in <paramref name="language"/>. The stemmers are deliberately light: they
    /// remove the common endings once (Finnish: see <see cref="StemFinnish"/>; Swedish: one of -arna, -erna, -orna,
    /// -ande, -en, -et, -na, -ar, -er, -or, -s; English: see <see cref="StemEnglish"/>), and what they miss (consonant
    /// gradation, irregular stems) is left to the prefix comparison in <see cref="Similarity"/>. The same stemmer runs on
    /// the FAQ's keywords and on the message, so a stem only needs to be consistent, not linguistically right. Words with
    /// digits ("116117") stay as they are.
    /// </summary>
    public static string Stem(string word, string language)
    {
        if (word.Any(char.IsDigit))
        {
            return word;
        }

        var stem = Language(language) switch
        {
            "sv" => Strip(word, SvEndings, 3, 4),
            "en" => StemEnglish(word),
            _ => StemFinnish(word),
        };
        return Fold(stem);
    }

    /// <summary>
    /// How well two folded stems match, 0 (not at all) to 1 (equal). One word that is the whole start of the other,
    /// at most three letters longer (two for a word of three or four letters), is the same word with another ending the
    /// stemmer left ("angii"/"angiina", "kela"/"kelaa"): 0.9. A shared prefix of at least max(4, shorter − 2) letters
    /// counts too (consonant gradation "rintakipu"/"rintakivut", a compound "hammaslääkäriaika" that starts with the
    /// keyword), worth the share of the longer word it covers. A typo counts at an optimal-string-alignment distance of 1 for words of 5–7 letters and 2
    /// for 8 or more (0.8 and 0.6) when the first letters agree: people rarely mistype the first letter, and without
    /// that rule "dental" would be a typo of "mental".
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return 1;
        }

        var shorter = Math.Min(a.Length, b.Length);
        var longer = Math.Max(a.Length, b.Length);
        var prefix = CommonPrefix(a, b);
        var score = 0.0;
        if (prefix == shorter && shorter >= 3 && longer - shorter <= (shorter >= 5 ? 3 : 2))
        {
            score = 0.9;
        }
        else if (prefix >= Math.Max(4, shorter - 2))
        {
            score = (double)prefix / longer;
        }

        var allowed = TypoAllowance(shorter);
        if (score < 0.8 && allowed > 0 && longer - shorter <= allowed && a[0] == b[0])
        {
            var d = Distance(a, b, allowed);
            if (d <= allowed)
            {
                score = Math.Max(score, 1 - (0.2 * d));
            }
        }

        return score;
    }

    /// <summary>
    /// Whether a message's word is a word of a phrase (a red flag, a request for a human) in another form: equal, the
    /// phrase's word with at most two more letters ("hoitaja"/"hoitajaa"), or a typo of it that is not shorter. Stricter
    /// than <see cref="Similarity"/> because a phrase changes what the bot does without any other evidence: a shorter
    /// word is usually another word ("hoitaa", to handle, is not "hoitaja", a nurse; "över" is not "överdos").
    /// </summary>
    public static bool IsPhraseWord(string word, string phraseWord)
    {
        if (string.Equals(word, phraseWord, StringComparison.Ordinal))
        {
            return true;
        }

        if (word.Length < phraseWord.Length)
        {
            return false;
        }

        if (word.Length - phraseWord.Length <= 2 && word.StartsWith(phraseWord, StringComparison.Ordinal))
        {
            return true;
        }

        var allowed = PhraseTypoAllowance(phraseWord.Length);
        return allowed > 0 && Distance(word, phraseWord, allowed) <= allowed;
    }

    /// <summary>The length of the common start of two words.</summary>
    public static int CommonPrefix(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The optimal-string-alignment (restricted Damerau–Levenshtein) distance: insertions, deletions, substitutions and
    /// swaps of two adjacent letters each cost 1. Stops early and returns <paramref name="max"/> + 1 as soon as the
    /// distance must exceed <paramref name="max"/>. Three rows on the stack, no heap allocation.
    /// </summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        if (a.Length == 0 || b.Length == 0)
        {
            return Math.Max(a.Length, b.Length);
        }

        if (b.Length > MaxTypoLength || a.Length > MaxTypoLength)
        {
            return a.SequenceEqual(b) ? 0 : max + 1;
        }

        const int Row = MaxTypoLength + 1;
        Span<int> rows = stackalloc int[3 * Row];
        var beforePrevious = rows[..Row];
        var previous = rows.Slice(Row, Row);
        var current = rows.Slice(2 * Row, Row);
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, beforePrevious[j - 2] + 1);
                }

                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var spare = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = spare;
        }

        return Math.Min(previous[b.Length], max + 1);
    }

    /// <summary>How many edits a word of <paramref name="length"/> letters may have and still count as a typo: 2 from 8 letters, 1 from 5, else none.</summary>
    public static int TypoAllowance(int length) => length >= 8 ? 2 : length >= 5 ? 1 : 0;

    /// <summary>
    /// The typo allowance for the words of red-flag and handover phrases: 2 only from 10 letters, because a phrase acts
    /// without other evidence ("tulehtunut", inflamed, is two edits from "tukehtuu", choking).
    /// </summary>
    public static int PhraseTypoAllowance(int length) => length >= 10 ? 2 : length >= 5 ? 1 : 0;

    /// <summary>
    /// Finnish: one clitic (-kin, -ko …), one possessive suffix (-ni, -nsa …), one case ending (-ssa, -lle, -a, -n …) and
    /// then the plural -i- before a case ending in a longer word ("tuloksia" → "tuloks"; not in "kaverilla", which would
    /// leave "kaver", one typo from "kamera"; not -j-, which would make "hoitaja" "hoita"). One-letter endings need four
    /// letters left, longer ones three, so "aika" and "kela" keep their last vowel.
    /// </summary>
    private static string StemFinnish(string word)
    {
        var w = Strip(word, FiClitics, 4, 4);
        w = Strip(w, FiPossessives, 3, 3);
        var cased = Strip(w, FiCases, 3, 4);
        if (cased.Length < w.Length && cased.Length >= 7 && cased[^1] == 'i')
        {
            cased = cased[..^1];
        }

        return cased;
    }

    /// <summary>English: -ing, -ed, -es and -s (not -ss: "access", "address").</summary>
    private static string StemEnglish(string word)
    {
        if (word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word;
        }

        return Strip(word, EnEndings, 3, 3);
    }

    /// <summary>Removes the first ending of <paramref name="endings"/> that leaves at least the given number of letters.</summary>
    private static string Strip(string word, string[] endings, int minLeft, int minLeftAfterOneLetter)
    {
        foreach (var ending in endings)
        {
            var left = word.Length - ending.Length;
            if (left >= (ending.Length == 1 ? minLeftAfterOneLetter : minLeft) && word.EndsWith(ending, StringComparison.Ordinal))
            {
                return word[..left];
            }
        }

        return word;
    }

    private static FrozenSet<string> Folded(params string[] words) =>
        words.Select(Fold).ToFrozenSet(StringComparer.Ordinal);
}
