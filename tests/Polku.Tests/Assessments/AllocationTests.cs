using Polku.Assessments.Domain.Engine;
using static Polku.Tests.Assessments.EngineTestSupport;

namespace Polku.Tests.Assessments;

/// <summary>
/// Zero allocation on the hot path is a property of the design (typed slots, struct values, closures
/// compiled at load, a reusable buffer), so it is asserted like any other behaviour. Counting bytes
/// allocated on this thread is exact and independent of timing.
/// </summary>
public class AllocationTests
{
    [Theory]
    [InlineData("test-symptom", """{"breathless-rest": false, "fever": true, "temperature": 40.2, "symptoms": ["cough", "sore-throat"], "cough-days": 15, "duration": "long", "onset": "2026-06-10", "notes": "tired", "late": true, "early": false}""")]
    [InlineData("test-audit", """{"auditc-1": "2-3-week", "auditc-2": "5-6", "auditc-3": "monthly", "height": 172, "weight": 80.5}""")]
    public void A_warmed_up_evaluation_allocates_nothing(string id, string json)
    {
        var assessment = Fixture(id);
        var answers = Answers(assessment, json);
        var context = new EvaluationContext(70, "female", "091", Today);
        var buffer = new EvaluationBuffer(assessment);
        for (var i = 0; i < 100; i++)
        {
            AssessmentEngine.Evaluate(assessment, answers, context, buffer);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            AssessmentEngine.Evaluate(assessment, answers, context, buffer);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotNull(buffer.Urgency);
    }
}
