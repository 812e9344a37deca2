using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Coordinator;
using Polku.Training.Data;
using Polku.Training.Enrolment;
using Xunit.Abstractions;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16, part 6: the coordinator imports programmes, courses and groups from one CSV file — the example file, every
/// error by row with nothing written, a second import unchanged, the capacity never below the places taken, either
/// separator, the seed-002 volume in one go, and only for the coordinator.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TrainingImportTests(ITestOutputHelper output)
{
    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Monday) };

    private static async Task<TrainingImportOutcome> ImportAsync(PolkuAppFactory app, string csv, bool dryRun)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TrainingImport>().ImportAsync(csv, dryRun, default);
    }

    private static string ExampleFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Polku.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Polku.slnx not found."), "content", "training", "import-example.csv");
    }

    private const string Header = "type;programme;course;group;name_fi;name_sv;name_en;published;titles;position;prerequisites;certificate_kind;validity_months;sessions;place;online_url;trainer;capacity;mandatory";

    private static List<(int Row, string Column, string Code)> Errors(TrainingImportOutcome o) => [.. o.Errors.Select(e => (e.Row, e.Column, e.Code))];

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_example_file_checks_clean_applies_and_a_second_import_is_unchanged(string engine)
    {
        await using var app = App(engine);
        var bytes = await File.ReadAllBytesAsync(ExampleFile());
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var check = await scope.ServiceProvider.GetRequiredService<TrainingImport>().ImportAsync(bytes, dryRun: true, default);
            Assert.Empty(check.Errors);
            Assert.Equal(12, check.Count(TrainingImportKind.Create));
            Assert.False(check.Applied);
        }

        Assert.False(await WithDbAsync(app, db => db.Set<Programme>().AnyAsync(p => p.Code == "DIGI-AJANVARAUS")));

        // The page's short example is valid too.
        Assert.Empty((await ImportAsync(app, Polku.Training.Pages.Training.Admin.ImportModel.Example, dryRun: true)).Errors);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var applied = await scope.ServiceProvider.GetRequiredService<TrainingImport>().ImportAsync(bytes, dryRun: false, default);
            Assert.Empty(applied.Errors);
            Assert.True(applied.Applied);
        }

        var programme = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Code == "DIGI-AJANVARAUS"));
        Assert.Equal(("Online booking training", true, 1), (programme.NameEn, programme.Published, programme.Version));
        Assert.Equal(["organisation:itu", "title:doctor", "title:nurse", "unit:hs-434", "unit:hs-638"],
            await WithDbAsync(app, db => db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == programme.Id).Select(a => a.Kind + ":" + a.Value).OrderBy(v => v).ToListAsync()));
        Assert.False(await WithDbAsync(app, db => db.Set<Programme>().Where(p => p.Code == "DIGI-VIESTI").Select(p => p.Published).SingleAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<ProgrammeAdministration>();
            Assert.Equal(["AJANVARAUS-1"], await admin.PrerequisiteCodesAsync(await CourseIdAsync(app, "AJANVARAUS-2"), default));
        }

        var video = await WithDbAsync(app, db => db.Set<Course>().AsNoTracking().SingleAsync(c => c.Code == "VIDEO-1"));
        Assert.Equal(("remote-appointments", (int?)36), (video.CertificateKind, video.ValidityMonths));
        var group = await GroupAsync(app, await GroupIdAsync(app, "AJANVARAUS-1-01"));
        Assert.Equal((16, true, "Porvoon sairaala, koulutustila 2", (string?)null), (group.Capacity, group.Mandatory, group.Place, group.OnlineUrl));
        Assert.Equal(HelsinkiTime.ToInstant(new DateOnly(2027, 1, 12), new TimeOnly(9, 0)).UtcDateTime, group.FirstStartUtc);
        Assert.Equal(HelsinkiTime.ToInstant(new DateOnly(2027, 1, 19), new TimeOnly(12, 0)).UtcDateTime, group.LastEndUtc);
        Assert.Equal((await StaffAsync(app, "kouluttaja")).Id, group.TrainerStaffId);
        Assert.Equal(2, await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == group.Id)));
        // A group of a course already in Polku.
        Assert.Equal(await CourseIdAsync(app, "CHAT-2"), (await GroupAsync(app, await GroupIdAsync(app, "CHAT-2-03"))).CourseId);

        var again = await ImportAsync(app, Encoding.UTF8.GetString(bytes), dryRun: false);
        Assert.Empty(again.Errors);
        Assert.Equal(12, again.Count(TrainingImportKind.Unchanged));
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<Programme>().Where(p => p.Code == "DIGI-AJANVARAUS").Select(p => p.Version).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Errors_in_several_rows_are_all_listed_by_row_and_column_and_nothing_is_written(string engine)
    {
        await using var app = App(engine);
        var csv = string.Join("\n",
            Header,
            "programme;DIGI-HYVA;;;Hyvä ohjelma;Bra program;Good programme;yes;nurse;;;;;;;;;;",
            "programme;bad code;;;;Program;Programme;maybe;;;;;;;;;;;",
            "course;DIGI-EI-OLE;EI-1;;Kurssi;Kurs;Course;;;1;;;;;;;;;",
            "course;DIGI-HYVA;HYVA-1;;Kurssi;Kurs;Course;;;0;NOPE;no-such-kind;;;;;;;",
            "group;;HYVA-1;HYVA-1-01;;;;;;;;;;2027-13-01 09:00-12:00;Sali;;kouluttaja;10;",
            "group;;HYVA-1;HYVA-1-02;;;;;;;;;;2027-01-12 12:00-09:00;;http://insecure.example;hoitaja.loviisa;0;",
            "group;;EI-KURSSIA;HYVA-1-03;;;;;;;;;;2027-01-12 09:00-12:00;Sali;;ei.ketaan;10;",
            "group;;HYVA-1;HYVA-1-01;;;;;;;;;;2027-01-12 09:00-12:00;Sali;;;10;",
            "programme;DIGI-HYVA;;;Hyvä ohjelma;Bra program;Good programme;yes;nurse;;;;;;;;;;",
            "course;DIGI-HYVA;HYVA-2;;Kurssi;Kurs;Course;;;2;;;;;Sali;;;;",
            "kurssi;DIGI-HYVA;HYVA-3;;Kurssi;Kurs;Course;;;3;;;;;;;;;");
        var outcome = await ImportAsync(app, csv, dryRun: false);
        Assert.False(outcome.Applied);
        Assert.Equal(
            [
                (3, "published", TrainingImport.BooleanInvalid), (3, "programme", CoordinatorErrors.CodeInvalid), (3, "name_fi", CoordinatorErrors.NameRequired),
                (4, "programme", TrainingImport.ProgrammeUnknown),
                (5, "position", CoordinatorErrors.PositionInvalid), (5, "prerequisites", CoordinatorErrors.PrerequisiteUnknown), (5, "certificate_kind", CoordinatorErrors.CertificateKindUnknown),
                (6, "sessions", TrainingImport.SessionFormat),
                (7, "sessions", CoordinatorErrors.SessionInvalid), (7, "online_url", CoordinatorErrors.UrlInvalid),
                (7, "trainer", CoordinatorErrors.TrainerInvalid), (7, "capacity", CoordinatorErrors.CapacityInvalid),
                (8, "course", TrainingImport.CourseUnknown), (8, "trainer", TrainingImport.TrainerUnknown),
                (9, "group", TrainingImport.DuplicateCode),
                (10, "programme", TrainingImport.DuplicateCode),
                (11, "place", TrainingImport.NotForType),
                (12, "type", TrainingImport.TypeInvalid),
            ],
            Errors(outcome).OrderBy(e => e.Row).ToList());
        Assert.False(await WithDbAsync(app, db => db.Set<Programme>().AnyAsync(p => p.Code == "DIGI-HYVA")));
        Assert.False(await WithDbAsync(app, db => db.Set<CourseGroup>().AnyAsync(g => g.Code.StartsWith("HYVA"))));

        // The coordinator reads every message in their language.
        await using var scope = app.Services.CreateAsyncScope();
        var texts = scope.ServiceProvider.GetRequiredService<Polku.Platform.Localization.Texts>();
        foreach (var language in new[] { "fi", "sv", "en" })
        {
            Assert.All(outcome.Errors, e => Assert.NotEqual(e.Code, texts.Get(language, e.Code)));
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_existing_groups_capacity_cannot_drop_below_the_places_taken_and_other_changes_are_listed(string engine)
    {
        await using var app = App(engine);
        const string code = "KAP-1-01";
        var created = await ImportAsync(app, string.Join("\n",
            "type;programme;course;group;name_fi;name_sv;name_en;published;position;sessions;place;trainer;capacity",
            "programme;DIGI-KAP;;;Paikat;Platser;Places;yes;;;;;",
            "course;DIGI-KAP;KAP-1;;Paikat 1;Platser 1;Places 1;;1;;;;",
            "group;;KAP-1;KAP-1-01;;;;;;2026-05-11 09:00-12:00;Koulutustila 3;kouluttaja;5"), dryRun: false);
        Assert.True(created.Applied);
        var groupId = await GroupIdAsync(app, code);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var enrolments = scope.ServiceProvider.GetRequiredService<EnrolmentService>();
            Assert.True((await enrolments.EnrolAsync((await StaffAsync(app, "hoitaja.loviisa")).Id, groupId, false, default)).IsSuccess);
            Assert.True((await enrolments.EnrolAsync((await StaffAsync(app, "laakari.porvoo")).Id, groupId, false, default)).IsSuccess);
        }

        string Row(int capacity) => $"type,course,group,capacity\ngroup,KAP-1,{code},{capacity.ToString(CultureInfo.InvariantCulture)}\n";
        var lowered = await ImportAsync(app, Row(1), dryRun: false);
        Assert.Equal([(2, "capacity", CoordinatorErrors.CapacityBelowTaken)], Errors(lowered));
        Assert.Equal(5, (await GroupAsync(app, groupId)).Capacity);

        // Columns left out keep their values; the change lists what changes.
        var raised = await ImportAsync(app, Row(8), dryRun: false);
        Assert.True(raised.Applied);
        var change = Assert.Single(raised.Changes);
        Assert.Equal((TrainingImportKind.Update, "group"), (change.Kind, change.Type));
        Assert.Equal([new TrainingFieldChange("capacity", "5", "8")], change.Changes);
        var stored = await GroupAsync(app, groupId);
        Assert.Equal((8, 2, "Koulutustila 3"), (stored.Capacity, stored.Taken, stored.Place));
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == groupId)));

        // An existing course may not move to another programme: its code is taken there.
        var moved = await ImportAsync(app, "type;programme;course;name_fi;name_sv;name_en;position\ncourse;DIGI-OIRE;CHAT-1;Chatin perusteet;Chattens grunder;Chat basics;1\n", dryRun: true);
        Assert.Equal([(2, "course", CoordinatorErrors.CodeTaken)], Errors(moved));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Semicolon_and_comma_files_with_quoted_cells_read_the_same(string engine)
    {
        await using var app = App(engine);
        var semicolon = "\uFEFFtype;programme;course;group;name_fi;name_sv;name_en;position;sessions;place;capacity\r\n"
            + "programme;DIGI-PUOLI;;;\"Ohjelma; puolipiste\";Program;Programme;;;;\r\n"
            + "course;DIGI-PUOLI;PUOLI-1;;Kurssi;Kurs;Course;1;;;\r\n"
            + "group;;PUOLI-1;PUOLI-1-01;;;;;2027-01-12 9.00-12.00|12.1.2027 13:00-15:00;\"Sali \"\"A\"\", Porvoo\";10\r\n";
        var comma = "Type,Programme,Course,Group,Name_fi,Name_sv,Name_en,Position,Sessions,Place,Capacity\n"
            + "programme,DIGI-PILKKU,,,\"Ohjelma, pilkku\",Program,Programme,,,,\n"
            + "course,DIGI-PILKKU,PILKKU-1,,Kurssi,Kurs,Course,1,,,\n"
            + "group,,PILKKU-1,PILKKU-1-01,,,,,2027-01-12 09:00-12:00|2027-01-12 13:00-15:00,\"Sali \"\"A\"\", Porvoo\",10\n";
        foreach (var csv in new[] { semicolon, comma })
        {
            var outcome = await ImportAsync(app, csv, dryRun: false);
            Assert.Empty(outcome.Errors);
            Assert.Equal(3, outcome.Count(TrainingImportKind.Create));
        }

        var names = await WithDbAsync(app, db => db.Set<Programme>().Where(p => p.Code == "DIGI-PUOLI" || p.Code == "DIGI-PILKKU").OrderBy(p => p.Code).Select(p => p.NameFi).ToListAsync());
        Assert.Equal(["Ohjelma, pilkku", "Ohjelma; puolipiste"], names);
        foreach (var code in new[] { "PUOLI-1-01", "PILKKU-1-01" })
        {
            var group = await GroupAsync(app, await GroupIdAsync(app, code));
            Assert.Equal(("Sali \"A\", Porvoo", HelsinkiTime.ToInstant(new DateOnly(2027, 1, 12), new TimeOnly(15, 0)).UtcDateTime), (group.Place, group.LastEndUtc));
            Assert.Equal(2, await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == group.Id)));
        }

        Assert.Equal([(0, "", TrainingCsv.Empty)], Errors(await ImportAsync(app, "type;programme\n", dryRun: true)));
        Assert.Equal([(1, "colour", "training.import.unknown_column")], Errors(await ImportAsync(app, "type;colour\nprogramme;red\n", dryRun: true)));
        var tooMany = await ImportAsync(app, "type\n" + string.Concat(Enumerable.Repeat("x\n", TrainingCsv.MaxRows + 1)), dryRun: false);
        Assert.False(tooMany.Applied);
        Assert.Contains((TrainingCsv.MaxRows + 2, "", TrainingCsv.TooManyRows), Errors(tooMany));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_seed_002_volume_of_125_programmes_130_courses_and_700_groups_imports_in_one_go(string engine)
    {
        await using var app = App(engine);
        var lines = new List<string> { Header };
        for (var p = 1; p <= 125; p++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"programme;VOL-{p:D3};;;Ohjelma {p};Program {p};Programme {p};yes;nurse|doctor;;;;;;;;;;"));
        }

        var courses = new List<string>();
        for (var c = 1; c <= 130; c++)
        {
            var programme = c <= 125 ? c : c - 125;
            var second = c > 125;
            var code = string.Create(CultureInfo.InvariantCulture, $"VOL-{programme:D3}-{(second ? 2 : 1)}");
            courses.Add(code);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"course;VOL-{programme:D3};{code};;Kurssi {c};Kurs {c};Course {c};;;{(second ? 2 : 1)};{(second ? $"VOL-{programme:D3}-1" : "")};{(second ? "chat" : "")};{(second ? "24" : "")};;;;;;"));
        }

        var start = new DateOnly(2027, 1, 4);
        for (var g = 0; g < 700; g++)
        {
            var day = start.AddDays(g % 200);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"group;;{courses[g % 130]};VOL-G{g + 1:D4};;;;;;;;;;{day:yyyy-MM-dd} 09:00-12:00|{day.AddDays(7):yyyy-MM-dd} 09:00-12:00;Koulutustila {g % 7 + 1};;kouluttaja;{10 + g % 20};{(g % 3 == 0 ? "yes" : "no")}"));
        }

        var csv = string.Join("\n", lines);
        // The host starts (and seeds) on first use: not part of the import's time.
        Assert.False(await WithDbAsync(app, db => db.Set<Programme>().AnyAsync(p => p.Code.StartsWith("VOL-"))));
        var clock = Stopwatch.StartNew();
        var check = await ImportAsync(app, csv, dryRun: true);
        var checkTime = clock.Elapsed;
        Assert.Empty(check.Errors);
        Assert.Equal(955, check.Count(TrainingImportKind.Create));
        clock.Restart();
        var applied = await ImportAsync(app, csv, dryRun: false);
        var applyTime = clock.Elapsed;
        Assert.True(applied.Applied);
        clock.Restart();
        var again = await ImportAsync(app, csv, dryRun: true);
        var againTime = clock.Elapsed;
        Assert.Equal(955, again.Count(TrainingImportKind.Unchanged));
        output.WriteLine($"{engine}: check {checkTime.TotalMilliseconds:F0} ms, apply {applyTime.TotalMilliseconds:F0} ms, second check {againTime.TotalMilliseconds:F0} ms");

        var counts = await WithDbAsync(app, async db => (
            await db.Set<Programme>().CountAsync(p => p.Code.StartsWith("VOL-")),
            await db.Set<Course>().CountAsync(c => c.Code.StartsWith("VOL-")),
            await db.Set<CourseGroup>().CountAsync(g => g.Code.StartsWith("VOL-G")),
            await db.Set<GroupSession>().Join(db.Set<CourseGroup>().Where(g => g.Code.StartsWith("VOL-G")), s => s.GroupId, g => g.Id, (s, g) => s.Id).CountAsync()));
        Assert.Equal((125, 130, 700, 1400), counts);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Only_the_coordinator_imports_through_the_API_and_the_page_checks_before_importing(string engine)
    {
        await using var app = App(engine);
        const string Url = "/api/training/admin/import?dryRun=true";
        var good = "type;programme;name_fi;name_sv;name_en\nprogramme;DIGI-SIVU;Sivun ohjelma;Sidans program;The page's programme\n";
        using (var body = new StringContent(good, Encoding.UTF8, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync(new Uri(Url, UriKind.Relative), body)).StatusCode);
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using (var body = new StringContent(good, Encoding.UTF8, "text/csv"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsync(new Uri(Url, UriKind.Relative), body)).StatusCode);
        }

        var page = await nurse.GetAsync(new Uri("/training/admin/import", UriKind.Relative));
        Assert.True(page.StatusCode == HttpStatusCode.Forbidden || page.Headers.Location?.OriginalString.Contains("/forbidden", StringComparison.Ordinal) == true);

        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(good)]);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "koulutukset.csv");
            var response = await client.PostAsync(new Uri(Url, UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var change = json["changes"]!.AsArray().Single()!;
            Assert.Equal((2, "programme", "DIGI-SIVU", "create"), (change["row"]!.GetValue<int>(), change["type"]!.GetValue<string>(), change["code"]!.GetValue<string>(), change["kind"]!.GetValue<string>()));
            Assert.Empty(json["errors"]!.AsArray());
        }

        using (var bad = new StringContent("type;programme;name_fi;name_sv;name_en\nprogramme;DIGI-SIVU;;Program;Programme\n", Encoding.UTF8, "text/csv"))
        {
            var response = await client.PostAsync(new Uri("/api/training/admin/import", UriKind.Relative), bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Single()!;
            Assert.Equal((2, "name_fi", CoordinatorErrors.NameRequired), (error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
            Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        }

        using (var big = new ByteArrayContent(new byte[TrainingCsv.MaxBytes + 100 * 1024]))
        {
            big.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync(new Uri(Url, UriKind.Relative), big)).StatusCode);
        }

        // The page: check pasted text, then import it from the form the check gave.
        var (_, token) = await SignIn.GetFormAsync(client, "/training/admin/import");
        var check = await SignIn.PostFormAsync(client, "/training/admin/import?handler=Check", token, [new("Csv", good)]);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var checkedPage = SignIn.Html(await check.Content.ReadAsStringAsync());
        Assert.Contains("handler=Apply", checkedPage, StringComparison.Ordinal);
        Assert.False(await WithDbAsync(app, db => db.Set<Programme>().AnyAsync(p => p.Code == "DIGI-SIVU")));
        var apply = await SignIn.PostFormAsync(client, "/training/admin/import?handler=Apply", SignIn.Token(checkedPage), [new("Csv", good)]);
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.Set<Programme>().AnyAsync(p => p.Code == "DIGI-SIVU")));

        // Bad text keeps what was typed and never gives a 500.
        var (_, token2) = await SignIn.GetFormAsync(client, "/training/admin/import");
        var broken = await SignIn.PostFormAsync(client, "/training/admin/import?handler=Check", token2, [new("Csv", "type;programme\nprogramme;\"open")]);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.DoesNotContain("handler=Apply", SignIn.Html(await broken.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
