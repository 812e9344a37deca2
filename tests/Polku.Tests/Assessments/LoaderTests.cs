using System.Text.Json.Nodes;
using Polku.Assessments.Domain.Content;

namespace Polku.Tests.Assessments;

public class LoaderTests
{
    private const string FileName = "t.1.0.0.json";

    internal static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Assessments", "Fixtures");

    private static JsonObject T(string word) => new() { ["fi"] = word + "-fi", ["sv"] = word + "-sv", ["en"] = word + "-en" };

    /// <summary>A small valid document that each case breaks in one way.</summary>
    private static JsonObject Base() => new()
    {
        ["id"] = "t",
        ["version"] = "1.0.0",
        ["status"] = "draft",
        ["kind"] = "symptom",
        ["title"] = T("title"),
        ["items"] = new JsonArray(
            new JsonObject { ["linkId"] = "a", ["type"] = "boolean", ["text"] = T("a") },
            new JsonObject
            {
                ["linkId"] = "b",
                ["type"] = "choice",
                ["text"] = T("b"),
                ["options"] = new JsonArray(new JsonObject { ["code"] = "x", ["text"] = T("x") }, new JsonObject { ["code"] = "y", ["text"] = T("y") }),
            },
            new JsonObject { ["linkId"] = "c", ["type"] = "integer", ["text"] = T("c"), ["min"] = 0, ["max"] = 10 }),
        ["rules"] = new JsonArray(new JsonObject { ["id"] = "r1", ["when"] = "{a} = true", ["outcome"] = "o1", ["reason"] = T("r") }),
        ["outcomes"] = new JsonArray(
            new JsonObject { ["id"] = "o1", ["urgency"] = "P3", ["text"] = T("o1") },
            new JsonObject { ["id"] = "self", ["urgency"] = "S", ["text"] = T("self") }),
        ["defaultOutcome"] = "self",
    };

    private static JsonObject Item(JsonObject doc, int i) => doc["items"]![i]!.AsObject();

    private static JsonArray When(string question, string op, JsonNode? answer) =>
        new(new JsonObject { ["question"] = question, ["operator"] = op, ["answer"] = answer });

