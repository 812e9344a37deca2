using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Polku.Platform.Web;

/// <summary>
/// Field-level error messages of HTML forms. The id of a field is its model-state key with dots replaced by
/// underscores (as the error summary links to it); its message gets the id plus <c>-error</c>, which the input names
/// in <c>aria-describedby</c>.
/// </summary>
public static class FieldErrors
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

    /// <summary>
    /// A version that did not bind as a number (a tampered form) gets the localised concurrency message instead of
    /// the framework's English one: the user reloads the form either way.
    /// </summary>
    public static void LocalizeVersionError(ModelStateDictionary state, string message, string key = "Input.Version")
    {
        if (state.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
        {
            state.Remove(key);
            state.AddModelError("", message);
        }
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
