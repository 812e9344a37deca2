using System.Text.Json;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Engine;
using static Polku.Tests.Assessments.EngineTestSupport;

namespace Polku.Tests.Assessments;

public class EngineTests
{
    private const string Symptom = "test-symptom";

    [Theory]
    [InlineData("{}", null, "temperature", false)]
    [InlineData("{\"fever\": true}", null, "temperature", true)]
    [InlineData("{\"fever\": false}", null, "temperature", false)]
    [InlineData("{}", null, "details", false)]
    [InlineData("{}", null, "duration", false)]
    [InlineData("{\"fever\": true}", null, "duration", true)]
    [InlineData("{\"fever\": false, \"symptoms\": [\"sore-throat\"]}", null, "duration", true)]
    [InlineData("{\"fever\": false, \"symptoms\": [\"sore-throat\"]}", null, "cough-days", false)]
    [InlineData("{\"symptoms\": [\"runny-nose\", \"cough\"]}", null, "cough-days", true)]
    [InlineData("{\"symptoms\": [\"runny-nose\", \"cough\"]}", null, "info", true)]
    [InlineData("{}", null, "early", false)]
    [InlineData("{\"late\": true}", null, "early", true)]
    [InlineData("{\"late\": false}", null, "early", false)]
    [InlineData("{}", null, "elderly-help", false)]
    [InlineData("{}", 64, "elderly-help", false)]
    [InlineData("{}", 65, "elderly-help", true)]
    [InlineData("{}", null, "breathless-rest", true)]
    public void Decides_enablement(string answers, int? age, string linkId, bool enabled)
    {
        var evaluation = Evaluate(Symptom, answers, age);

        Assert.Equal(enabled, evaluation.EnabledLinkIds.Contains(linkId));
    }

    [Fact]
    public void Discards_answers_to_disabled_items_before_anything_else()
    {
        var evaluation = Evaluate(Symptom, """{"breathless-rest": false, "fever": false, "temperature": 41, "duration": "long", "cough-days": 30, "early": true}""");

        Assert.Equal(["breathless-rest", "fever"], evaluation.Answers.AnsweredLinkIds);
        Assert.DoesNotContain(evaluation.Trace, t => t.RuleId is "rf-high-fever" or "long-cough");
        Assert.Equal(Urgency.S, evaluation.Recommendation!.Urgency);
        Assert.Equal(0, evaluation.ScaleValues["highFever"]);
    }

    [Fact]
    public void A_disabled_group_disables_its_questions_even_when_answered()
    {
        var evaluation = Evaluate(Symptom, """{"breathless-rest": false, "fever": false, "duration": "long", "onset": "2026-06-01"}""");

        Assert.DoesNotContain("duration", evaluation.EnabledLinkIds);
        Assert.DoesNotContain("onset", evaluation.EnabledLinkIds);
        Assert.False(evaluation.Answers.IsAnswered("onset"));
    }

    [Theory]
    [InlineData("{}", "breathless-rest:answer.required,fever:answer.required")]
    [InlineData("{\"breathless-rest\": false, \"fever\": true}", "temperature:answer.required")]
    [InlineData("{\"breathless-rest\": false, \"fever\": true, \"temperature\": 44}", "temperature:answer.out_of_range")]
    [InlineData("{\"breathless-rest\": false, \"fever\": true, \"temperature\": 34.9}", "temperature:answer.out_of_range")]
    [InlineData("{\"breathless-rest\": false, \"fever\": true, \"temperature\": 43}", "")]
    [InlineData("{\"breathless-rest\": false, \"fever\": false, \"temperature\": 50}", "")]
    [InlineData("{\"breathless-rest\": false, \"fever\": true, \"temperature\": 38, \"onset\": \"2019-12-31\"}", "onset:answer.out_of_range")]
    [InlineData("{\"breathless-rest\": false, \"fever\": false, \"symptoms\": [\"cough\"], \"cough-days\": 61}", "cough-days:answer.out_of_range")]
    public void Validates_enabled_answers(string answers, string expected)
    {
        var evaluation = Evaluate(Symptom, answers);

        Assert.Equal(expected, string.Join(",", evaluation.Errors.Select(e => e.LinkId + ":" + e.Code)));
        Assert.Equal(expected.Length == 0, evaluation.IsValid);
    }

