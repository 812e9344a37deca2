using System.Globalization;

namespace Polku.Assessments.Domain;

/// <summary>Calendar dates as content, routing and FHIR files write them: exactly <c>yyyy-MM-dd</c>.</summary>
internal static class IsoDate
{
    private const string Pattern = "yyyy-MM-dd";

    /// <summary>The date, or null when the text is missing or not exactly <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly? Parse(string? text) =>
        text is not null && DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The date as <c>yyyy-MM-dd</c>.</summary>
    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);
}
