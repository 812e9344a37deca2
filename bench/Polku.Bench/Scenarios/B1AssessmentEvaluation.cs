using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Bench.Load;

namespace Polku.Bench.Scenarios;

/// <summary>
/// B1: the assessment engine in process. Loads the demo respiratory assessment from <c>content/assessments/</c>,
/// checks that a set of realistic answer sets gives the expected urgency, then evaluates them round-robin on one
/// thread with the zero-allocation overload (one reused <see cref="EvaluationBuffer"/>): evaluations per second and
/// bytes allocated per evaluation over the measured phase.
/// </summary>
public sealed class B1AssessmentEvaluation : Scenario
{
    internal const string AssessmentFile = "content/assessments/respiratory-infection.1.0.0.json";

    /// <summary>Evaluations between two clock reads; small enough that the end time overshoots by microseconds.</summary>
    private const int Batch = 1024;

    public override string Name => "b1-assessment-evaluation";

    public override string Description =>
        "Assessment engine in process (demo respiratory assessment, realistic answers) on one thread: evaluations/s (target 200,000) and bytes allocated per evaluation (target 0).";

    public override string? MissingPrerequisite(ScenarioContext context) =>
        File.Exists(Path.Combine(context.RepositoryRoot, AssessmentFile)) ? null : $"{AssessmentFile} not found under {context.RepositoryRoot}.";

    public override Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var warmup = options.Seconds("warmup", 2);
        var duration = options.Seconds("duration", 10);
        var result = new ScenarioResult(Name);

        var loaded = AssessmentLoader.LoadFile(Path.Combine(context.RepositoryRoot, AssessmentFile));
        if (!loaded.IsValid || loaded.Assessments.Count != 1)
        {
            foreach (var error in loaded.Errors)
            {
                result.Fail($"{AssessmentFile}: {error}");
            }

            if (loaded.Errors.Count == 0)
            {
                result.Fail($"{AssessmentFile} gave {loaded.Assessments.Count} assessments, expected 1.");
            }

            return Task.FromResult(result);
        }

        var assessment = loaded.Assessments[0];
        var cases = RespiratoryAnswers.Build(assessment);
        var buffer = new EvaluationBuffer(assessment);

        // Correctness first, with both overloads: a wrong urgency is a failure, and the figures would measure the wrong path.
        var expectedOutcome = new int[cases.Count];
        foreach (var (answerCase, i) in cases.Select((c, i) => (c, i)))
        {
            AssessmentEngine.Evaluate(assessment, answerCase.Answers, answerCase.Context, buffer);
            var materialised = AssessmentEngine.Evaluate(assessment, answerCase.Answers, answerCase.Context);
            expectedOutcome[i] = buffer.OutcomeIndex;
            var got = buffer.Urgency?.ToString() ?? "none";
            if (buffer.Urgency != answerCase.Expected || materialised.Recommendation?.Urgency != answerCase.Expected)
            {
                result.Fail($"answer set '{answerCase.Name}': expected {answerCase.Expected}, the buffer overload gave {got}, "
                    + $"the materialising overload gave {materialised.Recommendation?.Urgency.ToString() ?? "none"}.");
            }
            else if (buffer.ErrorCount != 0 || !materialised.IsValid)
            {
                result.Fail($"answer set '{answerCase.Name}': {buffer.ErrorCount} validation errors ({string.Join("; ", materialised.Errors.Select(e => e.Message))}).");
            }
        }