    [Theory]
    [InlineData("{\"fever\": true, \"symptoms\": [\"cough\", \"sore-throat\"]}", 2.0, 2.0, 4.0)]
    [InlineData("{\"fever\": false, \"symptoms\": [\"cough\"]}", 1.0, 0.0, 1.0)]
    [InlineData("{\"fever\": false}", 0.0, 0.0, 0.0)]
    [InlineData("{\"symptoms\": [\"runny-nose\"]}", 1.0, null, null)]
    public void Computes_sum_and_expression_scales(string answers, double? count, double? feverScore, double? total)
    {
        var scales = Evaluate(Symptom, answers).ScaleValues;

        Assert.Equal(count, scales["symptom-count"]);
        Assert.Equal(feverScore, scales["fever-score"]);
        Assert.Equal(total, scales["total"]);
    }

    [Theory]
    [InlineData("{\"fever\": true, \"temperature\": 39}", true)]
    [InlineData("{\"fever\": true, \"temperature\": 38.9}", false)]
    [InlineData("{\"fever\": false}", false)]
    public void Boolean_scales_are_flags(string answers, bool expected)
    {
        var scale = Evaluate(Symptom, answers).Scales.Single(s => s.Name == "highFever");

        Assert.True(scale.IsFlag);
        Assert.Equal(expected, scale.Flag);
        Assert.Equal(expected ? 1 : 0, scale.Value);
    }

    [Theory]
    [InlineData("{}", "self-care", true)]
    [InlineData("{\"breathless-rest\": true, \"fever\": true, \"temperature\": 40.5}", "emergency", false)]
    [InlineData("{\"fever\": true, \"temperature\": 38}", "gp", false)]
    // A red flag and an ordinary rule tie at P2: red flags are checked first, so the red flag's outcome wins.
    [InlineData("{\"fever\": true, \"temperature\": 40.5, \"symptoms\": [\"cough\", \"sore-throat\", \"runny-nose\"]}", "today", false)]
    // Two ordinary rules tie at P3: the first in order wins.
    [InlineData("{\"fever\": true, \"temperature\": 38, \"symptoms\": [\"cough\"], \"cough-days\": 20}", "gp", false)]
    [InlineData("{\"fever\": false, \"symptoms\": [\"cough\"], \"cough-days\": 20}", "gp-2", false)]
    // The most urgent wins regardless of order: many-symptoms (P2) is declared before fever (P3).
    [InlineData("{\"fever\": true, \"temperature\": 38, \"symptoms\": [\"cough\", \"sore-throat\"]}", "call-back", false)]
    public void Picks_the_most_urgent_outcome(string answers, string outcome, bool isDefault)
    {
        var recommendation = Evaluate(Symptom, answers).Recommendation!;

        Assert.Equal(outcome, recommendation.OutcomeId);
        Assert.Equal(isDefault, recommendation.IsDefault);
    }

    [Fact]
    public void Trace_lists_fired_rules_red_flags_first_with_what_they_read()
    {
        var evaluation = Evaluate(Symptom, """{"breathless-rest": true, "fever": true, "temperature": 38, "symptoms": ["cough", "sore-throat"]}""");

        Assert.Equal(["rf-breathless", "many-symptoms", "fever"], evaluation.Trace.Select(t => t.RuleId));
        var redFlag = evaluation.Trace[0];
        Assert.True(redFlag.RedFlag);
        Assert.Equal("Breathless at rest", redFlag.Reason.En);
        Assert.Equal(["breathless-rest"], redFlag.LinkIds);
        Assert.Equal(Urgency.P0, redFlag.Urgency);
        Assert.Equal(["total"], evaluation.Trace[1].Scales);
        Assert.Empty(evaluation.Trace[1].LinkIds);
        Assert.Equal(Urgency.P0, evaluation.Recommendation!.Urgency);
        Assert.Equal("emergency-112", evaluation.Recommendation.ServiceCode);
    }

    [Theory]
    [InlineData("male", "monthly", "3-4", "weekly", 5.0, false)]
    [InlineData("female", "monthly", "3-4", "weekly", 5.0, true)]
    [InlineData("male", "2-4-month", "3-4", "weekly", 6.0, true)]
    [InlineData(null, "monthly", "3-4", "weekly", 5.0, true)]
    [InlineData("female", "never", "1-2", "never", 0.0, false)]
    public void Audit_c_risk_depends_on_sex(string? sex, string q1, string q2, string q3, double score, bool risk)
    {
        var evaluation = Evaluate("test-audit", $$"""{"auditc-1": "{{q1}}", "auditc-2": "{{q2}}", "auditc-3": "{{q3}}"}""", sex: sex);

        Assert.Equal(score, evaluation.ScaleValues["audit-c"]);
        Assert.Equal(risk, evaluation.Scales.Single(s => s.Name == "auditCRisk").Flag);
        Assert.Equal(risk ? Urgency.L2 : Urgency.S, evaluation.Recommendation!.Urgency);
    }

