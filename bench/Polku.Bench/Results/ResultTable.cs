using System.Globalization;
using System.Text;
using Polku.Bench.Scenarios;

namespace Polku.Bench.Results;

/// <summary>Formats a scenario result as a human-readable table and as machine-readable RESULT lines.</summary>
public static class ResultTable
{
    public static string FormatValue(double value) =>
        double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "NaN";

    public static IEnumerable<string> TableLines(ScenarioResult result)
    {
        string[] header = ["figure", "metric", "value", "unit", "baseline", "ratio", "target"];
        var rows = result.Metrics.Select(m => new[]
        {
            m.Figure,
            m.Name,
            FormatValue(m.Value),
            m.Unit,
            m.Baseline is { } b ? FormatValue(b) + (m.BaselineName is null ? "" : " (" + m.BaselineName + ")") : "-",
            m.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
            m.Target ?? "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();

        string Line(string[] cells)
        {
            var builder = new StringBuilder("  ");
            for (var i = 0; i < cells.Length; i++)
            {
                // Numbers right-aligned, text left-aligned.
                builder.Append(i is 2 or 5 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
                builder.Append(i < cells.Length - 1 ? "  " : "");
            }

            return builder.ToString().TrimEnd();
        }

        yield return Line(header);
        yield return "  " + string.Join("  ", widths.Select(w => new string('-', w)));
        foreach (var row in rows)
        {
            yield return Line(row);
        }

        foreach (var note in result.Notes)
        {
            yield return "  note: " + note;
        }

        foreach (var failure in result.Failures)
        {
            yield return "  CORRECTNESS FAILURE: " + failure;
        }
    }

    /// <summary>One line per figure: <c>RESULT &lt;scenario&gt; &lt;metric&gt;=&lt;value&gt; ...</c>.</summary>
    public static IEnumerable<string> ResultLines(ScenarioResult result) =>
        result.Metrics
            .GroupBy(m => m.Figure)
            .Select(g => "RESULT " + result.Scenario + " " + string.Join(" ", g.Select(m => m.Name + "=" + FormatValue(m.Value))));
}
