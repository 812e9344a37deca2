using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>
/// A line chart drawn on the server as SVG for a figure over time on a fixed scale (NPS: −100 to 100): one point per
/// period with its value written beside it, a gap where a period has no value, and a line at zero. Like
/// <see cref="BarChart"/> it is an image with a title, and the table next to it holds the same figures for a screen
/// reader; it scales to the width it is given.
/// </summary>
public static class TrendChart
{
    private const int Left = 44;
    private const int Top = 14;
    private const int PlotHeight = 160;
    private const int Width = 440;
    private const int Bottom = 34;

    public static IHtmlContent Render(string id, string title, IReadOnlyList<(string Label, decimal? Value, string Text)> points, decimal min, decimal max)
    {
        ArgumentNullException.ThrowIfNull(points);
        var width = Width;
        var step = (decimal)(Width - Left - 10) / Math.Max(1, points.Count);

        // Each label needs about 60 units: a long period labels (and writes the value of) every few periods only.
        var every = Math.Max(1, (int)Math.Ceiling(60m / step));
        var height = Top + PlotHeight + Bottom;
        var range = max - min <= 0 ? 1 : max - min;
        int Y(decimal v) => Top + (int)Math.Round((max - Math.Clamp(v, min, max)) / range * PlotHeight);
        int X(int i) => Left + (int)Math.Round(i * step + step / 2);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title\" preserveAspectRatio=\"xMinYMin meet\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        foreach (var tick in new[] { max, (max + min) / 2, min }.Append(0m).Distinct())
        {
            var y = Y(tick);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{width - 10}\" y2=\"{y}\" class=\"{(tick == 0 ? "chart-zero" : "chart-grid")}\"></line>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\" class=\"chart-label\">{tick.ToString("0", CultureInfo.CurrentCulture)}</text>");
        }

        // The line joins neighbouring periods that both have a value; a period without one leaves a gap.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', segment)}\" class=\"chart-line\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"></polyline>");
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is { } v)
            {
                segment.Add(string.Create(CultureInfo.InvariantCulture, $"{X(i)},{Y(v)}"));
            }
            else
            {
                Flush();
            }
        }

        Flush();

        for (var i = 0; i < points.Count; i++)
        {
            var (label, value, text) = points[i];
            var x = X(i);
            if (value is { } v)
            {
                var y = Y(v);
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"4\" class=\"chart-point\" fill=\"currentColor\"></circle>");
                if (i % every == 0)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{(y - 8 < Top ? y + 16 : y - 8)}\" text-anchor=\"middle\" class=\"chart-value\">{WebUtility.HtmlEncode(text)}</text>");
                }
            }

            if (i % every != 0)
            {
                continue;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Top + PlotHeight + 22}\" text-anchor=\"middle\" class=\"chart-label\">{WebUtility.HtmlEncode(label)}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
