using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Polku.Assessments.Catalog;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Assessments;

/// <summary>
/// The shipped wellbeing check scores FINDRISC (Lindström &amp; Tuomilehto 2003) and AUDIT-C exactly as published, for
/// any answers: an independent implementation of the published tables is compared with the content's scales over
/// every boundary and thousands of random answer sets.
/// </summary>
public sealed class WellbeingScoringTests
{
    private static readonly Lazy<CompiledAssessment> Wellbeing = new(() =>
    {
        var result = AssessmentLoader.LoadMany(AssessmentCatalog.Embedded());
        Assert.Empty(result.Errors);
        return result.Assessments.Where(a => a.Id == "wellbeing-check").MaxBy(a => a.Version, StringComparer.Ordinal)!;
    });

    private sealed record Person(int Age, string Sex, double Height, double Weight, double Waist, bool Activity, bool Vegetables,
        bool BpMedication, bool HighGlucose, string FamilyDiabetes, int Audit1, int Audit2, int Audit3);

    /// <summary>The published FINDRISC table. BMI is taken to one decimal, as the form asks people to compute it.</summary>
    private static int Findrisc(Person p)
    {
        var bmi = Math.Round(p.Weight / (p.Height / 100 * (p.Height / 100)), 1, MidpointRounding.AwayFromZero);
        var points = p.Age < 45 ? 0 : p.Age <= 54 ? 2 : p.Age <= 64 ? 3 : 4;
        points += bmi < 25 ? 0 : bmi <= 30 ? 1 : 3;
        points += p.Sex == "male"
            ? (p.Waist < 94 ? 0 : p.Waist <= 102 ? 3 : 4)
            : (p.Waist < 80 ? 0 : p.Waist <= 88 ? 3 : 4);
        points += p.Activity ? 0 : 2;
        points += p.Vegetables ? 0 : 1;
        points += p.BpMedication ? 2 : 0;
        points += p.HighGlucose ? 5 : 0;
        points += p.FamilyDiabetes switch { "first-degree" => 5, "second-degree" => 3, _ => 0 };
        return points;
    }

    /// <summary>AUDIT-C: three questions scored 0–4; never drinking means the other two are not asked and count 0.</summary>
    private static int AuditC(Person p) => p.Audit1 == 0 ? 0 : p.Audit1 + p.Audit2 + p.Audit3;

    private static bool AuditCRisk(Person p) => AuditC(p) >= (p.Sex == "male" ? 6 : 5);

    private static Evaluation Evaluate(Person p)
    {
        var a = Wellbeing.Value;
        var answers = new AnswerSet(a);
        answers.SetNumber("age", p.Age);
        answers.SetCode("sex", p.Sex);
        answers.SetNumber("height", p.Height);
        answers.SetNumber("weight", p.Weight);
        answers.SetNumber("waist", p.Waist);
        answers.SetBoolean("activity", p.Activity);
        answers.SetBoolean("vegetables", p.Vegetables);
        answers.SetBoolean("bp-medication", p.BpMedication);
        answers.SetBoolean("high-glucose", p.HighGlucose);
        answers.SetCode("family-diabetes", p.FamilyDiabetes);
        answers.SetCode("auditc-1", p.Audit1.ToString(CultureInfo.InvariantCulture));
        answers.SetCode("auditc-2", p.Audit2.ToString(CultureInfo.InvariantCulture));
        answers.SetCode("auditc-3", p.Audit3.ToString(CultureInfo.InvariantCulture));
        return AssessmentEngine.Evaluate(a, answers, new EvaluationContext(null, null, "638", new DateOnly(2026, 11, 30)));
    }

