using System.Net;
using System.Text.RegularExpressions;

namespace Polku.Tests.Fuzz;

/// <summary>A submit button: its own name and value are sent with the form, and it may post elsewhere.</summary>
public sealed record HtmlButton(string? Name, string? Value, string? FormAction);

/// <summary>A form as a browser would submit it: the fields with their current values, in document order.</summary>
public sealed record HtmlForm(string Method, string Action, bool Multipart, IReadOnlyList<KeyValuePair<string, string>> Values,
    IReadOnlyList<string> FileFields, IReadOnlyList<HtmlButton> Buttons)
{
    /// <summary>The names a person (or an attacker) can change; the anti-forgery token is not one of them.</summary>
    public IEnumerable<string> FieldNames => Values.Select(v => v.Key).Where(k => k != Polku.Tests.TestSupport.SignIn.TokenField).Distinct(StringComparer.Ordinal);
}

/// <summary>Reads the forms and links of Polku's own server-rendered pages (well-formed markup, no nested forms).</summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlForm> Parse(string html, string pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var forms = new List<HtmlForm>();
        foreach (Match form in FormRegex().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            var body = form.Groups[2].Value;
            var values = new List<(int At, string Name, string Value)>();
            var files = new List<string>();
            var buttons = new List<HtmlButton>();
            var radios = new Dictionary<string, int>(StringComparer.Ordinal);

            foreach (Match control in InputRegex().Matches(body))
            {
                var a = Attributes(control.Groups[1].Value);
                var type = (a.GetValueOrDefault("type") ?? "text").ToLowerInvariant();
                var name = a.GetValueOrDefault("name") ?? "";
                if (a.ContainsKey("disabled") || (name.Length == 0 && type is not ("submit" or "image")))
                {
                    continue;
                }

                var value = a.GetValueOrDefault("value");
                switch (type)
                {
                    case "submit" or "image":
                        buttons.Add(new HtmlButton(name.Length == 0 ? null : name, value, a.GetValueOrDefault("formaction")));
                        break;
                    case "file":
                        files.Add(name);
                        break;
                    case "checkbox":
                        if (a.ContainsKey("checked"))
                        {
                            values.Add((control.Index, name, value ?? "on"));
                        }

                        break;
                    case "radio":
                        // The checked one of the group, or the first when none is.
                        if (!radios.TryGetValue(name, out var at))
                        {
                            radios[name] = values.Count;
                            values.Add((control.Index, name, value ?? "on"));
                        }
                        else if (a.ContainsKey("checked"))
                        {
                            values[at] = (values[at].At, name, value ?? "on");
                        }

                        break;
                    default:
                        values.Add((control.Index, name, value ?? ""));
                        break;
                }
            }

            foreach (Match select in SelectRegex().Matches(body))
            {
                var a = Attributes(select.Groups[1].Value);
                if (a.GetValueOrDefault("name") is not { Length: > 0 } name || a.ContainsKey("disabled"))
                {
                    continue;
                }

                var options = OptionRegex().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value)).ToList();
                var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                if (chosen is not null)
                {
                    values.Add((select.Index, name, chosen.GetValueOrDefault("value") ?? ""));
                }
            }

            foreach (Match area in TextareaRegex().Matches(body))
            {
                var a = Attributes(area.Groups[1].Value);
                if (a.GetValueOrDefault("name") is { Length: > 0 } name && !a.ContainsKey("disabled"))
                {
                    values.Add((area.Index, name, WebUtility.HtmlDecode(area.Groups[2].Value).TrimStart('\n')));
                }
            }

            foreach (Match button in ButtonRegex().Matches(body))
            {
                var a = Attributes(button.Groups[1].Value);
                if (a.GetValueOrDefault("type") is null or "submit" && !a.ContainsKey("disabled"))
                {
                    buttons.Add(new HtmlButton(a.GetValueOrDefault("name"), a.GetValueOrDefault("value"), a.GetValueOrDefault("formaction")));
                }
            }

            forms.Add(new HtmlForm(
                (attributes.GetValueOrDefault("method") ?? "get").ToUpperInvariant(),
                Resolve(attributes.GetValueOrDefault("action"), pageUrl),
                string.Equals(attributes.GetValueOrDefault("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase),
                [.. values.OrderBy(v => v.At).Select(v => new KeyValuePair<string, string>(v.Name, v.Value))],
                files,
                buttons));
        }

        return forms;
    }

    /// <summary>Same-site links of the page (paths only, fragments dropped).</summary>
    public static IEnumerable<string> Links(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (Match link in LinkRegex().Matches(html))
        {
            var href = WebUtility.HtmlDecode(link.Groups[1].Value);
            if (href.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var hash = href.IndexOf('#', StringComparison.Ordinal);
            yield return hash >= 0 ? href[..hash] : href;
        }
    }

    /// <summary>An action or link relative to the page, as a path with query.</summary>
    public static string Resolve(string? action, string pageUrl)
    {
        if (string.IsNullOrEmpty(action))
        {
            return pageUrl;
        }

        var resolved = new Uri(new Uri("http://localhost" + pageUrl), action);
        return resolved.PathAndQuery;
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match a in AttributeRegex().Matches(text))
        {
            var value = a.Groups[2].Success ? a.Groups[2].Value : a.Groups[3].Success ? a.Groups[3].Value : a.Groups[4].Value;
            result.TryAdd(a.Groups[1].Value, WebUtility.HtmlDecode(value));
        }

        return result;
    }

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex(@"<input\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();

    [GeneratedRegex(@"<select\b([^>]*)>(.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectRegex();

    [GeneratedRegex(@"<option\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionRegex();

    [GeneratedRegex(@"<textarea\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaRegex();

    [GeneratedRegex(@"<button\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonRegex();

    [GeneratedRegex("""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")]
    private static partial Regex AttributeRegex();

    [GeneratedRegex(@"<a\b[^>]*\bhref=""(/[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex LinkRegex();
}
