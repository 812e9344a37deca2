using System.Globalization;
using System.Text;
using Polku.Appointments.Data;

namespace Polku.Appointments.Notifications;

/// <summary>One event of an iCalendar file: the appointment and the words shown for it.</summary>
/// <param name="Appointment">The appointment (its id is the UID, its version the SEQUENCE).</param>
/// <param name="Summary">The title, without health information.</param>
/// <param name="Location">The place, "video" or "phone".</param>
/// <param name="Url">An absolute link to see the appointment; left out when not absolute.</param>
internal sealed record CalendarEvent(Appointment Appointment, string Summary, string Location, string Url);

/// <summary>
/// iCalendar (RFC 5545) files: one appointment for a confirmation, or a professional's feed. Lines end in CRLF and
/// are folded at 75 octets without splitting a UTF-8 sequence; TEXT values are escaped and control characters
/// dropped; times are UTC (<c>…Z</c>), which every calendar program shows in the user's own zone, so no VTIMEZONE
/// is needed. METHOD:PUBLISH (no attendees, nothing to reply to): a later file with the same UID and a higher
/// SEQUENCE replaces the event, and STATUS:CANCELLED takes it off the calendar.
/// </summary>
internal static class ICalendar
{
    public const string ProductId = "-//Polku//Appointments//EN";

    /// <summary>The largest line, in octets without the CRLF (RFC 5545 3.1).</summary>
    public const int MaxLineOctets = 75;

    /// <summary>One event for the resident's calendar.</summary>
    public static byte[] Appointment(Appointment a, string summary, string location, string url, DateTime stampUtc) =>
        Events([new CalendarEvent(a, summary, location, url)], stampUtc);

    /// <summary>Several events in one file (a moved appointment: the old one cancelled, the new one confirmed).</summary>
    public static byte[] Events(IEnumerable<CalendarEvent> events, DateTime stampUtc)
    {
        var b = Header();
        foreach (var e in events)
        {
            Event(b, e, stampUtc, confidential: false);
        }

        b.End("VCALENDAR");
        return b.Bytes();
    }

    /// <summary>
    /// A professional's feed: a display name and a refresh hint (RFC 7986 REFRESH-INTERVAL and the older
    /// X-PUBLISHED-TTL most programs still read), events marked CLASS:CONFIDENTIAL.
    /// </summary>
    public static byte[] Feed(string name, IEnumerable<CalendarEvent> events, DateTime stampUtc)
    {
        var b = Header()
            .Text("NAME", name)
            .Text("X-WR-CALNAME", name)
            .Line("REFRESH-INTERVAL;VALUE=DURATION", "PT30M")
            .Line("X-PUBLISHED-TTL", "PT30M");
        foreach (var e in events)
        {
            Event(b, e, stampUtc, confidential: true);
        }

        b.End("VCALENDAR");
        return b.Bytes();
    }

    private static Builder Header() =>
        new Builder().Begin("VCALENDAR").Line("VERSION", "2.0").Line("PRODID", ProductId).Line("CALSCALE", "GREGORIAN").Line("METHOD", "PUBLISH");

    private static void Event(Builder b, CalendarEvent e, DateTime stampUtc, bool confidential)
    {
        var a = e.Appointment;
        var cancelled = a.Status is AppointmentStatus.Cancelled or AppointmentStatus.Expired;
        b.Begin("VEVENT")
            .Line("UID", Uid(a.Id))
            .Line("DTSTAMP", Utc(stampUtc))
            .Line("DTSTART", Utc(a.StartUtc))
            .Line("DTEND", Utc(a.EndUtc))
            .Line("SEQUENCE", Math.Max(0, a.Version).ToString(CultureInfo.InvariantCulture))
            .Line("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
            .Text("SUMMARY", e.Summary);
        if (e.Location.Length > 0)
        {
            b.Text("LOCATION", e.Location);
        }

        if (confidential)
        {
            b.Line("CLASS", "CONFIDENTIAL");
        }

        // A busy block while it stands; a cancelled one no longer blocks the time.
        b.Line("TRANSP", cancelled ? "TRANSPARENT" : "OPAQUE");
        if (Uri.TryCreate(e.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            b.Line("URL", url.AbsoluteUri);
        }

        b.End("VEVENT");
    }

    /// <summary>The globally unique id of an appointment's event.</summary>
    public static string Uid(Guid appointmentId) => appointmentId.ToString("D") + "@polku";

    /// <summary>A UTC date-time in the iCalendar basic format (FORM #2, RFC 5545 3.3.5).</summary>
    public static string Utc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma get a backslash, line breaks become
    /// <c>\n</c>; other control characters are not allowed in a content line and are dropped.
    /// </summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\' or ';' or ',':
                    sb.Append('\\').Append(c);
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    sb.Append("\\n");
                    break;
                case '\t':
                    sb.Append(' ');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private sealed class Builder
    {
        private readonly StringBuilder _sb = new();

        public Builder Begin(string name) => Line("BEGIN", name);

        public Builder End(string name) => Line("END", name);

        public Builder Text(string name, string value) => Line(name, Escape(value));

        /// <summary>
        /// Writes a content line folded so that no physical line exceeds 75 octets: a fold is CRLF and one space,
        /// and never falls inside a UTF-8 sequence (a lone surrogate is written as U+FFFD rather than split).
        /// </summary>
        public Builder Line(string name, string value)
        {
            var line = name + ":" + value;
            var octets = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                var size = rune.Utf8SequenceLength;
                if (octets + size > MaxLineOctets)
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

        public byte[] Bytes() => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(_sb.ToString());
    }
}