    private static void AssertScores(Person p)
    {
        var e = Evaluate(p);
        Assert.True(e.IsValid, string.Join("; ", e.Errors));
        var scales = e.Scales.ToDictionary(s => s.Name);
        Assert.True(Findrisc(p) == scales["findrisc"].Value, $"FINDRISC {scales["findrisc"].Value} for {p}, published table gives {Findrisc(p)}");
        Assert.True(AuditC(p) == scales["audit-c"].Value, $"AUDIT-C {scales["audit-c"].Value} for {p}, expected {AuditC(p)}");
        Assert.Equal(AuditCRisk(p), scales["auditCRisk"].Flag);

        // 15 points or more: a task for the health station (an outcome that offers sending to a professional).
        if (Findrisc(p) >= 15)
        {
            Assert.True(e.Recommendation!.Offer.SendToProfessional, $"FINDRISC {Findrisc(p)} must offer sending to the health station");
        }
    }

    public static TheoryData<int, double, double, string> Boundaries()
    {
        var data = new TheoryData<int, double, double, string>();
        foreach (var age in new[] { 18, 44, 45, 54, 55, 64, 65, 99 })
        {
            foreach (var (height, weight) in new[] { (180.0, 80.9), (180.0, 81.0), (180.0, 97.2), (180.0, 97.3), (165.0, 68.0) })
            {
                foreach (var sex in new[] { "male", "female" })
                {
                    data.Add(age, height, weight, sex);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Boundaries_of_age_BMI_and_waist_score_as_published(int age, double height, double weight, string sex)
    {
        foreach (var waist in new[] { 79.9, 80.0, 88.0, 88.1, 93.9, 94.0, 102.0, 102.1 })
        {
            AssertScores(new Person(age, sex, height, weight, waist, true, false, true, false, "second-degree", 2, 1, 1));
        }
    }

    [Fact]
    public void Every_AUDIT_C_answer_combination_scores_as_published_for_both_sexes()
    {
        foreach (var sex in new[] { "male", "female" })
        {
            for (var q1 = 0; q1 <= 4; q1++)
            {
                for (var q2 = 0; q2 <= 4; q2++)
                {
                    for (var q3 = 0; q3 <= 4; q3++)
                    {
                        AssertScores(new Person(50, sex, 170, 70, 85, true, true, false, false, "no", q1, q2, q3));
                    }
                }
            }
        }
    }

    [Fact]
    public void Random_answers_score_as_published()
    {
        var random = new Random(20261130);
        string[] family = ["no", "second-degree", "first-degree"];
        for (var i = 0; i < 3000; i++)
        {
            AssertScores(new Person(
                random.Next(18, 100),
                random.Next(2) == 0 ? "male" : "female",
                Math.Round(140 + (random.NextDouble() * 65), 1),
                Math.Round(40 + (random.NextDouble() * 110), 1),
                Math.Round(60 + (random.NextDouble() * 80), 1),
                random.Next(2) == 0,
                random.Next(2) == 0,
                random.Next(2) == 0,
                random.Next(2) == 0,
                family[random.Next(3)],
                random.Next(5),
                random.Next(5),
                random.Next(5)));
        }
    }

    [Fact]
    public async Task The_API_reports_the_scales_and_auditCRisk_as_a_boolean()
    {
        await using var app = new PolkuAppFactory();
        var body = new JsonObject
        {
            ["answers"] = new JsonObject
            {
                ["age"] = 58, ["sex"] = "male", ["height"] = 178, ["weight"] = 98, ["waist"] = 104, ["activity"] = false, ["vegetables"] = true,
                ["bp-medication"] = true, ["high-glucose"] = false, ["family-diabetes"] = "first-degree",
                ["auditc-1"] = "3", ["auditc-2"] = "1", ["auditc-3"] = "2",
            },
            ["context"] = new JsonObject { ["municipality"] = "638", ["at"] = "2026-12-01T10:00:00+02:00" },
        };
        var result = await (await app.CreateClient().PostAsJsonAsync("/api/assessments/wellbeing-check/evaluate", body)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(3 + 3 + 4 + 2 + 0 + 2 + 0 + 5, result!["scales"]!["findrisc"]!.GetValue<double>());
        Assert.Equal(6, result["scales"]!["audit-c"]!.GetValue<double>());
        Assert.True(result["scales"]!["auditCRisk"]!.GetValue<bool>());
        Assert.Equal("L2", result["recommendation"]!["urgency"]!.GetValue<string>());
    }
}
