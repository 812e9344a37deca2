using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>The data-protection key ring is in the database: a cookie protected by one host is read by another on the same database.</summary>
[Trait("Category", "Postgres")]
public sealed class DataProtectionKeysTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Keys_are_in_the_database_and_a_session_survives_a_new_host(string engine)
    {
        await using var first = new PolkuAppFactory(engine);
        var client = first.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        using (var scope = first.Services.CreateScope())
        {
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<PolkuDb>().DataProtectionKeys.ToListAsync());
        }

        Assert.False(Directory.Exists(Path.Combine(first.DataFolder, "keys")));
        using var desk = await client.GetAsync(new Uri("/desk", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        var cookies = desk.RequestMessage!.Headers.GetValues("Cookie").Single();

        // Another host with its own (empty) data folder on the same database: the cookies the first protected are valid.
        var shared = first.PostgresConnection is { } cs
            ? new Dictionary<string, string?> { ["Database:ConnectionString"] = cs }
            : new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={Path.Combine(first.DataFolder, "polku.db")};Default Timeout=30" };
        await using var second = new PolkuAppFactory(engine) { Settings = shared };
        var other = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/desk", UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        using var again = await other.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(second.DataFolder, "keys")));
    }
}