        if (result.Failed)
        {
            return Task.FromResult(result);
        }

        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"{assessment.Id} {assessment.Version}: {assessment.ItemCount} items, {assessment.Rules.Length} rules; {cases.Count} answer sets ({string.Join(", ", cases.Select(c => $"{c.Name}={c.Expected}"))})"));
        context.Log(string.Create(CultureInfo.InvariantCulture,
            $"one thread, round-robin: {warmup.TotalSeconds} s warm-up + {duration.TotalSeconds} s measured"));

        var loadBefore = LoadAverage.Read();
        Measurement? measurement = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                measurement = Measure(assessment, cases, expectedOutcome, buffer, warmup, duration);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        })
        {
            Name = "b1-evaluation",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        var loadAfter = LoadAverage.Read();
        if (failure is not null)
        {
            throw new InvalidOperationException("the evaluation thread failed: " + failure.Message, failure);
        }

        var m = measurement!;
        var seconds = m.Elapsed.TotalSeconds;
        var perSecond = seconds > 0 ? m.Evaluations / seconds : 0;
        var allocatedPerEvaluation = m.Evaluations > 0 ? (double)m.AllocatedBytes / m.Evaluations : 0;
        result.Add(new Metric("evaluations_per_s", Math.Round(perSecond), "evaluations/s") { Target = ">= 200000" });
        result.Add(new Metric("evaluations_per_cpu_s", Math.Round(m.ProcessCpu > TimeSpan.Zero ? m.Evaluations / m.ProcessCpu.TotalSeconds : 0), "evaluations/CPU s"));
        result.Add(new Metric("ns_per_evaluation", Math.Round(m.Evaluations > 0 ? m.Elapsed.TotalNanoseconds / m.Evaluations : 0, 1), "ns"));
        result.Add(new Metric("allocated_bytes_per_evaluation", Math.Round(allocatedPerEvaluation, 4), "bytes") { Target = "0" });
        result.Add(new Metric("allocated_bytes", m.AllocatedBytes, "bytes (measured phase)") { Target = "0" });
        result.Add(new Metric("evaluations", m.Evaluations, "evaluations"));
        result.Add(new Metric("gen0_collections", m.Gen0Collections, "collections"));
        result.Add(new Metric("cpu_share", Math.Round(seconds > 0 ? m.ProcessCpu.TotalSeconds / seconds : 0, 3), "process CPU s / wall s"));
        result.Add(new Metric("wrong_urgency", m.WrongOutcomes, "evaluations") { Target = "0" });

        result.Note("no same-run baseline: B1 runs in process with no I/O, so neither the minimal-API nor the raw-Npgsql baseline is "
            + "a reference for it; the target is absolute (200,000/s on one core, 0 bytes per evaluation).");
        result.Note(string.Create(CultureInfo.InvariantCulture,
            $"one thread, one reused EvaluationBuffer, {cases.Count} answer sets round-robin; the urgency of every measured evaluation is checked ")
            + "(an int compare per evaluation, included in the figure). Allocation by GC.GetAllocatedBytesForCurrentThread over the measured phase.");
        result.Note("cpu_share is the whole process's CPU time over the measured wall time (about 1.0 = the thread had a core to itself; below 1 = it waited for a core); "
            + "evaluations_per_cpu_s divides by that CPU time instead of wall time, so it is less sensitive to other work on the machine.");
        result.Note($"load average before / after: {loadBefore} / {loadAfter} ({Environment.ProcessorCount} cores)");
        if (m.WrongOutcomes > 0)
        {
            result.Fail($"{m.WrongOutcomes} measured evaluations gave another outcome than the checked one.");
        }

        if (m.AllocatedBytes > 0)
        {
            result.Note(string.Create(CultureInfo.InvariantCulture,
                $"the zero-allocation target is not met: {m.AllocatedBytes} bytes over {m.Evaluations} evaluations (reported, not a correctness failure)."));
        }

        return Task.FromResult(result);
    }

    private static Measurement Measure(
        CompiledAssessment assessment,
        IReadOnlyList<AnswerCase> cases,
        int[] expectedOutcome,
        EvaluationBuffer buffer,
        TimeSpan warmup,
        TimeSpan duration)
    {
        var answers = cases.Select(c => c.Answers).ToArray();
        var contexts = cases.Select(c => c.Context).ToArray();
        var next = 0;
        long wrong = 0;

        // Warm-up: long enough for tiered compilation to promote the engine and the compiled expressions.
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < warmupEnd)
        {
            wrong += RunBatch(assessment, answers, contexts, expectedOutcome, buffer, ref next);
        }

        wrong = 0;
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var gen0Start = GC.CollectionCount(0);
        var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long evaluations = 0;
        long now;
        do
        {
            wrong += RunBatch(assessment, answers, contexts, expectedOutcome, buffer, ref next);
            evaluations += Batch;
            now = Stopwatch.GetTimestamp();
        }
        while (now < end);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedStart;
        var gen0 = GC.CollectionCount(0) - gen0Start;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
        return new Measurement(evaluations, Stopwatch.GetElapsedTime(start, now), allocated, gen0, cpu, wrong);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long RunBatch(
        CompiledAssessment assessment, AnswerSet[] answers, EvaluationContext[] contexts, int[] expectedOutcome, EvaluationBuffer buffer, ref int next)
    {
        long wrong = 0;
        var i = next;
        for (var n = 0; n < Batch; n++)
        {
            AssessmentEngine.Evaluate(assessment, answers[i], contexts[i], buffer);
            if (buffer.OutcomeIndex != expectedOutcome[i])
            {
                wrong++;
            }

            if (++i == answers.Length)
            {
                i = 0;
            }
        }

        next = i;
        return wrong;
    }

    private sealed record Measurement(long Evaluations, TimeSpan Elapsed, long AllocatedBytes, int Gen0Collections, TimeSpan ProcessCpu, long WrongOutcomes);
}