    [Theory]
    [InlineData(180, 81.0, 25.0)]
    [InlineData(170, 70.0, 24.2)]
    [InlineData(null, 70.0, null)]
    public void Bmi_is_a_formula_scale(int? height, double weight, double? bmi)
    {
        var json = height is null ? $$"""{"weight": {{weight}}}""" : $$"""{"height": {{height}}, "weight": {{weight}}}""";

        Assert.Equal(bmi, Evaluate("test-audit", json).ScaleValues["bmi"]);
    }

    [Theory]
    [InlineData("{\"nope\": true}", "nope", AnswerSet.UnknownItem)]
    [InlineData("{\"fever\": \"yes\"}", "fever", AnswerSet.WrongType)]
    [InlineData("{\"cough-days\": 3.5}", "cough-days", AnswerSet.WrongType)]
    [InlineData("{\"temperature\": \"38\"}", "temperature", AnswerSet.WrongType)]
    [InlineData("{\"duration\": \"medium\"}", "duration", AnswerSet.UnknownCode)]
    [InlineData("{\"duration\": [\"long\"]}", "duration", AnswerSet.WrongType)]
    [InlineData("{\"symptoms\": \"cough\"}", "symptoms", AnswerSet.WrongType)]
    [InlineData("{\"symptoms\": [\"cough\", \"fever\"]}", "symptoms", AnswerSet.UnknownCode)]
    [InlineData("{\"onset\": \"19.6.2026\"}", "onset", AnswerSet.WrongType)]
    [InlineData("{\"notes\": 5}", "notes", AnswerSet.WrongType)]
    [InlineData("{\"info\": \"x\"}", "info", AnswerSet.NotAnswerable)]
    [InlineData("{\"details\": true}", "details", AnswerSet.NotAnswerable)]
    public void Answer_json_errors_name_the_linkId(string json, string linkId, string code)
    {
        using var doc = JsonDocument.Parse(json);

        var result = AnswerSet.FromJson(doc.RootElement, Fixture(Symptom));

        var error = Assert.Single(result.Errors);
        Assert.Equal((linkId, code), (error.LinkId, error.Code));
    }

    [Fact]
    public void Answers_round_trip_through_json()
    {
        const string json = """{"breathless-rest":false,"fever":true,"temperature":38.5,"symptoms":["cough","runny-nose"],"cough-days":3,"duration":"short","onset":"2026-06-15","notes":"hello"}""";
        var answers = Answers(Fixture(Symptom), json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            answers.WriteJson(writer);
        }

        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Answers_can_be_set_in_code_and_refuse_wrong_types()
    {
        var answers = new AnswerSet(Fixture(Symptom));
        answers.SetBoolean("fever", true);
        answers.SetNumber("temperature", 39.5);
        answers.SetCodes("symptoms", ["cough"]);
        answers.SetCode("duration", "long");
        answers.SetDate("onset", new DateOnly(2026, 6, 1));
        answers.SetText("notes", "x");

        Assert.Equal(["cough"], answers.GetCodes("symptoms"));
        Assert.Equal("long", answers.GetString("duration"));
        Assert.Throws<ArgumentException>(() => answers.SetNumber("cough-days", 2.5));
        Assert.Throws<ArgumentException>(() => answers.SetBoolean("temperature", true));
        Assert.Throws<ArgumentException>(() => answers.SetCode("duration", "medium"));
        Assert.Throws<ArgumentException>(() => answers.SetBoolean("nope", true));
        answers.Clear("fever");
        Assert.False(answers.IsAnswered("fever"));
    }

    [Fact]
    public void Answers_of_another_assessment_are_refused()
    {
        var answers = new AnswerSet(Fixture("test-audit"));

        Assert.Throws<ArgumentException>(() => AssessmentEngine.Evaluate(Fixture(Symptom), answers, new EvaluationContext(null, null, null, Today)));
    }
}
