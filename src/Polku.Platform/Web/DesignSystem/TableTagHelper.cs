using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Polku.Platform.Web.DesignSystem;

/// <summary>
/// The design system's table: every <c>&lt;table&gt;</c> on every page is put in its own scroll container, so a table
/// wider than a phone scrolls inside its box and the page itself never scrolls sideways (spec 08: every page works at
/// 320 px). The container is a named, focusable region, so a keyboard user can scroll it too (WCAG 2.1.1), named after
/// the table's caption.
/// </summary>
/// <remarks>
/// A tag helper rather than a partial so that no page can forget it: registered for all pages in each module's
/// <c>_ViewImports.cshtml</c>.
/// </remarks>
[HtmlTargetElement("table")]
public sealed partial class TableTagHelper : TagHelper
{
    /// <summary>Runs after the framework's own helpers, so the content is final.</summary>
    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        var caption = Caption().Match(content.GetContent()) is { Success: true } m
            ? WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, " ")).Trim()
            : null;
        var region = string.IsNullOrWhiteSpace(caption) ? string.Empty : $" role=\"region\" aria-label=\"{WebUtility.HtmlEncode(Spaces().Replace(caption, " "))}\"";
        output.PreElement.AppendHtml($"<div class=\"table-scroll\" tabindex=\"0\"{region}>");
        output.PostElement.AppendHtml("</div>");
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
