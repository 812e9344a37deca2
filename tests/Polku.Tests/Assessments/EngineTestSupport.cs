using System.Text.Json;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;

namespace Polku.Tests.Assessments;

internal static class EngineTestSupport
{
    private static readonly Lazy<Dictionary<string, CompiledAssessment>> Fixtures = new(() =>
    {
        var result = AssessmentLoader.LoadDirectory(LoaderTests.FixtureDirectory);
        Assert.Empty(result.Errors);
        return result.Assessments.ToDictionary(a => a.Id);
    });

    public static readonly DateOnly Today = new(2026, 6, 19);

    public static CompiledAssessment Fixture(string id) => Fixtures.Value[id];

    public static AnswerSet Answers(CompiledAssessment assessment, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = AnswerSet.FromJson(doc.RootElement, assessment);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Answers;
    }

    public static Evaluation Evaluate(string id, string json, int? age = null, string? sex = null) =>
        AssessmentEngine.Evaluate(Fixture(id), Answers(Fixture(id), json), new EvaluationContext(age, sex, "091", Today));
}
