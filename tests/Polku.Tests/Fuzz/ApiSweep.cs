using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Polku.Tests.Fuzz;

/// <summary>A documented parameter of an operation.</summary>
public sealed record ApiParameter(string Name, string In, string? Type, string? Format);

/// <summary>One operation of the OpenAPI document, with what the sweep knows of its body.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonObject? BodySchema, bool HasBody)
{
    public string Key => Method + " " + Path;
}

/// <summary>Values the OpenAPI document cannot give: free-form bodies, query parameters read by hand, fixed path values.</summary>
public sealed record OperationSeed(string? Body = null, IReadOnlyDictionary<string, string>? Query = null, IReadOnlyDictionary<string, string>? Path = null);

/// <summary>
/// Sweeps every operation of <c>/openapi/v1.json</c> for one audience: a baseline request (path values harvested from
/// earlier answers, query values and bodies from the schema or a seed), then each path parameter, each query parameter
/// and each body property replaced by hostile values, and whole bodies that are not JSON, not UTF-8, too deep, too
/// large or repeat a name. An operation the audience may not use (401/403 on the baseline) is not swept further.
/// </summary>
public sealed class ApiSweep(FuzzSession session, IReadOnlyDictionary<string, OperationSeed> seeds, HashSet<string> sweptReads)
{
    /// <summary>Operations that must not be swept, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Skipped = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // A Server-Sent Events stream stays open for as long as the client listens; it reads no input but the cookie.
        ["GET /events"] = "endless event stream",
    };

    private const string Placeholder = "__polku_fuzz_value__";
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>String values seen in answers, by property name (case-insensitive), in the order they were seen.</summary>
    private readonly Dictionary<string, List<string>> _harvest = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<ApiOperation> Read(JsonDocument openApi)
    {
        ArgumentNullException.ThrowIfNull(openApi);
        var root = openApi.RootElement;
        var schemas = root.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? JsonNode.Parse(s.GetRawText())!.AsObject() : [];
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var parameters = new List<ApiParameter>();
                if (op.Value.TryGetProperty("parameters", out var ps))
                {
                    foreach (var p in ps.EnumerateArray())
                    {
                        var schema = p.TryGetProperty("schema", out var sc) ? sc : default;
                        parameters.Add(new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t) ? t.ToString() : null,
                            schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var f) ? f.GetString() : null));
                    }
                }

                JsonObject? body = null;
                var hasBody = op.Value.TryGetProperty("requestBody", out var rb);
                if (hasBody && rb.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var bodySchema))
                {
                    body = Resolve(JsonNode.Parse(bodySchema.GetRawText()), schemas, 0);
                }

                var method = op.Name.ToUpperInvariant();
                operations.Add(new ApiOperation(method, path.Name, parameters, body, hasBody || method is "POST" or "PUT" or "PATCH"));
            }
        }

        return operations;
    }

    public async Task RunAsync(IReadOnlyList<ApiOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);

        // Reads without path parameters first, so that their answers give real ids for the rest; the chain of ids
        // (queues → tasks → task) needs two rounds of reads with path parameters.
        var reads = operations.Where(o => o.Method == "GET" && !Skipped.ContainsKey(o.Key)).ToList();
        foreach (var op in reads.Where(o => o.Parameters.All(p => p.In != "path")))
        {
            await BaselineAsync(op);
        }

        foreach (var op in reads.Where(o => o.Parameters.Any(p => p.In == "path")))
        {
            await BaselineAsync(op);
        }

        foreach (var op in operations.Where(o => !Skipped.ContainsKey(o.Key)).OrderBy(o => o.Method == "GET" ? 0 : 1))
        {
            await SweepAsync(op);
        }
    }

    private OperationSeed Seed(ApiOperation op) => seeds.TryGetValue(op.Key, out var seed) ? seed : new OperationSeed();

    private async Task<int> BaselineAsync(ApiOperation op)
    {
        var (path, query) = (PathValues(op), QueryValues(op));
        using var response = await session.SendAsync(Request(op, path, query, op.HasBody ? BaselineBody(op) : null), "baseline");
        if (response is not null && response.StatusCode == HttpStatusCode.OK
            && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
        {
            Harvest(await response.Content.ReadAsStringAsync());
        }

        return response is null ? 0 : (int)response.StatusCode;
    }

    private async Task SweepAsync(ApiOperation op)
    {
        // A read is swept by the first audience that may use it; path and query values are read the same way for everyone.
        if (op.Method == "GET" && sweptReads.Contains(op.Key))
        {
            return;
        }

        var status = await BaselineAsync(op);
        if (status is 401 or 403)
        {
            return;
        }

        // A change that an earlier audience already swept in full gets a lighter sweep: the same reading code runs,
        // only what the handler then does with it may differ.
        var light = !sweptReads.Add(op.Key);

        var path = PathValues(op);
        var query = QueryValues(op);
        var body = op.HasBody ? BaselineBody(op) : null;
        foreach (var name in path.Keys.ToList())
        {
            foreach (var value in light ? FuzzCorpus.Light.Select(FuzzCorpus.PathSafe) : FuzzCorpus.PathSegments(name, 6))
            {
                var changed = new Dictionary<string, string>(path) { [name] = value.Value };
                await session.StatusAsync(Request(op, changed, query, body), $"path {name}={value.Kind}");
            }
        }

        foreach (var name in query.Keys.ToList())
        {
            foreach (var value in light ? FuzzCorpus.Light : FuzzCorpus.For(op.Key + name, 6))
            {
                var changed = new Dictionary<string, string>(query) { [name] = value.Value };
                await session.StatusAsync(Request(op, path, changed, body), $"query {name}={value.Kind}");
            }

            // The same name twice: frameworks differ on which one wins.
            await session.StatusAsync(Request(op, path, query, body is null ? null : Json(body), extraQuery: Uri.EscapeDataString(name) + "=" + FuzzCorpus.Escape("\uD800")), $"query {name} repeated");
        }

        if (body is null)
        {
            return;
        }

        foreach (var (kind, content) in WholeBodies(body).Where(b => !light || b.Kind is "root-name-repeated" or "lone-surrogate-name" or "nesting-over-limit" or "invalid-utf8"))
        {
            await session.StatusAsync(Request(op, path, query, content), "body " + kind);
        }

        var seedNode = JsonNode.Parse(body) as JsonObject;
        if (seedNode is null)
        {
            return;
        }

        foreach (var member in Members(seedNode, ""))
        {
            var original = member.Node?.ToJsonString(Compact) ?? "null";
            // Top-level members get every kind; nested ones (one answer among many) one of each kind of trouble.
            var values = light || member.Path.Contains('.', StringComparison.Ordinal)
                ? FuzzCorpus.JsonCore.Concat(FuzzCorpus.Light.Select(v => v with { Value = FuzzCorpus.JsonString(v.Value) }))
                : FuzzCorpus.JsonTypes.Concat(FuzzCorpus.For(op.Key + member.Path, 4).Select(v => v with { Value = FuzzCorpus.JsonString(v.Value) }));
            if (light)
            {
                values = values.Where((_, i) => i % 3 == 0);
            }

            foreach (var value in values)
            {
                await session.StatusAsync(Request(op, path, query, Json(Replace(seedNode, member, value.Value))), $"body {member.Path}={value.Kind}");
            }

            // The member twice: once as sent, once with a lone surrogate.
            var twice = Replace(seedNode, member, original).Replace(
                JsonString(member.Name) + ":" + original,
                JsonString(member.Name) + ":" + original + "," + JsonString(member.Name) + ":\"\\ud800\"",
                StringComparison.Ordinal);
            await session.StatusAsync(Request(op, path, query, Json(twice)), $"body {member.Path} repeated");
        }
    }

    /// <summary>Whole bodies that are not what any endpoint expects.</summary>
    private static IEnumerable<(string Kind, HttpContent? Content)> WholeBodies(string seed)
    {
        yield return ("absent", null);
        yield return ("empty", Json(""));
        yield return ("json-null", Json("null"));
        yield return ("json-array", Json("[" + seed + "]"));
        yield return ("json-string", Json("\"" + seed.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        yield return ("truncated", Json(seed[..Math.Max(1, seed.Length / 2)]));
        yield return ("trailing-garbage", Json(seed + "}"));
        yield return ("comments", Json("/* c */" + seed));
        yield return ("trailing-comma", Json(seed.Length > 2 ? seed[..^1] + ",}" : "{,}"));
        yield return ("root-name-repeated", Json(seed.Length > 2 ? "{\"a\":1,\"a\":2," + seed[1..] : "{\"a\":1,\"a\":2}"));
        yield return ("lone-surrogate-name", Json("{\"\\udbff\":1}"));
        yield return ("nesting-over-limit", Json("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}"));
        yield return ("byte-order-mark", new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(seed)]) { Headers = { ContentType = new("application/json") } });
        yield return ("invalid-utf8", new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"a\":\""), 0xC3, 0x28, 0xFF, .. "\"}"u8.ToArray()]) { Headers = { ContentType = new("application/json") } });
        yield return ("utf16-declared", new StringContent(seed, Encoding.Unicode, "application/json"));
        yield return ("unknown-charset", new ByteArrayContent(Encoding.UTF8.GetBytes(seed)) { Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=x-polku") } });
        yield return ("text-plain", new StringContent(seed, Encoding.UTF8, "text/plain"));
        yield return ("form-encoded", new StringContent("a=" + FuzzCorpus.Escape(seed), Encoding.UTF8, "application/x-www-form-urlencoded"));
        yield return ("oversize", Json("{\"a\":\"" + new string('z', 1_100_000) + "\"}"));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string JsonString(string text) => JsonSerializer.Serialize(text, Compact);

    private sealed record Member(string Path, string Name, JsonObject Parent, JsonNode? Node);

    /// <summary>Every property of the body, nested ones included (the first element of an array stands for all).</summary>
    private static IEnumerable<Member> Members(JsonObject obj, string prefix)
    {
        foreach (var (name, node) in obj.ToList())
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            yield return new Member(path, name, obj, node);
            var inner = node is JsonArray { Count: > 0 } array ? array[0] : node;
            if (inner is JsonObject child)
            {
                foreach (var m in Members(child, path))
                {
                    yield return m;
                }
            }
        }
    }

    /// <summary>The body as text with the member's value replaced by raw JSON text (which may not be valid JSON).</summary>
    private static string Replace(JsonObject root, Member member, string rawValue)
    {
        var saved = member.Parent[member.Name];
        member.Parent[member.Name] = Placeholder;
        var text = root.ToJsonString(Compact);
        member.Parent[member.Name] = saved;
        return text.Replace("\"" + Placeholder + "\"", rawValue, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Request(ApiOperation op, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string> query, string? body) =>
        Request(op, path, query, body is null ? null : Json(body));

    private static HttpRequestMessage Request(ApiOperation op, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string> query, HttpContent? content, string? extraQuery = null)
    {
        var url = new StringBuilder();
        foreach (var segment in op.Path.Split('/'))
        {
            if (url.Length > 0 || segment.Length > 0)
            {
                url.Append('/');
            }

            var s = segment;
            foreach (var (name, value) in path)
            {
                s = s.Replace("{" + name + "}", FuzzCorpus.Escape(value), StringComparison.Ordinal);
            }

            url.Append(s);
        }

        var pairs = query.Select(q => Uri.EscapeDataString(q.Key) + "=" + FuzzCorpus.Escape(q.Value)).ToList();
        if (extraQuery is not null)
        {
            pairs.Add(extraQuery);
        }

        if (pairs.Count > 0)
        {
            url.Append('?').Append(string.Join('&', pairs));
        }

        var request = new HttpRequestMessage(new HttpMethod(op.Method), new Uri(url.ToString(), UriKind.Relative)) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private Dictionary<string, string> PathValues(ApiOperation op)
    {
        var seed = Seed(op).Path;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in op.Parameters.Where(p => p.In == "path"))
        {
            values[p.Name] = seed?.GetValueOrDefault(p.Name) ?? Harvested(p.Name, p.Format == "uuid") ?? Default(p);
        }

        return values;
    }

    private Dictionary<string, string> QueryValues(ApiOperation op)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in op.Parameters.Where(p => p.In == "query"))
        {
            values[p.Name] = Harvested(p.Name, p.Format == "uuid") ?? Default(p);
        }

        foreach (var (name, value) in Seed(op).Query ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        return values;
    }

    private static string Default(ApiParameter p) => p.Format switch
    {
        "uuid" => Guid.Empty.ToString(),
        "date-time" => "2026-12-01T10:00:00+02:00",
        _ => p.Type is "integer" or "number" ? "1" : "x",
    };

    private string BaselineBody(ApiOperation op)
    {
        if (Seed(op).Body is { } seed)
        {
            return FillPlaceholders(seed);
        }

        return op.BodySchema is { } schema ? (Example(schema, "body", 0) ?? new JsonObject()).ToJsonString(Compact) : "{}";
    }

    /// <summary>Replaces <c>{{name}}</c> in a seed with a harvested value of that name (or <c>id</c>), or the empty id.</summary>
    private string FillPlaceholders(string seed)
    {
        var text = seed;
        int start;
        while ((start = text.IndexOf("{{", StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf("}}", start, StringComparison.Ordinal);
            var name = text[(start + 2)..end];
            text = text[..start] + (Harvested(name, uuid: true) ?? Guid.Empty.ToString()) + text[(end + 2)..];
        }

        return text;
    }

    private JsonNode? Example(JsonObject schema, string name, int depth)
    {
        if (depth > 6)
        {
            return null;
        }

        var type = schema["type"] is JsonArray types ? types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null") : schema["type"]?.GetValue<string>();
        var format = schema["format"]?.GetValue<string>();
        switch (type)
        {
            case "object" or null when schema["properties"] is JsonObject properties:
                var obj = new JsonObject();
                foreach (var (property, propertySchema) in properties)
                {
                    obj[property] = propertySchema is JsonObject ps ? Example(ps, property, depth + 1) : null;
                }

                return obj;
            case "array":
                return schema["items"] is JsonObject items ? new JsonArray(Example(items, name, depth + 1)) : new JsonArray();
            case "integer" or "number":
                return 1;
            case "boolean":
                return true;
            case "string":
                return format switch
                {
                    "uuid" => Harvested(name, uuid: true) ?? Guid.Empty.ToString(),
                    "date-time" => "2026-12-01T10:00:00+02:00",
                    "date" => "2026-12-01",
                    _ => Harvested(name, uuid: false) ?? "x",
                };
            default:
                return schema.Count == 0 || type == "object" ? new JsonObject() : null;
        }
    }

    private string? Harvested(string name, bool uuid)
    {
        foreach (var key in new[] { name, name.EndsWith("Id", StringComparison.Ordinal) ? "id" : name })
        {
            if (_harvest.TryGetValue(key, out var values)
                && values.FirstOrDefault(v => !uuid || Guid.TryParse(v, out _)) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private void Harvest(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return;
        }

        Collect(node, null, 0);
    }

    private void Collect(JsonNode? node, string? name, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Collect(child, key, depth + 1);
                }

                break;
            case JsonArray array:
                foreach (var child in array.Take(20))
                {
                    Collect(child, name, depth + 1);
                }

                break;
            case JsonValue value when name is not null:
                var text = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.Number => value.ToJsonString(),
                    _ => null,
                };
                if (text is { Length: > 0 and <= 80 })
                {
                    if (!_harvest.TryGetValue(name, out var list))
                    {
                        _harvest[name] = list = [];
                    }

                    if (list.Count < 8 && !list.Contains(text, StringComparer.Ordinal))
                    {
                        list.Add(text);
                    }
                }

                break;
        }
    }

    /// <summary>Inlines <c>$ref</c>s and picks the non-null branch of <c>oneOf</c>.</summary>
    private static JsonObject? Resolve(JsonNode? schema, JsonObject components, int depth)
    {
        if (schema is not JsonObject obj || depth > 8)
        {
            return null;
        }

        if (obj["$ref"]?.GetValue<string>() is { } reference)
        {
            return Resolve(components[reference.Split('/')[^1]]?.DeepClone(), components, depth + 1);
        }

        if (obj["oneOf"] is JsonArray choices)
        {
            return choices.Select(c => Resolve(c?.DeepClone(), components, depth + 1)).FirstOrDefault(c => c?["type"]?.ToString() != "null");
        }

        var resolved = (JsonObject)obj.DeepClone();
        if (resolved["properties"] is JsonObject properties)
        {
            foreach (var key in properties.Select(p => p.Key).ToList())
            {
                properties[key] = Resolve(properties[key], components, depth + 1) ?? new JsonObject();
            }
        }

        if (resolved["items"] is JsonNode items)
        {
            resolved["items"] = Resolve(items.DeepClone(), components, depth + 1) ?? new JsonObject();
        }

        return resolved;
    }
}
