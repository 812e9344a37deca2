using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16, part 6, the coordinator's pages over <c>ProgrammeAdministration</c>: programmes, courses and groups
/// created through the forms as a signed-in coordinator with anti-forgery; a bad value gives the localised message
/// and keeps what was typed; a stale programme save is refused; copying a programme and a group; the rooms register;
/// the trainer pick list; and nobody else reaching these pages.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class CoordinatorPageTests
{
    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Monday) };

    private static async Task<HttpClient> ClientAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) => SignIn.Html(await response.Content.ReadAsStringAsync());

    private static KeyValuePair<string, string> F(string key, string value) => new(key, value);

    private static KeyValuePair<string, string>[] ProgrammeFields(string code, string nameFi, string nameSv = "Nytt program", int version = 0) =>
    [
        F("Input.Version", version.ToString(CultureInfo.InvariantCulture)), F("Input.Code", code), F("Input.NameFi", nameFi), F("Input.NameSv", nameSv),
        F("Input.NameEn", "New programme"), F("Input.DescriptionFi", "Kuvaus"), F("Input.DescriptionSv", "Beskrivning"), F("Input.DescriptionEn", "Description"),
        F("Input.Organisations", ""), F("Input.Units", "hs-638"), F("Input.Titles", "nurse, doctor"),
    ];

    private static KeyValuePair<string, string>[] GroupFields(string code, string date, string start, string end, string capacity, string place = "Koulutustila 2",
        string trainer = "", string room = "") =>
    [
        F("Input.Code", code), F("Input.Sessions[0].Date", date), F("Input.Sessions[0].Start", start), F("Input.Sessions[0].End", end),
        F("Input.RoomId", room), F("Input.Place", place), F("Input.OnlineUrl", ""), F("Input.TrainerStaffId", trainer), F("Input.Capacity", capacity),
    ];

    private static Guid IdIn(HttpResponseMessage redirect, string prefix)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.OriginalString;
        Assert.StartsWith(prefix, location, StringComparison.Ordinal);
        return Guid.Parse(location[prefix.Length..].Split('?')[0]);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_coordinator_creates_a_programme_a_course_and_a_group_through_the_forms_and_bad_values_keep_what_was_typed(string engine)
    {
        await using var app = App(engine);
        var texts = app.Services.GetRequiredService<Texts>();
        var client = await ClientAsync(app, "koordinaattori");

        var (admin, _) = await SignIn.GetFormAsync(client, "/training/admin");
        Assert.Contains("href=\"/training/admin/programmes/new\"", admin, StringComparison.Ordinal);
        Assert.Contains("href=\"/training/admin/programmes/DIGI-CHAT\"", admin, StringComparison.Ordinal);
        Assert.Contains("href=\"/training/admin/rooms\"", admin, StringComparison.Ordinal);

        // The programme: a code with a space and no Finnish name come back with their messages and what was typed.
        var (_, token) = await SignIn.GetFormAsync(client, "/training/admin/programmes/new");
        using var bad = await SignIn.PostFormAsync(client, "/training/admin/programmes/new", token, ProgrammeFields("DIGI UUSI", " ", nameSv: "Mitt program"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await BodyAsync(bad);
        Assert.Contains(texts.Get("fi", "training.admin.code_invalid"), badHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.admin.name_required"), badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"DIGI UUSI\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Mitt program\"", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("[training.", badHtml, StringComparison.Ordinal);

        using var created = await SignIn.PostFormAsync(client, "/training/admin/programmes/new", token, [.. ProgrammeFields("DIGI-UUSI", "Uusi ohjelma"), F("Input.Published", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/training/admin/programmes/DIGI-UUSI?saved=created", created.Headers.Location!.OriginalString);
        var programme = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Code == "DIGI-UUSI"));
        Assert.Equal(("Uusi ohjelma", true, 1), (programme.NameFi, programme.Published, programme.Version));
        Assert.Equal(["title:doctor", "title:nurse", "unit:hs-638"],
            await WithDbAsync(app, db => db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == programme.Id).Select(a => a.Kind + ":" + a.Value).OrderBy(v => v).ToListAsync()));

        // A course: an order that is not a number is its field's message; then two courses, the second requiring the first.
        var (courseForm, courseToken) = await SignIn.GetFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new");
        Assert.Contains("value=\"chat\"", courseForm, StringComparison.Ordinal);
        KeyValuePair<string, string>[] Course(string code, string position, params string[] prerequisites) =>
        [
            F("Input.Code", code), F("Input.NameFi", "Kurssi " + code), F("Input.NameSv", "Kurs"), F("Input.NameEn", "Course"), F("Input.Position", position),
            F("Input.CertificateKind", "chat"), F("Input.ValidityMonths", "24"), .. prerequisites.Select(p => F("Input.Prerequisites", p)),
        ];
        // An empty prerequisite (a checkbox list posted with an empty value) is no prerequisite, never a server error.
        using var blankPrerequisite = await SignIn.PostFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new", courseToken, Course("UUSI-1", "ensimmäinen", ""));
        Assert.Equal(HttpStatusCode.OK, blankPrerequisite.StatusCode);
        using var badCourse = await SignIn.PostFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new", courseToken, Course("UUSI-1", "ensimmäinen"));
        Assert.Equal(HttpStatusCode.OK, badCourse.StatusCode);
        var badCourseHtml = await BodyAsync(badCourse);
        Assert.Contains(texts.Get("fi", "training.admin.position_invalid"), badCourseHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"ensimmäinen\"", badCourseHtml, StringComparison.Ordinal);
        var first = IdIn(await SignIn.PostFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new", courseToken, Course("UUSI-1", "1")), "/training/admin/courses/");
        var (secondForm, _) = await SignIn.GetFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new");
        Assert.Contains("value=\"UUSI-1\"", secondForm, StringComparison.Ordinal);
        var second = IdIn(await SignIn.PostFormAsync(client, "/training/admin/programmes/DIGI-UUSI/courses/new", courseToken, Course("UUSI-2", "2", "UUSI-1")), "/training/admin/courses/");
        var stored = await WithDbAsync(app, db => db.Set<Course>().AsNoTracking().SingleAsync(c => c.Id == first));
        Assert.Equal((programme.Id, 1, "chat", 24), (stored.ProgrammeId, stored.Position, stored.CertificateKind, stored.ValidityMonths));
        Assert.Equal([first], await WithDbAsync(app, db => db.Set<CoursePrerequisite>().Where(p => p.CourseId == second).Select(p => p.RequiredCourseId).ToListAsync()));

        // A group: the trainer list has the demo trainer and no nurse; a session ending before it starts, no places
        // and a code with a space are each their field's message, and everything typed stays.
        var trainer = await StaffAsync(app, "kouluttaja");
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        var groupUrl = $"/training/admin/courses/{first:D}/groups/new";
        var (groupForm, groupToken) = await SignIn.GetFormAsync(client, groupUrl);
        Assert.Contains($"<option value=\"{trainer.Id:D}\">", groupForm, StringComparison.Ordinal);
        Assert.DoesNotContain(nurse.Id.ToString("D"), groupForm, StringComparison.Ordinal);
        using var badGroup = await SignIn.PostFormAsync(client, groupUrl, groupToken, GroupFields("UUSI 1", "2026-05-11", "12:00", "09:00", "0"));
        Assert.Equal(HttpStatusCode.OK, badGroup.StatusCode);
        var badGroupHtml = await BodyAsync(badGroup);
        foreach (var key in new[] { "training.admin.code_invalid", "training.admin.session_invalid", "training.admin.capacity_invalid" })
        {
            Assert.Contains(texts.Get("fi", key), badGroupHtml, StringComparison.Ordinal);
        }

        Assert.Contains("value=\"UUSI 1\"", badGroupHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-05-11\"", badGroupHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"12:00\"", badGroupHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Koulutustila 2\"", badGroupHtml, StringComparison.Ordinal);

        // A date that is no date, and a huge number: messages, not an error page.
        using var unreadable = await SignIn.PostFormAsync(client, groupUrl, groupToken, GroupFields("UUSI-1-01", "31.2.2026", "9.00", "12.00", "99999999999999"));
        Assert.Equal(HttpStatusCode.OK, unreadable.StatusCode);
        var unreadableHtml = await BodyAsync(unreadable);
        Assert.Contains(texts.Get("fi", "training.admin.forms.session_unreadable"), unreadableHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.admin.capacity_invalid"), unreadableHtml, StringComparison.Ordinal);

        var group = IdIn(await SignIn.PostFormAsync(client, groupUrl, groupToken, [.. GroupFields("UUSI-1-01", "11.5.2026", "9.00", "12:00", "12", trainer: trainer.Id.ToString("D")),
            F("Input.Sessions[1].Date", "2026-05-18"), F("Input.Sessions[1].Start", "09:00"), F("Input.Sessions[1].End", "12:00"), F("Input.Mandatory", "true")]), "/training/admin/groups/");
        var saved = await GroupAsync(app, group);
        Assert.Equal(("UUSI-1-01", "Koulutustila 2", trainer.Id, 12, true), (saved.Code, saved.Place!, saved.TrainerStaffId!.Value, saved.Capacity, saved.Mandatory));
        // 9.00 in Helsinki in May (summer time, UTC+3) is 6.00 UTC; the second session ends a week later.
        Assert.Equal((new DateTime(2026, 5, 11, 6, 0, 0), new DateTime(2026, 5, 18, 9, 0, 0)), (saved.FirstStartUtc, saved.LastEndUtc));
        Assert.Equal(2, await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == group)));

        // The programme's page lists its courses in order with their groups; unknown codes and ids are 404.
        var (programmePage, _) = await SignIn.GetFormAsync(client, "/training/admin/programmes/DIGI-UUSI");
        var html = SignIn.Html(programmePage);
        Assert.True(html.IndexOf("UUSI-1 —", StringComparison.Ordinal) is var at and >= 0 && at < html.IndexOf("UUSI-2 —", StringComparison.Ordinal));
        Assert.Contains($"href=\"/training/admin/groups/{group:D}\"", programmePage, StringComparison.Ordinal);
        var (coursePage, _) = await SignIn.GetFormAsync(client, $"/training/admin/courses/{second:D}?saved=true");
        Assert.Contains("value=\"UUSI-1\" checked", coursePage, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.admin.forms.saved"), SignIn.Html(coursePage), StringComparison.Ordinal);
        Assert.Contains($"href=\"/training/admin/courses/{first:D}/groups/new\"", (await SignIn.GetFormAsync(client, $"/training/admin/courses/{first:D}")).Html, StringComparison.Ordinal);
        foreach (var url in new[]
        {
            "/training/admin/programmes/NOPE", "/training/admin/programmes/no%20such", $"/training/admin/courses/{Guid.NewGuid():D}",
            $"/training/admin/courses/{Guid.NewGuid():D}/groups/new", $"/training/admin/groups/{Guid.NewGuid():D}", $"/training/admin/rooms/{Guid.NewGuid():D}",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_stale_programme_save_is_refused_keeping_what_was_typed_and_programmes_and_groups_are_copied(string engine)
    {
        await using var app = App(engine);
        var texts = app.Services.GetRequiredService<Texts>();
        var client = await ClientAsync(app, "koordinaattori");
        var source = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Code == "DIGI-CHAT"));
        var url = "/training/admin/programmes/DIGI-CHAT";

        // Two coordinators load the same version; the first saves, the second is told and keeps what they typed.
        var (page, token) = await SignIn.GetFormAsync(client, url);
        Assert.Matches($"name=\"Input.Version\" value=\"{source.Version}\"", page);
        using var firstSave = await SignIn.PostFormAsync(client, url, token, ProgrammeFields("", "Ensimmäinen", version: source.Version));
        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        using var stale = await SignIn.PostFormAsync(client, url, token, ProgrammeFields("", "Toinen", version: source.Version));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleHtml = await BodyAsync(stale);
        Assert.Contains(texts.Get("fi", "training.admin.stale"), staleHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Toinen\"", staleHtml, StringComparison.Ordinal);
        Assert.Contains($"name=\"Input.Version\" value=\"{source.Version + 1}\"", staleHtml, StringComparison.Ordinal);
        Assert.Equal("Ensimmäinen", (await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Id == source.Id))).NameFi);
        using var tampered = await SignIn.PostFormAsync(client, url, token, [.. ProgrammeFields("", "Kolmas").Where(f => f.Key != "Input.Version"), F("Input.Version", "abc")]);
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        Assert.Contains(texts.Get("fi", "training.admin.stale"), await BodyAsync(tampered), StringComparison.Ordinal);

        // Copy the programme: a bad code is its field's message; a good one makes an unpublished copy with the courses.
        using var badCopy = await SignIn.PostFormAsync(client, url + "?handler=Copy", token, [F("NewCode", "DIGI 2027")]);
        Assert.Equal(HttpStatusCode.OK, badCopy.StatusCode);
        var badCopyHtml = await BodyAsync(badCopy);
        Assert.Contains(texts.Get("fi", "training.admin.code_invalid"), badCopyHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"DIGI 2027\"", badCopyHtml, StringComparison.Ordinal);
        using var copied = await SignIn.PostFormAsync(client, url + "?handler=Copy", token, [F("NewCode", "DIGI-2027")]);
        Assert.Equal(HttpStatusCode.Redirect, copied.StatusCode);
        Assert.Equal("/training/admin/programmes/DIGI-2027?saved=copied", copied.Headers.Location!.OriginalString);
        var copy = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Code == "DIGI-2027"));
        Assert.False(copy.Published);
        var sourceCourses = await WithDbAsync(app, db => db.Set<Course>().Where(c => c.ProgrammeId == source.Id).OrderBy(c => c.Code).Select(c => "DIGI-2027-" + c.Code).ToListAsync());
        Assert.NotEmpty(sourceCourses);
        Assert.Equal(sourceCourses, await WithDbAsync(app, db => db.Set<Course>().Where(c => c.ProgrammeId == copy.Id).OrderBy(c => c.Code).Select(c => c.Code).ToListAsync()));
        Assert.Contains(texts.Get("fi", "training.admin.forms.copied"), SignIn.Html((await SignIn.GetFormAsync(client, copied.Headers.Location.OriginalString)).Html), StringComparison.Ordinal);

        // Copy a group to new dates: every session moves by the days between the first ones, at the same wall-clock time.
        var groupId = await WithDbAsync(app, db => db.Set<CourseGroup>().Join(db.Set<Course>().Where(c => c.ProgrammeId == source.Id), g => g.CourseId, c => c.Id, (g, c) => g)
            .OrderBy(g => g.Code).Select(g => g.Id).FirstAsync());
        var original = await GroupAsync(app, groupId);
        var groupUrl = $"/training/admin/groups/{groupId:D}";
        var (_, groupToken) = await SignIn.GetFormAsync(client, groupUrl);
        using var badDate = await SignIn.PostFormAsync(client, groupUrl + "?handler=Copy", groupToken, [F("NewCode", "CHAT-SYKSY"), F("NewFirstDate", "huomenna")]);
        Assert.Equal(HttpStatusCode.OK, badDate.StatusCode);
        var badDateHtml = await BodyAsync(badDate);
        Assert.Contains(texts.Get("fi", "training.admin.forms.date_unreadable"), badDateHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"huomenna\"", badDateHtml, StringComparison.Ordinal);
        using var takenCode = await SignIn.PostFormAsync(client, groupUrl + "?handler=Copy", groupToken, [F("NewCode", original.Code), F("NewFirstDate", "2026-09-07")]);
        Assert.Equal(HttpStatusCode.OK, takenCode.StatusCode);
        Assert.Contains(texts.Get("fi", "training.admin.code_taken"), await BodyAsync(takenCode), StringComparison.Ordinal);
        var newGroup = IdIn(await SignIn.PostFormAsync(client, groupUrl + "?handler=Copy", groupToken, [F("NewCode", "CHAT-SYKSY"), F("NewFirstDate", "7.9.2026")]), "/training/admin/groups/");
        var copiedGroup = await GroupAsync(app, newGroup);
        Assert.Equal((original.CourseId, original.Capacity, 0, original.Place), (copiedGroup.CourseId, copiedGroup.Capacity, copiedGroup.Taken, copiedGroup.Place));
        var oldStart = HelsinkiTime.ToLocal(new DateTimeOffset(original.FirstStartUtc, TimeSpan.Zero));
        var newStart = HelsinkiTime.ToLocal(new DateTimeOffset(copiedGroup.FirstStartUtc, TimeSpan.Zero));
        Assert.Equal((new DateOnly(2026, 9, 7), TimeOnly.FromDateTime(oldStart)), (DateOnly.FromDateTime(newStart), TimeOnly.FromDateTime(newStart)));
        Assert.Equal(
            await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == groupId)),
            await WithDbAsync(app, db => db.Set<GroupSession>().CountAsync(s => s.GroupId == newGroup)));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Rooms_are_added_edited_and_deactivated_and_a_chosen_room_fills_the_group_s_place_with_a_capacity_warning(string engine)
    {
        await using var app = App(engine);
        var texts = app.Services.GetRequiredService<Texts>();
        var client = await ClientAsync(app, "koordinaattori");
        var (_, token) = await SignIn.GetFormAsync(client, "/training/admin/rooms");

        KeyValuePair<string, string>[] Room(string name, string capacity, bool active = true) =>
            [F("Input.Name", name), F("Input.Address", "Mannerheimintie 1, Helsinki"), F("Input.Capacity", capacity), .. active ? new[] { F("Input.Active", "true") } : []];

        using var bad = await SignIn.PostFormAsync(client, "/training/admin/rooms", token, Room(" ", "kymmenen"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = await BodyAsync(bad);
        Assert.Contains(texts.Get("fi", "training.admin.forms.room_name_required"), badHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.admin.capacity_invalid"), badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"kymmenen\"", badHtml, StringComparison.Ordinal);

        using var added = await SignIn.PostFormAsync(client, "/training/admin/rooms", token, Room("Luokka 1", "10"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using var twice = await SignIn.PostFormAsync(client, "/training/admin/rooms", token, Room("Luokka 1", ""));
        Assert.Contains(texts.Get("fi", "training.admin.forms.room_name_taken"), await BodyAsync(twice), StringComparison.Ordinal);
        var room = await WithDbAsync(app, db => db.Set<TrainingRoom>().AsNoTracking().SingleAsync(r => r.Name == "Luokka 1"));
        Assert.Equal((10, true), (room.Capacity, room.Active));
        Assert.Contains($"href=\"/training/admin/rooms/{room.Id:D}\"", (await SignIn.GetFormAsync(client, "/training/admin/rooms")).Html, StringComparison.Ordinal);

        // Deactivated, it is not offered for groups; active again, it is — and choosing it fills the place.
        var roomUrl = $"/training/admin/rooms/{room.Id:D}";
        Assert.Contains("value=\"Mannerheimintie 1, Helsinki\"", SignIn.Html((await SignIn.GetFormAsync(client, roomUrl)).Html), StringComparison.Ordinal);
        using var off = await SignIn.PostFormAsync(client, roomUrl, token, Room("Luokka A", "12", active: false));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var edited = await WithDbAsync(app, db => db.Set<TrainingRoom>().AsNoTracking().SingleAsync(r => r.Id == room.Id));
        Assert.Equal(("Luokka A", 12, false), (edited.Name, edited.Capacity!.Value, edited.Active));
        var course = await WithDbAsync(app, db => db.Set<Course>().OrderBy(c => c.Code).Select(c => c.Id).FirstAsync());
        var groupUrl = $"/training/admin/courses/{course:D}/groups/new";
        Assert.DoesNotContain(room.Id.ToString("D"), (await SignIn.GetFormAsync(client, groupUrl)).Html, StringComparison.Ordinal);
        using var chosenInactive = await SignIn.PostFormAsync(client, groupUrl, token, GroupFields("ROOM-1", "2026-05-11", "09:00", "12:00", "20", place: "", room: room.Id.ToString("D")));
        Assert.Equal(HttpStatusCode.OK, chosenInactive.StatusCode);
        Assert.Contains(texts.Get("fi", "training.admin.forms.room_not_found"), await BodyAsync(chosenInactive), StringComparison.Ordinal);
        using var on = await SignIn.PostFormAsync(client, roomUrl, token, Room("Luokka A", "12"));
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.Contains(room.Id.ToString("D"), (await SignIn.GetFormAsync(client, groupUrl)).Html, StringComparison.Ordinal);

        var group = IdIn(await SignIn.PostFormAsync(client, groupUrl, token, GroupFields("ROOM-1", "2026-05-11", "09:00", "12:00", "20", place: "", room: room.Id.ToString("D"))), "/training/admin/groups/");
        Assert.Equal("Luokka A, Mannerheimintie 1, Helsinki", (await GroupAsync(app, group)).Place);
        var (groupPage, _) = await SignIn.GetFormAsync(client, $"/training/admin/groups/{group:D}");
        var groupHtml = SignIn.Html(groupPage);
        Assert.Contains("class=\"notice warn\"", groupHtml, StringComparison.Ordinal);
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, texts.Get("fi", "training.admin.forms.room_capacity_warning"), "Luokka A", 12, 20), groupHtml, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{room.Id:D}\" selected", groupPage);

        // Within the room's seats: no warning.
        using var fits = await SignIn.PostFormAsync(client, $"/training/admin/groups/{group:D}", token, GroupFields("ROOM-1", "2026-05-11", "09:00", "12:00", "12", place: "", room: room.Id.ToString("D")));
        Assert.Equal(HttpStatusCode.Redirect, fits.StatusCode);
        Assert.DoesNotContain("class=\"notice warn\"", (await SignIn.GetFormAsync(client, $"/training/admin/groups/{group:D}")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_professional_and_the_trainer_are_refused_the_coordinator_s_pages(string engine)
    {
        await using var app = App(engine);
        var group = await WithDbAsync(app, db => db.Set<CourseGroup>().OrderBy(g => g.Code).FirstAsync());
        string[] pages =
        [
            "/training/admin/programmes/new", "/training/admin/programmes/DIGI-CHAT", "/training/admin/programmes/DIGI-CHAT/courses/new",
            $"/training/admin/courses/{group.CourseId:D}", $"/training/admin/courses/{group.CourseId:D}/groups/new", $"/training/admin/groups/{group.Id:D}",
            "/training/admin/rooms",
        ];
        foreach (var login in new[] { "hoitaja.loviisa", "kouluttaja" })
        {
            var client = await ClientAsync(app, login);
            var (_, token) = await SignIn.GetFormAsync(client, "/training");
            foreach (var url in pages)
            {
                using var get = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.True(Refused(get), $"{login}: GET {url} gave {(int)get.StatusCode}");
                using var post = await SignIn.PostFormAsync(client, url, token, [.. ProgrammeFields("BY-" + login.Length, "x"), .. GroupFields("BY-X", "2026-05-11", "09:00", "12:00", "5")]);
                Assert.True(Refused(post), $"{login}: POST {url} gave {(int)post.StatusCode}");
            }
        }

        Assert.Equal(0, await WithDbAsync(app, db => db.Set<Programme>().CountAsync(p => p.Code.StartsWith("BY-"))));
        Assert.Equal(0, await WithDbAsync(app, db => db.Set<CourseGroup>().CountAsync(g => g.Code == "BY-X")));

        static bool Refused(HttpResponseMessage r) => r.StatusCode == HttpStatusCode.Forbidden
            || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/forbidden", StringComparison.Ordinal));
    }
}
