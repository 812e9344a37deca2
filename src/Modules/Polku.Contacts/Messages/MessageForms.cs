using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Polku.Platform.Localization;
using Polku.Platform.Results;

namespace Polku.Contacts.Messages;

/// <summary>Field errors of the message forms: ids are model-state keys with dots as underscores (as the error summary links).</summary>
internal static class MessageForms
{
    public static string Id(string key) => key.Replace('.', '_');

    public static bool Has(ViewContext context, string key) =>
        context.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    public static string? DescribedBy(ViewContext context, string key) => Has(context, key) ? Id(key) + "-error" : null;

    /// <summary>The field's first error as a paragraph, or nothing.</summary>
    public static IHtmlContent For(ViewContext context, string key)
    {
        if (!context.ModelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var p = new TagBuilder("p");
        p.AddCssClass("field-error");
        p.Attributes["id"] = Id(key) + "-error";
        p.InnerHtml.Append(entry.Errors[0].ErrorMessage);
        return p;
    }

    /// <summary>Puts a service error on the form field it names (<c>Input.Body</c> …), localised.</summary>
    public static void Add(ModelStateDictionary state, Texts texts, Error error) =>
        state.AddModelError(error.Field is { Length: > 0 } f ? "Input." + char.ToUpperInvariant(f[0]) + f[1..] : "", texts[error.Code]);

    /// <summary>A short, culture-formatted local time for a UTC timestamp.</summary>
    public static string Time(DateTime utc) =>
        Polku.Platform.Time.HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", System.Globalization.CultureInfo.CurrentCulture);

    public static string Size(long bytes) => Polku.Platform.Uploads.UploadChecks.Size(bytes);
}
