namespace Polku.Bench.Scenarios;

/// <summary>One named benchmark. Implementations measure, then report figures and correctness failures.</summary>
public abstract class Scenario
{
    /// <summary>Name used on the command line and in RESULT lines, e.g. "baseline-minimal-api".</summary>
    public abstract string Name { get; }

    /// <summary>One-line description for <c>list</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Returns why the scenario cannot run here (e.g. no PostgreSQL configured), or null when it can.</summary>
    public virtual string? MissingPrerequisite(ScenarioContext context) => null;

    public abstract Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
