using System.Globalization;
using Polku.Bench.Scenarios;

namespace Polku.Bench.Results;

/// <summary>
/// Prints a scenario's table and appends the run (date, machine, commit, table, RESULT lines)
/// to <c>bench/results/&lt;yyyy-MM-dd&gt;-&lt;scenario&gt;.txt</c>.
/// </summary>
public sealed class ResultWriter(string resultsDirectory, RunEnvironment environment)
{
    public static void PrintTable(ScenarioResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"== {result.Scenario} ==");
        foreach (var line in ResultTable.TableLines(result))
        {
            output.WriteLine(line);
        }
    }

    public static void PrintResultLines(ScenarioResult result, TextWriter output)
    {
        foreach (var line in ResultTable.ResultLines(result))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>Appends the run to the day's file for the scenario and returns its path.</summary>
    public async Task<string> SaveAsync(ScenarioResult result, IEnumerable<string> commandLine, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resultsDirectory);
        var date = environment.StartedUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var path = Path.Combine(resultsDirectory, $"{date}-{result.Scenario}.txt");
        var lines = new List<string> { "# run: " + string.Join(' ', commandLine) };
        lines.AddRange(environment.Describe());
        lines.Add("");
        lines.AddRange(ResultTable.TableLines(result));
        lines.Add("");
        lines.AddRange(ResultTable.ResultLines(result));
        lines.Add("");
        await File.AppendAllLinesAsync(path, lines, cancellationToken);
        return path;
    }
}
