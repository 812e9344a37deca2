using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.Tests.Fuzz;

/// <summary>A POST handler of a Razor Page: its route, handler name and the form fields it binds.</summary>
public sealed record PageHandler(string Template, string? Handler, IReadOnlyList<string> Fields)
{
    public string Key => Template + (Handler is null ? "" : "?handler=" + Handler);
}

/// <summary>
/// The application's pages and every POST handler, read from its own endpoints and compiled page descriptors, so a
/// new page or handler is in the sweep without anyone listing it.
/// </summary>
public sealed class PageRoutes
{
    private readonly List<(string Template, string[] Segments)> _templates;

    private PageRoutes(List<string> templates, List<PageHandler> handlers)
    {
        _templates = [.. templates.Select(t => (t, t.Length == 0 ? Array.Empty<string>() : t.Split('/')))];
        PostHandlers = handlers;
    }

    public IReadOnlyList<string> Templates => [.. _templates.Select(t => t.Template)];

    public IReadOnlyList<PageHandler> PostHandlers { get; }

    public static async Task<PageRoutes> LoadAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var templates = new List<string>();
        var handlers = new List<PageHandler>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var template = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (templates.Contains(template, StringComparer.Ordinal))
            {
                continue;
            }

            templates.Add(template);
            var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
            var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var bound = compiled.BoundProperties.SelectMany(p => Fields(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0)).ToList();
            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
            {
                var fields = handler.Parameters
                    .Where(p => !routeNames.Contains(p.Name) && p.ParameterType != typeof(CancellationToken))
                    .SelectMany(p => Fields(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType, 0))
                    .Concat(bound)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                handlers.Add(new PageHandler(template, handler.Name, fields));
            }
        }

        return new PageRoutes(templates, handlers);
    }

    /// <summary>The template a path belongs to (literal segments win over parameters), with the route values.</summary>
    public (string Template, Dictionary<string, string> Values)? Match(string path)
    {
        var segments = path.Split('?')[0].Trim('/') is { Length: > 0 } p ? p.Split('/').Select(Uri.UnescapeDataString).ToArray() : [];
        (string Template, Dictionary<string, string> Values, int Literals)? best = null;
        foreach (var (template, parts) in _templates)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var literals = 0;
            var ok = true;
            for (var i = 0; i < parts.Length && ok; i++)
            {
                var part = parts[i];
                if (part.StartsWith('{') && part.EndsWith('}'))
                {
                    var name = part[1..^1].Split(':')[0].TrimEnd('?');
                    if (i < segments.Length)
                    {
                        values[name] = segments[i];
                        ok = Fits(part, segments[i]);
                    }
                    else
                    {
                        ok = part.EndsWith("?}", StringComparison.Ordinal);
                    }
                }
                else
                {
                    ok = i < segments.Length && string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase);
                    literals++;
                }
            }

            if (ok && segments.Length <= parts.Length && (best is null || literals > best.Value.Literals))
            {
                best = (template, values, literals);
            }
        }

        return best is { } b ? (b.Template, b.Values) : null;
    }

    /// <summary>A URL for the template with the given route values (an empty id, or "x", for the rest).</summary>
    public static string Url(string template, IReadOnlyDictionary<string, string> values)
    {
        var parts = template.Split('/').Select(part =>
        {
            if (!part.StartsWith('{'))
            {
                return part;
            }

            var spec = part[1..^1];
            var name = spec.Split(':')[0].TrimEnd('?');
            return values.TryGetValue(name, out var value) ? Uri.EscapeDataString(value)
                : spec.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString()
                : spec.Contains(":int", StringComparison.Ordinal) ? "1"
                : spec.EndsWith('?') ? ""
                : "x";
        });
        return "/" + string.Join('/', parts).TrimEnd('/');
    }

    private static bool Fits(string part, string segment) =>
        !part.Contains(":guid", StringComparison.Ordinal) ? !part.Contains(":int", StringComparison.Ordinal) || int.TryParse(segment, out _)
        : Guid.TryParse(segment, out _);

    /// <summary>The form field names a bound value reads: itself, or its properties (one list element) for a complex type.</summary>
    private static IEnumerable<string> Fields(string prefix, Type type, int depth)
    {
        var element = type.IsArray ? type.GetElementType()! : type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
        if (element is not null && type != typeof(string))
        {
            foreach (var f in Fields(prefix + "[0]", element, depth + 1))
            {
                yield return f;
            }

            yield break;
        }

        var simple = Nullable.GetUnderlyingType(type) ?? type;
        if (depth > 3 || simple.IsPrimitive || simple.IsEnum || simple == typeof(string) || simple == typeof(decimal) || simple == typeof(Guid)
            || simple == typeof(DateTime) || simple == typeof(DateOnly) || simple == typeof(TimeOnly) || simple == typeof(DateTimeOffset)
            || typeof(IFormFile).IsAssignableFrom(simple) || typeof(IFormFileCollection).IsAssignableFrom(simple))
        {
            yield return prefix;
            yield break;
        }

        foreach (var property in simple.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            foreach (var f in Fields(prefix + "." + property.Name, property.PropertyType, depth + 1))
            {
                yield return f;
            }
        }
    }
}
