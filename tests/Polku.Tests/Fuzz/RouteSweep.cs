using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.Tests.Fuzz;

/// <summary>An endpoint that is neither in the OpenAPI document nor a page (sign-in, the language switch, a channel link).</summary>
public sealed record OtherEndpoint(string Pattern, string Method, IReadOnlyList<string> RouteParameters, IReadOnlyList<string> Fields);

/// <summary>
/// Sweeps the endpoints the other two sweeps cannot see: everything the app maps that is neither documented in
/// OpenAPI nor a Razor Page. Route values and the simple parameters of the handler (query values) are read from the
/// endpoint itself; protocol endpoints that read their input by hand name their fields in <see cref="HandRead"/> (a page
/// listed there, the test identity provider's sign-in page, has its query values swept here too).
/// </summary>
public sealed class RouteSweep(FuzzSession session)
{
    /// <summary>Fields read by hand (OAuth and OpenID Connect parameters), by route pattern.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> HandRead = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["test-idp/token"] = ["grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret"],
        ["signin-oidc/{provider}"] = ["code", "state", "error", "iss"],
        ["test-idp/authorize"] = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method"],
    };

    /// <summary>Route values that make a request reach its handler.</summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["provider"] = "test",
        ["code"] = "sv",
        ["documentName"] = "v1",
    };

    public static IReadOnlyList<OtherEndpoint> Read(IServiceProvider services, IReadOnlyList<ApiOperation> documented)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(documented);
        var known = documented.Select(o => Normalize(o.Path)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new List<OtherEndpoint>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var isPage = endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null;
            if ((isPage && !HandRead.ContainsKey(pattern)) || known.Contains(Normalize(pattern)) || ApiSweep.Skipped.Keys.Any(k => k.EndsWith(" /" + pattern, StringComparison.Ordinal)))
            {
                continue;
            }

            var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var fields = (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters() ?? [])
                .Where(p => p.Name is not null && !route.Contains(p.Name, StringComparer.OrdinalIgnoreCase) && IsSimple(p.ParameterType))
                .Select(p => p.Name!)
                .Concat(HandRead.GetValueOrDefault(pattern) ?? [])
                .Distinct(StringComparer.Ordinal)
                .ToList();
            // A page's own forms are the form sweep's; here only what its GET reads by hand.
            foreach (var method in isPage ? ["GET"] : endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                result.Add(new OtherEndpoint(pattern, method, route, fields));
            }
        }

        return result;
    }

    public async Task RunAsync(IReadOnlyList<OtherEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RouteParameters.ToDictionary(p => p, p => Known.GetValueOrDefault(p) ?? "x", StringComparer.Ordinal);
            var fields = endpoint.Fields.ToDictionary(f => f, _ => "x", StringComparer.Ordinal);
            await session.StatusAsync(Request(endpoint, route, fields), "endpoint baseline");
            foreach (var name in endpoint.RouteParameters)
            {
                foreach (var value in FuzzCorpus.PathSegments(endpoint.Pattern + name, 2))
                {
                    await session.StatusAsync(Request(endpoint, new Dictionary<string, string>(route) { [name] = value.Value }, fields), $"route {name}={value.Kind}");
                }
            }

            foreach (var name in endpoint.Fields)
            {
                foreach (var value in FuzzCorpus.For(endpoint.Pattern + name, 2))
                {
                    await session.StatusAsync(Request(endpoint, route, new Dictionary<string, string>(fields) { [name] = value.Value }), $"field {name}={value.Kind}");
                }
            }
        }
    }

    /// <summary>GET carries the fields as query values; anything else as a form.</summary>
    private static HttpRequestMessage Request(OtherEndpoint endpoint, IReadOnlyDictionary<string, string> route, IReadOnlyDictionary<string, string> fields)
    {
        var path = "/" + string.Join('/', endpoint.Pattern.Split('/').Select(segment =>
        {
            foreach (var (name, value) in route)
            {
                segment = System.Text.RegularExpressions.Regex.Replace(segment, "\\{" + name + "(:[^}]*)?\\??\\}", _ => FuzzCorpus.Escape(value));
            }

            return segment;
        }));
        var encoded = string.Join('&', fields.Select(f => FuzzCorpus.Escape(f.Key) + "=" + FuzzCorpus.Escape(f.Value)));
        if (endpoint.Method == "GET")
        {
            return new HttpRequestMessage(HttpMethod.Get, new Uri(path + (encoded.Length > 0 ? "?" + encoded : ""), UriKind.Relative));
        }

        var content = new StringContent(encoded, Encoding.ASCII, "application/x-www-form-urlencoded");
        content.Headers.ContentType!.CharSet = null;
        return new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(path, UriKind.Relative)) { Content = content };
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset);
    }

    /// <summary>"api/x/{id:guid}" and "/api/x/{id}" alike: parameters without constraints, no leading slash.</summary>
    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.Trim('/'), "\\{([^}:?]+)[^}]*\\}", "{$1}");
}
