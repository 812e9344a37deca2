using System.Text.Json;
using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Fhir;
using static Polku.Tests.Assessments.EngineTestSupport;

namespace Polku.Tests.Assessments;

public class FhirTests
{
    private static FhirImportResult Import(JsonObject questionnaire)
    {
        using var doc = JsonDocument.Parse(questionnaire.ToJsonString());
        return FhirQuestionnaire.Import(doc.RootElement, "questionnaire.json");
    }

    [Theory]
    [InlineData("test-symptom")]
    [InlineData("test-audit")]
    public void Questionnaire_round_trips_items_enableWhen_and_weights(string id)
    {
        var original = Fixture(id).Definition;
        var exported = FhirQuestionnaire.Export(original);

        var imported = Import(exported);

        Assert.Empty(imported.Errors);
        Assert.NotNull(imported.Compiled);
        Assert.Equal(AssessmentKind.Form, imported.Definition!.Kind);
        Assert.Equal(exported.ToJsonString(), FhirQuestionnaire.Export(imported.Definition).ToJsonString());
        Assert.Equal(
            original.Items.SelectMany(i => i.Items.Prepend(i)).SelectMany(i => i.Options.Select(o => (i.LinkId, o.Code, o.Weight))),
            imported.Definition.Items.SelectMany(i => i.Items.Prepend(i)).SelectMany(i => i.Options.Select(o => (i.LinkId, o.Code, o.Weight))));
        Assert.Equal(
            original.Items.SelectMany(i => i.Items.Prepend(i)).SelectMany(i => i.EnableWhen),
            imported.Definition.Items.SelectMany(i => i.Items.Prepend(i)).SelectMany(i => i.EnableWhen));
    }

    [Fact]
    public void Questionnaire_uses_standard_fhir_shapes()
    {
        var q = FhirQuestionnaire.Export(Fixture("test-symptom").Definition);
        var items = q["item"]!.AsArray();
        JsonNode Item(string linkId) => items.Concat(items.SelectMany(i => i!["item"]?.AsArray() ?? [])).Single(i => (string)i!["linkId"]! == linkId)!;

        Assert.Equal("Questionnaire", (string)q["resourceType"]!);
        Assert.Equal("urn:polku:assessment:test-symptom", (string)q["url"]!);
        Assert.Equal("draft", (string)q["status"]!);
        Assert.Equal("Kuumetta?", (string)Item("fever")["text"]!);
        var translation = Item("fever")["_text"]!["extension"]![0]!;
        Assert.Equal(FhirQuestionnaire.Translation, (string)translation["url"]!);
        Assert.Equal("sv", (string)translation["extension"]![0]!["valueCode"]!);
        Assert.Equal("Feber?", (string)translation["extension"]![1]!["valueString"]!);
        Assert.True((bool)Item("fever")["required"]!);

        var symptoms = Item("symptoms");
        Assert.Equal("choice", (string)symptoms["type"]!);
        Assert.True((bool)symptoms["repeats"]!);
        var option = symptoms["answerOption"]![0]!;
        Assert.Equal("cough", (string)option["valueCoding"]!["code"]!);
        Assert.Equal("Yskä", (string)option["valueCoding"]!["display"]!);
        Assert.Equal(FhirQuestionnaire.OrdinalValue, (string)option["extension"]![0]!["url"]!);
        Assert.Equal(1.0, (double)option["extension"]![0]!["valueDecimal"]!);

        var temperature = Item("temperature");
        Assert.Equal(FhirQuestionnaire.MinValue, (string)temperature["extension"]![0]!["url"]!);
        Assert.Equal(35.0, (double)temperature["extension"]![0]!["valueDecimal"]!);
        Assert.Equal("""[{"question":"fever","operator":"=","answerBoolean":true}]""", temperature["enableWhen"]!.ToJsonString());
        Assert.Equal("""[{"question":"symptoms","operator":"=","answerCoding":{"code":"cough"}}]""", Item("cough-days")["enableWhen"]!.ToJsonString());

        var details = Item("details");
        Assert.Equal("group", (string)details["type"]!);
        Assert.Equal("any", (string)details["enableBehavior"]!);
        Assert.Equal(3, details["item"]!.AsArray().Count);
    }

