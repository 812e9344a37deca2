using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Polku.Contacts.Chat.Bot;

/// <summary>A text in Finnish, Swedish and English: the county serves residents in all three, so every text has all three.</summary>
internal sealed record FaqText(string Fi, string Sv, string En)
{
    /// <summary>The text in <paramref name="language"/>; Finnish for anything but sv and en.</summary>
    public string In(string language) => ChatText.Language(language) switch
    {
        "sv" => Sv,
        "en" => En,
        _ => Fi,
    };
}

/// <summary>Words or phrases per language (keywords, red flags, requests for a human): each language has its own list, not a translation.</summary>
internal sealed record FaqWords(IReadOnlyList<string> Fi, IReadOnlyList<string> Sv, IReadOnlyList<string> En)
{
    /// <summary>The list in <paramref name="language"/>; Finnish for anything but sv and en.</summary>
    public IReadOnlyList<string> In(string language) => ChatText.Language(language) switch
    {
        "sv" => Sv,
        "en" => En,
        _ => Fi,
    };
}

/// <summary>
/// Groups of words that mean the same to a resident ("resepti", "lääkemääräys", "e-resepti"), per language: a keyword of
/// an entry brings the rest of its group with it, so the curator writes a keyword once and not every way of saying it.
/// </summary>
internal sealed record FaqSynonyms(
    IReadOnlyList<IReadOnlyList<string>> Fi, IReadOnlyList<IReadOnlyList<string>> Sv, IReadOnlyList<IReadOnlyList<string>> En)
{
    /// <summary>The groups in <paramref name="language"/>; Finnish for anything but sv and en.</summary>
    public IReadOnlyList<IReadOnlyList<string>> In(string language) => ChatText.Language(language) switch
    {
        "sv" => Sv,
        "en" => En,
        _ => Fi,
    };
}

/// <summary>
/// A link the bot offers with an answer. The target is symbolic (<see cref="FaqDocument.LinkTargets"/>) so the FAQ stays
/// valid when Polku's addresses change; the chat maps it to an address.
/// </summary>
internal sealed record FaqLink(string Target, FaqText Title);

/// <summary>One curated question and its answer, with the keywords that find it, in three languages.</summary>
internal sealed record FaqEntry(string Id, FaqText Question, FaqText Answer, FaqWords Keywords, IReadOnlyList<FaqLink> Links);

/// <summary>
/// The county's curated chatbot FAQ (spec 04, "Chat and chatbot"): entries, synonyms, red-flag phrases that must lead
/// to emergency guidance, phrases that ask for a human, and the fixed answers. Kept as a JSON text file
/// (<c>content/chat/faq.json</c>) that a coordinator can edit and publish as a new version; <see cref="Parse"/> is the
/// only way in, so a document in use has always passed the checks, and <see cref="Serialize"/> writes it back.
/// </summary>
internal sealed class FaqDocument
{
    /// <summary>
    /// The symbolic link targets an entry may use: the list of assessments, the demo assessments, self-booking, the
    /// resident's appointments, a secure message, a call-back request, the service directory, the resident's own page
    /// and the access log. Anything else is rejected so a typo cannot produce a dead link.
    /// </summary>
    public static readonly FrozenSet<string> LinkTargets = new[]
    {
        "assessments", "assessment:respiratory-infection", "assessment:cough", "assessment:sore-throat",
        "assessment:urinary-tract-symptoms", "assessment:low-back-pain", "assessment:wellbeing-check",
        "assessment:informal-care", "assessment:personal-assistance", "assessment:mobility-outside-home",
        "booking", "my-appointments", "messages", "callback", "services", "me", "access-log",
    }.ToFrozenSet(StringComparer.Ordinal);

    // One instance: the options cache what they learn about the types. Å, ä and ö are written as they are (the file is
    // read by people), which is safe because the JSON is stored and parsed, never put into HTML.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly FrozenDictionary<string, FaqEntry> _byId;