    private static readonly Dictionary<string, Action<JsonObject>> Cases = new()
    {
        ["missing field"] = d => d.Remove("kind"),
        ["unknown field"] = d => Item(d, 0)["colour"] = "red",
        ["wrong type"] = d => Item(d, 0)["required"] = "yes",
        ["wrong type of list"] = d => d["items"] = "a",
        ["unknown enum value"] = d => Item(d, 2)["type"] = "number",
        ["missing language"] = d => d["title"]!.AsObject().Remove("sv"),
        ["missing language in option"] = d => Item(d, 1)["options"]![1]!["text"]!.AsObject().Remove("en"),
        ["duplicate linkId"] = d => Item(d, 1)["linkId"] = "a",
        ["bad linkId"] = d => Item(d, 0)["linkId"] = "A b",
        ["unknown linkId in enableWhen"] = d => Item(d, 2)["enableWhen"] = When("zz", "exists", true),
        ["unknown linkId in expression"] = d => d["rules"]![0]!["when"] = "{zz} = true",
        ["unknown linkId in sum"] = d => d["scales"] = new JsonArray(new JsonObject { ["name"] = "s", ["sum"] = new JsonArray("a", "zz") }),
        ["enableWhen answer of wrong type"] = d => Item(d, 2)["enableWhen"] = When("a", "=", 3),
        ["enableWhen unknown code"] = d => Item(d, 2)["enableWhen"] = When("b", "=", "z"),
        ["operator not valid for type"] = d => Item(d, 2)["enableWhen"] = When("a", ">", true),
        ["exists needs boolean"] = d => Item(d, 2)["enableWhen"] = When("a", "exists", "yes"),
        ["enableBehavior missing"] = d => Item(d, 2)["enableWhen"] = new JsonArray(
            new JsonObject { ["question"] = "a", ["operator"] = "=", ["answer"] = true },
            new JsonObject { ["question"] = "b", ["operator"] = "=", ["answer"] = "x" }),
        ["cycle"] = d =>
        {
            Item(d, 0)["enableWhen"] = When("c", "exists", true);
            Item(d, 2)["enableWhen"] = When("a", "exists", true);
        },
        ["self cycle"] = d => Item(d, 0)["enableWhen"] = When("a", "=", true),
        ["cycle through expression"] = d =>
        {
            Item(d, 1)["enableWhenExpression"] = "{c} > 2";
            Item(d, 2)["enableWhen"] = When("b", "=", "x");
        },
        ["unreachable: outside bounds"] = d => Item(d, 1)["enableWhen"] = When("c", ">", 10),
        ["unreachable: depends on unreachable"] = d =>
        {
            Item(d, 1)["enableWhen"] = When("c", ">", 10);
            Item(d, 0)["enableWhen"] = When("b", "exists", true);
        },
        ["unreachable: constant false expression"] = d => Item(d, 2)["enableWhenExpression"] = "1 > 2",
        ["unreachable: contradiction"] = d =>
        {
            Item(d, 2)["enableWhen"] = new JsonArray(
                new JsonObject { ["question"] = "a", ["operator"] = "=", ["answer"] = true },
                new JsonObject { ["question"] = "a", ["operator"] = "=", ["answer"] = false });
            Item(d, 2)["enableBehavior"] = "all";
        },
        ["scale forward reference"] = d => d["scales"] = new JsonArray(
            new JsonObject { ["name"] = "s1", ["expression"] = "$s2 + 1" },
            new JsonObject { ["name"] = "s2", ["expression"] = "1 + {c}" }),
        ["scale cycle"] = d => d["scales"] = new JsonArray(new JsonObject { ["name"] = "s1", ["expression"] = "$s1 + 1" }),
        ["scale with sum and expression"] = d => d["scales"] = new JsonArray(new JsonObject { ["name"] = "s1", ["expression"] = "1", ["sum"] = new JsonArray("b") }),
        ["scale in enableWhenExpression"] = d =>
        {
            d["scales"] = new JsonArray(new JsonObject { ["name"] = "s1", ["sum"] = new JsonArray("b") });
            Item(d, 2)["enableWhenExpression"] = "$s1 > 1";
        },
        ["sum of unweighted boolean"] = d => d["scales"] = new JsonArray(new JsonObject { ["name"] = "s1", ["sum"] = new JsonArray("a") }),
        ["rule to unknown outcome"] = d => d["rules"]![0]!["outcome"] = "nope",
        ["unknown default outcome"] = d => d["defaultOutcome"] = "nope",
        ["outcome without every language"] = d => d["outcomes"]![0]!["text"]!.AsObject().Remove("en"),
        ["rule never fires: constant"] = d => d["rules"]![0]!["when"] = "1 = 2",
        ["rule never fires: unreachable item"] = d => Item(d, 0)["enableWhenExpression"] = "false",
        ["type error in rule"] = d => d["rules"]![0]!["when"] = "{c} = 'x'",
        ["code typo in rule"] = d => d["rules"]![0]!["when"] = "{b} = 'q'",
        ["rule is not boolean"] = d => d["rules"]![0]!["when"] = "{c} + 1",
        ["parse error in rule"] = d => d["rules"]![0]!["when"] = "{a} = = true",
        ["options on boolean"] = d => Item(d, 0)["options"] = Item(d, 1)["options"]!.DeepClone(),
        ["choice without options"] = d => Item(d, 1).Remove("options"),
        ["duplicate option code"] = d => Item(d, 1)["options"]![1]!["code"] = "x",
        ["min greater than max"] = d => Item(d, 2)["min"] = 20,
        ["group in group"] = d => d["items"]!.AsArray().Add(new JsonObject
        {
            ["linkId"] = "g",
            ["type"] = "group",
            ["text"] = T("g"),
            ["items"] = new JsonArray(new JsonObject
            {
                ["linkId"] = "g2",
                ["type"] = "group",
                ["text"] = T("g2"),
                ["items"] = new JsonArray(new JsonObject { ["linkId"] = "g3", ["type"] = "boolean", ["text"] = T("g3") }),
            }),
        }),
        ["enableWhen on a group child question"] = d => d["items"]!.AsArray().Add(new JsonObject
        {
            ["linkId"] = "g",
            ["type"] = "group",
            ["text"] = T("g"),
            ["enableWhen"] = When("g1", "=", true),
            ["items"] = new JsonArray(new JsonObject { ["linkId"] = "g1", ["type"] = "boolean", ["text"] = T("g1") }),
        }),
        ["invalid urgency"] = d => d["outcomes"]![0]!["urgency"] = "P9",
    };