    [Fact]
    public void Import_validates_like_content()
    {
        var q = FhirQuestionnaire.Export(Fixture("test-symptom").Definition);
        q["item"]![3]!["enableWhen"]![0]!["question"] = "nope";

        var result = Import(q);

        Assert.Null(result.Definition);
        Assert.Contains(result.Errors, e => e.Path == "$.items[3].enableWhen[0].question" && e.Message.Contains("unknown linkId 'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_falls_back_to_finnish_when_a_translation_is_missing()
    {
        var q = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["url"] = "urn:polku:assessment:plain",
            ["version"] = "2.0.0",
            ["status"] = "active",
            ["title"] = "Lomake",
            ["item"] = new JsonArray(new JsonObject { ["linkId"] = "q1", ["type"] = "integer", ["text"] = "Ikä" }),
        };

        var result = Import(q);

        Assert.Empty(result.Errors);
        Assert.Equal(("plain", "2.0.0", AssessmentStatus.Published), (result.Definition!.Id, result.Definition.Version, result.Definition.Status));
        Assert.Equal("Ikä", result.Definition.Items[0].Text.Sv);
    }

    [Fact]
    public void Response_holds_enabled_answers_only_nested_by_group()
    {
        var evaluation = Evaluate("test-symptom", """{"breathless-rest": false, "fever": false, "temperature": 41, "symptoms": ["cough", "runny-nose"], "cough-days": 3, "duration": "long", "onset": "2026-06-15", "notes": "väsynyt"}""");

        var response = FhirQuestionnaireResponse.Export(evaluation, new DateTimeOffset(2026, 6, 19, 10, 30, 0, TimeSpan.FromHours(3)));

        Assert.Equal("QuestionnaireResponse", (string)response["resourceType"]!);
        Assert.Equal("urn:polku:assessment:test-symptom|1.0.0", (string)response["questionnaire"]!);
        Assert.Equal("completed", (string)response["status"]!);
        Assert.Equal("2026-06-19T10:30:00+03:00", (string)response["authored"]!);
        var items = response["item"]!.AsArray();
        Assert.Equal(["breathless-rest", "fever", "symptoms", "cough-days", "details", "notes"], items.Select(i => (string)i!["linkId"]!));
        Assert.Equal("""[{"valueBoolean":false}]""", items[1]!["answer"]!.ToJsonString());
        Assert.Equal(
            """[{"valueCoding":{"code":"cough","display":"Yskä"}},{"valueCoding":{"code":"runny-nose","display":"Nuha"}}]""",
            items[2]!["answer"]!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""[{"valueInteger":3}]""", items[3]!["answer"]!.ToJsonString());
        var group = items[4]!["item"]!.AsArray();
        Assert.Equal(["duration", "onset"], group.Select(i => (string)i!["linkId"]!));
        Assert.Equal("""[{"valueDate":"2026-06-15"}]""", group[1]!["answer"]!.ToJsonString());
        Assert.Equal("väsynyt", (string)items[5]!["answer"]![0]!["valueString"]!);
    }

    [Fact]
    public void Response_uses_valueDecimal_for_decimals()
    {
        var evaluation = Evaluate("test-symptom", """{"breathless-rest": false, "fever": true, "temperature": 38.5}""");

        var response = FhirQuestionnaireResponse.Export(evaluation);

        Assert.Null(response["authored"]);
        Assert.Equal("""[{"valueDecimal":38.5}]""", response["item"]![2]!["answer"]!.ToJsonString());
    }

    /// <summary>A questionnaire is input from another system: elements of the wrong kind are reported, never thrown.</summary>
    [Theory]
    [InlineData("""{"resourceType":"Questionnaire","item":[1]}""", "$.item[0]")]
    [InlineData("""{"resourceType":"Questionnaire","item":["text"]}""", "$.item[0]")]
    [InlineData("""{"resourceType":"Questionnaire","item":[{"linkId":"a","type":"group","item":[null]}]}""", "$.item[0].item[0]")]
    [InlineData("""{"resourceType":"Questionnaire","item":[{"linkId":"a","type":"choice","answerOption":[3]}]}""", "$.item[0].answerOption")]
    [InlineData("""{"resourceType":"Questionnaire","item":[{"linkId":"a","type":"boolean","enableWhen":["x"]}]}""", "$.item[0].enableWhen")]
    public void Items_of_the_wrong_kind_are_errors_not_exceptions(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);

        var result = FhirQuestionnaire.Import(doc.RootElement, "questionnaire.json");

        Assert.Null(result.Definition);
        Assert.Contains(result.Errors, e => e.Path == path);
    }

    [Fact]
    public void Text_metadata_and_extensions_of_the_wrong_kind_are_ignored()
    {
        using var doc = JsonDocument.Parse("""
            {"resourceType":"Questionnaire","name":"q","title":"Otsikko","_title":[1],
             "item":[{"linkId":"a","type":"boolean","text":"Kysymys","_text":{"extension":"x"},"extension":[2, {"url":7}]}]}
            """);

        var result = FhirQuestionnaire.Import(doc.RootElement, "questionnaire.json");

        Assert.Empty(result.Errors);
        Assert.Equal("Otsikko", result.Definition!.Title.Sv);
    }
}