/// <summary>One answer set with its evaluation context and the urgency it must give.</summary>
internal sealed record AnswerCase(string Name, AnswerSet Answers, EvaluationContext Context, Urgency Expected);

/// <summary>Realistic answer sets for the demo respiratory-infection assessment, shared by B1 (in process) and B2 (as JSON).</summary>
internal static class RespiratoryAnswers
{
    /// <summary>The same answer sets in the API's JSON shape (linkId to answer) with the expected urgency.</summary>
    public static IReadOnlyList<(string Name, Dictionary<string, object> Answers, Urgency Expected)> Json() =>
    [
        ("p4-fever-3-days", P4Fever(), Urgency.P4),
        ("p0-breathless-rest", With(P4Fever(), remove: "breathless-exertion", ("breathless-rest", true)), Urgency.P0),
        ("s-cold", Cold(), Urgency.S),
        ("p3-high-fever", With(P4Fever(), remove: null, ("temperature", 39.4)), Urgency.P3),
        ("p2-chest-breathing", With(P4Fever(), remove: null, ("chest-pain", "breathing")), Urgency.P2),
        ("p3-lung-disease", With(P4Fever(), remove: null, ("risk-group", Codes("lung-disease")), ("fever-days", 1)), Urgency.P3),
        ("p4-long-cough", With(Cold(), remove: null, ("duration", 14), ("symptoms", Codes("cough")), ("worse-again", false)), Urgency.P4),
        ("s-unmeasured-fever", With(Cold(), remove: null, ("fever", true), ("fever-days", 1), ("symptoms", Codes("cough", "aches"))), Urgency.S),
    ];

    public static IReadOnlyList<AnswerCase> Build(CompiledAssessment assessment)
    {
        var context = new EvaluationContext(Age: 42, Sex: "female", Municipality: "638", Today: new DateOnly(2026, 11, 30));
        var older = context with { Age = 81 };
        var cases = new List<AnswerCase>();
        foreach (var (name, json, expected) in Json())
        {
            cases.Add(new AnswerCase(name, ToAnswerSet(assessment, json), context, expected));
        }

        // The same fever answers for an 81-year-old: age in the context, not an answer, moves the self-care case to P4.
        var (_, unmeasured, _) = Json().Single(c => c.Name == "s-unmeasured-fever");
        cases.Add(new AnswerCase("p4-older-fever", ToAnswerSet(assessment, unmeasured), older, Urgency.P4));
        return cases;
    }

    private static string[] Codes(params string[] codes) => codes;

    private static Dictionary<string, object> P4Fever() => new()
    {
        ["breathless-rest"] = false,
        ["chest-pain"] = "no",
        ["confusion"] = false,
        ["breathless-exertion"] = false,
        ["fever"] = true,
        ["temperature"] = 38.6,
        ["fever-days"] = 3,
        ["duration"] = 4,
        ["symptoms"] = new[] { "cough", "runny-nose" },
        ["risk-group"] = new[] { "none" },
        ["worse-again"] = false,
    };

    private static Dictionary<string, object> Cold() => new()
    {
        ["breathless-rest"] = false,
        ["chest-pain"] = "no",
        ["confusion"] = false,
        ["breathless-exertion"] = false,
        ["fever"] = false,
        ["duration"] = 2,
        ["symptoms"] = new[] { "runny-nose", "sore-throat" },
        ["risk-group"] = new[] { "none" },
    };

    private static Dictionary<string, object> With(Dictionary<string, object> answers, string? remove, params (string LinkId, object Value)[] changes)
    {
        if (remove is not null)
        {
            answers.Remove(remove);
        }

        foreach (var (linkId, value) in changes)
        {
            answers[linkId] = value;
        }

        return answers;
    }

    private static AnswerSet ToAnswerSet(CompiledAssessment assessment, Dictionary<string, object> answers)
    {
        var set = new AnswerSet(assessment);
        foreach (var (linkId, value) in answers)
        {
            switch (value)
            {
                case bool b: set.SetBoolean(linkId, b); break;
                case int n: set.SetNumber(linkId, n); break;
                case double d: set.SetNumber(linkId, d); break;
                case string code: set.SetCode(linkId, code); break;
                case string[] codes: set.SetCodes(linkId, codes); break;
                default: throw new ArgumentException($"unsupported answer type {value.GetType().Name} for '{linkId}'", nameof(answers));
            }
        }

        return set;
    }
}
