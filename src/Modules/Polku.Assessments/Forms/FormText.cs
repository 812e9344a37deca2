using System.Globalization;
using Polku.Platform.Time;

namespace Polku.Assessments.Forms;

/// <summary>How the forms' pages write times: Helsinki wall-clock time, Finnish-style numbers in every language.</summary>
internal static class FormText
{
    public static string When(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("d.M.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => HelsinkiTime.FormatDate(utc);
}
