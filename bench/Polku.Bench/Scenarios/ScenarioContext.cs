using Polku.Bench.Cli;

namespace Polku.Bench.Scenarios;

/// <summary>What a scenario may use: options, output, repository location and the PostgreSQL setting.</summary>
public sealed class ScenarioContext
{
    public required BenchOptions Options { get; init; }

    public required TextWriter Out { get; init; }

    /// <summary>Repository root (the folder holding Polku.slnx).</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>From POLKU_BENCH_POSTGRES, else POLKU_TEST_POSTGRES; null when neither is set.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Progress line, indented under the scenario header.</summary>
    public void Log(string message) => Out.WriteLine("  " + message);
}
