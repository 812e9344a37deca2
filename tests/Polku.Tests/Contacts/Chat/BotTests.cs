using System.Text.Json.Nodes;
using Polku.Contacts.Chat.Bot;

namespace Polku.Tests.Contacts.Chat;

/// <summary>
/// The chatbot's FAQ (content/chat/faq.json) and matcher: the shipped FAQ is complete and finds each of its own
/// questions, residents' real ways of asking (inflections, synonyms, typos, another language) reach the right answer,
/// emergencies always get the emergency guidance, requests for a human hand over, and off-topic text gets no answer.
/// </summary>
public sealed class BotTests
{
    private static readonly Lazy<string> FaqJson = new(() =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "content", "chat", "faq.json")));

    private static readonly Lazy<FaqMatcher> Shared = new(() => new FaqMatcher(FaqDocument.Parse(FaqJson.Value)));

    private static FaqMatcher Bot => Shared.Value;

    public static TheoryData<string, string> EntriesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in FaqDocument.Parse(FaqJson.Value).Entries)
        {
            foreach (var language in ChatText.Languages)
            {
                data.Add(entry.Id, language);
            }
        }

        return data;
    }

    [Fact]
    public void The_shipped_FAQ_parses_with_at_least_forty_entries_in_three_languages()
    {
        var doc = FaqDocument.Parse(FaqJson.Value);

        Assert.True(doc.Entries.Count >= 40, $"{doc.Entries.Count} entries");
        Assert.Equal(doc.Entries.Count, doc.Entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var e in doc.Entries)
        {
            foreach (var text in new[] { e.Question.Fi, e.Question.Sv, e.Question.En, e.Answer.Fi, e.Answer.Sv, e.Answer.En })
            {
                Assert.False(string.IsNullOrWhiteSpace(text), e.Id);
            }

            Assert.NotEmpty(e.Keywords.Fi);
            Assert.NotEmpty(e.Keywords.Sv);
            Assert.NotEmpty(e.Keywords.En);
            Assert.All(e.Links, l => Assert.True(FaqDocument.LinkTargets.Contains(l.Target), l.Target));
        }

        Assert.Contains("112", doc.RedFlagAnswer.Fi, StringComparison.Ordinal);
        Assert.Contains("09 2525 0111", doc.RedFlagAnswer.Sv, StringComparison.Ordinal);
        Assert.Contains("116117", doc.RedFlagAnswer.En, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EntriesAndLanguages))]
    public void Every_entry_is_found_by_its_own_question(string id, string language)
    {
        var entry = Bot.Document.Find(id)!;

        var reply = Bot.Answer(entry.Question.In(language), language);

        Assert.Equal(BotReplyKind.Answer, reply.Kind);
        Assert.Equal(id, reply.EntryId);
        Assert.Equal(entry.Answer.In(language), reply.Text);
        Assert.Equal(language, reply.Language);
    }

    [Theory]
    [InlineData("Miten uusin reseptn?", "fi")]
    [InlineData("voiko lääkemääräyksen uusia netissä", "fi")]
    [InlineData("reseptini uusiminen", "fi")]
    [InlineData("resptin uusinta", "fi")]
    [InlineData("Hur förnyar jag mitt recept", "sv")]
    [InlineData("How do I renew a prescription", "en")]
    [InlineData("prescripton renewal please", "en")]
    public void Prescription_renewal_is_found_with_typos_synonyms_and_inflections(string text, string language)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.Answer, reply.Kind);
        Assert.Equal("prescription-renewal", reply.EntryId);
        Assert.Contains(reply.Links, l => l.Target == "messages");
        Assert.All(reply.Links, l => Assert.False(string.IsNullOrWhiteSpace(l.Title)));
    }

    [Theory]
    [InlineData("milloin näen laboratoriotulokseni", "fi", "lab-results")]
    [InlineData("hammaslääkärille ajanvaraus", "fi", "dental-booking")]
    [InlineData("terveysaseman aukioloajat", "fi", "health-station-hours")]
    [InlineData("onko labratuloksia jo tullut", "fi", "lab-results")]
    [InlineData("tarvitsenko paastota ennen verikoetta", "fi", "lab-fasting")]
    [InlineData("hammassärkyä viikonloppuna", "fi", "dental-emergency")]
    [InlineData("miten peruutan ajan", "fi", "cancel-appointment")]
    [InlineData("haluan siirtää aikani", "fi", "reschedule-appointment")]
    [InlineData("omaishoidon tuesta", "fi", "informal-care-support")]
    [InlineData("toimeentulotukihakemus", "fi", "income-support")]
    [InlineData("influenssarokotuksen ajanvaraus", "fi", "flu-vaccination")]
    [InlineData("kauanko reseptin uusimisessa menee", "fi", "prescription-renewal-time")]
    [InlineData("paljonko lääkärikäynti maksaa", "fi", "fees")]
    [InlineData("kuka on katsellut potilastietojani", "fi", "access-log")]
    [InlineData("tarvitsen tulkin", "fi", "interpreter")]
    [InlineData("hammaslaakarille ajanvaraus", "fi", "dental-booking")]
    [InlineData("milloin chatti on auki", "fi", "chat-hours")]
    [InlineData("När får jag mina provsvar", "sv", "lab-results")]
    [InlineData("Jag vill avboka min tid", "sv", "cancel-appointment")]
    [InlineData("tandvärk på helgen", "sv", "dental-emergency")]
    [InlineData("Hur söker jag utkomststöd", "sv", "income-support")]
    [InlineData("When will my blood test results be ready", "en", "lab-results")]
    [InlineData("I need to cancel my appointment", "en", "cancel-appointment")]
    [InlineData("who has looked at my records", "en", "access-log")]
    [InlineData("how to apply for informal care support", "en", "informal-care-support")]
    public void Residents_ways_of_asking_reach_the_right_entry(string text, string language, string expected)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.Answer, reply.Kind);
        Assert.Equal(expected, reply.EntryId);
    }

    [Theory]
    [InlineData("miten uusin reseptin", "sv")]
    [InlineData("Hur förnyar jag mitt recept", "en")]
    [InlineData("How do I renew a prescription", "fi")]
    public void A_question_in_another_language_is_answered_in_the_session_language(string text, string language)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.Answer, reply.Kind);
        Assert.Equal("prescription-renewal", reply.EntryId);
        Assert.Equal(Bot.Document.Find("prescription-renewal")!.Answer.In(language), reply.Text);
        Assert.Equal(language, reply.Language);
    }

    [Fact]
    public void An_unknown_language_is_Finnish()
    {
        var reply = Bot.Answer("Miten uusin reseptini?", "de");

        Assert.Equal("fi", reply.Language);
        Assert.Equal(Bot.Document.Find("prescription-renewal")!.Answer.Fi, reply.Text);
    }

    [Theory]
    [InlineData("kova rintakipu", "fi")]
    [InlineData("rintakivut", "fi")]
    [InlineData("minulla on rintakipua, miten varaan ajan terveysasemalle?", "fi")]
    [InlineData("en meinaa saada henkeä", "fi")]
    [InlineData("itsemurha-ajatuksia", "fi")]
    [InlineData("haluan tappaa itseni", "fi")]
    [InlineData("rintakipuu ja hikoilua", "fi")]
    [InlineData("isä on tajuton", "fi")]
    [InlineData("jag kan inte andas", "sv")]
    [InlineData("Jag har ont i bröstet, hur förnyar jag mitt recept?", "sv")]
    [InlineData("självmordstankar", "sv")]
    [InlineData("I can't breathe", "en")]
    [InlineData("chest pains", "en")]
    [InlineData("I have chest pain, how do I book an appointment?", "en")]
    [InlineData("I want to kill myslf", "en")]
    [InlineData("chest pain", "fi")]
    [InlineData("rintakipu", "en")]
    public void Red_flags_win_in_every_language_with_typos_and_other_questions(string text, string language)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.RedFlag, reply.Kind);
        Assert.Null(reply.EntryId);
        Assert.Equal(Bot.Document.RedFlagAnswer.In(language), reply.Text);
        Assert.Contains("112", reply.Text, StringComparison.Ordinal);
        Assert.NotNull(reply.MatchedPhrase);
    }

    [Theory]
    [InlineData("fi")]
    [InlineData("sv")]
    [InlineData("en")]
    public void Chest_pain_is_never_an_FAQ_answer(string language)
    {
        foreach (var text in new[] { "rintakipu", "Rintakipu!", "rintakipua", "rintakivun takia varaan ajan", "RINTAKIPU" })
        {
            Assert.Equal(BotReplyKind.RedFlag, Bot.Answer(text, language).Kind);
        }
    }

    [Theory]
    [InlineData("haluan puhua ihmisen kanssa", "fi")]
    [InlineData("hoitaja", "fi")]
    [InlineData("asiakaspalvelija kiitos", "fi")]
    [InlineData("en halua puhua botille", "fi")]
    [InlineData("voinko puhua hoitajan kanssa", "fi")]
    [InlineData("ihminen", "fi")]
    [InlineData("människa", "sv")]
    [InlineData("jag vill prata med en skötare", "sv")]
    [InlineData("kan jag prata med en människa", "sv")]
    [InlineData("talk to a person", "en")]
    [InlineData("human please", "en")]
    [InlineData("agent", "en")]
    [InlineData("nurse", "en")]
    [InlineData("I want to talk to a human", "en")]
    [InlineData("human", "fi")]
    public void Requests_for_a_human_hand_over(string text, string language)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.Handover, reply.Kind);
        Assert.Equal(Bot.Document.HandoverAnswer.In(language), reply.Text);
        Assert.Empty(reply.Links);
    }

    [Theory]
    [InlineData("hoito", "fi")]
    [InlineData("voinko hoitaa lapseni asioita", "fi")]
    [InlineData("sköta mitt barns ärenden", "sv")]
    [InlineData("How do I contact the school nurse about my child's vaccinations", "en")]
    public void Words_near_a_request_for_a_human_do_not_hand_over(string text, string language)
    {
        Assert.NotEqual(BotReplyKind.Handover, Bot.Answer(text, language).Kind);
    }

    [Theory]
    [InlineData("miten saan ajan hoitajalle", "fi", "book-appointment")]
    [InlineData("How do I contact the school nurse about my child's vaccinations", "en", "child-vaccinations")]
    public void A_question_that_names_a_nurse_gets_its_answer(string text, string language, string expected)
    {
        Assert.Equal(expected, Bot.Answer(text, language).EntryId);
    }

    [Theory]
    [InlineData("halvat lääkkeet", "fi")]
    [InlineData("viisaudenhammas on tulehtunut ja särkee", "fi")]
    [InlineData("jalassa kramppeja", "fi")]
    [InlineData("hostan går inte över", "sv")]
    [InlineData("strong medicine", "en")]
    [InlineData("breathing exercises for relaxation", "en")]
    public void Ordinary_words_near_a_red_flag_do_not_raise_it(string text, string language)
    {
        Assert.NotEqual(BotReplyKind.RedFlag, Bot.Answer(text, language).Kind);
    }

    [Theory]
    [InlineData("qwerty zxcv", "fi")]
    [InlineData("mikä on Suomen pääkaupunki", "fi")]
    [InlineData("kuka voitti jääkiekon maailmanmestaruuden", "fi")]
    [InlineData("vem vann VM i ishockey", "sv")]
    [InlineData("what is the weather like tomorrow", "en")]
    [InlineData("", "fi")]
    [InlineData("?!", "en")]
    public void Off_topic_text_gets_no_answer(string text, string language)
    {
        var reply = Bot.Answer(text, language);

        Assert.Equal(BotReplyKind.NoAnswer, reply.Kind);
        Assert.Null(reply.EntryId);
        Assert.Equal(Bot.Document.NoAnswer.In(language), reply.Text);
        Assert.True(reply.Score < FaqMatcher.Threshold);
    }

    [Fact]
    public void Matching_is_deterministic_and_ties_go_to_the_earlier_entry()
    {
        var json = JsonNode.Parse(FaqJson.Value)!;
        var entries = json["entries"]!.AsArray();
        var twin = entries[1]!.DeepClone();
        twin["id"] = "twin";
        twin["answer"]!["fi"] = "Toinen vastaus.";
        entries.Insert(2, twin);
        var bot = new FaqMatcher(FaqDocument.Parse(json.ToJsonString()));
        var question = entries[1]!["question"]!["fi"]!.GetValue<string>();

        var first = bot.Answer(question, "fi");
        var again = bot.Answer(question, "fi");

        Assert.Equal(entries[1]!["id"]!.GetValue<string>(), first.EntryId);
        Assert.Equal(first, again with { Links = first.Links });
        Assert.Equal(first.Links, again.Links);
    }

    [Fact]
    public void Parse_rejects_a_missing_Swedish_answer_and_names_the_entry()
    {
        var json = JsonNode.Parse(FaqJson.Value)!;
        var entry = json["entries"]![3]!;
        entry["answer"]!.AsObject().Remove("sv");

        var e = Assert.Throws<InvalidDataException>(() => FaqDocument.Parse(json.ToJsonString()));

        Assert.Contains($"'{entry["id"]!.GetValue<string>()}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("answer.sv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_a_duplicate_id_and_names_it()
    {
        var json = JsonNode.Parse(FaqJson.Value)!;
        var entries = json["entries"]!;
        var id = entries[0]!["id"]!.GetValue<string>();
        entries[5]!["id"] = id;

        var e = Assert.Throws<InvalidDataException>(() => FaqDocument.Parse(json.ToJsonString()));

        Assert.Contains($"'{id}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("more than one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_an_unknown_link_target_and_names_the_entry()
    {
        var json = JsonNode.Parse(FaqJson.Value)!;
        var entry = json["entries"]!.AsArray().First(e => e!["links"]!.AsArray().Count > 0)!;
        entry["links"]![0]!["target"] = "assessment:broken-leg";

        var e = Assert.Throws<InvalidDataException>(() => FaqDocument.Parse(json.ToJsonString()));

        Assert.Contains($"'{entry["id"]!.GetValue<string>()}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("assessment:broken-leg", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("redFlags", "en")]
    [InlineData("handover", "sv")]
    public void Parse_rejects_phrases_missing_in_a_language(string field, string language)
    {
        var json = JsonNode.Parse(FaqJson.Value)!;
        json[field]![language] = new JsonArray();

        var e = Assert.Throws<InvalidDataException>(() => FaqDocument.Parse(json.ToJsonString()));

        Assert.Contains($"{field}.{language}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"entries\": []}")]
    [InlineData("{\"unknownField\": 1}")]
    public void Parse_rejects_broken_documents_with_InvalidDataException(string json)
    {
        Assert.Throws<InvalidDataException>(() => FaqDocument.Parse(json));
    }

    [Fact]
    public void Serialize_writes_a_document_that_parses_to_the_same_content()
    {
        var doc = FaqDocument.Parse(FaqJson.Value);

        var text = doc.Serialize();
        var again = FaqDocument.Parse(text);

        Assert.Contains("Päivystysapu", text, StringComparison.Ordinal);
        Assert.Equal(text, again.Serialize());
        Assert.Equal(doc.Entries.Select(e => e.Id), again.Entries.Select(e => e.Id));
        Assert.Equal(doc.Entries.Select(e => e.Answer), again.Entries.Select(e => e.Answer));
        Assert.Equal(doc.Entries.SelectMany(e => e.Keywords.Sv), again.Entries.SelectMany(e => e.Keywords.Sv));
        Assert.Equal(doc.RedFlags.Fi, again.RedFlags.Fi);
        Assert.Equal(doc.Synonyms.En.Count, again.Synonyms.En.Count);
    }

    [Theory]
    [InlineData("resepti", "resepti", 0)]
    [InlineData("resepti", "reseptn", 1)]
    [InlineData("resepti", "rseepti", 1)]
    [InlineData("laboratorio", "labroatorio", 1)]
    [InlineData("kotihoito", "kotihito", 1)]
    [InlineData("abc", "xyz", 3)]
    [InlineData("hammaslääkäri", "hammaslaakari", 3)]
    public void Distance_counts_edits_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, ChatText.Distance(a, b, 3));
    }

    [Fact]
    public void Distance_stops_at_the_limit()
    {
        Assert.Equal(2, ChatText.Distance("kissa", "koira", 1));
        Assert.Equal(3, ChatText.Distance("a", "abcdefgh", 2));
    }

    [Theory]
    [InlineData("reseptini", "fi", "resepti")]
    [InlineData("terveysasemalla", "fi", "terveysasema")]
    [InlineData("hammaslääkärille", "fi", "hammaslaakar")]
    [InlineData("neuvolaankin", "fi", "neuvolaa")]
    [InlineData("receptet", "sv", "recept")]
    [InlineData("vaccinationerna", "sv", "vaccination")]
    [InlineData("appointments", "en", "appointment")]
    [InlineData("booking", "en", "book")]
    public void Stems_drop_common_endings_and_fold_letters(string word, string language, string expected)
    {
        Assert.Equal(expected, ChatText.Stem(word, language));
    }

    [Fact]
    public void Normalize_keeps_letters_and_splits_at_punctuation()
    {
        Assert.Equal("itsemurha ajatuksia", ChatText.Normalize("Itsemurha-ajatuksia!"));
        Assert.Equal("i cant breathe", ChatText.Normalize("I can’t breathe..."));
        Assert.Equal("öljy åland äiti", ChatText.Normalize("ÖLJY, Åland; Äiti"));
        Assert.Equal("aiti", ChatText.Fold("äiti"));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Polku.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Polku.slnx not found above the test output folder.");
    }
}
