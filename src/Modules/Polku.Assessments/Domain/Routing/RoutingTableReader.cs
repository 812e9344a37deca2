using System.Globalization;
using System.Text.Json;
using Polku.Assessments.Contracts;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Routing;

/// <summary>
/// Reads a parsed routing table file, checking its shape (objects, known properties, required fields, the
/// spelling of urgencies, days, times, dates and kinds) and reporting every problem with its JSON path.
/// </summary>
internal sealed class RoutingTableReader
{
    private static readonly string[] TableFields = ["id", "description", "rows"];

    private static readonly string[] RowFields =
        ["id", "urgency", "service", "municipality", "days", "from", "to", "holidays", "effectiveFrom", "effectiveTo", "destination"];

    private static readonly string[] DestinationFields = ["kind", "unit", "service", "phone", "url", "withinDays", "instructions"];

    private static readonly string[] Languages = ["fi", "sv", "en"];

    private readonly List<RoutingJsonError> _errors = [];

    private RoutingTableReader()
    {
    }

    /// <summary>The table, or null with the errors that prevented it.</summary>
    public static RoutingJsonResult Read(JsonElement root)
    {
        var reader = new RoutingTableReader();
        var table = reader.Table(root);
        return reader._errors.Count == 0 ? new RoutingJsonResult(table, []) : new RoutingJsonResult(null, reader._errors);
    }

    private void Error(string path, string message) => _errors.Add(new RoutingJsonError(path, message));

    private RoutingTable? Table(JsonElement root)
    {
        if (!Object(root, "$", TableFields))
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
            foreach (var (element, path) in JsonFields.Elements(array, "$.rows"))
            {
                if (Row(element, path) is { } row)
                {
                    rows.Add(row);
                }
            }
        }

        return id is null ? null : new RoutingTable(id, rows, description);
    }

    private RoutingRow? Row(JsonElement e, string path)
    {
        if (!Object(e, path, RowFields))
        {
            return null;
        }

        var before = _errors.Count;
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

        if (_errors.Count != before || id is null || urgency is null || days is null || destination is null)
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
        if (!Object(e, path, DestinationFields))
        {
            return null;
        }

        var before = _errors.Count;
        DestinationKind? kind = null;
        if (RequiredString(e, path, "kind") is { } k)
        {
            if (TryParseName<DestinationKind>(k, out var parsed))
            {
                kind = parsed;
            }
            else
            {
                Error(path + ".kind", $"'{k}' is not a destination kind ({string.Join(", ", Enum.GetNames<DestinationKind>())}).");
            }
        }

        int? withinDays = null;
        if (JsonFields.TryGet(e, "withinDays", out var w))
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
        else if (Object(i, ip, Languages))
        {
            // A missing language is left empty here and reported by RoutingTable.Validate with the row id.
            instructions = new LocalizedText(OptionalString(i, ip, "fi") ?? "", OptionalString(i, ip, "sv") ?? "", OptionalString(i, ip, "en") ?? "");
        }

        var unit = OptionalString(e, path, "unit");
        var service = OptionalString(e, path, "service");
        var phone = OptionalString(e, path, "phone");
        var url = OptionalString(e, path, "url");
        if (_errors.Count != before || kind is null || instructions is null)
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
        foreach (var (item, ip) in JsonFields.Elements(days, p))
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (!RoutingDays.TryAdd(text, result))
            {
                Error(ip, "Must be a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun) or a range from Monday towards Sunday such as Mon-Fri.");
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

        if (IsoDate.Parse(text) is { } date)
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

        if (TryParseName<T>(text, out var value))
        {
            return value;
        }

        Error($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}.");
        return fallback;
    }

    /// <summary>An enum member by its exact name; numbers, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would accept, are not names.</summary>
    private static bool TryParseName<T>(string text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: false, out value) && Enum.IsDefined(value) && !text.All(char.IsAsciiDigit);

    /// <summary>Whether the value is an object; its properties outside <paramref name="allowed"/> are reported.</summary>
    private bool Object(JsonElement e, string path, string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, "Must be an object.");
            return false;
        }

        foreach (var name in JsonFields.Unknown(e, allowed))
        {
            Error($"{path}.{name}", $"Unknown property; expected one of {string.Join(", ", allowed)}.");
        }

        return true;
    }

    private string? RequiredString(JsonElement e, string path, string name)
    {
        if (!JsonFields.TryGet(e, name, out _))
        {
            Error($"{path}.{name}", "Required.");
            return null;
        }

        return OptionalString(e, path, name);
    }

    private string? OptionalString(JsonElement e, string path, string name)
    {
        if (!JsonFields.TryGet(e, name, out var value))
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
