using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Polku.Platform.Localization;

/// <summary>
/// Every user-visible text, keyed, in fi, sv and en. Each assembly embeds <c>i18n/{fi,sv,en}.json</c>
/// (flat objects of key → text); a test fails when a key is missing in any language.
/// </summary>
public sealed class Texts
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    public Texts(IEnumerable<Assembly> assemblies)
    {
        var maps = LocalizedText.Languages.ToDictionary(l => l, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var language in LocalizedText.Languages)
            {
                // i18n/fi.json, or per feature i18n/outbox.fi.json, so features can keep their texts beside them.
                foreach (var resource in assembly.GetManifestResourceNames()
                    .Where(r => r.StartsWith("i18n/", StringComparison.Ordinal) && (r == $"i18n/{language}.json" || r.EndsWith($".{language}.json", StringComparison.Ordinal))))
                {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                    ?? throw new InvalidOperationException($"{resource} in {assembly.GetName().Name} is empty.");
                foreach (var (key, value) in entries)
                {
                    if (!maps[language].TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"Text key '{key}' ({language}) is defined twice; the second is in {assembly.GetName().Name}.");
                    }
                }
                }
            }
        }

        _byLanguage = maps.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The keys defined for a language (for completeness tests).</summary>
    public IReadOnlyCollection<string> Keys(string language) => _byLanguage[language].Keys;

    public bool Has(string key) => _byLanguage["fi"].ContainsKey(key);

    /// <summary>The text in the current UI language; the key in brackets when it is missing, so a gap is visible, never a crash.</summary>
    public string this[string key] => Get(Language.Current, key);

    /// <summary>The text with <c>{0}</c>-style arguments formatted in the current culture.</summary>
    public string this[string key, params object?[] args] => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>
    /// A text that depends on a count: <c>key.one</c> for exactly 1 and <c>key.other</c> otherwise (Finnish, Swedish
    /// and English need no more forms for whole numbers), formatted with the count as <c>{0}</c> and then
    /// <paramref name="args"/> as <c>{1}</c>…: "1 palvelu", "2 palvelua"; "inom 1 dag", "inom 2 dagar".
    /// </summary>
    public string Plural(string key, long count, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, this[key + (count == 1 ? ".one" : ".other")], [count, .. args]);

    public string Get(string language, string key) =>
        _byLanguage.TryGetValue(language, out var map) && map.TryGetValue(key, out var text) ? text
        : _byLanguage["fi"].TryGetValue(key, out var fi) ? fi
        : $"[{key}]";

    public LocalizedText All(string key) => new(Get("fi", key), Get("sv", key), Get("en", key));
}
