using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Polku.Assessments.Domain.Routing;

/// <summary>Writes a routing table as the JSON text file <see cref="RoutingTableReader"/> reads: indented, defaults left out.</summary>
internal static class RoutingTableWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // The file is read by people editing Finnish and Swedish; ä and ö stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The table as indented JSON with a final newline.</summary>
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
        foreach (var range in RoutingDays.Ranges(row.Weekdays))
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

        WriteIfSet(w, "effectiveFrom", row.EffectiveFrom is { } from ? IsoDate.Format(from) : null);
        WriteIfSet(w, "effectiveTo", row.EffectiveTo is { } to ? IsoDate.Format(to) : null);

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
}
