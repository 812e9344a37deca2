using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// The last 24 hours of a service's probes as a small server-side SVG strip: 96 quarter-hours, green when every probe
/// in it succeeded, red when any failed, grey when none ran. An image with a text alternative (the counts); the same
/// counts are also written beside it, so nothing is told by colour alone.
/// </summary>
internal static class ProbeStrip
{
    public const int Slots = 96;

    private const string Ok = "#2e7d32";
    private const string Failed = "#b00020";
    private const string None = "#d0d4da";

    public static IHtmlContent Render(IReadOnlyList<ProbeResult> day, DateTime nowUtc, string label)
    {
        var start = nowUtc.AddHours(-24);
        var slots = new int[Slots]; // 0 none, 1 ok, 2 failed
        foreach (var result in day)
        {
            var index = (int)Math.Floor((result.AtUtc - start).TotalMinutes / 15);
            if (index is >= 0 and < Slots)
            {
                slots[index] = Math.Max(slots[index], result.Ok ? 1 : 2);
            }
            else if (index == Slots)
            {
                slots[Slots - 1] = Math.Max(slots[Slots - 1], result.Ok ? 1 : 2);
            }
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"probe-strip\" viewBox=\"0 0 {Slots} 8\" preserveAspectRatio=\"none\" width=\"192\" height=\"16\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(label)}\" focusable=\"false\">");
        for (var i = 0; i < Slots; i++)
        {
            var fill = slots[i] switch { 1 => Ok, 2 => Failed, _ => None };
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i}\" y=\"0\" width=\"1\" height=\"8\" fill=\"{fill}\"/>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
