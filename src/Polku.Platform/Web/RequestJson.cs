using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Polku.Platform.Results;

namespace Polku.Platform.Web;

/// <summary>
/// The one reading policy for input that reaches Polku (see <see cref="InputPolicyMiddleware"/>, which applies it to
/// every request). JSON from a request — a body, or JSON text carried in a form field — is accepted only when it is
/// syntactically valid, nests at most <see cref="MaxDepth"/> levels, names no property twice in one object and has no
/// string (value or property name) that is not valid text (<see cref="IsValidText"/>: a lone surrogate escape such
/// as <c>"\ud800"</c>, or U+FFFE/U+FFFF); query values, form fields and file names must be valid text too; a JSON
/// body must be UTF-8. Anything else is the caller's error: 400 <c>request.invalid</c> naming the field, never a 500
/// deep inside a handler (a <see cref="JsonObject"/> with a repeated name throws <see cref="ArgumentException"/> on
/// first use; a lone surrogate throws <see cref="InvalidOperationException"/> from <c>GetString()</c> or the UTF-8
/// transcoder; U+FFFE makes <c>string.Normalize</c> throw). A NUL character anywhere is 400 <c>request.text_invalid</c>
/// naming the field: no text in Polku may hold one, and PostgreSQL can neither store nor even compare it (a query
/// parameter with NUL fails the whole statement); <c>PolkuDb</c> still refuses to store one as the last guard. Other
/// control characters are text, which each field's own rules refuse where they do not belong.
/// </summary>
public static class RequestJson
{
    public const string InvalidCode = "request.invalid";

    /// <summary>Text with a NUL character (which no text in Polku may contain).</summary>
    public const string TextInvalidCode = "request.text_invalid";

    /// <summary>Deeper nesting than any Polku body needs; also the serializer's limit for bound bodies.</summary>
    public const int MaxDepth = 32;

