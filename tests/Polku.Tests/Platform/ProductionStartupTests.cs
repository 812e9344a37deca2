using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// In Production Polku refuses to start with a setting that is only safe for development, and says which setting to
/// change; a safe configuration starts and answers over https with HSTS.
/// </summary>
public sealed class ProductionStartupTests
{
    private static Dictionary<string, string?> Safe() => new()
    {
        ["Identity:TestProvider:Enabled"] = "false",
        ["Identity:DemoStaffLogin:Enabled"] = "false",
        ["Pseudonyms:Key"] = "a-long-random-secret-for-this-test-only-0123456789",
        ["Database:SeedDemoData"] = "false",
        ["AllowedHosts"] = "polku.example.fi",
        ["Site:PublicBaseUrl"] = "https://polku.example.fi",
        ["Outbox:Email:Mode"] = "Pickup",
        ["Outbox:Sms:Mode"] = "Pickup",
    };

    private static PolkuAppFactory Production(Dictionary<string, string?> settings) =>
        new() { EnvironmentName = Environments.Production, Settings = settings };

    [Fact]
    public async Task A_safe_configuration_starts_and_sends_hsts_over_https()
    {
        await using var app = Production(Safe());
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://polku.example.fi"), AllowAutoRedirect = false });
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var front = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        Assert.Contains("max-age=31536000", front.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("Maija", await front.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Identity:TestProvider:Enabled", "true")]
    [InlineData("Identity:DemoStaffLogin:Enabled", "true")]
    [InlineData("Pseudonyms:Key", null)]
    [InlineData("Pseudonyms:Key", "polku-development-pseudonym-key")]
    [InlineData("Database:SeedDemoData", null)]
    [InlineData("AllowedHosts", "*")]
    [InlineData("AllowedHosts", null)]
    [InlineData("Site:PublicBaseUrl", null)]
    [InlineData("Site:PublicBaseUrl", "http://polku.example.fi")]
    public async Task An_unsafe_setting_stops_the_start_and_names_the_setting(string key, string? value)
    {
        var settings = Safe();
        settings[key] = value;
        await using var app = Production(settings);
        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var message = failure.ToString();
        Assert.Contains("will not start in Production", message, StringComparison.Ordinal);
        Assert.Contains(key, message, StringComparison.Ordinal);
    }
}
