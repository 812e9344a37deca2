using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform;

namespace Polku.Tests.Identity;

/// <summary>The app with the test identity provider and demo staff login on, on a fresh SQLite database.</summary>
public sealed partial class IdentityAppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "polku-identity-" + Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim _prepared = new(1, 1);
    private bool _ready;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataFolder", _folder);
        builder.UseSetting("Identity:TestProvider:Enabled", "true");
        builder.UseSetting("Identity:DemoStaffLogin:Enabled", "true");
        builder.UseSetting("Identity:SignInAttemptsPerMinute", "10000");
        // The OIDC back channel reaches the in-app test provider through the test server.
        builder.ConfigureTestServices(s => s.AddHttpClient("polku-oidc").ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }

    public async Task<HttpClient> ClientAsync()
    {
        await _prepared.WaitAsync();
        try
        {
            if (!_ready)
            {
                await PolkuPlatform.PrepareDatabaseAsync(Services, seed: true, CancellationToken.None);
                _ready = true;
            }
        }
        finally
        {
            _prepared.Release();
        }

        return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public static string Html(string html) => WebUtility.HtmlDecode(html);

    public static string Token(string html) => TokenRegex().Match(html).Groups[1].Value;

    /// <summary>Runs the whole OIDC code flow through HTTP and returns the page the callback lands on.</summary>
    public static async Task<HttpResponseMessage> SignInResidentAsync(HttpClient client, string personName)
    {
        var start = await client.GetAsync(new Uri("/login/test?returnUrl=%2Fme", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        var page = Html(await client.GetStringAsync(authorize));
        var pick = Regex.Match(page, "name=\"pick\" value=\"([0-9a-f-]+)\">\\s*<button type=\"submit\" class=\"primary\">" + Regex.Escape(personName) + "</button>").Groups[1].Value;
        Assert.NotEmpty(pick);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page), ["pick"] = pick });
        var chosen = await client.PostAsync(authorize, form);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.StartsWith("http://localhost/signin-oidc/test?code=", chosen.Headers.Location!.ToString(), StringComparison.Ordinal);
        return await client.GetAsync(chosen.Headers.Location);
    }

    /// <summary>Signs in with a demo staff account through the sign-in page.</summary>
    public static async Task SignInStaffAsync(HttpClient client, string login)
    {
        var page = Html(await client.GetStringAsync(new Uri("/login", UriKind.Relative)));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page), ["login"] = login });
        var response = await client.PostAsync(new Uri("/login?handler=Staff", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _prepared.Dispose();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
