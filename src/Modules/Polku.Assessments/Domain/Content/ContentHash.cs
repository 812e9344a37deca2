using System.Security.Cryptography;
using System.Text.Json;

namespace Polku.Assessments.Domain.Content;

/// <summary>The hash of a content file that tells a changed assessment from a reformatted one.</summary>
internal static class ContentHash
{
    /// <summary>SHA-256 of the canonical form, so whitespace and key order do not count as a change but any value does.</summary>
    public static string Of(JsonElement root)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            WriteCanonical(writer, root);
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var e in element.EnumerateArray())
                {
                    WriteCanonical(writer, e);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
