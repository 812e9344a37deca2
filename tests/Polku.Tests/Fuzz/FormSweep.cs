using System.Net;
using System.Text;

namespace Polku.Tests.Fuzz;

/// <summary>
/// Sweeps the pages one audience can reach: crawls from every page without route parameters (and the audience's
/// start pages) along same-site links and GET forms, then posts every form it found — the form as the page gave it,
/// each field replaced by hostile values, every field repeated, unknown and index-overflowing names — and fuzzes the
/// query values and route values of the pages it read. Forms carry the page's anti-forgery token, so each request
/// reaches its handler.
/// </summary>
public sealed class FormSweep(FuzzSession session, PageRoutes routes, HashSet<string> pagesSwept)
{
    /// <summary>Paths the crawler does not follow, with the reason.</summary>
    private static readonly (string Prefix, string Reason)[] NotFollowed =
    [
        // A Server-Sent Events stream stays open for as long as the client listens.
        ("/events", "endless event stream"),
        // Sign-in round trips through the identity provider are not pages of this audience.
        ("/login/", "starts a sign-in"),
        ("/signin-oidc", "sign-in callback"),
        ("/test-idp/", "identity provider"),
        // Only sets a preference cookie; the language changes nothing about input handling.
        ("/language/", "language switch"),
    ];

    /// <summary>
    /// Whether posting the form ends or replaces the session (signing out, out everywhere, or in as someone else, which
    /// ends the browser's current session): such forms are posted last, after every other request of the audience.
    /// </summary>
    private static bool EndsSession(string action)
    {
        var path = action.Split('?')[0].TrimEnd('/');
        return path is "/login" or "/logout" || action.Contains("handler=SignOutEverywhere", StringComparison.OrdinalIgnoreCase);
    }

    private const int MaxPages = 140;
    private const int FullFieldsPerForm = 14;
    private const int PerTemplate = 2;

    private readonly Dictionary<string, int> _seenTemplates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenUrls = new(StringComparer.Ordinal);
    private readonly List<(string Url, string Template)> _pages = [];
    private readonly List<(HtmlForm Form, PageHandler? Handler, bool Full)> _forms = [];
    private readonly HashSet<string> _formKeys = new(StringComparer.Ordinal);

    /// <summary>Route values seen in crawled URLs, by parameter name: real ids for handlers no crawled form reached.</summary>
    public Dictionary<string, string> RouteValues { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The handlers this audience posted to.</summary>
    public HashSet<string> Covered { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, only forms of these handlers are swept (a second crawl after later audiences changed the data).</summary>
    public IReadOnlySet<string>? Only { get; init; }

    /// <summary>An anti-forgery token of this session's user, for forms built from descriptors.</summary>
    public string? Token { get; private set; }

    private readonly List<(HtmlForm Form, PageHandler? Handler, bool Full)> _deferred = [];

    public async Task RunAsync(IEnumerable<string> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var queue = new Queue<string>(start.Concat(routes.Templates.Where(t => !t.Contains('{', StringComparison.Ordinal)).Select(t => "/" + t)));
        while (queue.Count > 0 && _pages.Count < MaxPages)
        {
            var url = queue.Dequeue();
            if (!ShouldVisit(url, out var template))
            {
                continue;
            }

            using var response = await session.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative)), "crawl");
            if (response is null || response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            _pages.Add((url, template));
            var html = await response.Content.ReadAsStringAsync();
            foreach (var link in HtmlForms.Links(html))
            {
                queue.Enqueue(link);
            }

            foreach (var form in HtmlForms.Parse(html, url))
            {
                if (form.Method == "GET")
                {
                    queue.Enqueue(form.Action.Split('?')[0] + "?" + string.Join('&', form.Values.Select(v => FuzzCorpus.Escape(v.Key) + "=" + FuzzCorpus.Escape(v.Value))));
                    continue;
                }

                Token ??= form.Values.FirstOrDefault(v => v.Key == Polku.Tests.TestSupport.SignIn.TokenField).Value;
                foreach (var (variant, button) in Variants(form))
                {
                    // Each handler's form is swept in full once; another button of it (another value of the same
                    // field, such as a summary's "edit page 3") is posted as it is.
                    var key = (routes.Match(variant.Action)?.Template ?? variant.Action) + "|" + Handler(variant.Action, variant.Values) + "|"
                        + string.Join(",", variant.FieldNames.Order(StringComparer.Ordinal));
                    var handler = Find(variant.Action, variant.Values);
                    if ((Only is null || (handler is not null && Only.Contains(handler.Key))) && _formKeys.Add(key + "|" + button))
                    {
                        _forms.Add((variant, handler, _formKeys.Add(key)));

                        // Posted once as it is while crawling: where it leads (a started assessment, a held slot to
                        // confirm) is a page with forms of its own.
                        if (!EndsSession(variant.Action))
                        {
                            using var posted = await session.SendAsync(Post(variant, variant.Values), "crawl-post");
                            if (posted?.Headers.Location?.OriginalString is { } next && next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal))
                            {
                                queue.Enqueue(next);
                            }
                        }
                    }
                }
            }
        }

