using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Tests.TestSupport;
using static Polku.Tests.Identity.StaffTestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// Staff administration (issue 16): a coordinator creates, changes, deactivates and reactivates professionals on the
/// pages, the history says who changed what and when, deactivation ends the person's sessions at once, and a
/// unit-scoped coordinator sees and changes only their units' staff — on the pages, the API and in the service.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class StaffAdminTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_county_coordinator_creates_and_changes_a_professional_and_the_history_says_who_when_and_what(string engine)
    {
        var clock = Clock();
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        var porvoo = await UnitAsync(app, "hs-638");
        var loviisa = await UnitAsync(app, "hs-434");
        var texts = app.Services.GetRequiredService<Texts>();

        var (form, token) = await SignIn.GetFormAsync(client, "/admin/staff/new");
        Assert.Contains("name=\"Input.AdminScope\"", form, StringComparison.Ordinal);
        // A bad e-mail and no name: the form comes back with both errors and what was typed.
        var bad = await SignIn.PostFormAsync(client, "/admin/staff/new", token,
            [F("Input.Login", "Uusi.Hoitaja"), F("Input.DisplayName", ""), F("Input.Email", "not an address"), F("Input.Units", porvoo.ToString()), F("Input.Roles", "professional")]);
        var badHtml = SignIn.Html(await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains(texts.Get("fi", "staff.name_required"), badHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "staff.email_invalid"), badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Uusi.Hoitaja\"", badHtml, StringComparison.Ordinal);

        var created = await SignIn.PostFormAsync(client, "/admin/staff/new", token,
            [F("Input.Login", "Uusi.Hoitaja"), F("Input.DisplayName", "Ulla Uusi"), F("Input.Title", "nurse"), F("Input.Email", "ulla.uusi@example.invalid"),
             F("Input.DirectoryId", "E-1001"), F("Input.Units", porvoo.ToString()), F("Input.Roles", "professional")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var ulla = await StaffAsync(app, "uusi.hoitaja");
        Assert.Equal(("Ulla Uusi", "nurse", "E-1001", true), (ulla.DisplayName, ulla.Title, ulla.DirectoryId, ulla.Active));
        Assert.Equal($"/admin/staff/{ulla.Id:D}?saved=created", created.Headers.Location!.OriginalString);

        // The same login again is refused on its field.
        var taken = await SignIn.PostFormAsync(client, "/admin/staff/new", token,
            [F("Input.Login", "uusi.hoitaja"), F("Input.DisplayName", "Toinen"), F("Input.Units", porvoo.ToString())]);
        Assert.Contains(texts.Get("fi", "staff.login_taken"), SignIn.Html(await taken.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(10));
        var (edit, editToken) = await SignIn.GetFormAsync(client, $"/admin/staff/{ulla.Id:D}/edit");
        Assert.Contains("value=\"E-1001\"", edit, StringComparison.Ordinal);
        var saved = await SignIn.PostFormAsync(client, $"/admin/staff/{ulla.Id:D}/edit", editToken,
            [F("Input.Version", "0"), F("Input.Login", "uusi.hoitaja"), F("Input.DisplayName", "Ulla Uusi"), F("Input.Title", "other"),
             F("Input.TitleOther", "Kotihoidon esihenkilö"), F("Input.Email", "ulla.uusi@example.invalid"), F("Input.DirectoryId", "E-1001"),
             F("Input.Units", porvoo.ToString()), F("Input.Units", loviisa.ToString()), F("Input.Roles", "professional")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // A form read before that save is stale now: the concurrency error, nothing overwritten.
        var stale = await SignIn.PostFormAsync(client, $"/admin/staff/{ulla.Id:D}/edit", editToken,
            [F("Input.Version", "0"), F("Input.Login", "uusi.hoitaja"), F("Input.DisplayName", "Vanha Nimi"), F("Input.Units", porvoo.ToString())]);
        Assert.Contains(texts.Get("fi", "error.concurrency"), SignIn.Html(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("Ulla Uusi", (await StaffAsync(app, "uusi.hoitaja")).DisplayName);

        var page = SignIn.Html(await client.GetStringAsync(new Uri($"/admin/staff/{ulla.Id:D}", UriKind.Relative)));
        Assert.Contains("Kotihoidon esihenkilö", page, StringComparison.Ordinal);
        var history = await WithDbAsync(app, db => db.Set<StaffChange>().Where(c => c.StaffId == ulla.Id).OrderBy(c => c.AtUtc).ToListAsync());
        Assert.Equal(["created", "updated"], history.Select(h => h.Action));
        Assert.All(history, h => Assert.Equal("Kaisa Koordinaattori", h.ByName));
        Assert.Equal(new DateTime(2026, 12, 1, 8, 10, 0, DateTimeKind.Utc), history[1].AtUtc);
        var changed = StaffChanges.FromJson(history[1].Details);
        Assert.Equal(["title", "units"], changed.Select(c => c.Field));
        Assert.Equal(("nurse", "Kotihoidon esihenkilö"), (changed[0].From, changed[0].To));
        // The page shows the history in words: who, the title change, and the unit added by its name.
        Assert.Contains("Kaisa Koordinaattori", page, StringComparison.Ordinal);
        Assert.Contains("sairaanhoitaja → Kotihoidon esihenkilö", page, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "staff.history.action.updated"), page, StringComparison.Ordinal);

        // The list finds her by a word of her name, by her title in another language and by unit, and pages the rest.
        var list = SignIn.Html(await client.GetStringAsync(new Uri("/admin/staff?q=ulla", UriKind.Relative)));
        Assert.Contains("Ulla Uusi", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Hanna Hoitaja", list, StringComparison.Ordinal);
        var nurses = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/staff?q=sjuksk%C3%B6tare", UriKind.Relative));
        Assert.Contains("hoitaja.porvoo", nurses!["items"]!.AsArray().Select(i => i!["login"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Deactivation_ends_the_persons_sessions_at_once_and_they_cannot_sign_in_until_reactivated(string engine)
    {
        var clock = Clock();
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var site = new Uri(PolkuAppFactory.PublicBaseUrl);
        var jar = new CookieContainer();
        var nurse = app.CreateDefaultClient(site, new CookieContainerHandler(jar));
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var cookies = jar.GetCookieHeader(site);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, cookies, "/desk")).StatusCode);
        var hanna = await StaffAsync(app, "hoitaja.porvoo");
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<UserSession>().CountAsync(s => s.PersonId == hanna.Id)));

        var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        var (_, token) = await SignIn.GetFormAsync(coordinator, $"/admin/staff/{hanna.Id:D}");
        var deactivated = await SignIn.PostFormAsync(coordinator, $"/admin/staff/{hanna.Id:D}?handler=Deactivate", token, []);
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);

        // The very next request with the cookie she still holds is signed out: page and API alike.
        Assert.True(SentToSignIn(await ReplayAsync(app, cookies, "/desk")));
        Assert.True(SentToSignIn(await ReplayAsync(app, cookies, "/api/desk/queues")));
        Assert.Equal(0, await WithDbAsync(app, db => db.Set<UserSession>().CountAsync(s => s.PersonId == hanna.Id)));
        Assert.False((await StaffAsync(app, "hoitaja.porvoo")).Active);

        // Signing in again is refused with the localised message; the demo list no longer offers her.
        var again = app.CreateBrowserLikeClient();
        var (login, loginToken) = await SignIn.GetFormAsync(again, "/login");
        Assert.DoesNotContain("value=\"hoitaja.porvoo\"", login, StringComparison.Ordinal);
        var refused = await SignIn.PostFormAsync(again, "/login?handler=Staff", loginToken, [F("login", "hoitaja.porvoo"), F("returnUrl", "/")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var texts = app.Services.GetRequiredService<Texts>();
        Assert.Contains(texts.Get("fi", "identity.signin.deactivated"), SignIn.Html(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // A coordinator cannot deactivate themselves.
        var kaisa = await StaffAsync(app, "koordinaattori");
        var self = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.SetActiveAsync(kaisa.Id, kaisa.Id, false, "page", default));
        Assert.Equal(StaffChanges.Self, self.Error?.Code);

        clock.Advance(TimeSpan.FromMinutes(5));
        var reactivated = await SignIn.PostFormAsync(coordinator, $"/admin/staff/{hanna.Id:D}?handler=Reactivate", token, []);
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        await SignIn.SignInAsStaffAsync(again, "hoitaja.porvoo");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(new Uri("/desk", UriKind.Relative))).StatusCode);
        var actions = await WithDbAsync(app, db => db.Set<StaffChange>().Where(c => c.StaffId == hanna.Id).OrderBy(c => c.AtUtc).ThenBy(c => c.Id).Select(c => c.Action).ToListAsync());
        Assert.Equal(["deactivated", "reactivated"], actions);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_scoped_coordinator_sees_and_changes_only_the_staff_of_their_units_over_HTTP(string engine)
    {
        await using var app = App(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori.porvoo");
        var loviisaNurse = await StaffAsync(app, "hoitaja.loviisa");
        var porvooNurse = await StaffAsync(app, "hoitaja.porvoo");
        var manager = await StaffAsync(app, "palvelupaallikko");

        var list = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/staff?status=all", UriKind.Relative));
        var logins = list!["items"]!.AsArray().Select(i => i!["login"]!.GetValue<string>()).ToList();
        Assert.Equal(["hoitaja.porvoo", "laakari.porvoo", "palvelupaallikko", "sihteeri.porvoo"], logins);
        Assert.Equal(4, list["total"]!.GetValue<int>());
        Assert.DoesNotContain("Liisa Lähihoito", SignIn.Html(await client.GetStringAsync(new Uri("/admin/staff?q=liisa&status=all", UriKind.Relative))), StringComparison.Ordinal);

        // Another unit's nurse does not exist for this coordinator: the page, the edit form and its post, deactivation.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/admin/staff/{loviisaNurse.Id:D}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/admin/staff/{loviisaNurse.Id:D}/edit", UriKind.Relative))).StatusCode);
        var (_, token) = await SignIn.GetFormAsync(client, "/admin/staff/new");
        var post = await SignIn.PostFormAsync(client, $"/admin/staff/{loviisaNurse.Id:D}/edit", token,
            [F("Input.Version", "0"), F("Input.Login", "hoitaja.loviisa"), F("Input.DisplayName", "Muutettu")]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var deactivate = await SignIn.PostFormAsync(client, $"/admin/staff/{loviisaNurse.Id:D}?handler=Deactivate", token, []);
        Assert.Equal(HttpStatusCode.NotFound, deactivate.StatusCode);
        Assert.True((await StaffAsync(app, "hoitaja.loviisa")).Active);
        Assert.Equal("Liisa Lähihoito", (await StaffAsync(app, "hoitaja.loviisa")).DisplayName);

        // The service manager of the unit is visible but holds a county role: read only.
        var managerPage = SignIn.Html(await client.GetStringAsync(new Uri($"/admin/staff/{manager.Id:D}", UriKind.Relative)));
        Assert.Contains(app.Services.GetRequiredService<Texts>().Get("fi", "staff.person.read_only"), managerPage, StringComparison.Ordinal);
        Assert.True(Refused(await SignIn.PostFormAsync(client, $"/admin/staff/{manager.Id:D}?handler=Deactivate", token, [])));

        // Their own unit's nurse can be deactivated; the county's pages stay closed to them.
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostFormAsync(client, $"/admin/staff/{porvooNurse.Id:D}?handler=Deactivate", token, [])).StatusCode);
        Assert.False((await StaffAsync(app, "hoitaja.porvoo")).Active);
        foreach (var url in new[] { "/admin", "/admin/units", "/admin/routing", "/service/outbox" })
        {
            Assert.True(Refused(await client.GetAsync(new Uri(url, UriKind.Relative))), url);
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_service_enforces_the_unit_scope_whoever_calls_it(string engine)
    {
        await using var app = App(engine);
        var scoped = (await StaffAsync(app, "koordinaattori.porvoo")).Id;
        var porvoo = await UnitAsync(app, "hs-638");
        var loviisa = await UnitAsync(app, "hs-434");
        var porvooNurse = await StaffAsync(app, "hoitaja.porvoo");
        var loviisaNurse = await StaffAsync(app, "hoitaja.loviisa");
        var manager = await StaffAsync(app, "palvelupaallikko");
        StaffValues Values(StaffMember s, IReadOnlyList<Guid> units, IReadOnlyList<string> roles) =>
            new(s.Login, s.DisplayName, s.Title, s.Email, s.ExternalSubject, s.DirectoryId, units, roles);
        async Task<string?> UpdateAsync(StaffMember s, IReadOnlyList<Guid> units, IReadOnlyList<string> roles) =>
            (await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.UpdateAsync(scoped, s.Id, s.Version, Values(s, units, roles), "api", default))).Error?.Code;

        Assert.Equal(StaffChanges.NotFound, await UpdateAsync(loviisaNurse, [loviisa], [PolkuRoles.Professional]));
        Assert.Equal(StaffChanges.RoleNotAllowed, await UpdateAsync(porvooNurse, [porvoo], [PolkuRoles.Professional, PolkuRoles.Coordinator]));
        Assert.Equal(StaffChanges.RoleNotAllowed, await UpdateAsync(porvooNurse, [porvoo], [PolkuRoles.ServiceManager]));
        Assert.Equal(StaffChanges.UnitOutsideScope, await UpdateAsync(porvooNurse, [porvoo, loviisa], [PolkuRoles.Professional]));
        Assert.Equal(StaffChanges.NotAllowed, await UpdateAsync(manager, [porvoo], [PolkuRoles.ServiceManager]));
        Assert.Equal(StaffChanges.NotAllowed, (await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.SetActiveAsync(scoped, manager.Id, false, "api", default))).Error?.Code);
        var detail = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<StaffDetail>>(app, a => a.GetAsync(scoped, loviisaNurse.Id, default));
        Assert.Equal(404, detail.Error?.Status);

        // A nurse who also works in Loviisa: the scoped coordinator changes the Porvoo part, Loviisa stays.
        var county = (await StaffAsync(app, "koordinaattori")).Id;
        var both = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.CreateAsync(county,
            new StaffValues("kaksi.yksikkoa", "Kaisu Kaksi", "nurse", null, null, null, [porvoo, loviisa], [PolkuRoles.Professional]), "api", default));
        var twoUnits = await StaffAsync(app, "kaksi.yksikkoa");
        async Task<IReadOnlyList<Guid>> PlacedAsync() => Assert.Single(await WithAsync<IPeopleDirectory, IReadOnlyList<StaffPlacement>>(app,
            d => d.GetPlacementsAsync([both.Value, Guid.NewGuid()], default))).UnitIds;
        Assert.Equal([loviisa, porvoo], (await PlacedAsync()).OrderBy(u => u == porvoo));
        Assert.Null(await UpdateAsync(twoUnits, [], [PolkuRoles.Professional, PolkuRoles.Trainer]));
        var units = await WithDbAsync(app, db => db.Set<StaffUnit>().Where(u => u.StaffId == both.Value).Select(u => u.UnitId).ToListAsync());
        Assert.Equal([loviisa], units);

        // The directory's county-wide placements (read above, so kept by this node) follow the change at once.
        Assert.Equal([loviisa], await PlacedAsync());

        // A new professional of a unit-scoped coordinator must be in one of their units.
        var outside = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<Guid>>(app, a => a.CreateAsync(scoped,
            new StaffValues("ulkona", "Ulla Ulkona", "", null, null, null, [], [PolkuRoles.Professional]), "api", default));
        Assert.Equal(StaffChanges.UnitRequired, outside.Error?.Code);

        // A nurse has no scope at all.
        var nurseList = await WithAsync<StaffAdministration, Polku.Platform.Results.Result<StaffListPage>>(app, a => a.ListAsync(porvooNurse.Id, new StaffQuery(null, null, null, StaffQuery.All, 1), default));
        Assert.Equal(403, nurseList.Error?.Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_staff_API_answers_with_the_documented_status_codes(string engine)
    {
        await using var app = App(engine);
        Assert.True(SentToSignIn(await app.CreateBrowserLikeClient().GetAsync(new Uri("/api/admin/staff", UriKind.Relative))));
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync(new Uri("/api/admin/staff", UriKind.Relative))).StatusCode);
        using (var csv = new StringContent("login;name\nx.y;X Y\n", System.Text.Encoding.UTF8, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsync(new Uri("/api/admin/staff/import?dryRun=true", UriKind.Relative), csv)).StatusCode);
        }

        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        foreach (var (query, field, code) in new[]
        {
            ("status=sometimes", "status", "staff.query_invalid"), ("page=0", "page", "staff.query_invalid"), ("unit=no-such-unit", "unit", "staff.unit_unknown"),
            ("role=king", "role", "staff.role_unknown"), ("q=" + new string('a', 201), "q", "staff.query_invalid"),
        })
        {
            var response = await client.GetAsync(new Uri("/api/admin/staff?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal((code, field), (problem!["code"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
        }

        var page = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/staff?unit=hs-638&role=professional&page=1", UriKind.Relative));
        Assert.Equal(3, page!["total"]!.GetValue<int>());
        Assert.All(page["items"]!.AsArray(), i => Assert.Contains("hs-638", i!["units"]!.AsArray().Select(u => u!.GetValue<string>())));

        using var big = new ByteArrayContent(new byte[StaffCsv.MaxBytes + 100 * 1024]);
        big.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync(new Uri("/api/admin/staff/import?dryRun=true", UriKind.Relative), big)).StatusCode);
        using var latin1 = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes("login;name\nx.y;Åsa Ö\n"));
        latin1.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        var notUtf8 = await client.PostAsync(new Uri("/api/admin/staff/import", UriKind.Relative), latin1);
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Equal("staff.import.not_utf8", (await notUtf8.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["code"]!.GetValue<string>());
    }
}
