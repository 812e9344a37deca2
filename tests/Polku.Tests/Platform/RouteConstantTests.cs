using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// Issue 11: a link across a module boundary uses the target module's route constant (<c>XRoutes</c> in its contracts);
/// inside a module, pages link with <c>asp-page</c>. Each constant must still lead to a route of the app, so a page that
/// moves without its constant fails here rather than as a dead link.
/// </summary>
public sealed class RouteConstantTests : IClassFixture<RouteConstantTests.App>
{
    private readonly App _app;

    public RouteConstantTests(App app) => _app = app;

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

    private static readonly Type[] RouteClasses = [typeof(RegionRoutes), typeof(IdentityRoutes), typeof(ContactsRoutes), typeof(AssessmentsRoutes)];

    /// <summary>Every address the route classes can make: their constants and, with sample values, their methods.</summary>
    private static IEnumerable<string> Addresses()
    {
        foreach (var type in RouteClasses)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                yield return (string)field.GetRawConstantValue()!;
            }
        }

        var id = Guid.NewGuid();
        yield return RegionRoutes.Service("health-station", "638");
        yield return IdentityRoutes.LoginReturningTo("/me");
        yield return ContactsRoutes.DeskTask(id);
        yield return ContactsRoutes.NewMessage("health-station");
        yield return ContactsRoutes.NewCallback("health-station");
        yield return AssessmentsRoutes.DeskResult(id);
        yield return PolkuPlatform.OpenApiDocument;
    }

    [Fact]
    public void Every_route_constant_leads_to_a_route_of_the_app()
    {
        var templates = _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary()))
            .ToList();
        var addresses = Addresses().ToList();
        Assert.True(addresses.Count >= 15, $"only {addresses.Count} addresses");
        var dead = addresses
            .Where(a => !templates.Any(t => t.TryMatch(a.Split('?')[0], new RouteValueDictionary())))
            .ToList();
        Assert.True(dead.Count == 0, "No route for: " + string.Join(", ", dead));
    }

    [Fact]
    public void Route_methods_escape_their_values_as_the_literal_links_did()
    {
        Assert.Equal("/services/health-station?municipality=638", RegionRoutes.Service("health-station", "638"));
        Assert.Equal("/services/a%20b", RegionRoutes.Service("a b"));
        Assert.Equal("/login?returnUrl=%2Fassessments%3Fx%3D1", IdentityRoutes.LoginReturningTo("/assessments?x=1"));
        Assert.Equal("/me/callbacks/new?service=health-station", ContactsRoutes.NewCallback("health-station"));
        Assert.Equal("/me/messages/new?service=health-station", ContactsRoutes.NewMessage("health-station"));
        var id = Guid.Parse("0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f");
        Assert.Equal("/desk/tasks/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", ContactsRoutes.DeskTask(id));
        Assert.Equal("/desk/assessments/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", AssessmentsRoutes.DeskResult(id));
    }
}