        foreach (var (form, handler, full) in _forms)
        {
            if (EndsSession(form.Action))
            {
                _deferred.Add((form, handler, full));
                if (handler is not null)
                {
                    Covered.Add(handler.Key);
                }

                continue;
            }

            await FuzzFormAsync(form, handler, full);
        }

        if (Only is null)
        {
            await FuzzPagesAsync();
        }
    }

    /// <summary>Posts the handlers that end the session; call after everything else the audience sends.</summary>
    public async Task RunDeferredAsync()
    {
        foreach (var (form, handler, full) in _deferred)
        {
            await FuzzFormAsync(form, handler, full);
        }
    }

    /// <summary>
    /// Posts a form built from a handler's descriptor (for a handler no crawled page offered a form to). Returns false
    /// when this audience may not use it.
    /// </summary>
    public async Task<bool> FuzzHandlerAsync(PageHandler handler, IReadOnlyDictionary<string, string> routeValues)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Token is null)
        {
            return false;
        }

        var url = PageRoutes.Url(handler.Template, routeValues) + (handler.Handler is null ? "" : "?handler=" + handler.Handler);
        var form = new HtmlForm("POST", url, false, [.. handler.Fields.Select(f => new KeyValuePair<string, string>(f, "")), new(Polku.Tests.TestSupport.SignIn.TokenField, Token)], [], []);
        if (EndsSession(url))
        {
            _deferred.Add((form, handler, true));
            return true;
        }

        using (var response = await session.SendAsync(Post(form, form.Values), "descriptor baseline"))
        {
            var location = response?.Headers.Location?.OriginalString ?? "";
            if (response is null || response.StatusCode == HttpStatusCode.Unauthorized
                || location.Contains("/login", StringComparison.OrdinalIgnoreCase) || location.Contains("/forbidden", StringComparison.OrdinalIgnoreCase))
            {
                // Not this audience's page: authorisation sends to sign-in or to the forbidden page before any input
                // is read. (A plain 403 comes from the handler itself, which has read the input.)
                return false;
            }
        }

        await FuzzFormAsync(form, handler, full: true, extra: 0);
        return true;
    }

    private bool ShouldVisit(string url, out string template)
    {
        template = "";
        if (url.Length == 0 || !url.StartsWith('/') || NotFollowed.Any(n => url.StartsWith(n.Prefix, StringComparison.OrdinalIgnoreCase))
            || url.Split('?')[0].Split('/')[^1].Contains('.', StringComparison.Ordinal) || !_seenUrls.Add(url))
        {
            return false;
        }

        if (routes.Match(url) is not { } match)
        {
            return false;
        }

        template = match.Template;
        foreach (var (name, value) in match.Values)
        {
            RouteValues.TryAdd(name, value);
        }

        // A few URLs per page and set of query names: a step-by-step page (place, then day, then time) is one
        // template with more names at each step.
        var names = url.Contains('?', StringComparison.Ordinal)
            ? string.Join('&', url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal))
            : "";
        var seen = _seenTemplates.GetValueOrDefault(template + "?" + names);
        _seenTemplates[template + "?" + names] = seen + 1;
        return seen < PerTemplate;
    }

    /// <summary>The form once per submit button that posts somewhere else or names itself.</summary>
    private static IEnumerable<(HtmlForm Form, string Button)> Variants(HtmlForm form)
    {
        if (form.Buttons.Count == 0)
        {
            yield return (form, "");
            yield break;
        }

        foreach (var button in form.Buttons.DistinctBy(b => (b.Name, b.Value, b.FormAction)))
        {
            var values = button.Name is null ? form.Values : [.. form.Values, new(button.Name, button.Value ?? "")];
            var action = button.FormAction is { Length: > 0 } a ? HtmlForms.Resolve(a, form.Action) : form.Action;
            yield return (form with { Action = action, Values = values }, button.Name + "=" + button.Value);
        }
    }

    private static string? Handler(string action, IEnumerable<KeyValuePair<string, string>> values)
    {
        var query = action.Contains('?', StringComparison.Ordinal) ? action[(action.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith("handler=", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair[8..]);
            }
        }

        return values.FirstOrDefault(v => v.Key.Equals("handler", StringComparison.OrdinalIgnoreCase)).Value;
    }

    private PageHandler? Find(string action, IEnumerable<KeyValuePair<string, string>> values)
    {
        var template = routes.Match(action)?.Template;
        var handler = Handler(action, values);
        return routes.PostHandlers.FirstOrDefault(h => h.Template == template && string.Equals(h.Handler, handler, StringComparison.OrdinalIgnoreCase));
    }

    private async Task FuzzFormAsync(HtmlForm form, PageHandler? handler, bool full, int extra = 2)
    {
        if (handler is not null)
        {
            Covered.Add(handler.Key);
        }

        var baseline = form.Values.ToList();
        await session.StatusAsync(Post(form, baseline), "form baseline");
        if (!full)
        {
            return;
        }

        // Fields the page has, and fields the handler binds that the page left out (hidden by state, or never shown).
        var names = form.FieldNames.Concat(handler?.Fields ?? []).Concat(form.FileFields).Distinct(StringComparer.Ordinal).ToList();
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var budget = FullFieldsPerForm;
        foreach (var name in names)
        {
            // The same field at another index (a week's days, a list's rows) is read by the same binder, and a form
            // with very many fields (a routing row's days and municipalities) has many of one kind: a few values each.
            var repeated = !shapes.Add(System.Text.RegularExpressions.Regex.Replace(name, @"\[\d+\]", "[]"));
            var light = repeated || budget-- <= 0;
            foreach (var value in light ? FuzzCorpus.Light : FuzzCorpus.For(form.Action + name, extra))
            {
                await session.StatusAsync(Post(form, With(baseline, name, value.Value)), $"form {name}={value.Kind}");
            }
        }

        await session.StatusAsync(Post(form, [.. baseline, .. baseline.Where(v => v.Key != Polku.Tests.TestSupport.SignIn.TokenField).Select(v => new KeyValuePair<string, string>(v.Key, "\uD800" + v.Value))]), "form every field repeated");
        await session.StatusAsync(Post(form, [.. baseline, new("polku.unknown[2147483648].x", "\uDFFF")]), "form unknown field");
        foreach (var name in names.Take(3))
        {
            var overflow = name.Contains('[', StringComparison.Ordinal) ? System.Text.RegularExpressions.Regex.Replace(name, @"\[\d+\]", "[2147483648]") : name + "[99999999999]";
            await session.StatusAsync(Post(form, [.. baseline, new(overflow, "1")]), $"form {overflow}");
        }
    }

    /// <summary>
    /// Query values and route values of the pages read, each replaced by a few hostile values; a page template is
    /// swept by the first audience that reads it (the values are read the same way for everyone).
    /// </summary>
    private async Task FuzzPagesAsync()
    {
        foreach (var (url, template) in _pages.DistinctBy(p => p.Template))
        {
            if (!pagesSwept.Add(template))
            {
                continue;
            }

            var path = url.Split('?')[0];
            var query = url.Contains('?', StringComparison.Ordinal)
                ? url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => (Name: Uri.UnescapeDataString(p[0]), Value: p.Length > 1 ? p[1] : "")).ToList()
                : [];
            foreach (var (name, _) in query.DistinctBy(q => q.Name))
            {
                foreach (var value in FuzzCorpus.For(template + "?" + name, 2))
                {
                    var changed = string.Join('&', query.Select(q => FuzzCorpus.Escape(q.Name) + "=" + (q.Name == name ? FuzzCorpus.Escape(value.Value) : q.Value)));
                    await session.StatusAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path + "?" + changed, UriKind.Relative)), $"query {name}={value.Kind}");
                }
            }

            if (routes.Match(path) is { } match && match.Values.Count > 0)
            {
                foreach (var (name, _) in match.Values)
                {
                    foreach (var value in FuzzCorpus.PathSegments(template + "/" + name, 1))
                    {
                        var values = new Dictionary<string, string>(match.Values, StringComparer.OrdinalIgnoreCase) { [name] = value.Value };
                        var target = "/" + string.Join('/', template.Split('/').Select(part => part.StartsWith('{') ? FuzzCorpus.Escape(values[part[1..^1].Split(':')[0].TrimEnd('?')]) : part));
                        await session.StatusAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(target, UriKind.Relative)), $"route {name}={value.Kind}");
                    }
                }
            }
        }
    }

    private static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> baseline, string name, string value)
    {
        var result = new List<KeyValuePair<string, string>>(baseline.Count + 1);
        var placed = false;
        foreach (var pair in baseline)
        {
            if (pair.Key != name)
            {
                result.Add(pair);
            }
            else if (!placed)
            {
                result.Add(new(name, value));
                placed = true;
            }
        }

        if (!placed)
        {
            result.Add(new(name, value));
        }

        return result;
    }

    private static HttpRequestMessage Post(HtmlForm form, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        HttpContent content;
        if (form.Multipart)
        {
            // Written by hand: HttpClient's multipart content refuses (or re-encodes) the very names and file names
            // the sweep must send as a hostile client would.
            var body = new List<byte>();
            void Part(string name, string? fileName, byte[] data)
            {
                body.AddRange("--polku-fuzz\r\nContent-Disposition: form-data; name=\""u8.ToArray());
                body.AddRange(HeaderText(name));
                if (fileName is not null)
                {
                    body.AddRange("\"; filename=\""u8.ToArray());
                    body.AddRange(HeaderText(fileName));
                    body.AddRange("\"\r\nContent-Type: text/plain"u8.ToArray());
                }
                else
                {
                    body.Add((byte)'"');
                }

                body.AddRange("\r\n\r\n"u8.ToArray());
                body.AddRange(data);
                body.AddRange("\r\n"u8.ToArray());
            }

            foreach (var (name, value) in values)
            {
                if (form.FileFields.Contains(name))
                {
                    Part(name, value, Attachment);
                }
                else
                {
                    Part(name, null, Wtf8(value));
                }
            }

            foreach (var file in form.FileFields.Where(f => values.All(v => v.Key != f)))
            {
                Part(file, "note.txt", Attachment);
            }

            body.AddRange("--polku-fuzz--\r\n"u8.ToArray());
            content = new ByteArrayContent([.. body]);
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=polku-fuzz");
        }
        else
        {
            content = new StringContent(string.Join('&', values.Select(v => FuzzCorpus.Escape(v.Key) + "=" + FuzzCorpus.Escape(v.Value))), Encoding.ASCII, "application/x-www-form-urlencoded");
            content.Headers.ContentType!.CharSet = null;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.Action, UriKind.Relative)) { Content = content };
        request.Headers.Accept.ParseAdd("text/html");
        return request;
    }

    private static readonly byte[] Attachment = "Hei, tässä liite.\n"u8.ToArray();

    /// <summary>A name in a part header as browsers write it: quotes and line breaks percent-encoded, the rest as is.</summary>
    private static byte[] HeaderText(string text) =>
        Wtf8(text.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal));

    /// <summary>Text as UTF-8 bytes, lone surrogates as the bytes UTF-8 would give them (as a hostile client sends).</summary>
    private static byte[] Wtf8(string value)
    {
        var escaped = FuzzCorpus.Escape(value);
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '%')
            {
                bytes.Add(Convert.ToByte(escaped.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)escaped[i]);
            }
        }

        return [.. bytes];
    }
}