    /// <summary>The largest JSON body any endpoint reads; larger is 413 <c>request.too_large</c>.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>For code that parses request-supplied JSON with <see cref="JsonDocument"/> or <see cref="JsonNode"/>.</summary>
    public static JsonDocumentOptions DocumentOptions => new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>Applies the policy to the serializer that binds minimal API bodies (duplicates also case-insensitively, as bound).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.MaxDepth = MaxDepth;
    }

    /// <summary>
    /// Checks UTF-8 JSON against the policy: null when it is acceptable, otherwise <c>request.invalid</c> with the
    /// path of the offending member (<c>answers.q1</c>, <c>items[2].name</c>) under <paramref name="field"/>, or
    /// <paramref name="field"/> itself (<c>body</c> by default) when the text as a whole is not JSON.
    /// </summary>
    public static Error? Check(ReadOnlySpan<byte> utf8, string? field = null)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var path = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                if (path.Count > 0 && path[^1].Names is null && reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.Comment))
                {
                    path[^1].Index++;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Add(new Frame(new HashSet<string>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.StartArray:
                        path.Add(new Frame(null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = path[^1];
                        if (!TryGetString(ref reader, out var name) || !IsValidText(name))
                        {
                            frame.Name = null;
                            return Invalid(Path(field, path));
                        }

                        frame.Name = name;
                        if (HasNul(name))
                        {
                            return Error.Validation(TextInvalidCode, Path(field, path));
                        }

                        if (!frame.Names!.Add(name))
                        {
                            return Invalid(Path(field, path));
                        }

                        break;
                    case JsonTokenType.String:
                        if (!TryGetString(ref reader, out var text) || !IsValidText(text))
                        {
                            return Invalid(Path(field, path));
                        }

                        if (HasNul(text))
                        {
                            return Error.Validation(TextInvalidCode, Path(field, path));
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return Invalid(Path(field, path));
        }

        return null;
    }

    /// <summary>Checks JSON text (for example a form field that carries JSON) against the policy.</summary>
    public static Error? Check(string json, string field)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!IsValidText(json))
        {
            return Invalid(field);
        }

        if (HasNul(json))
        {
            return Error.Validation(TextInvalidCode, field);
        }

        return Check(Encoding.UTF8.GetBytes(json), field);
    }

    /// <summary>Parses JSON text carried in a form field into an object; the error names the field (or the member in it).</summary>
    public static Result<JsonObject> ParseObject(string json, string field)
    {
        if (Check(json, field) is { } error)
        {
            return error;
        }

        return JsonNode.Parse(json, null, DocumentOptions) is JsonObject obj ? obj : Invalid(field);
    }

    /// <summary>
    /// Reads a request body of at most <paramref name="maxBytes"/> as a JSON document under the policy, for endpoints
    /// that read their body by hand. The caller disposes the document.
    /// </summary>
    public static async Task<Result<JsonDocument>> ReadAsync(HttpRequest request, int maxBytes = MaxBodyBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await ReadBodyAsync(request, maxBytes, cancellationToken) is not { } bytes)
        {
            return new Error("request.too_large", "body", StatusCodes.Status413PayloadTooLarge);
        }

        if (Check(bytes, "body") is { } error)
        {
            return error;
        }

        return JsonDocument.Parse(bytes, DocumentOptions);
    }

    /// <summary>
    /// Whether the text is well-formed UTF-16 (every surrogate is part of a pair) without the noncharacters U+FFFE and
    /// U+FFFF, which are never text (U+FFFE is a byte-swapped byte order mark) and which .NET's Unicode normalisation
    /// refuses with an exception.
    /// </summary>
    public static bool IsValidText(string? text)
    {
        if (text is null)
        {
            return true;
        }

        var span = text.AsSpan();
        if (span.IndexOfAny('\uFFFE', '\uFFFF') >= 0)
        {
            return false;
        }

        var at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(span[at]) || at + 1 >= span.Length || !char.IsLowSurrogate(span[at + 1]))
            {
                return false;
            }

            span = span[(at + 2)..];
            at = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        }

        return true;
    }

    /// <summary>Whether the text contains a NUL character.</summary>
    public static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    /// <summary>
    /// Checks query parameters or form fields (names and values): <c>request.invalid</c> for text that is not valid,
    /// <c>request.text_invalid</c> for a NUL, naming the field; null when all are acceptable.
    /// </summary>
    public static Error? CheckFields(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, values) in fields)
        {
            if (!IsValidText(name) || HasNul(name))
            {
                return Invalid("?");
            }

            foreach (var value in values)
            {
                if (!IsValidText(value))
                {
                    return Invalid(name);
                }

                if (HasNul(value))
                {
                    return Error.Validation(TextInvalidCode, name);
                }
            }
        }

        return null;
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Error Invalid(string field) => Error.Validation(InvalidCode, field);

    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape, or bytes that are not UTF-8.
            value = "";
            return false;
        }
    }

    private static string Path(string? field, List<Frame> path)
    {
        var sb = new StringBuilder(field ?? "body");
        var atRoot = field is null;
        foreach (var frame in path)
        {
            if (frame.Names is null)
            {
                if (frame.Index >= 0)
                {
                    sb.Append('[').Append(frame.Index).Append(']');
                    atRoot = false;
                }
            }
            else if (frame.Name is { } name)
            {
                if (atRoot)
                {
                    // A member of the body is named by itself ("answers.q1"), not as "body.answers.q1".
                    sb.Clear();
                    atRoot = false;
                }
                else
                {
                    sb.Append('.');
                }

                sb.Append(name);
            }
        }

        return sb.ToString();
    }

    private sealed class Frame(HashSet<string>? names)
    {
        /// <summary>The names seen in this object; null for an array.</summary>
        public HashSet<string>? Names { get; } = names;

        /// <summary>The current property of an object.</summary>
        public string? Name { get; set; }

        /// <summary>The current index of an array.</summary>
        public int Index { get; set; } = -1;
    }
}
