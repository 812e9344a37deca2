using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// Issue 11, "one way to do each thing": every JSON API endpoint says what it answers, so that the compiler checks the
/// handler against it and the OpenAPI document lists it. The rule is in <see cref="ApiShape"/>.
/// </summary>
public sealed class ApiShapeTests : IClassFixture<ApiShapeTests.App>
{
    private readonly App _app;

    public ApiShapeTests(App app) => _app = app;

    public sealed class App : IAsyncLifetime
    {
        public PolkuAppFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            _ = Factory.Services;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    [Fact]
    public void Every_API_endpoint_declares_its_responses_with_a_typed_result()
    {
        var endpoints = _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var api = endpoints.Where(ApiShape.IsApi).ToList();

        // Every module has JSON endpoints; a rule that finds a handful has lost them, not passed.
        Assert.True(api.Count >= 30, $"only {api.Count} endpoints under /api");
        var violations = api.SelectMany(ApiShape.Violations).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task The_rule_flags_an_endpoint_that_returns_plain_IResult_or_hides_its_problem_statuses()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/api/plain", Plain);
        app.MapGet("/api/plain-async", PlainAsync);
        app.MapGet("/api/typed", Typed).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/typed-problem-undeclared", Typed);
        app.MapGet("/api/text-undeclared", Text);
        app.MapGet("/api/text", Text).Produces(StatusCodes.Status200OK, contentType: "application/fhir+json");
        app.MapGet("/not-api", Plain);

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.DoesNotContain(endpoints.Single(e => e.RoutePattern.RawText == "/not-api"), endpoints.Where(ApiShape.IsApi));
        var flagged = endpoints.Where(ApiShape.IsApi)
            .ToDictionary(e => e.RoutePattern.RawText!, e => ApiShape.Violations(e).ToList(), StringComparer.Ordinal);

        Assert.Contains(flagged["/api/plain"], v => v.Contains("returns IResult", StringComparison.Ordinal));
        Assert.Contains(flagged["/api/plain-async"], v => v.Contains("returns Task<IResult>", StringComparison.Ordinal));
        Assert.Empty(flagged["/api/typed"]);
        Assert.Contains(flagged["/api/typed-problem-undeclared"], v => v.Contains("ProducesProblem", StringComparison.Ordinal));
        Assert.Contains(flagged["/api/text-undeclared"], v => v.Contains("no success response", StringComparison.Ordinal));
        Assert.Empty(flagged["/api/text"]);
    }

    private static IResult Plain() => Results.Ok("plain");

    private static Task<IResult> PlainAsync() => Task.FromResult(Results.Ok("plain"));

    private static Results<Ok<string>, ProblemHttpResult> Typed(HttpContext context) =>
        context.Request.Query.ContainsKey("missing") ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound) : TypedResults.Ok("typed");

    private static ContentHttpResult Text() => TypedResults.Text("{}", "application/fhir+json");
}

/// <summary>
/// The rule for endpoints under <c>/api</c>: the handler's declared return type is a typed result (<c>Results&lt;…&gt;</c>
/// of <c>TypedResults.*</c>, or one such type), never <see cref="IResult"/>; the endpoint declares a success response
/// (from the typed result or, for text and files, <c>.Produces(…)</c>); and a handler that can answer ProblemDetails,
/// whose status the type does not carry, declares those statuses with <c>.ProducesProblem(…)</c>.
/// </summary>
internal static class ApiShape
{
    public static bool IsApi(RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var raw = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
        return raw == "api" || raw.StartsWith("api/", StringComparison.Ordinal);
    }

    public static IEnumerable<string> Violations(RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var name = $"{Verbs(endpoint)} {endpoint.RoutePattern.RawText}";
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            yield return $"{name}: not a route handler with a declared return type";
            yield break;
        }

        var returned = Unwrap(handler.ReturnType);
        if (!typeof(IResult).IsAssignableFrom(returned) || returned.IsInterface || returned.IsAbstract)
        {
            yield return $"{name}: {handler.DeclaringType?.Name}.{handler.Name} returns {Describe(handler.ReturnType)}; declare Results<…> of the TypedResults it returns";
        }

        var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
        if (!produces.Any(p => p.StatusCode is >= 200 and < 300))
        {
            yield return $"{name}: declares no success response (a typed result such as Ok<T>, or .Produces(…) for text and files)";
        }

        if (Members(returned).Contains(typeof(ProblemHttpResult))
            && !produces.Any(p => p.StatusCode >= 400 && p.ContentTypes.Contains("application/problem+json", StringComparer.Ordinal)))
        {
            yield return $"{name}: can answer ProblemDetails, whose status its type does not carry; declare them with .ProducesProblem(…)";
        }
    }

    /// <summary>The result type of a handler: <c>T</c> of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    private static Type Unwrap(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type;

    /// <summary>The results a typed result can be: the members of <c>Results&lt;…&gt;</c>, or the type itself.</summary>
    private static Type[] Members(Type type) =>
        type.IsGenericType && type.Namespace == typeof(Results<,>).Namespace && type.Name.StartsWith("Results`", StringComparison.Ordinal)
            ? type.GetGenericArguments()
            : [type];

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;

    private static string Verbs(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods ? string.Join(",", methods.HttpMethods) : "ANY";
}
