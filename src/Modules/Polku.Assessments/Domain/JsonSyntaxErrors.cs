using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Polku.Assessments.Domain;

/// <summary>Where a JSON syntax error is: the line and position the parser reports, and the JSON path it does not.</summary>
internal static class JsonSyntaxErrors
{
    /// <summary>The 1-based line and position of the error.</summary>
    public static (long Line, long Position) Position(JsonException e) => ((e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);

    /// <summary>
    /// The JSON path of the value being read when the syntax error occurred (the parser's own exception has none),
    /// found by reading the text again with the options it was parsed with.
    /// </summary>
    public static string PathOf(string json, JsonDocumentOptions options)
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

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions
        {
            CommentHandling = options.CommentHandling,
            AllowTrailingCommas = options.AllowTrailingCommas,
            MaxDepth = options.MaxDepth,
        });
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
}
