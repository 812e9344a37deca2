using System.Globalization;
using Polku.Platform.Localization;
using Polku.Platform.Time;

namespace Polku.Training.Domain;

/// <summary>The reader's language's text of a three-language value, and times as Helsinki wall-clock time.</summary>
internal static class TrainingText
{
    public static string Pick(string fi, string sv, string en) => Pick(Language.Current, fi, sv, en);

    public static string Pick(string language, string fi, string sv, string en) => language switch
    {
        "sv" => sv,
        "en" => en,
        _ => fi,
    };

    /// <summary>An instant as Helsinki date and time in the current culture ("14.4.2026 9.00").</summary>
    public static string At(DateTime utc) => At(utc, CultureInfo.CurrentCulture);

    public static string At(DateTime utc, CultureInfo culture) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("g", culture);

    public static string Date(DateTime utc) => Date(utc, CultureInfo.CurrentCulture);

    public static string Date(DateTime utc, CultureInfo culture) =>
        HelsinkiTime.LocalDate(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d", culture);

    /// <summary>Helsinki start and end of a session in one string ("14.4.2026 9.00–11.30").</summary>
    public static string Span(DateTime startUtc, DateTime endUtc)
    {
        var start = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc)));
        var end = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(endUtc, DateTimeKind.Utc)));
        return start.Date == end.Date
            ? start.ToString("g", CultureInfo.CurrentCulture) + "–" + end.ToString("t", CultureInfo.CurrentCulture)
            : start.ToString("g", CultureInfo.CurrentCulture) + " – " + end.ToString("g", CultureInfo.CurrentCulture);
    }

    /// <summary>The instant <paramref name="months"/> calendar months after <paramref name="utc"/> at the same Helsinki wall-clock time.</summary>
    public static DateTime AddMonthsHelsinki(DateTime utc, int months)
    {
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).AddMonths(months);
        return HelsinkiTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)).UtcDateTime;
    }
}
