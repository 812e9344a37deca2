using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Data;
using Polku.Identity.StaffAdmin;
using Polku.Tests.TestSupport;
using static Polku.Tests.Identity.StaffTestSupport;

namespace Polku.Tests.Identity;

/// <summary>
/// The HR file import (issue 16): 500 professionals in one file, a dry run that lists every change and every error by
/// line, all or nothing when applied, a second file that changes and deactivates, the coordinator's scope row by row,
/// and the file's shape (separators, byte-order mark, quotes).
/// </summary>
[Trait("Category", "Postgres")]
public sealed class StaffImportTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static string Header => "login;name;title;email;directory_id;units;roles;active";

    private static IEnumerable<string> FiveHundred() =>
        Enumerable.Range(1, 500).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"hr.{i:D3};Henkilö {i:D3};{(i % 2 == 0 ? "nurse" : "doctor")};hr.{i:D3}@example.invalid;E{i:D4};{(i % 3 == 0 ? "hs-638|hs-434" : "hs-638")};professional;true"));

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(HttpClient client, string csv, bool dryRun)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await client.PostAsync(new Uri("/api/admin/staff/import" + (dryRun ? "?dryRun=true" : ""), UriKind.Relative), content);
        return (response, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static List<(int Line, string Column, string Code)> Errors(JsonObject body) =>
        [.. body["errors"]!.AsArray().Select(e => (e!["line"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["code"]!.GetValue<string>()))];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Five_hundred_professionals_are_checked_with_every_error_by_line_then_applied_all_or_nothing(string engine)
    {
        await using var app = App(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        var before = await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync());

        // Lines 2–501 are good; 502–507 each have one problem the coordinator must see with its line.
        string[] bad =
        [
            "hr.bad1;Virhe Yksi;nurse;;;no-such-unit;professional;true",
            "hr.bad2;Virhe Kaksi;nurse;;;hs-638;wizard;true",
            "hr.001;Tupla Rivi;nurse;;;hs-638;professional;true",
            "hr.bad3;Virhe Kolme;nurse;not-an-address;;hs-638;professional;true",
            "hr.bad4;;nurse;;;hs-638;professional;true",
            "hr.bad5;Virhe Viisi;nurse;;E0001;hs-638;professional;maybe",
        ];
        var withErrors = string.Join("\n", [Header, .. FiveHundred(), .. bad]);
        var (dry, report) = await PostAsync(client, withErrors, dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.False(report["applied"]!.GetValue<bool>());
        Assert.Equal(500, report["creates"]!.GetValue<int>());
        Assert.Equal(
            [(502, "units", "staff.unit_unknown"), (503, "roles", "staff.role_unknown"), (504, "login", "staff.import.duplicate_login"),
             (505, "email", "staff.email_invalid"), (506, "name", "staff.name_required"), (507, "active", "staff.import.active_invalid"),
             (507, "directory_id", "staff.import.duplicate_directory_id")],
            Errors(report));
        var row = report["rows"]!.AsArray()[0]!;
        Assert.Equal((2, "hr.001", "create"), (row["line"]!.GetValue<int>(), row["login"]!.GetValue<string>(), row["kind"]!.GetValue<string>()));
        Assert.Equal(before, await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync()));

        // Applying the file with errors writes nothing at all.
        var (refused, refusal) = await PostAsync(client, withErrors, dryRun: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refusal["applied"]!.GetValue<bool>());
        Assert.Equal(before, await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync()));

        var good = string.Join("\r\n", [Header, .. FiveHundred()]) + "\r\n";
        var (applied, result) = await PostAsync(client, good, dryRun: false);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.True(result["applied"]!.GetValue<bool>());
        Assert.Equal(before + 500, await WithDbAsync(app, db => db.Set<StaffMember>().CountAsync()));
        var porvoo = await UnitAsync(app, "hs-638");
        var loviisa = await UnitAsync(app, "hs-434");
        var h003 = await StaffAsync(app, "hr.003");
        Assert.Equal(("Henkilö 003", "doctor", "E0003"), (h003.DisplayName, h003.Title, h003.DirectoryId));
        Assert.Equal(new[] { porvoo, loviisa }.Order(), await WithDbAsync(app, db => db.Set<StaffUnit>().Where(u => u.StaffId == h003.Id).Select(u => u.UnitId).OrderBy(u => u).ToListAsync()));
        Assert.Equal(500, await WithDbAsync(app, db => db.Set<StaffChange>().CountAsync(c => c.Source == "import" && c.Action == "created")));

        // hr.010 is signed in when the next file deactivates her: her session ends with the import.
        var site = new Uri(PolkuAppFactory.PublicBaseUrl);
        var jar = new CookieContainer();
        var her = app.CreateDefaultClient(site, new CookieContainerHandler(jar));
        await SignIn.SignInAsStaffAsync(her, "hr.010");
        var cookies = jar.GetCookieHeader(site);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(app, cookies, "/desk")).StatusCode);

        // The second file: only some columns, one title changed, one deactivated, the rest unchanged.
        var second = string.Join("\n", ["name,login,title,active",
            .. Enumerable.Range(1, 500).Select(i => string.Create(CultureInfo.InvariantCulture,
                $"Henkilö {i:D3},hr.{i:D3},{(i == 2 ? "public-health-nurse" : i % 2 == 0 ? "nurse" : "doctor")},{(i == 10 ? "false" : "true")}"))]);
        var (_, plan) = await PostAsync(client, second, dryRun: true);
        Assert.Empty(Errors(plan));
        Assert.Equal((0, 1, 1, 498), (plan["creates"]!.GetValue<int>(), plan["updates"]!.GetValue<int>(), plan["deactivations"]!.GetValue<int>(), plan["unchanged"]!.GetValue<int>()));
        var update = plan["rows"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "update")!;
        Assert.Equal("hr.002", update["login"]!.GetValue<string>());
        var change = update["changes"]!.AsArray().Single()!;
        Assert.Equal(("title", "nurse", "public-health-nurse"), (change["field"]!.GetValue<string>(), change["from"]!.GetValue<string>(), change["to"]!.GetValue<string>()));

        var (_, done) = await PostAsync(client, second, dryRun: false);
        Assert.True(done["applied"]!.GetValue<bool>());
        Assert.False((await StaffAsync(app, "hr.010")).Active);
        Assert.True(SentToSignIn(await ReplayAsync(app, cookies, "/desk")));
        // Columns left out stay as they were.
        Assert.Equal("E0002", (await StaffAsync(app, "hr.002")).DirectoryId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_unit_scoped_coordinator_imports_only_rows_within_their_scope_and_the_page_checks_before_applying(string engine)
    {
        await using var app = App(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori.porvoo");
        var csv = string.Join("\n",
            "login;name;units;roles",
            "hoitaja.loviisa;Liisa Lähihoito;hs-434;professional",
            "uusi.porvoo;Uuno Uusi;hs-434;professional",
            "toinen.porvoo;Toivo Toinen;hs-638;coordinator",
            "kolmas.porvoo;Kolmas Kokelas;hs-638;professional|trainer",
            "palvelupaallikko;Paula Päällikkö;hs-638;service-manager");
        var (_, report) = await PostAsync(client, csv, dryRun: true);
        Assert.Equal(
            [(2, "", "staff.import.outside_scope"), (3, "units", "staff.unit_outside_scope"), (4, "roles", "staff.role_not_allowed"), (6, "", "staff.not_allowed")],
            Errors(report));
        Assert.Equal("kolmas.porvoo", report["rows"]!.AsArray().Single()!["login"]!.GetValue<string>());

        // The page: check a pasted file, then apply it from the form the check gave.
        var (_, token) = await SignIn.GetFormAsync(client, "/admin/staff/import");
        var good = "login;name;units;roles\nkolmas.porvoo;Kolmas Kokelas;hs-638;professional|trainer\n";
        var check = await SignIn.PostFormAsync(client, "/admin/staff/import?handler=Check", token, [F("Csv", good)]);
        var checkedPage = SignIn.Html(await check.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("handler=Apply", checkedPage, StringComparison.Ordinal);
        Assert.False(await WithDbAsync(app, db => db.Set<StaffMember>().AnyAsync(s => s.Login == "kolmas.porvoo")));
        var apply = await SignIn.PostFormAsync(client, "/admin/staff/import?handler=Apply", SignIn.Token(checkedPage), [F("Csv", good)]);
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        var kolmas = await StaffAsync(app, "kolmas.porvoo");
        Assert.Equal([Polku.Platform.Security.PolkuRoles.Professional, Polku.Platform.Security.PolkuRoles.Trainer],
            await WithDbAsync(app, db => db.Set<StaffRole>().Where(r => r.StaffId == kolmas.Id).Select(r => r.Role).OrderBy(r => r).ToListAsync()));

        // A file sent as multipart to the API is read the same way.
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("login,name,units\nneljas.porvoo,Neljä Nelonen,hs-638\n")]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "henkilosto.csv");
        var multipart = await client.PostAsync(new Uri("/api/admin/staff/import?dryRun=true", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, multipart.StatusCode);
        Assert.Equal(1, (await multipart.Content.ReadFromJsonAsync<JsonObject>())!["creates"]!.GetValue<int>());
    }

    [Fact]
    public void The_file_is_read_with_either_separator_with_or_without_a_byte_order_mark_and_with_quoted_cells()
    {
        var semicolon = StaffCsv.Parse("\uFEFFlogin;name;units\r\na.b;\"Berg; Anna\";hs-638|hs-434\r\n\r\nc.d;\"Sanna \"\"Sanni\"\" S\";\r\n");
        Assert.Empty(semicolon.Errors);
        Assert.Equal(["Berg; Anna", "Sanna \"Sanni\" S"], semicolon.Rows.Select(r => r.Cells["name"]));
        Assert.Equal([2, 4], semicolon.Rows.Select(r => r.Line));

        var comma = StaffCsv.Parse("Name,Login\n\"Öberg, Åsa\",a.o\n");
        Assert.Empty(comma.Errors);
        Assert.Equal("Öberg, Åsa", comma.Rows.Single().Cells["name"]);

        // A quoted line break keeps the line numbers of the rows after it right.
        var multiline = StaffCsv.Parse("login;name;title\nx.y;\"Xavier\nYlinen\";nurse\nz.z;Zeta;\n");
        Assert.Equal([2, 4], multiline.Rows.Select(r => r.Line));

        Assert.Equal([(1, "favourite_colour", StaffCsv.UnknownColumn), (1, "name", StaffCsv.MissingColumn)],
            StaffCsv.Parse("login;favourite_colour\nx;y\n").Errors.Select(e => (e.Line, e.Column, e.Code)));
        Assert.Equal([(3, "", StaffCsv.CellCount)], StaffCsv.Parse("login;name\na.b;A\nc.d;C;extra\n").Errors.Select(e => (e.Line, e.Column, e.Code)));
        Assert.Equal([(2, "", StaffCsv.Quote)], StaffCsv.Parse("login;name\na.b;\"never closed\n").Errors.Select(e => (e.Line, e.Column, e.Code)));
        Assert.Equal(StaffCsv.Empty, StaffCsv.Parse("login;name\n").Errors.Single().Code);

        Assert.Equal("login;name", StaffCsv.Decode([.. Encoding.UTF8.Preamble, .. "login;name"u8]));
        Assert.Null(StaffCsv.Decode(Encoding.Latin1.GetBytes("Åsa")));
        Assert.Null(StaffCsv.Decode("a\0b"u8));
    }
}