    private FaqDocument(
        string about, string county, string version, IReadOnlyList<FaqEntry> entries, FaqSynonyms synonyms,
        FaqWords redFlags, FaqText redFlagAnswer, FaqWords handover, FaqText handoverAnswer, FaqText noAnswer)
    {
        About = about;
        County = county;
        Version = version;
        Entries = entries;
        Synonyms = synonyms;
        RedFlags = redFlags;
        RedFlagAnswer = redFlagAnswer;
        Handover = handover;
        HandoverAnswer = handoverAnswer;
        NoAnswer = noAnswer;
        _byId = entries.ToFrozenDictionary(e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>What the document is and how it is written, for the person who edits it.</summary>
    public string About { get; }

    /// <summary>Whose FAQ this is (the demo county's is "demo").</summary>
    public string County { get; }

    /// <summary>The curator's version label of the content.</summary>
    public string Version { get; }

    /// <summary>The entries in the curator's order, which also breaks ties between equally good answers.</summary>
    public IReadOnlyList<FaqEntry> Entries { get; }

    /// <summary>Words that mean the same, per language.</summary>
    public FaqSynonyms Synonyms { get; }

    /// <summary>Phrases that signal an emergency (chest pain, cannot breathe, suicidal thoughts): they win over any answer.</summary>
    public FaqWords RedFlags { get; }

    /// <summary>The emergency guidance given for a red flag (112, Päivystysapu 116117, the MIELI crisis line).</summary>
    public FaqText RedFlagAnswer { get; }

    /// <summary>Phrases that ask for a human (a nurse, a person, not a bot).</summary>
    public FaqWords Handover { get; }

    /// <summary>What the bot says when it hands the chat over to a person.</summary>
    public FaqText HandoverAnswer { get; }

    /// <summary>What the bot says when it has no answer: it offers a person, never a dead end.</summary>
    public FaqText NoAnswer { get; }

    /// <summary>The entry with <paramref name="id"/>, or null.</summary>
    public FaqEntry? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Reads and checks a FAQ document. Every entry needs a unique id, the question and the answer in fi, sv and en, at
    /// least one keyword per language and only known link targets; red flags, requests for a human and the fixed answers
    /// are needed in all three languages. A problem throws <see cref="InvalidDataException"/> naming the entry and the
    /// field, so a coordinator can fix the text they are publishing.
    /// </summary>
    public static FaqDocument Parse(string json)
    {
        DocumentDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<DocumentDto>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The FAQ is not valid JSON: {e.Message}", e);
        }

        if (dto is null)
        {
            throw new InvalidDataException("The FAQ document is empty.");
        }

        const string Doc = "FAQ document";
        var entries = new List<FaqEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (dto.Entries is not { Count: > 0 })
        {
            throw new InvalidDataException($"{Doc}: entries is missing or empty.");
        }

        for (var i = 0; i < dto.Entries.Count; i++)
        {
            var e = dto.Entries[i] ?? throw new InvalidDataException($"FAQ entry #{i + 1}: the entry is null.");
            if (string.IsNullOrWhiteSpace(e.Id))
            {
                throw new InvalidDataException($"FAQ entry #{i + 1}: id is missing or empty.");
            }

            var where = $"FAQ entry '{e.Id}'";
            if (!e.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new InvalidDataException($"{where}: id may contain only a–z, 0–9 and '-'.");
            }

            if (!ids.Add(e.Id))
            {
                throw new InvalidDataException($"{where}: id is used by more than one entry.");
            }

            var links = new List<FaqLink>();
            var targets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var link in e.Links ?? [])
            {
                if (link is null || string.IsNullOrWhiteSpace(link.Target))
                {
                    throw new InvalidDataException($"{where}: links has a link without a target.");
                }

                if (!LinkTargets.Contains(link.Target))
                {
                    throw new InvalidDataException(
                        $"{where}: links has the unknown target '{link.Target}' (known: {string.Join(", ", LinkTargets.Order(StringComparer.Ordinal))}).");
                }

                if (!targets.Add(link.Target))
                {
                    throw new InvalidDataException($"{where}: links has the target '{link.Target}' more than once.");
                }

                links.Add(new FaqLink(link.Target, Text(link.Title, where, $"links[{link.Target}].title")));
            }

            entries.Add(new FaqEntry(
                e.Id,
                Text(e.Question, where, "question"),
                Text(e.Answer, where, "answer"),
                Words(e.Keywords, where, "keywords", keywords: true),
                links));
        }

        return new FaqDocument(
            dto.About ?? "",
            Required(dto.County, Doc, "county"),
            Required(dto.Version, Doc, "version"),
            entries,
            ReadSynonyms(dto.Synonyms),
            Words(dto.RedFlags, Doc, "redFlags", keywords: false),
            Text(dto.RedFlagAnswer, Doc, "redFlagAnswer"),
            Words(dto.Handover, Doc, "handover", keywords: false),
            Text(dto.HandoverAnswer, Doc, "handoverAnswer"),
            Text(dto.NoAnswer, Doc, "noAnswer"));
    }

