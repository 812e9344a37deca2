using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// A horizontal bar chart drawn on the server as SVG (spec 05): one bar per column (the county and each municipality),
/// the value written at the bar's end and the target as a dashed line. The chart is an image with a title; the same
/// figures are in the table next to it, which is what a screen reader reads. It scales to the width it is given.
/// </summary>
public static class BarChart
{
    private const int Row = 28;
    private const int LabelWidth = 150;
    private const int BarArea = 330;
    private const int Width = LabelWidth + BarArea + 70;

    public static IHtmlContent Render(string id, string title, IReadOnlyList<(string Label, decimal? Value, string Text)> bars, decimal max, decimal? target)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var height = bars.Count * Row + 12;
        var scale = max <= 0 ? 0 : BarArea / max;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, text) = bars[i];
            var y = i * Row + 6;
            var w = value is { } v && v > 0 ? Math.Min(BarArea, (int)Math.Round(v * scale)) : 0;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\" class=\"chart-label\">{WebUtility.HtmlEncode(Shorten(label))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{w}\" height=\"{Row - 10}\" class=\"chart-bar{(i == 0 ? " chart-bar-total" : "")}\"></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + w + 6}\" y=\"{y + 16}\" class=\"chart-value\">{WebUtility.HtmlEncode(text)}</text>");
        }

        if (target is { } t && max > 0 && t <= max)
        {
            var x = LabelWidth + (int)Math.Round(t * scale);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height}\" class=\"chart-target\"></line>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Shorten(string label) => label.Length <= 20 ? label : label[..19] + "…";
}
