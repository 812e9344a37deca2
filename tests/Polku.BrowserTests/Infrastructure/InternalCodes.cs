using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Finds internal codes in the text a person sees on a page: the ids of the demo county's content (services, units,
/// queues, assessments, questions, answer options, rules and routing rows), unit-style codes such as <c>hs-638</c>,
/// dotted action and text-key names such as <c>contacts.messages.read</c>, content versions such as <c>1.0.0</c> and
/// database ids (GUIDs).
/// </summary>
/// <remarks>
/// The ids are read from the content files the app itself embeds, so a new service, question or rule is covered
/// without a list here. Only the page's rendered text is read (<c>innerText</c>: what is on the screen, visually
/// hidden text included, since a screen reader reads it), not attribute values or links' addresses.
/// </remarks>
public static partial class InternalCodes
{
    private static readonly Lazy<HashSet<string>> ContentIds = new(ReadContentIds);

    /// <summary>Returns the internal codes in the page's visible text, each with the words around it; empty when none.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(IPage page)
    {
        var text = await page.EvaluateAsync<string>("() => document.body.innerText");
        return Find(text);
    }

    /// <summary>The internal codes in <paramref name="text"/>, each quoted with its surroundings.</summary>
    public static IReadOnlyList<string> Find(string text)
    {
        var found = new List<string>();
        var seen = new HashSet<int>();
        foreach (Match m in KebabToken().Matches(text))
        {
            if (ContentIds.Value.Contains(m.Value) && !NaturalWords.Contains(m.Value) && seen.Add(m.Index))
            {
                found.Add(Quote(text, m, "an id from the content"));
            }
        }

        foreach (var (pattern, what) in Patterns)
        {
            foreach (Match m in pattern.Matches(text))
            {
                // One code is reported once, under the first rule that finds it.
                if (seen.Add(m.Index))
                {
                    found.Add(Quote(text, m, what));
                }
            }
        }

        return [.. found.Distinct().Take(10)];
    }

    /// <summary>Content ids that are also ordinary hyphenated English words, so they are left alone in running text.</summary>
    private static readonly HashSet<string> NaturalWords = new(StringComparer.Ordinal) { "self-care", "follow-up", "check-up", "walk-in", "long-term", "short-term" };

    private static readonly (Regex Pattern, string What)[] Patterns =
    [
        (UnitCode(), "a unit or queue code"),
        (DottedName(), "an action or text key"),
        (Version(), "a content version"),
        (Guid(), "a database id"),
    ];

    private static string Quote(string text, Match m, string what)
    {
        var from = Math.Max(0, m.Index - 30);
        var to = Math.Min(text.Length, m.Index + m.Length + 30);
        return $"{what} \"{m.Value}\" in \"…{text[from..to].ReplaceLineEndings(" ")}…\"";
    }

    private static HashSet<string> ReadContentIds()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { "Polku.Assessments", "Polku.Region" })
        {
            var assembly = Assembly.Load(name);
            foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.EndsWith(".json", StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var document = JsonDocument.Parse(stream);
                Collect(document.RootElement, ids);
            }
        }

        return ids;
    }

    private static void Collect(JsonElement element, HashSet<string> ids)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    // Ids are hyphenated lowercase words; a purely numeric range ("100-500") can be a real label.
                    if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } value
                        && value.Contains('-', StringComparison.Ordinal) && KebabId().IsMatch(value))
                    {
                        ids.Add(value);
                    }

                    Collect(property.Value, ids);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, ids);
                }

                break;
        }
    }

    // Any hyphenated lowercase token; looked up in the content ids.
    [GeneratedRegex(@"(?<![\w./-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")]
    private static partial Regex KebabToken();

    // A content id: lowercase ASCII words joined by hyphens, with at least one word of letters.
    [GeneratedRegex(@"^(?=.*[a-z]{2})[a-z0-9]+(?:-[a-z0-9]+)+$")]
    private static partial Regex KebabId();

    [GeneratedRegex(@"(?<![\w-])[a-z]{1,4}-\d{3}(?![\w-])")]
    private static partial Regex UnitCode();

    // module.area.action as the audit log and the text catalogue name things.
    [GeneratedRegex(@"(?<![\w.@/])(?:identity|contacts|assessments|appointments|region|platform|admin|desk|service|error|common|layout|me)\.[a-z_]+(?:\.[a-z_]+)*(?![\w@/])")]
    private static partial Regex DottedName();

    [GeneratedRegex(@"(?<![\w.])\d{1,2}\.\d{1,2}\.\d{1,2}(?![\w.])")]
    private static partial Regex Version();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();
}
