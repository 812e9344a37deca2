using Polku.Bench.Database;
using Polku.Bench.Results;
using Polku.Bench.Scenarios;

namespace Polku.Bench.Cli;

/// <summary>
/// Runs <c>list</c>, <c>all</c> or one scenario by name. Exit codes: 0 success (also when slow or skipped),
/// 1 correctness failure, 2 usage or harness error.
/// </summary>
public static class BenchApp
{
    public const int ExitOk = 0;
    public const int ExitCorrectnessFailure = 1;
    public const int ExitHarnessError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (FormatException ex)
        {
            output.WriteLine(ex.Message);
            PrintUsage(output);
            return ExitHarnessError;
        }

        switch (options.Command?.ToUpperInvariant())
        {
            case null or "HELP":
                PrintUsage(output);
                return ExitOk;
            case "LIST":
                foreach (var scenario in ScenarioRegistry.All)
                {
                    output.WriteLine($"  {scenario.Name,-24} {scenario.Description}");
                }

                return ExitOk;
            case "ALL":
                return await RunScenariosAsync(ScenarioRegistry.All, options, args, output, cancellationToken);
            default:
                var found = ScenarioRegistry.Find(options.Command);
                if (found is null)
                {
                    output.WriteLine($"Unknown scenario '{options.Command}'. Known scenarios:");
                    foreach (var scenario in ScenarioRegistry.All)
                    {
                        output.WriteLine("  " + scenario.Name);
                    }

                    return ExitHarnessError;
                }

                return await RunScenariosAsync([found], options, args, output, cancellationToken);
        }
    }

    private static async Task<int> RunScenariosAsync(
        IReadOnlyList<Scenario> scenarios, BenchOptions options, string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var root = RepositoryLocator.FindRoot();
        var context = new ScenarioContext
        {
            Options = options,
            Out = output,
            RepositoryRoot = root,
            PostgresConnectionString = PostgresSettings.ConnectionStringFromEnvironment(),
        };
        var environment = await RunEnvironment.CaptureAsync(root, cancellationToken);
        var writer = new ResultWriter(Path.Combine(root, "bench", "results"), environment);
        foreach (var line in environment.Describe())
        {
            output.WriteLine(line);
        }

        var exitCode = ExitOk;
        var completed = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            var missing = scenario.MissingPrerequisite(context);
            if (missing is not null)
            {
                output.WriteLine();
                output.WriteLine($"SKIPPED {scenario.Name}: {missing}");
                continue;
            }

            output.WriteLine();
            output.WriteLine($"-- running {scenario.Name}: {scenario.Description}");
            ScenarioResult result;
            try
            {
                result = await scenario.RunAsync(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine("Cancelled.");
                return ExitHarnessError;
            }
            catch (Exception ex)
            {
                output.WriteLine($"ERROR in {scenario.Name}: {ex.GetType().Name}: {ex.Message}");
                exitCode = Math.Max(exitCode, ExitHarnessError);
                continue;
            }

            ResultWriter.PrintTable(result, output);
            var path = await writer.SaveAsync(result, ["bench", .. args], cancellationToken);
            output.WriteLine("  saved to " + Path.GetRelativePath(root, path));
            completed.Add(result);
            if (result.Failed)
            {
                exitCode = exitCode == ExitOk ? ExitCorrectnessFailure : exitCode;
            }
        }

        foreach (var unused in options.Unused())
        {
            output.WriteLine($"warning: option --{unused} was not used by any scenario that ran.");
        }

        // RESULT lines come last so scripts can take the tail of the output.
        output.WriteLine();
        foreach (var result in completed)
        {
            ResultWriter.PrintResultLines(result, output);
        }

        return exitCode;
    }

    private static void PrintUsage(TextWriter output)
    {
        output.WriteLine("usage: dotnet run -c Release --project bench/Polku.Bench -- <scenario|all|list> [options]");
        output.WriteLine("  common options: --duration <s> --warmup <s> (see bench/README.md for per-scenario options)");
        output.WriteLine("  PostgreSQL: set POLKU_BENCH_POSTGRES (or POLKU_TEST_POSTGRES) to an Npgsql connection string.");
    }
}
