namespace Polku.Tests.TestSupport;

/// <summary>
/// Tests that read what an exporter collects. OpenTelemetry listens to meters by name across the process, so the
/// meter of every other host running at the same time would show in this host's <c>/metrics</c>; these tests run
/// alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "Process-wide metrics";
}