    [Theory]
    [InlineData("missing field", "$.kind", "required field 'kind' is missing")]
    [InlineData("unknown field", "$.items[0].colour", "unknown field 'colour'")]
    [InlineData("wrong type", "$.items[0].required", "expected true or false but found a string")]
    [InlineData("wrong type of list", "$.items", "expected an array but found a string")]
    [InlineData("unknown enum value", "$.items[2].type", "unknown item type 'number'")]
    [InlineData("missing language", "$.title", "missing the 'sv' text")]
    [InlineData("missing language in option", "$.items[1].options[1].text", "missing the 'en' text")]
    [InlineData("duplicate linkId", "$.items[1].linkId", "duplicate linkId 'a' (first used at $.items[0])")]
    [InlineData("bad linkId", "$.items[0].linkId", "not a valid linkId")]
    [InlineData("unknown linkId in enableWhen", "$.items[2].enableWhen[0].question", "unknown linkId 'zz'")]
    [InlineData("unknown linkId in expression", "$.rules[0].when", "column 1: unknown linkId 'zz'")]
    [InlineData("unknown linkId in sum", "$.scales[0].sum[1]", "unknown linkId 'zz'")]
    [InlineData("enableWhen answer of wrong type", "$.items[2].enableWhen[0].answer", "'a' is a boolean question: the answer must be true or false, not 3")]
    [InlineData("enableWhen unknown code", "$.items[2].enableWhen[0].answer", "'z' is not an option of 'b' (options: x, y)")]
    [InlineData("operator not valid for type", "$.items[2].enableWhen[0].operator", "operator '>' is not valid for the boolean question 'a'")]
    [InlineData("exists needs boolean", "$.items[2].enableWhen[0].answer", "the answer of 'exists' must be true")]
    [InlineData("enableBehavior missing", "$.items[2].enableBehavior", "required when enableWhen has more than one condition")]
    [InlineData("cycle", "$.items[0].enableWhen", "enableWhen cycle: a → c → a")]
    [InlineData("self cycle", "$.items[0].enableWhen", "enableWhen cycle: a → a")]
    [InlineData("cycle through expression", "$.items[1].enableWhenExpression", "enableWhen cycle: b → c → b")]
    [InlineData("unreachable: outside bounds", "$.items[1].enableWhen", "'b' can never be enabled: 'c' > 10 is outside the question's min/max")]
    [InlineData("unreachable: depends on unreachable", "$.items[0].enableWhen", "'a' can never be enabled: it depends on 'b', which is never enabled")]
    [InlineData("unreachable: constant false expression", "$.items[2].enableWhenExpression", "'c' can never be enabled: its condition is always false")]
    [InlineData("unreachable: contradiction", "$.items[2].enableWhen", "'a' cannot equal both true and false")]
    [InlineData("scale forward reference", "$.scales[0].expression", "column 1: scale '$s2' is defined later")]
    [InlineData("scale cycle", "$.scales[0].expression", "column 1: scale '$s1' refers to itself")]
    [InlineData("scale with sum and expression", "$.scales[0]", "exactly one of 'sum' and 'expression'")]
    [InlineData("scale in enableWhenExpression", "$.items[2].enableWhenExpression", "scales cannot be used here")]
    [InlineData("sum of unweighted boolean", "$.scales[0].sum[0]", "the boolean item 'a' has no weights")]
    [InlineData("rule to unknown outcome", "$.rules[0].outcome", "unknown outcome 'nope'")]
    [InlineData("unknown default outcome", "$.defaultOutcome", "unknown outcome 'nope'")]
    [InlineData("outcome without every language", "$.outcomes[0].text", "missing the 'en' text")]
    [InlineData("rule never fires: constant", "$.rules[0].when", "rule 'r1' can never fire: its condition is always false")]
    [InlineData("rule never fires: unreachable item", "$.rules[0].when", "rule 'r1' can never fire: it reads 'a', never enabled")]
    [InlineData("type error in rule", "$.rules[0].when", "column 5: cannot compare number with string")]
    [InlineData("code typo in rule", "$.rules[0].when", "column 7: 'q' is not an option of 'b'")]
    [InlineData("rule is not boolean", "$.rules[0].when", "must be boolean but is number")]
    [InlineData("parse error in rule", "$.rules[0].when", "column 7: unexpected '='")]
    [InlineData("options on boolean", "$.items[0].options", "options are only for choice and multi-choice")]
    [InlineData("choice without options", "$.items[1].options", "a choice item needs options")]
    [InlineData("duplicate option code", "$.items[1].options[1].code", "duplicate option code 'x'")]
    [InlineData("min greater than max", "$.items[2].min", "min is greater than max")]
    [InlineData("group in group", "$.items[3].items[0].items", "groups nest only one level")]
    [InlineData("enableWhen on a group child question", "$.items[3].enableWhen", "enableWhen cycle: g → g1 → g")]
    [InlineData("invalid urgency", "$.outcomes[0].urgency", "unknown urgency 'P9'")]
    public void Reports_content_errors_with_file_and_path(string name, string path, string message)
    {
        var doc = Base();
        Cases[name](doc);

        var result = AssessmentLoader.LoadString(doc.ToJsonString(), FileName);

        Assert.Empty(result.Assessments);
        Assert.Contains(result.Errors, e => e.File == FileName && e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_case_has_a_table_row()
    {
        var rows = typeof(LoaderTests).GetMethod(nameof(Reports_content_errors_with_file_and_path))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();

        Assert.Equal(Cases.Keys.Order(), rows.Order());
    }

    [Fact]
    public void The_base_document_is_valid()
    {
        var result = AssessmentLoader.LoadString(Base().ToJsonString(), FileName);

        Assert.Empty(result.Errors);
        Assert.Single(result.Assessments);
    }

    [Fact]
    public void Json_syntax_error_names_the_line()
    {
        var json = "{\n  \"id\": \"t\",\n  \"version\": \"1.0.0\"\n  \"kind\": \"symptom\"\n}";

        var result = AssessmentLoader.LoadString(json, FileName);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.StartsWith("invalid JSON at line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_json_properties_are_a_syntax_error()
    {
        var result = AssessmentLoader.LoadString("{\"id\": \"t\", \"id\": \"u\"}", FileName);

        Assert.Contains("invalid JSON at line 1", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_name_must_match_id_and_version()
    {
        var result = AssessmentLoader.LoadString(Base().ToJsonString(), "t.1.0.1.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("t.1.0.1.json", "$"), (error.File, error.Path));
        Assert.Contains("must be 't.1.0.0.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_id_and_version_is_an_error()
    {
        var json = Base().ToJsonString();

        var result = AssessmentLoader.LoadMany([(FileName, json), (FileName, json)]);

        Assert.Single(result.Assessments);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.version", error.Path);
        Assert.Contains("already defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_hash_ignores_layout_but_not_values()
    {
        var doc = Base();
        var compact = AssessmentLoader.LoadString(doc.ToJsonString(), FileName).Assessments.Single().Definition.ContentHash;
        var indented = AssessmentLoader.LoadString(doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), FileName).Assessments.Single().Definition.ContentHash;
        var reordered = new JsonObject(doc.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var reorderedHash = AssessmentLoader.LoadString(reordered.ToJsonString(), FileName).Assessments.Single().Definition.ContentHash;
        doc["title"]!["en"] = "changed";
        var changed = AssessmentLoader.LoadString(doc.ToJsonString(), FileName).Assessments.Single().Definition.ContentHash;

        Assert.Matches("^[0-9a-f]{64}$", compact);
        Assert.Equal(compact, indented);
        Assert.Equal(compact, reorderedHash);
        Assert.NotEqual(compact, changed);
    }

    [Fact]
    public void Loads_the_fixture_directory()
    {
        var result = AssessmentLoader.LoadDirectory(FixtureDirectory);

        Assert.Empty(result.Errors);
        Assert.Equal(["test-audit", "test-symptom"], result.Assessments.Select(a => a.Id).Order());
    }

    [Fact]
    public void Reports_several_errors_at_once()
    {
        var doc = Base();
        Cases["unknown field"](doc);
        Cases["missing language"](doc);
        Cases["wrong type"](doc);

        var result = AssessmentLoader.LoadString(doc.ToJsonString(), FileName);

        Assert.Equal(3, result.Errors.Count);
    }
}
