using System.Globalization;
using Polku.Platform.Time;

namespace Polku.Appointments.Remote;

/// <summary>Instants as a reader in Finland sees them: Helsinki wall clock, the page's culture.</summary>
internal static class RemoteFormat
{
    public static string Time(DateTime utc) =>
        Local(utc).ToString("t", CultureInfo.CurrentCulture);

    public static string DateTime(DateTime utc)
    {
        var local = Local(utc);
        return local.ToString("d", CultureInfo.CurrentCulture) + " " + local.ToString("t", CultureInfo.CurrentCulture);
    }

    /// <summary>The machine-readable value of a <c>&lt;time&gt;</c> element, with the Helsinki offset.</summary>
    public static string Iso(DateTime utc) => Api.AppointmentsApi.Iso(utc);

    private static System.DateTime Local(DateTime utc) =>
        HelsinkiTime.ToLocal(new DateTimeOffset(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}
