using System.Globalization;
using System.Text;
using System.Text.Json;

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
/// The reader (<see cref="RoutingTableReader"/>) checks the shape; <see cref="RoutingTable.Validate"/> checks
/// the rules (including missing languages). <see cref="RoutingTableWriter"/> writes the same format.
/// </remarks>
internal static class RoutingTableJson
{
    private static readonly JsonDocumentOptions ParseOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads a table file.</summary>
    public static RoutingJsonResult ReadFile(string path) => Read(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>Reads a table from JSON text.</summary>
    public static RoutingJsonResult Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException e)
        {
            var (line, position) = JsonSyntaxErrors.Position(e);
            return new RoutingJsonResult(null, [new RoutingJsonError(JsonSyntaxErrors.PathOf(json, ParseOptions), string.Create(CultureInfo.InvariantCulture,
                $"Not valid JSON (line {line}, position {position})."))]);
        }

        using (document)
        {
            return RoutingTableReader.Read(document.RootElement);
        }
    }

    /// <summary>Writes a table as indented JSON in the format the reader accepts, with a final newline.</summary>
    public static string Write(RoutingTable table) => RoutingTableWriter.Write(table);
}
