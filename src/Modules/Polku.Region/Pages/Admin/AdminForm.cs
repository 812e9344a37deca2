using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Platform.Localization;

namespace Polku.Region.Pages.Admin;

/// <summary>Shared checks of the coordinator forms: required texts within a length.</summary>
internal static class AdminForm
{
    public static void Require(ModelStateDictionary state, Texts texts, params (string Key, string? Value, int Max)[] fields)
    {
        foreach (var (key, value, max) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                state.AddModelError(key, texts["error.required"]);
            }
            else if (value.Length > max)
            {
                state.AddModelError(key, texts["error.too_long"]);
            }
        }
    }

    /// <summary>Shows a failure of a coordinator's change: on its field (under <paramref name="prefix"/>), or for the whole form.</summary>
    public static void Show(ModelStateDictionary state, Texts texts, Polku.Platform.Results.Error error, string prefix = "Input.") =>
        state.AddModelError(error.Field is { } field ? prefix + field : "", texts[error.Code]);

    public static void Limit(ModelStateDictionary state, Texts texts, params (string Key, string? Value, int Max)[] fields)
    {
        foreach (var (key, value, max) in fields)
        {
            if (value is not null && value.Length > max)
            {
                state.AddModelError(key, texts["error.too_long"]);
            }
        }
    }
}
