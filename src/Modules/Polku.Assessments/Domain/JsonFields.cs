using System.Globalization;
using System.Text.Json;

namespace Polku.Assessments.Domain;

/// <summary>
/// The small steps every hand-written JSON reader here repeats (content files, routing tables, FHIR):
/// a field that is present, the elements of an array with their JSON paths, and the fields nobody asked for.
/// Each reader keeps its own wording of errors; only the mechanics are shared.
/// </summary>
internal static class JsonFields
{
    /// <summary>The JSON path of an array element, e.g. <c>$.items[3]</c>.</summary>
    public static string ElementPath(string arrayPath, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{arrayPath}[{index}]");

    /// <summary>
    /// The value of a field that is present and not null. Anything but an object has no fields (JsonElement itself
    /// would throw), so a reader given an element of the wrong kind reports it instead of failing.
    /// </summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        if (obj.ValueKind == JsonValueKind.Object)
        {
            return obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
        }

        value = default;
        return false;
    }

    /// <summary>The elements of an array, each with its JSON path.</summary>
    public static IEnumerable<(JsonElement Element, string Path)> Elements(JsonElement array, string arrayPath)
    {
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            yield return (element, ElementPath(arrayPath, index++));
        }
    }

    /// <summary>The names of an object's fields that are not among <paramref name="known"/>, in document order.</summary>
    public static IEnumerable<string> Unknown(JsonElement obj, ICollection<string> known) =>
        obj.EnumerateObject().Select(p => p.Name).Where(name => !known.Contains(name));
}
