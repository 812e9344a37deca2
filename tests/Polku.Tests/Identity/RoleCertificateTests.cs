using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Contracts;
using Polku.Identity.Data;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Outbox;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using static Polku.Tests.Identity.StaffTestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// Issue 16, part 7 for roles: a county says a role requires a certificate; without a valid one the role cannot be
/// given (form, HR import, first sign-in), warnings go 30 and 7 days ahead once across nodes, and when the certificate
/// expires the role lapses — sessions end, the history and the staff page say why.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class RoleCertificateTests
{
    private static Task<(int Lapsed, int Warned)> CheckAsync(PolkuAppFactory app) =>
        WithAsync<RoleCertificates, (int, int)>(app, r => r.RunAsync(default));

    private static async Task<HttpClient> StaffClientAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_role_that_requires_a_certificate_is_given_only_with_one_and_lapses_when_it_expires(string engine)
    {
        var clock = Clock();
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var coordinator = await StaffClientAsync(app, "koordinaattori");

        // 1. The county coordinator says the service desk role requires the chat certificate, on the page.
        var (page, token) = await SignIn.GetFormAsync(coordinator, "/admin/staff/roles");
        Assert.Contains("Roolien vaatimat todistukset", SignIn.Html(page), StringComparison.Ordinal);
        var unknown = await SignIn.PostFormAsync(coordinator, "/admin/staff/roles", token, [F("role", PolkuRoles.ServiceDeskRole), F("kind", "wizardry")]);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("Valitse todistus luettelosta.", SignIn.Html(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var coordinatorRole = await SignIn.PostFormAsync(coordinator, "/admin/staff/roles", token, [F("role", PolkuRoles.Coordinator), F("kind", "chat")]);
        Assert.Contains("Tälle roolille ei voi asettaa todistusvaatimusta.", SignIn.Html(await coordinatorRole.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var saved = await SignIn.PostFormAsync(coordinator, "/admin/staff/roles", token, [F("role", PolkuRoles.ServiceDeskRole), F("kind", "chat")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("chat", await WithDbAsync(app, db => db.Set<RoleRequirement>().Where(r => r.Role == PolkuRoles.ServiceDeskRole).Select(r => r.CertificateKind).SingleAsync()));

        // A unit-scoped coordinator reads the requirements but cannot change them.
        var scoped = await StaffClientAsync(app, "koordinaattori.porvoo");
        var (scopedPage, scopedToken) = await SignIn.GetFormAsync(scoped, "/admin/staff/roles");
        Assert.Contains("Vain koko hyvinvointialueen koordinaattori voi muuttaa vaatimuksia.", SignIn.Html(scopedPage), StringComparison.Ordinal);
        var scopedPost = await SignIn.PostFormAsync(scoped, "/admin/staff/roles", scopedToken, [F("role", PolkuRoles.ServiceDeskRole), F("kind", "")]);
        Assert.True(Refused(scopedPost), scopedPost.StatusCode.ToString());

        // 2. hoitaja.porvoo holds no chat certificate: the form refuses the role and keeps what was typed.
        var porvoo = await StaffAsync(app, "hoitaja.porvoo");
        var actor = (await StaffAsync(app, "koordinaattori")).Id;
        var refused = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, async a =>
        {
            var detail = (await a.GetAsync(actor, porvoo.Id, default)).Value!.Staff;
            return await a.UpdateAsync(actor, porvoo.Id, detail.Version, Values(detail, [.. detail.Roles, PolkuRoles.ServiceDeskRole]), "page", default);
        });
        Assert.Equal((RoleCertificates.CertificateRequired, "Roles"), (refused.Error!.Code, refused.Error.Field));
        Assert.DoesNotContain(PolkuRoles.ServiceDeskRole, await RolesAsync(app, porvoo.Id));

        // The HR import names the row; a new account never gets the role (it holds no certificate yet).
        const string header = "login;name;title;email;directory_id;units;roles;active";
        var import = await WithAsync<StaffImport, StaffImportOutcome>(app, i => i.ImportAsync(actor,
            string.Join('\n', header, "hoitaja.porvoo;Hanna Hoitaja;nurse;;;hs-638;professional|service-desk;true", "uusi.tukija;Uusi Tukija;;;;digi;service-desk;true"),
            dryRun: true, "import", default));
        Assert.Equal([(2, "roles", RoleCertificates.CertificateRequired), (3, "roles", RoleCertificates.CertificateRequired)],
            import.Errors.Select(e => (e.Line, e.Column, e.Code)));

        // 3. hoitaja.digi holds the chat certificate: the role is given.
        var digi = await StaffAsync(app, "hoitaja.digi");
        var given = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, async a =>
        {
            var detail = (await a.GetAsync(actor, digi.Id, default)).Value!.Staff;
            return await a.UpdateAsync(actor, digi.Id, detail.Version, Values(detail, [.. detail.Roles, PolkuRoles.ServiceDeskRole]), "page", default);
        });
        Assert.True(given.IsSuccess, given.Error?.Code);
        Assert.Contains(PolkuRoles.ServiceDeskRole, await RolesAsync(app, digi.Id));

        // 4. Warnings 30 and 7 days ahead, each once although two nodes check at the same moment.
        var expires = await WithDbAsync(app, db => db.Set<Certificate>().Where(c => c.StaffId == digi.Id && c.Kind == "chat")
            .OrderByDescending(c => c.ExpiresUtc).Select(c => c.ExpiresUtc).FirstAsync());
        Assert.Equal(0, (await CheckAsync(app)).Warned);
        clock.Advance(expires!.Value - TimeSpan.FromDays(29) - clock.GetUtcNow().UtcDateTime);
        var both = await Task.WhenAll(CheckAsync(app), CheckAsync(app));
        Assert.Equal(1, both.Sum(b => b.Warned));
        var warnings = await WithDbAsync(app, db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith($"role-cert:{digi.Id:D}:")).ToListAsync());
        Assert.Equal(["hoitaja.digi@example.invalid", "koordinaattori@example.invalid"], warnings.Select(w => w.Recipient).Order(StringComparer.Ordinal));
        Assert.All(warnings, w => Assert.Contains(HelsinkiTime.FormatDate(expires.Value), w.Body, StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromDays(23));
        await Task.WhenAll(CheckAsync(app), CheckAsync(app));
        Assert.Equal([7, 30], await WithDbAsync(app, db => db.Set<RoleCertificateWarning>().Where(w => w.StaffId == digi.Id).Select(w => w.DaysAhead).OrderBy(d => d).ToListAsync()));

        // 5. Past the expiry the role lapses once: the role row goes, her session ends, the history and the page say why.
        var digiClient = await StaffClientAsync(app, "hoitaja.digi");
        Assert.Equal(HttpStatusCode.OK, (await digiClient.GetAsync(new Uri("/desk", UriKind.Relative))).StatusCode);
        clock.Advance(expires.Value - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        var lapses = await Task.WhenAll(CheckAsync(app), CheckAsync(app));
        Assert.Equal(1, lapses.Sum(l => l.Lapsed));
        Assert.DoesNotContain(PolkuRoles.ServiceDeskRole, await RolesAsync(app, digi.Id));
        Assert.Contains(PolkuRoles.Professional, await RolesAsync(app, digi.Id));
        var lapse = Assert.Single(await WithDbAsync(app, db => db.Set<RoleLapse>().AsNoTracking().Where(l => l.StaffId == digi.Id).ToListAsync()));
        Assert.Equal((PolkuRoles.ServiceDeskRole, "chat", expires), (lapse.Role, lapse.CertificateKind, lapse.CertificateExpiredUtc));
        var history = await WithDbAsync(app, db => db.Set<StaffChange>().AsNoTracking().Where(c => c.StaffId == digi.Id && c.Action == RoleCertificates.LapseAction).ToListAsync());
        Assert.Equal(RoleCertificates.LapseSource, Assert.Single(history).Source);
        Assert.False(await WithDbAsync(app, db => db.Set<UserSession>().AnyAsync(s => s.PersonId == digi.Id)));
        var after = await digiClient.GetAsync(new Uri("/desk", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, after.StatusCode);
        Assert.Single(await WithDbAsync(app, db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith($"role-cert:{digi.Id:D}:") && m.DedupeKey.Contains(":0:") && m.Recipient == "hoitaja.digi@example.invalid").ToListAsync()));

        coordinator = await StaffClientAsync(app, "koordinaattori");
        var person = SignIn.Html(await coordinator.GetStringAsync(new Uri($"/admin/staff/{digi.Id:D}", UriKind.Relative)));
        Assert.Contains($"Rooli palvelupiste (digipalvelut) päättyi {HelsinkiTime.FormatDate(lapse.LapsedUtc)}, koska todistus Chat-hoitaja vanheni {HelsinkiTime.FormatDate(expires.Value)}.",
            person, StringComparison.Ordinal);
        Assert.Contains("Rooli päättyi", person, StringComparison.Ordinal);
        // The page lists the work queues she is a member of, each linked to its members page.
        var queues = await WithAsync<IQueueMemberships, IReadOnlyList<QueueMembershipInfo>>(app, q => q.GetForStaffAsync(digi.Id, default));
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.Contains($"href=\"/admin/queues/{q.Code}/members\">{q.Name.Get("fi")}</a>", person, StringComparison.Ordinal));

        // Given back only with a renewed certificate.
        var again = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, async a =>
        {
            var detail = (await a.GetAsync(actor, digi.Id, default)).Value!.Staff;
            return await a.UpdateAsync(actor, digi.Id, detail.Version, Values(detail, [.. detail.Roles, PolkuRoles.ServiceDeskRole]), "page", default);
        });
        Assert.Equal(RoleCertificates.CertificateRequired, again.Error!.Code);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_requirements_page_counts_holders_without_a_valid_certificate(string engine)
    {
        await using var app = App(engine);
        var actor = await StaffAsync(app, "koordinaattori");
        var scope = await WithAsync<StaffAdministration, AdminScope>(app, a => a.ScopeAsync(actor.Id, default));
        var set = await WithAsync<RoleCertificates, Polku.Platform.Results.Result<bool>>(app, r => r.SetAsync(scope, PolkuRoles.Trainer, "chat", default));
        Assert.True(set.Value);
        var trainers = await WithDbAsync(app, db => db.Set<StaffRole>().CountAsync(r => r.Role == PolkuRoles.Trainer));
        var view = (await WithAsync<RoleCertificates, IReadOnlyList<RoleRequirementView>>(app, r => r.ListAsync(default))).Single(v => v.Role == PolkuRoles.Trainer);
        // The demo's trainer holds no chat certificate: the page warns before the next check takes the role away.
        Assert.Equal(("chat", trainers, trainers), (view.CertificateKind, view.Holders, view.HoldersWithout));
        Assert.False((await WithAsync<RoleCertificates, Polku.Platform.Results.Result<bool>>(app, r => r.SetAsync(scope, PolkuRoles.Trainer, "chat", default))).Value);
        Assert.True((await WithAsync<RoleCertificates, Polku.Platform.Results.Result<bool>>(app, r => r.SetAsync(scope, PolkuRoles.Trainer, null, default))).Value);
        Assert.Equal((0, 0), await CheckAsync(app));
    }

    private static StaffValues Values(StaffSnapshot s, IReadOnlyList<string> roles) =>
        new(s.Login, s.DisplayName, s.Title, s.Email, s.ExternalSubject, s.DirectoryId, s.Units, roles, s.AdminCounty, s.AdminUnits);

    private static Task<List<string>> RolesAsync(PolkuAppFactory app, Guid staffId) =>
        WithDbAsync(app, db => db.Set<StaffRole>().Where(r => r.StaffId == staffId).Select(r => r.Role).ToListAsync());
}
