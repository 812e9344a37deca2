using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Polku.Assessments.Pages.Admin;

/// <summary>
/// Field-level error messages of the routing forms, as the coordinator forms of the region module show them: the id of
/// a field is its model-state key with dots replaced by underscores (the error summary links to it) and its message
/// gets the id plus <c>-error</c>, which the input names in <c>aria-describedby</c>. (The region's helper is internal
/// to that module; modules share only contracts.)
/// </summary>
internal static class RoutingFieldErrors
{
    public static string Id(string key) => key.Replace('.', '_');

    public static bool Has(ViewContext context, string key) =>
        context.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>The value for <c>aria-describedby</c>: the hint and the error message when present, otherwise null (no attribute).</summary>
    public static string? DescribedBy(ViewContext context, string key, string? hintId = null)
    {
        var error = Has(context, key) ? Id(key) + "-error" : null;
        return (hintId, error) switch
        {
            (null, null) => null,
            (null, _) => error,
            (_, null) => hintId,
            _ => hintId + " " + error,
        };
    }

    /// <summary>The field's error messages as a paragraph, or nothing when the field is valid.</summary>
    public static IHtmlContent For(ViewContext context, string key)
    {
        if (!context.ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var p = new TagBuilder("p");
        p.AddCssClass("field-error");
        p.Attributes["id"] = Id(key) + "-error";
        p.InnerHtml.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        return p;
    }
}
