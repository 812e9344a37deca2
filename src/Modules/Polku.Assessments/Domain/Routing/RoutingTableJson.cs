using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Routing;

/// <summary>A problem in a routing table file: the JSON path (e.g. <c>$.rows[3].destination.kind</c>) and what is wrong.</summary>
internal sealed record RoutingJsonError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The table read from a file, or null with the errors that prevented it.</summary>
internal sealed record RoutingJsonResult(RoutingTable? Table, IReadOnlyList<RoutingJsonError> Errors);

/// <summary>
/// Reads and writes routing tables as JSON text files (e.g. <c>content/routing/demo-routing.json</c>).
/// </summary>
/// <remarks>
/// The format: <c>{ "id", "description"?, "rows": [ row… ] }</c>; a row is <c>{ "id", "urgency": "P0"…"L2",
/// "service"?, "municipality"?, "days": ["Mon-Fri", "Sun"], "from"? "HH:mm", "to"? "HH:mm" or "24:00",
/// "holidays"? "Any" | "HolidayOnly" | "NonHolidayOnly", "effectiveFrom"? and "effectiveTo"? "yyyy-MM-dd",
/// "destination": { "kind", "unit"?, "service"?, "phone"?, "url"?, "withinDays"?, "instructions": { "fi", "sv", "en" } } }</c>.
/// Omitted from/to mean the whole day; the end of the day is written 24:00 (00:00 is refused as an end, being
/// easy to misread). Unknown properties are errors, so a misspelt key cannot silently widen a row.
/// The reader checks the shape; <see cref="RoutingTable.Validate"/> checks the rules (including missing languages).
/// </remarks>
internal static class RoutingTableJson
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly DayOfWeek[] MondayFirst =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // The file is read by people editing Finnish and Swedish; ä and ö stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a table file.</summary>
    public static RoutingJsonResult ReadFile(string path) => Read(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>Reads a table from JSON text.</summary>
    public static RoutingJsonResult Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return new RoutingJsonResult(null, [new RoutingJsonError(PathOfSyntaxError(json), string.Create(CultureInfo.InvariantCulture,
                $"Not valid JSON (line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}).") )]);
        }

        using (document)
        {
            var reader = new Reader();
            var table = reader.Table(document.RootElement);
            return reader.Errors.Count == 0 ? new RoutingJsonResult(table, []) : new RoutingJsonResult(null, reader.Errors);
        }
    }

    /// <summary>The JSON path of the value being read when the syntax error occurred (the parser's own exception has none).</summary>
    private static string PathOfSyntaxError(string json)
    {
        // Each frame: the path of a container and, for arrays, the index of the next element.
        var frames = new Stack<(string Path, int Index)>();
        string? property = null;
        string Current() => frames.Count == 0 ? "$"
            : property is not null ? $"{frames.Peek().Path}.{property}"
            : frames.Peek().Index >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{frames.Peek().Path}[{frames.Peek().Index}]")
            : frames.Peek().Path;
        void Consumed()
        {
            property = null;
            if (frames.Count > 0 && frames.Peek().Index >= 0)
            {
                var (path, index) = frames.Pop();
                frames.Push((path, index + 1));
            }
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Push((Current(), reader.TokenType == JsonTokenType.StartArray ? 0 : -1));
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Consumed();
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        break;
                    default:
                        Consumed();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return Current();
        }

        return "$";
    }

    /// <summary>Writes a table as indented JSON in the format the reader accepts, with a final newline.</summary>
    public static string Write(RoutingTable table)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", table.Id);
            if (table.Description is { } description)
            {
                w.WriteString("description", description);
            }

            w.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                WriteRow(w, row);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteRow(Utf8JsonWriter w, RoutingRow row)
    {
        w.WriteStartObject();
        w.WriteString("id", row.Id);
        w.WriteString("urgency", row.Urgency.ToString());
        WriteIfSet(w, "service", row.ServiceCode);
        WriteIfSet(w, "municipality", row.Municipality);
        w.WriteStartArray("days");
        foreach (var range in DayRanges(row.Weekdays))
        {
            w.WriteStringValue(range);
        }

        w.WriteEndArray();
        if (!row.IsAllDay)
        {
            w.WriteString("from", RoutingRow.Clock(row.FromMinute));
            w.WriteString("to", RoutingRow.Clock(row.ToMinute));
        }

        if (row.Holidays != HolidayMatch.Any)
        {
            w.WriteString("holidays", row.Holidays.ToString());
        }

        WriteIfSet(w, "effectiveFrom", row.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        WriteIfSet(w, "effectiveTo", row.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var d = row.Destination;
        w.WriteStartObject("destination");
        w.WriteString("kind", d.Kind.ToString());
        WriteIfSet(w, "unit", d.Unit);
        WriteIfSet(w, "service", d.Service);
        WriteIfSet(w, "phone", d.Phone);
        WriteIfSet(w, "url", d.Url);
        if (d.WithinDays is { } days)
        {
            w.WriteNumber("withinDays", days);
        }

        w.WriteStartObject("instructions");
        w.WriteString("fi", d.Instructions.Fi);
        w.WriteString("sv", d.Instructions.Sv);
        w.WriteString("en", d.Instructions.En);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Runs of consecutive days, Monday first: "Mon-Fri", "Sun".</summary>
    private static IEnumerable<string> DayRanges(IReadOnlySet<DayOfWeek> days)
    {
        for (var i = 0; i < 7; i++)
        {
            if (!days.Contains(MondayFirst[i]))
            {
                continue;
            }

            var j = i;
            while (j + 1 < 7 && days.Contains(MondayFirst[j + 1]))
            {
                j++;
            }

            yield return i == j ? DayNames[i] : $"{DayNames[i]}-{DayNames[j]}";
            i = j;
        }
    }

    private sealed class Reader
    {
        public List<RoutingJsonError> Errors { get; } = [];

        private void Error(string path, string message) => Errors.Add(new RoutingJsonError(path, message));

        public RoutingTable? Table(JsonElement root)
        {
            if (!Object(root, "$", ["id", "description", "rows"]))
            {
                return null;
            }

            var id = RequiredString(root, "$", "id");
            var description = OptionalString(root, "$", "description");
            var rows = new List<RoutingRow>();
            if (!root.TryGetProperty("rows", out var array))
            {
                Error("$.rows", "Required; the list of routing rows.");
            }
            else if (array.ValueKind != JsonValueKind.Array)
            {
                Error("$.rows", "Must be an array of rows.");
            }
            else
            {
                var index = 0;
                foreach (var element in array.EnumerateArray())
                {
                    if (Row(element, string.Create(CultureInfo.InvariantCulture, $"$.rows[{index}]")) is { } row)
                    {
                        rows.Add(row);
                    }

                    index++;
                }
            }

            return id is null ? null : new RoutingTable(id, rows, description);
        }

        private RoutingRow? Row(JsonElement e, string path)
        {
            if (!Object(e, path, ["id", "urgency", "service", "municipality", "days", "from", "to", "holidays", "effectiveFrom", "effectiveTo", "destination"]))
            {
                return null;
            }

            var before = Errors.Count;
            var id = RequiredString(e, path, "id");
            Urgency? urgency = null;
            if (RequiredString(e, path, "urgency") is { } code)
            {
                urgency = UrgencyClasses.Parse(code);
                if (urgency is null)
                {
                    Error(path + ".urgency", $"'{code}' is not an urgency class (P0, P1, P2, P3, P4, L2, S).");
                }
            }

            var service = OptionalString(e, path, "service");
            var municipality = OptionalString(e, path, "municipality");
            var days = Days(e, path);
            var from = Time(e, path, "from", allowEndOfDay: false) ?? TimeOnly.MinValue;
            var to = Time(e, path, "to", allowEndOfDay: true) ?? TimeOnly.MinValue;
            var holidays = Enumeration(e, path, "holidays", HolidayMatch.Any);
            var effectiveFrom = Date(e, path, "effectiveFrom");
            var effectiveTo = Date(e, path, "effectiveTo");
            RoutingDestination? destination = null;
            if (!e.TryGetProperty("destination", out var d))
            {
                Error(path + ".destination", "Required; where the row sends the resident.");
            }
            else
            {
                destination = Destination(d, path + ".destination");
            }

            if (Errors.Count != before || id is null || urgency is null || days is null || destination is null)
            {
                return null;
            }

            return new RoutingRow
            {
                Id = id,
                Urgency = urgency.Value,
                ServiceCode = service,
                Municipality = municipality,
                Weekdays = days,
                From = from,
                To = to,
                Holidays = holidays,
                EffectiveFrom = effectiveFrom,
                EffectiveTo = effectiveTo,
                Destination = destination,
            };
        }

        private RoutingDestination? Destination(JsonElement e, string path)
        {
            if (!Object(e, path, ["kind", "unit", "service", "phone", "url", "withinDays", "instructions"]))
            {
                return null;
            }

            var before = Errors.Count;
            DestinationKind? kind = null;
            if (RequiredString(e, path, "kind") is { } k)
            {
                if (Enum.TryParse<DestinationKind>(k, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !k.All(char.IsAsciiDigit))
                {
                    kind = parsed;
                }
                else
                {
                    Error(path + ".kind", $"'{k}' is not a destination kind ({string.Join(", ", Enum.GetNames<DestinationKind>())}).");
                }
            }

            int? withinDays = null;
            if (e.TryGetProperty("withinDays", out var w) && w.ValueKind != JsonValueKind.Null)
            {
                if (w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var n))
                {
                    withinDays = n;
                }
                else
                {
                    Error(path + ".withinDays", "Must be a whole number of days.");
                }
            }

            LocalizedText? instructions = null;
            var ip = path + ".instructions";
            if (!e.TryGetProperty("instructions", out var i))
            {
                Error(ip, "Required; the instructions in fi, sv and en.");
            }
            else if (Object(i, ip, ["fi", "sv", "en"]))
            {
                // A missing language is left empty here and reported by RoutingTable.Validate with the row id.
                instructions = new LocalizedText(OptionalString(i, ip, "fi") ?? "", OptionalString(i, ip, "sv") ?? "", OptionalString(i, ip, "en") ?? "");
            }

            var unit = OptionalString(e, path, "unit");
            var service = OptionalString(e, path, "service");
            var phone = OptionalString(e, path, "phone");
            var url = OptionalString(e, path, "url");
            if (Errors.Count != before || kind is null || instructions is null)
            {
                return null;
            }

            return new RoutingDestination(kind.Value, instructions)
            {
                Unit = unit,
                Service = service,
                Phone = phone,
                Url = url,
                WithinDays = withinDays,
            };
        }

        private HashSet<DayOfWeek>? Days(JsonElement e, string path)
        {
            var p = path + ".days";
            if (!e.TryGetProperty("days", out var days))
            {
                Error(p, "Required; e.g. [\"Mon-Fri\"] or [\"Sat\", \"Sun\"].");
                return null;
            }

            if (days.ValueKind != JsonValueKind.Array)
            {
                Error(p, "Must be an array such as [\"Mon-Fri\", \"Sun\"].");
                return null;
            }

            var result = new HashSet<DayOfWeek>();
            var index = 0;
            foreach (var item in days.EnumerateArray())
            {
                var ip = string.Create(CultureInfo.InvariantCulture, $"{p}[{index++}]");
                var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                var parts = text?.Split('-') ?? [];
                var first = parts.Length is 1 or 2 ? Array.IndexOf(DayNames, parts[0]) : -1;
                var last = parts.Length == 2 ? Array.IndexOf(DayNames, parts[1]) : first;
                if (first < 0 || last < first)
                {
                    Error(ip, "Must be a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun) or a range from Monday towards Sunday such as Mon-Fri.");
                    continue;
                }

                for (var d = first; d <= last; d++)
                {
                    result.Add(MondayFirst[d]);
                }
            }

            return result;
        }

        private TimeOnly? Time(JsonElement e, string path, string name, bool allowEndOfDay)
        {
            if (OptionalString(e, path, name) is not { } text)
            {
                return null;
            }

            var p = $"{path}.{name}";
            if (allowEndOfDay && text == "24:00")
            {
                return TimeOnly.MinValue;
            }

            if (allowEndOfDay && text == "00:00")
            {
                Error(p, "Write the end of the day as 24:00.");
                return null;
            }

            if (text.Length == 5 && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return time;
            }

            Error(p, allowEndOfDay ? "Must be a time HH:mm (00:01–24:00)." : "Must be a time HH:mm (00:00–23:59).");
            return null;
        }

        private DateOnly? Date(JsonElement e, string path, string name)
        {
            if (OptionalString(e, path, name) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Error($"{path}.{name}", "Must be a date yyyy-MM-dd.");
            return null;
        }

        private T Enumeration<T>(JsonElement e, string path, string name, T fallback)
            where T : struct, Enum
        {
            if (OptionalString(e, path, name) is not { } text)
            {
                return fallback;
            }

            if (Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !text.All(char.IsAsciiDigit))
            {
                return value;
            }

            Error($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
            return fallback;
        }

        private bool Object(JsonElement e, string path, string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, "Must be an object.");
                return false;
            }

            foreach (var property in e.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    Error($"{path}.{property.Name}", $"Unknown property; expected one of {string.Join(", ", allowed)}.");
                }
            }

            return true;
        }

        private string? RequiredString(JsonElement e, string path, string name)
        {
            if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Error($"{path}.{name}", "Required.");
                return null;
            }

            return OptionalString(e, path, name);
        }

        private string? OptionalString(JsonElement e, string path, string name)
        {
            if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Error($"{path}.{name}", "Must be a string.");
                return null;
            }

            return value.GetString();
        }
    }
}