    /// <summary>The document as indented JSON in the same shape <see cref="Parse"/> reads, so an edited version can be stored.</summary>
    public string Serialize()
    {
        static TextDto T(FaqText t) => new() { Fi = t.Fi, Sv = t.Sv, En = t.En };
        static WordsDto W(FaqWords w) => new() { Fi = [.. w.Fi], Sv = [.. w.Sv], En = [.. w.En] };
        static List<List<string?>?> G(IReadOnlyList<IReadOnlyList<string>> groups) =>
            groups.Select(g => (List<string?>?)g.Select(s => (string?)s).ToList()).ToList();

        var dto = new DocumentDto
        {
            About = About,
            County = County,
            Version = Version,
            Entries = Entries.Select(e => (EntryDto?)new EntryDto
            {
                Id = e.Id,
                Question = T(e.Question),
                Answer = T(e.Answer),
                Keywords = W(e.Keywords),
                Links = e.Links.Select(l => (LinkDto?)new LinkDto { Target = l.Target, Title = T(l.Title) }).ToList(),
            }).ToList(),
            Synonyms = new SynonymsDto { Fi = G(Synonyms.Fi), Sv = G(Synonyms.Sv), En = G(Synonyms.En) },
            RedFlags = W(RedFlags),
            RedFlagAnswer = T(RedFlagAnswer),
            Handover = W(Handover),
            HandoverAnswer = T(HandoverAnswer),
            NoAnswer = T(NoAnswer),
        };
        return JsonSerializer.Serialize(dto, Json) + "\n";
    }

    private static string Required(string? value, string where, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{where}: {field} is missing or empty.") : value.Trim();

    private static FaqText Text(TextDto? t, string where, string field) => new(
        Required(t?.Fi, where, field + ".fi"),
        Required(t?.Sv, where, field + ".sv"),
        Required(t?.En, where, field + ".en"));

    private static FaqWords Words(WordsDto? w, string where, string field, bool keywords) => new(
        WordList(w?.Fi, where, field + ".fi", keywords ? "fi" : null),
        WordList(w?.Sv, where, field + ".sv", keywords ? "sv" : null),
        WordList(w?.En, where, field + ".en", keywords ? "en" : null));

    /// <summary>The words of a list; a keyword (<paramref name="keywordLanguage"/> given) must also have a word that is matched.</summary>
    private static string[] WordList(List<string?>? words, string where, string field, string? keywordLanguage)
    {
        if (words is not { Count: > 0 })
        {
            throw new InvalidDataException($"{where}: {field} is missing or empty.");
        }

        var list = new string[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var word = Required(words[i], where, $"{field}[{i}]");
            if (ChatText.Tokenize(word).Length == 0)
            {
                throw new InvalidDataException($"{where}: {field}[{i}] '{word}' has no word of two letters or more.");
            }

            if (keywordLanguage is not null && ChatText.Tokenize(word).All(t => ChatText.IsStopWord(t, keywordLanguage)))
            {
                throw new InvalidDataException($"{where}: {field}[{i}] '{word}' has only question or function words, which are not matched.");
            }

            list[i] = word;
        }

        return list;
    }

    private static FaqSynonyms ReadSynonyms(SynonymsDto? s) => new(
        Groups(s?.Fi, "synonyms.fi"),
        Groups(s?.Sv, "synonyms.sv"),
        Groups(s?.En, "synonyms.en"));

    private static IReadOnlyList<string>[] Groups(List<List<string?>?>? groups, string field)
    {
        var result = new List<IReadOnlyList<string>>();
        for (var i = 0; i < (groups?.Count ?? 0); i++)
        {
            var group = groups![i];
            if (group is not { Count: >= 2 })
            {
                throw new InvalidDataException($"FAQ document: {field}[{i}] needs at least two words.");
            }

            result.Add(WordList(group, "FAQ document", $"{field}[{i}]", keywordLanguage: null));
        }

        return [.. result];
    }

    // The JSON shapes. Nullable and settable so a missing field reaches the checks above, which name it; unknown fields
    // are rejected by the options, which catches a misspelt field name.
    private sealed class DocumentDto
    {
        public string? About { get; set; }
        public string? County { get; set; }
        public string? Version { get; set; }
        public List<EntryDto?>? Entries { get; set; }
        public SynonymsDto? Synonyms { get; set; }
        public WordsDto? RedFlags { get; set; }
        public TextDto? RedFlagAnswer { get; set; }
        public WordsDto? Handover { get; set; }
        public TextDto? HandoverAnswer { get; set; }
        public TextDto? NoAnswer { get; set; }
    }

    private sealed class EntryDto
    {
        public string? Id { get; set; }
        public TextDto? Question { get; set; }
        public TextDto? Answer { get; set; }
        public WordsDto? Keywords { get; set; }
        public List<LinkDto?>? Links { get; set; }
    }

    private sealed class LinkDto
    {
        public string? Target { get; set; }
        public TextDto? Title { get; set; }
    }

    private sealed class TextDto
    {
        public string? Fi { get; set; }
        public string? Sv { get; set; }
        public string? En { get; set; }
    }

    private sealed class WordsDto
    {
        public List<string?>? Fi { get; set; }
        public List<string?>? Sv { get; set; }
        public List<string?>? En { get; set; }
    }

    private sealed class SynonymsDto
    {
        public List<List<string?>?>? Fi { get; set; }
        public List<List<string?>?>? Sv { get; set; }
        public List<List<string?>?>? En { get; set; }
    }
}
