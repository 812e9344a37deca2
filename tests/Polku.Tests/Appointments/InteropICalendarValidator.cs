using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Polku.Tests.Appointments;

/// <summary>A content line after unfolding: name, parameters and the raw value.</summary>
internal sealed record ICalProperty(string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    /// <summary>The value of a TEXT property with its escapes undone.</summary>
    public string Text => StrictICalendar.Unescape(Value);
}

/// <summary>A component (VCALENDAR, VEVENT …) with its properties and sub-components.</summary>
internal sealed class ICalComponent(string name)
{
    public string Name { get; } = name;
    public List<ICalProperty> Properties { get; } = [];
    public List<ICalComponent> Components { get; } = [];

    public ICalProperty? Find(string name) => Properties.SingleOrDefault(p => p.Name == name);

    public string Value(string name) => Find(name)?.Value ?? throw new InvalidOperationException($"{Name} has no {name}.");

    public IEnumerable<ICalComponent> Events => Components.Where(c => c.Name == "VEVENT");
}

/// <summary>
/// A strict RFC 5545 reader for tests: it fails on anything a picky calendar program could reject — bare LF or CR,
/// physical lines over 75 octets, a fold inside a UTF-8 sequence, bad property or parameter grammar, control
/// characters, unbalanced BEGIN/END, missing or repeated required properties, malformed UTC date-times, TEXT with
/// unescaped commas or semicolons or unknown escapes, and relative URLs.
/// </summary>
internal static partial class StrictICalendar
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> TextProperties = ["SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT", "NAME", "X-WR-CALNAME", "CATEGORIES"];

    private static readonly HashSet<string> UtcDateTimes = ["DTSTAMP", "DTSTART", "DTEND", "CREATED", "LAST-MODIFIED"];

    private static readonly HashSet<string> OnceInEvent =
        ["UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "CLASS", "CREATED", "DESCRIPTION", "GEO", "LAST-MODIFIED", "LOCATION", "ORGANIZER",
         "PRIORITY", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "URL", "RECURRENCE-ID"];

    private static readonly HashSet<string> OnceInCalendar = ["VERSION", "PRODID", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"];

    /// <summary>Validates the file and returns its VCALENDAR; throws <see cref="FormatException"/> naming the first fault.</summary>
    public static ICalComponent Parse(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            throw new FormatException("The file starts with a byte order mark.");
        }

        var physical = SplitLines(bytes);
        var contentLines = new List<string>();
        for (var i = 0; i < physical.Count; i++)
        {
            var line = physical[i];
            if (line.Length > 75)
            {
                throw new FormatException($"Line {i + 1} is {line.Length} octets, more than 75.");
            }

            string text;
            try
            {
                // Each physical line on its own must be valid UTF-8: a fold must not split a character.
                text = Strict.GetString(line);
            }
            catch (DecoderFallbackException)
            {
                throw new FormatException($"Line {i + 1} is not valid UTF-8 on its own (a fold split a character).");
            }

            if (text.Length > 0 && (text[0] == ' ' || text[0] == '\t'))
            {
                if (contentLines.Count == 0)
                {
                    throw new FormatException("The file starts with a continuation line.");
                }

                contentLines[^1] += text[1..];
            }
            else
            {
                contentLines.Add(text);
            }
        }

        var stack = new Stack<ICalComponent>();
        ICalComponent? root = null;
        foreach (var line in contentLines)
        {
            var property = ParseLine(line);
            if (property.Name == "BEGIN")
            {
                var component = new ICalComponent(property.Value);
                if (stack.Count == 0)
                {
                    if (root is not null || property.Value != "VCALENDAR")
                    {
                        throw new FormatException("The file must be exactly one VCALENDAR.");
                    }

                    root = component;
                }
                else
                {
                    stack.Peek().Components.Add(component);
                }

                stack.Push(component);
            }
            else if (property.Name == "END")
            {
                if (stack.Count == 0 || stack.Peek().Name != property.Value)
                {
                    throw new FormatException($"END:{property.Value} does not close {(stack.Count == 0 ? "anything" : stack.Peek().Name)}.");
                }

                stack.Pop();
            }
            else
            {
                if (stack.Count == 0)
                {
                    throw new FormatException($"{property.Name} is outside VCALENDAR.");
                }

                stack.Peek().Properties.Add(property);
            }
        }

        if (root is null || stack.Count > 0)
        {
            throw new FormatException("BEGIN/END do not balance.");
        }

        CheckCalendar(root);
        return root;
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r')
            {
                if (i + 1 >= bytes.Length || bytes[i + 1] != '\n')
                {
                    throw new FormatException($"A bare CR at octet {i}.");
                }

                lines.Add(bytes[start..i]);
                i++;
                start = i + 1;
            }
            else if (bytes[i] == '\n')
            {
                throw new FormatException($"A bare LF at octet {i}: lines must end in CRLF.");
            }
        }

        if (start != bytes.Length)
        {
            throw new FormatException("The last line does not end in CRLF.");
        }

        return lines;
    }

    /// <summary>contentline = name *(";" param) ":" value (RFC 5545 3.1).</summary>
    private static ICalProperty ParseLine(string line)
    {
        var m = ContentLine().Match(line);
        if (!m.Success)
        {
            throw new FormatException($"Not a content line: {line}");
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Capture p in m.Groups["param"].Captures)
        {
            var eq = p.Value.IndexOf('=', StringComparison.Ordinal);
            parameters[p.Value[1..eq].ToUpperInvariant()] = p.Value[(eq + 1)..];
        }

        var value = m.Groups["value"].Value;
        if (value.Any(c => (c < 0x20 && c != '\t') || c == 0x7F))
        {
            throw new FormatException($"A control character in {m.Groups["name"].Value}.");
        }

        return new ICalProperty(m.Groups["name"].Value.ToUpperInvariant(), parameters, value);
    }

    private static void CheckCalendar(ICalComponent calendar)
    {
        Once(calendar, OnceInCalendar);
        Required(calendar, "VERSION", "PRODID");
        if (calendar.Value("VERSION") != "2.0")
        {
            throw new FormatException("VERSION must be 2.0.");
        }

        if (calendar.Find("METHOD") is { } method && !Regex.IsMatch(method.Value, "^[A-Z-]+$"))
        {
            throw new FormatException("METHOD is not a token.");
        }

        foreach (var p in calendar.Properties.Where(p => TextProperties.Contains(p.Name)))
        {
            CheckText(p);
        }

        if (!calendar.Events.Any())
        {
            return;
        }

        foreach (var e in calendar.Components)
        {
            if (e.Name != "VEVENT")
            {
                throw new FormatException($"Unexpected component {e.Name}.");
            }

            CheckEvent(e);
        }
    }

    private static void CheckEvent(ICalComponent e)
    {
        Once(e, OnceInEvent);
        Required(e, "UID", "DTSTAMP", "DTSTART");
        if (e.Find("DTEND") is not null && e.Find("DURATION") is not null)
        {
            throw new FormatException("DTEND and DURATION together.");
        }

        foreach (var p in e.Properties)
        {
            if (UtcDateTimes.Contains(p.Name))
            {
                ParseUtc(p);
            }
            else if (TextProperties.Contains(p.Name))
            {
                CheckText(p);
            }
        }

        if (e.Find("DTEND") is { } end && ParseUtc(end) <= ParseUtc(e.Find("DTSTART")!))
        {
            throw new FormatException("DTEND is not after DTSTART.");
        }

        if (e.Find("SEQUENCE") is { } sequence && !Regex.IsMatch(sequence.Value, "^[0-9]+$"))
        {
            throw new FormatException("SEQUENCE is not a non-negative integer.");
        }

        Among(e, "STATUS", "TENTATIVE", "CONFIRMED", "CANCELLED");
        Among(e, "TRANSP", "OPAQUE", "TRANSPARENT");
        Among(e, "CLASS", "PUBLIC", "PRIVATE", "CONFIDENTIAL");
        if (e.Find("URL") is { } url && !Uri.TryCreate(url.Value, UriKind.Absolute, out _))
        {
            throw new FormatException($"URL is not an absolute URI: {url.Value}");
        }

        if (e.Value("UID").Length == 0)
        {
            throw new FormatException("UID is empty.");
        }
    }

    /// <summary>A DATE-TIME in UTC (FORM #2): yyyyMMddTHHmmssZ with a real date and time, no TZID.</summary>
    public static DateTime ParseUtc(ICalProperty p)
    {
        if (p.Parameters.ContainsKey("TZID") || !DateTime.TryParseExact(p.Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new FormatException($"{p.Name} is not a UTC date-time: {p.Value}");
        }

        return value;
    }

    /// <summary>TEXT: every backslash escapes \ ; , n or N, and no comma or semicolon is bare.</summary>
    private static void CheckText(ICalProperty p)
    {
        var v = p.Value;
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '\\')
            {
                if (i + 1 >= v.Length || v[i + 1] is not ('\\' or ';' or ',' or 'n' or 'N'))
                {
                    throw new FormatException($"{p.Name} has an unknown escape.");
                }

                i++;
            }
            else if (v[i] is ';' or ',')
            {
                throw new FormatException($"{p.Name} has an unescaped '{v[i]}'.");
            }
        }
    }

    public static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                sb.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }

    private static void Once(ICalComponent c, HashSet<string> names)
    {
        foreach (var group in c.Properties.GroupBy(p => p.Name).Where(g => names.Contains(g.Key) && g.Count() > 1))
        {
            throw new FormatException($"{c.Name} has {group.Key} more than once.");
        }
    }

    private static void Required(ICalComponent c, params string[] names)
    {
        foreach (var name in names.Where(n => c.Find(n) is null))
        {
            throw new FormatException($"{c.Name} has no {name}.");
        }
    }

    private static void Among(ICalComponent c, string name, params string[] allowed)
    {
        if (c.Find(name) is { } p && !allowed.Contains(p.Value))
        {
            throw new FormatException($"{name} is {p.Value}, not one of {string.Join('|', allowed)}.");
        }
    }

    // name = iana-token / x-name; param = param-name "=" param-value *("," param-value); param-value = paramtext / quoted-string.
    [GeneratedRegex("""^(?<name>[A-Za-z0-9-]+)(?<param>;[A-Za-z0-9-]+=(?:"[^"\x00-\x08\x0A-\x1F\x7F]*"|[^";:,\x00-\x08\x0A-\x1F\x7F]*)(?:,(?:"[^"\x00-\x08\x0A-\x1F\x7F]*"|[^";:,\x00-\x08\x0A-\x1F\x7F]*))*)*:(?<value>.*)$""", RegexOptions.Singleline)]
    private static partial Regex ContentLine();
}
