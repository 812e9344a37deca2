using System.Text.Json;
using Polku.Platform.Localization;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// One JSON object of a content file being read: typed fields with their errors, and a record of which
/// fields were read so that <see cref="Finish"/> can report the rest as unknown.
/// </summary>
internal sealed class ContentObject
{
    private readonly ContentErrors _errors;
    private readonly JsonElement _element;
    private readonly string _path;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ContentObject(ContentErrors errors, JsonElement element, string path)
    {
        _errors = errors;
        _element = element;
        _path = path;
    }

    /// <summary>The object at <paramref name="path"/>, or null (reported) when the value is not an object.</summary>
    public static ContentObject? Of(ContentErrors errors, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"expected an object but found {Describe(element.ValueKind)}");
            return null;
        }

        return new(errors, element, path);
    }

    /// <summary>A JSON type in the words of an error message ("an array", "a number").</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private string PathOf(string name) => _path + "." + name;

    /// <summary>The field's value of any JSON type; null when absent or null (reported when required).</summary>
    public JsonElement? Raw(string name, bool required)
    {
        _read.Add(name);
        if (JsonFields.TryGet(_element, name, out var value))
        {
            return value;
        }

        if (required)
        {
            _errors.Add(PathOf(name), $"required field '{name}' is missing");
        }

        return null;
    }

    private JsonElement? Typed(string name, bool required, JsonValueKind kind, string expected)
    {
        var value = Raw(name, required);
        if (value is { } v && v.ValueKind != kind && !(kind == JsonValueKind.True && v.ValueKind == JsonValueKind.False))
        {
            _errors.Add(PathOf(name), $"expected {expected} but found {Describe(v.ValueKind)}");
            return null;
        }

        return value;
    }

    /// <summary>A non-empty string.</summary>
    public string? String(string name, bool required)
    {
        var value = Typed(name, required, JsonValueKind.String, "a string")?.GetString();
        if (value is { Length: 0 })
        {
            _errors.Add(PathOf(name), "must not be empty");
            return null;
        }

        return value;
    }

    public bool? Bool(string name) => Typed(name, false, JsonValueKind.True, "true or false")?.GetBoolean();

    public double? Number(string name) => Typed(name, false, JsonValueKind.Number, "a number")?.GetDouble();

    /// <summary>An ISO date string (yyyy-MM-dd).</summary>
    public DateOnly? Date(string name)
    {
        var text = Typed(name, false, JsonValueKind.String, "an ISO date string")?.GetString();
        if (text is null)
        {
            return null;
        }

        if (IsoDate.Parse(text) is { } date)
        {
            return date;
        }

        _errors.Add(PathOf(name), $"'{text}' is not an ISO date (yyyy-MM-dd)");
        return null;
    }

    /// <summary>A text in every language (fi, sv and en); a missing or blank one is an error.</summary>
    public LocalizedText? Text(string name, bool required)
    {
        var value = Raw(name, required);
        if (value is null)
        {
            return null;
        }

        var o = Of(_errors, value.Value, PathOf(name));
        if (o is null)
        {
            return null;
        }

        var texts = new string?[3];
        for (var i = 0; i < 3; i++)
        {
            var language = LocalizedText.Languages[i];
            texts[i] = o.Typed(language, false, JsonValueKind.String, "a string")?.GetString();
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                _errors.Add(PathOf(name), $"missing the '{language}' text (every text needs fi, sv and en)");
            }
        }

        o.Finish();
        return texts.Any(string.IsNullOrWhiteSpace) ? null : new LocalizedText(texts[0]!, texts[1]!, texts[2]!);
    }

    /// <summary>An array read element by element; null when any element is not readable (already reported).</summary>
    public List<T>? List<T>(string name, bool required, Func<JsonElement, string, T?> read)
        where T : class
    {
        var value = Typed(name, required, JsonValueKind.Array, "an array");
        if (value is null)
        {
            return null;
        }

        var list = new List<T>();
        var complete = true;
        foreach (var (element, path) in JsonFields.Elements(value.Value, PathOf(name)))
        {
            if (read(element, path) is { } item)
            {
                list.Add(item);
            }
            else
            {
                complete = false;
            }
        }

        // A partial list would shift indexes and make later paths wrong; errors were already reported.
        return complete ? list : null;
    }

    /// <summary>A nested object, read by <paramref name="read"/>.</summary>
    public T? Object<T>(string name, Func<ContentObject, T?> read)
        where T : class
    {
        var value = Raw(name, false);
        if (value is null)
        {
            return null;
        }

        var o = Of(_errors, value.Value, PathOf(name));
        return o is null ? null : read(o);
    }

    /// <summary>Reports every field that was not read as unknown.</summary>
    public void Finish()
    {
        foreach (var name in JsonFields.Unknown(_element, _read))
        {
            _errors.Add(PathOf(name), $"unknown field '{name}'");
        }
    }
}
