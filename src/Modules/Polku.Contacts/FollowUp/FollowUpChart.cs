using System.Globalization;
using Polku.Platform.Time;

namespace Polku.Contacts.FollowUp;

/// <summary>
/// The geometry of a plan's chart, drawn on the server as SVG (no script): a line per field, the clinical limits as
/// dashed lines, out-of-limit values as larger square marks and missed measurements as marks under the time axis.
/// Numbers are in the SVG's own units (<see cref="Width"/> × <see cref="Height"/>), written with a full stop.
/// The data table next to it says the same in words.
/// </summary>
internal sealed class FollowUpChart
{
    public const int Width = 480;
    public const int Height = 240;
    private const double Left = 44, Right = 8, Top = 10, Bottom = 40;

    /// <summary>One field's line: its points, and a style index (colour and dash) so lines differ without colour too.</summary>
    public sealed record Series(TemplateField Field, int Style, string Points, IReadOnlyList<Mark> Marks);

    /// <summary>A value: where it is, and whether it is outside the limits.</summary>
    public sealed record Mark(string X, string Y, bool OutOfLimits);

    /// <summary>A horizontal line at a limit or a tick, with its label.</summary>
    public sealed record Line(string Y, string Label);

    /// <summary>A date on the time axis.</summary>
    public sealed record Tick(string X, string Label);

    public IReadOnlyList<Series> Lines { get; private init; } = [];
    public IReadOnlyList<Line> Limits { get; private init; } = [];
    public IReadOnlyList<Line> YTicks { get; private init; } = [];
    public IReadOnlyList<Tick> XTicks { get; private init; } = [];
    public IReadOnlyList<string> MissedX { get; private init; } = [];
    public static string PlotLeft => F(Left);
    public static string PlotRight => F(Width - Right);
    public static string PlotTop => F(Top);
    public static string PlotBottom => F(Height - Bottom);
    public static string MissedY => F(Height - Bottom + 24);

    public static FollowUpChart Build(PlanView view, DateTime nowUtc)
    {
        var template = view.Template;
        var start = HelsinkiTime.ToInstant(view.Plan.StartDate, TimeOnly.MinValue).UtcDateTime;
        var planEnd = HelsinkiTime.ToInstant(view.Plan.EndDate.AddDays(1), TimeOnly.MinValue).UtcDateTime;
        var last = view.Measurements.Count > 0 ? view.Measurements[^1].Measurement.MeasuredUtc : start;
        var end = new[] { Min(nowUtc, planEnd), last, start.AddDays(1) }.Max();
        var span = (end - start).TotalSeconds;

        var numbers = view.Measurements.SelectMany(m => m.Values.Values).ToList();
        numbers.AddRange(template.Fields.SelectMany(f => new[] { f.AlertAtOrAbove, f.AlertBelow }).OfType<decimal>());
        double low = numbers.Count == 0 ? (double)template.Fields[0].Min : (double)numbers.Min();
        double high = numbers.Count == 0 ? (double)template.Fields[0].Max : (double)numbers.Max();
        var pad = Math.Max((high - low) * 0.1, 1);
        var step = NiceStep((high - low + 2 * pad) / 4);
        low = Math.Floor((low - pad) / step) * step;
        high = Math.Ceiling((high + pad) / step) * step;

        double X(DateTime t) => Left + ((t - start).TotalSeconds / span * (Width - Left - Right));
        double Y(decimal v) => Height - Bottom - (((double)v - low) / (high - low) * (Height - Top - Bottom));

        var series = new List<Series>();
        var style = 0;
        foreach (var field in template.Fields)
        {
            var points = view.Measurements.Where(m => m.Values.ContainsKey(field.Code))
                .Select(m => (X: X(m.Measurement.MeasuredUtc), Y: Y(m.Values[field.Code]), Out: field.OutOfLimits(m.Values[field.Code]))).ToList();
            series.Add(new Series(field, style++, string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y))),
                [.. points.Select(p => new Mark(F(p.X), F(p.Y), p.Out))]));
        }

        var limits = template.Fields.SelectMany(f => new[] { f.AlertAtOrAbove, f.AlertBelow }).OfType<decimal>().Distinct()
            .Select(v => new Line(F(Y(v)), v.ToString("0.##", CultureInfo.CurrentCulture))).ToList();
        var yTicks = new List<Line>();
        for (var v = low; v <= high + (step / 2); v += step)
        {
            yTicks.Add(new Line(F(Y((decimal)v)), v.ToString("0.##", CultureInfo.CurrentCulture)));
        }

        // At most about six dates under the axis, whole days apart.
        var days = Math.Max(1, (int)Math.Ceiling((end - start).TotalDays));
        var every = Math.Max(1, (int)Math.Ceiling(days / 6.0));
        var xTicks = new List<Tick>();
        for (var d = 0; d <= days; d += every)
        {
            var date = view.Plan.StartDate.AddDays(d);
            var at = HelsinkiTime.ToInstant(date, TimeOnly.MinValue).UtcDateTime;
            if (at <= end)
            {
                xTicks.Add(new Tick(F(X(at)), date.ToString("d.M.", CultureInfo.InvariantCulture)));
            }
        }

        return new FollowUpChart
        {
            Lines = series,
            Limits = limits,
            YTicks = yTicks,
            XTicks = xTicks,
            MissedX = [.. view.Missed.Where(m => m >= start && m <= end).Select(m => F(X(m)))],
        };
    }

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1e-9))));
        var n = raw / magnitude;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>What the chart and table partials show: the plan, its chart, and the table's rows (values and missed slots), newest first.</summary>
internal sealed record PlanDisplay(PlanView View, FollowUpChart Chart, IReadOnlyList<PlanDisplay.Row> Rows)
{
    /// <summary>A row of the table: a measurement, or a schedule slot without one.</summary>
    public sealed record Row(DateTime AtUtc, MeasurementRow? Measurement);

    public static PlanDisplay For(PlanView view, DateTime nowUtc) => new(view, FollowUpChart.Build(view, nowUtc),
        [.. view.Measurements.Select(m => new Row(m.Measurement.MeasuredUtc, m)).Concat(view.Missed.Select(s => new Row(s, null))).OrderByDescending(r => r.AtUtc)]);
}
