using System.Globalization;
using System.Text;
using Polku.Appointments.Data;

namespace Polku.Appointments.Notifications;

/// <summary>
/// iCalendar (RFC 5545) files: one appointment for a confirmation, or a professional's feed. Lines end in CRLF and
/// are folded at 75 octets (UTF-8 aware); text values are escaped; times are UTC (<c>…Z</c>), which every calendar
/// program shows in the user's own zone, so no VTIMEZONE is needed.
/// </summary>
internal static class ICalendar
{
    public const string ProductId = "-//Polku//Appointments//EN";

    /// <summary>One event for the resident's calendar.</summary>
    public static byte[] Appointment(Appointment a, string summary, string location, string url, DateTime stampUtc)
    {
        var b = new Builder();
        b.Begin("VCALENDAR").Line("VERSION", "2.0").Line("PRODID", ProductId).Line("CALSCALE", "GREGORIAN").Line("METHOD", "PUBLISH");
        Event(b, a, summary, location, url, stampUtc);
        b.End("VCALENDAR");
        return b.Bytes();
    }

    /// <summary>A feed of events (a professional's own calendar), with a display name.</summary>
    public static byte[] Feed(string name, IEnumerable<(Appointment Appointment, string Summary, string Location)> events, string url, DateTime stampUtc)
    {
        var b = new Builder();
        b.Begin("VCALENDAR").Line("VERSION", "2.0").Line("PRODID", ProductId).Line("CALSCALE", "GREGORIAN").Line("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", name);
        foreach (var (a, summary, location) in events)
        {
            Event(b, a, summary, location, url, stampUtc);
        }

        b.End("VCALENDAR");
        return b.Bytes();
    }

    private static void Event(Builder b, Appointment a, string summary, string location, string url, DateTime stampUtc)
    {
        var cancelled = a.Status is AppointmentStatus.Cancelled or AppointmentStatus.Expired;
        b.Begin("VEVENT")
            .Line("UID", a.Id.ToString("D") + "@polku")
            .Line("DTSTAMP", Utc(stampUtc))
            .Line("DTSTART", Utc(a.StartUtc))
            .Line("DTEND", Utc(a.EndUtc))
            .Line("SEQUENCE", a.Version.ToString(CultureInfo.InvariantCulture))
            .Line("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
            .Text("SUMMARY", summary)
            .Text("LOCATION", location)
            .Line("URL", url.Length > 0 ? url : "https://polku.invalid/me/appointments")
            .End("VEVENT");
    }

    /// <summary>A UTC date-time in the iCalendar basic format.</summary>
    public static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Escapes a TEXT value (RFC 5545 3.3.11).</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);

    private sealed class Builder
    {
        private readonly StringBuilder _sb = new();

        public Builder Begin(string name) => Line("BEGIN", name);

        public Builder End(string name) => Line("END", name);

        public Builder Text(string name, string value) => Line(name, Escape(value));

        /// <summary>Writes a content line folded so that no physical line exceeds 75 octets.</summary>
        public Builder Line(string name, string value)
        {
            var line = name + ":" + value;
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var size = rune.Utf8SequenceLength;
                if (octets + size > 75)
                {
                    _sb.Append("\r\n ");
                    octets = 1;
                }

                _sb.Append(rune.ToString());
                octets += size;
            }

            _sb.Append("\r\n");
            return this;
        }

        public byte[] Bytes() => Encoding.UTF8.GetBytes(_sb.ToString());
    }
}
