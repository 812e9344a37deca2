using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Tests.TestSupport;
using static Polku.Tests.Identity.StaffTestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// Staff sign-in through the county directory's OpenID Connect provider (played by <see cref="ExternalProvider"/>,
/// configured as a staff provider): a professional is matched by the configured claim against the configured field and
/// never by name; an unknown one is refused, or provisioned with only the mapped roles and units when provisioning is
/// on; a deactivated one is refused with a localised message.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class StaffProvisioningTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly string[] Groups = ["polku-nurses-porvoo", "all-staff"];

    private const string P = "Identity:Oidc:Providers:" + ExternalProvider.Name + ":";

    private static PolkuAppFactory App(string engine, ExternalProvider provider, Dictionary<string, string?> extra)
    {
        var settings = ExternalProvider.Settings("staff");
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new PolkuAppFactory(engine) { Time = provider.Clock, Settings = settings, ExternalOidc = provider.HandleAsync };
    }

    /// <summary>The provider's next ID token carries these claims (and no resident's identity code).</summary>
    private static void Issue(ExternalProvider provider, Dictionary<string, object> claims) =>
        provider.IdToken = nonce => provider.Token(nonce, personal: false, claimsOfItsOwn: claims);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_professional_is_matched_by_the_configured_claim_and_never_by_name(string engine)
    {
        using var provider = new ExternalProvider(Clock());
        await using var app = App(engine, provider, new() { [P + "StaffMatchClaim"] = "employee_number", [P + "StaffMatchField"] = "DirectoryId" });
        await WithDbAsync(app, async db =>
        {
            var hanna = await db.Set<StaffMember>().SingleAsync(s => s.Login == "hoitaja.porvoo");
            hanna.DirectoryId = "E-77";
            return await db.SaveChangesAsync();
        });

        // Her employee number, someone else's name: she is who the number says.
        Issue(provider, new() { ["sub"] = "any-subject", ["employee_number"] = "E-77", ["name"] = "Liisa Lähihoito" });
        var client = app.CreateBrowserLikeClient();
        Assert.Equal("/desk", await provider.SignInAsync(client));
        var desk = SignIn.Html(await client.GetStringAsync(new Uri("/desk/profile", UriKind.Relative)));
        Assert.Contains("Hanna Hoitaja", desk, StringComparison.Ordinal);
        Assert.DoesNotContain("Liisa Lähihoito", desk, StringComparison.Ordinal);

        // An unknown number with an existing person's name and login is nobody.
        Issue(provider, new() { ["sub"] = "other", ["employee_number"] = "E-404", ["name"] = "Hanna Hoitaja", ["preferred_username"] = "hoitaja.porvoo" });
        Assert.Equal("/login?error=signin.unknown_staff", await provider.SignInAsync(app.CreateBrowserLikeClient()));

        // No number at all is refused too.
        Issue(provider, new() { ["sub"] = "third", ["name"] = "Hanna Hoitaja" });
        Assert.Equal("/login?error=signin.unknown_staff", await provider.SignInAsync(app.CreateBrowserLikeClient()));
        Assert.Equal(0, await WithDbAsync(app, db => db.Set<StaffChange>().CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Provisioning_creates_an_unknown_professional_with_only_the_mapped_roles_and_units(string engine)
    {
        using var provider = new ExternalProvider(Clock());
        await using var app = App(engine, provider, new()
        {
            [P + "StaffMatchClaim"] = "oid",
            [P + "Provisioning:Enabled"] = "true",
            [P + "Provisioning:Mappings:0:Claim"] = "groups",
            [P + "Provisioning:Mappings:0:Value"] = "polku-nurses-porvoo",
            [P + "Provisioning:Mappings:0:Roles:0"] = "professional",
            [P + "Provisioning:Mappings:0:Units:0"] = "hs-638",
        });
        var porvoo = await UnitAsync(app, "hs-638");
        Issue(provider, new()
        {
            ["sub"] = "pairwise-1", ["oid"] = "0f8b-oid-1", ["name"] = "Noora Uusi", ["email"] = "noora.uusi@example.invalid",
            ["preferred_username"] = "noora.uusi", ["groups"] = Groups,
        });
        var client = app.CreateBrowserLikeClient();
        Assert.Equal("/desk", await provider.SignInAsync(client));
        var noora = await StaffAsync(app, "noora.uusi");
        Assert.Equal(("Noora Uusi", "noora.uusi@example.invalid", "0f8b-oid-1", true), (noora.DisplayName, noora.Email, noora.ExternalSubject, noora.Active));
        Assert.Equal([PolkuRoles.Professional], await WithDbAsync(app, db => db.Set<StaffRole>().Where(r => r.StaffId == noora.Id).Select(r => r.Role).ToListAsync()));
        Assert.Equal([porvoo], await WithDbAsync(app, db => db.Set<StaffUnit>().Where(u => u.StaffId == noora.Id).Select(u => u.UnitId).ToListAsync()));
        var history = await WithDbAsync(app, db => db.Set<StaffChange>().SingleAsync(c => c.StaffId == noora.Id));
        Assert.Equal(("provisioned", "oidc", (Guid?)null), (history.Action, history.Source, history.ByStaffId));

        // The second sign-in finds the same account by the object id.
        Assert.Equal("/desk", await provider.SignInAsync(app.CreateBrowserLikeClient()));
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync(s => s.ExternalSubject == "0f8b-oid-1")));

        // Without a mapped group: an account with no roles and no units; a login already taken is not reused.
        Issue(provider, new() { ["sub"] = "pairwise-2", ["oid"] = "0f8b-oid-2", ["given_name"] = "Olli", ["family_name"] = "Outo", ["preferred_username"] = "noora.uusi" });
        Assert.Equal("/desk", await provider.SignInAsync(app.CreateBrowserLikeClient()));
        var olli = await WithDbAsync(app, db => db.Set<StaffMember>().SingleAsync(s => s.ExternalSubject == "0f8b-oid-2"));
        Assert.Equal("Olli Outo", olli.DisplayName);
        Assert.NotEqual("noora.uusi", olli.Login);
        Assert.False(await WithDbAsync(app, db => db.Set<StaffRole>().AnyAsync(r => r.StaffId == olli.Id)));
        Assert.False(await WithDbAsync(app, db => db.Set<StaffUnit>().AnyAsync(u => u.StaffId == olli.Id)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_deactivated_professional_is_refused_by_the_provider_sign_in_with_a_localised_message(string engine)
    {
        using var provider = new ExternalProvider(Clock());
        await using var app = App(engine, provider, new() { [P + "Provisioning:Enabled"] = "true" });
        var hanna = await StaffAsync(app, "hoitaja.porvoo");
        await WithDbAsync(app, async db =>
        {
            var row = await db.Set<StaffMember>().SingleAsync(s => s.Id == hanna.Id);
            row.ExternalSubject = "hanna-sub";
            return await db.SaveChangesAsync();
        });
        Issue(provider, new() { ["sub"] = "hanna-sub", ["name"] = "Hanna Hoitaja" });
        Assert.Equal("/desk", await provider.SignInAsync(app.CreateBrowserLikeClient()));

        var county = (await StaffAsync(app, "koordinaattori")).Id;
        var done = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.SetActiveAsync(county, hanna.Id, false, "page", default));
        Assert.True(done.IsSuccess);

        // Refused — and provisioning, although on, makes no second account for her.
        var client = app.CreateBrowserLikeClient();
        var target = await provider.SignInAsync(client);
        Assert.Equal("/login?error=signin.deactivated", target);
        var page = SignIn.Html(await client.GetStringAsync(new Uri(target, UriKind.Relative)));
        Assert.Contains(app.Services.GetRequiredService<Texts>().Get("fi", "identity.signin.deactivated"), page, StringComparison.Ordinal);
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync(s => s.DisplayName == "Hanna Hoitaja")));
    }
}
