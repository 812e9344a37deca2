using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Region;

/// <summary>The coordinator's municipality changes reach the cached municipality list at once on the node that made them.</summary>
public sealed class MunicipalityCacheTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Adding_and_renaming_a_municipality_drops_the_cached_list(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");

        // The list is cached before the change.
        Assert.False(await ExistsAsync(app, "998"));

        var (_, token) = await SignIn.GetFormAsync(client, "/admin/municipalities");
        var created = await SignIn.PostFormAsync(client, "/admin/municipalities", token,
            [new("Input.Code", "998"), new("Input.NameFi", "Välimuisti"), new("Input.NameSv", "Cache"), new("Input.NameEn", "Cacheville"), new("Input.Languages", "fi")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.True(await ExistsAsync(app, "998"));

        var (_, editToken) = await SignIn.GetFormAsync(client, "/admin/municipalities/998");
        var renamed = await SignIn.PostFormAsync(client, "/admin/municipalities/998", editToken,
            [new("Input.Version", 0.ToString(CultureInfo.InvariantCulture)), new("Input.NameFi", "Uusi nimi"), new("Input.NameSv", "Cache"),
             new("Input.NameEn", "Cacheville"), new("Input.Languages", "fi"), new("Input.RecordSystem", "")]);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        using var scope = app.Services.CreateScope();
        var name = await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().MunicipalityNameAsync("998");
        Assert.Equal("Uusi nimi", name?.Fi);
    }

    private static async Task<bool> ExistsAsync(PolkuAppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().MunicipalityExistsAsync(code);
    }
}
