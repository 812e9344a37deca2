using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Contacts.Callbacks;

/// <summary>Helpers of the call-back and own-page forms: field errors next to inputs, and times in Helsinki.</summary>
internal static class FormFields
{
    public static string Id(string key) => FieldErrors.Id(key);

    public static string? DescribedBy(ViewContext context, string key) => FieldErrors.DescribedBy(context, key);

    public static IHtmlContent Error(ViewContext context, string key) => FieldErrors.For(context, key);

    /// <summary>A stored UTC time as Helsinki wall-clock text in the reader's culture.</summary>
    public static string Local(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", CultureInfo.CurrentCulture);

    public static string LocalTime(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("t", CultureInfo.CurrentCulture);

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss", "H.mm", "HH.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
