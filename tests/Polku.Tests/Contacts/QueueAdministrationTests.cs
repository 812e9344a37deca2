using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Chat;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Contacts.Messages;
using Polku.Contacts.Queues;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>
/// Work-queue administration (issue 16): the rules of a queue's fields, create and edit with optimistic concurrency on
/// the API and the pages, membership only through <see cref="QueueAdministration"/>, closed queues taking no new work,
/// deleting only a queue without work, who may administer queues, and no code that finds a queue by a demo name.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class QueueAdministrationTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>A Tuesday morning: the app's clock in every test here, so nothing depends on today's date.</summary>
    private static readonly DateTimeOffset Tuesday10 = DateTimeOffset.Parse("2026-12-01T10:00:00+02:00", CultureInfo.InvariantCulture);

    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Tuesday10) };

    private static readonly Guid UnitA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid UnitB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static readonly QueueReferences References = new(
        new HashSet<Guid> { UnitA, UnitB }, new HashSet<string>(StringComparer.Ordinal) { "638", "434" },
        new HashSet<string>(StringComparer.Ordinal) { "health-station" });

    private static QueueDraft Valid() => new("porvoo-diabetes", "Diabetes", "Diabetes", "Diabetes", UnitA, "638", "health-station", "work", UnitA,
        15, 120, 960, 2400, Identified: false, Closed: false);

    // ---- The rules (pure) ----

    [Fact]
    public void A_valid_draft_gives_its_values_trimmed()
    {
        var (values, errors) = QueueRules.Check(Valid() with { NameFi = "  Diabetes  ", MunicipalityCode = " 638 " }, References, isNew: true);
        Assert.Empty(errors);
        Assert.Equal("Diabetes", values!.NameFi);
        Assert.Equal("638", values.MunicipalityCode);
        Assert.Equal((15, 120, 960, 2400), (values.TargetP1, values.TargetP2, values.TargetP3, values.TargetP4));
    }

    [Theory]
    [InlineData("Porvoo", "contacts.queues.code_invalid")]
    [InlineData("-porvoo", "contacts.queues.code_invalid")]
    [InlineData("p", "contacts.queues.code_invalid")]
    [InlineData("new", "contacts.queues.code_invalid")]
    [InlineData("porvoo jono", "contacts.queues.code_invalid")]
    [InlineData("", "contacts.queues.code_required")]
    public void A_code_is_lower_case_letters_digits_and_hyphens_and_not_a_word_of_the_pages(string code, string expected)
    {
        var (values, errors) = QueueRules.Check(Valid() with { Code = code }, References, isNew: true);
        Assert.Null(values);
        Assert.Equal((expected, "Code"), (errors.Single().Code, errors.Single().Field));
    }

    [Fact]
    public void An_edit_does_not_look_at_the_code()
    {
        Assert.Empty(QueueRules.Check(Valid() with { Code = null }, References, isNew: false).Errors);
    }

    [Theory]
    [InlineData(60, 30, 960, 2400, "TargetP2")]
    [InlineData(15, 120, 2400, 960, "TargetP4")]
    [InlineData(15, 10, 5, 1, "TargetP2")]
    public void A_more_urgent_class_never_has_a_longer_target_reported_on_the_less_urgent_one(int p1, int p2, int p3, int p4, string field)
    {
        var errors = QueueRules.Check(Valid() with { TargetP1 = p1, TargetP2 = p2, TargetP3 = p3, TargetP4 = p4 }, References, isNew: true).Errors;
        Assert.Equal(("contacts.queues.target_order", field), (errors.Single().Code, errors.Single().Field));
    }

    [Fact]
    public void Equal_targets_are_allowed_and_every_target_is_required_and_in_range()
    {
        Assert.Empty(QueueRules.Check(Valid() with { TargetP1 = 10, TargetP2 = 10, TargetP3 = 10, TargetP4 = 10 }, References, isNew: true).Errors);
        var errors = QueueRules.Check(Valid() with { TargetP1 = null, TargetP2 = 0, TargetP3 = -5, TargetP4 = QueueRules.MaxTargetMinutes + 1 }, References, isNew: true).Errors;
        Assert.Equal(
            [("contacts.queues.target_required", "TargetP1"), ("contacts.queues.target_range", "TargetP2"), ("contacts.queues.target_range", "TargetP3"),
                ("contacts.queues.target_range", "TargetP4")],
            errors.Select(e => (e.Code, e.Field!)));
    }

    [Fact]
    public void Names_references_channel_and_identified_only_are_checked_each_on_its_field()
    {
        var draft = Valid() with
        {
            NameFi = " ", NameSv = new string('x', 201), NameEn = "Line\nbreak", UnitId = Guid.NewGuid(), HoursUnitId = Guid.NewGuid(),
            MunicipalityCode = "999", ServiceCode = "no-such-service", Channel = "phone", Identified = true,
        };
        var errors = QueueRules.Check(draft, References, isNew: true).Errors;
        Assert.Equal(
            [("contacts.queues.name_required", "NameFi"), ("contacts.queues.name_too_long", "NameSv"), ("contacts.queues.name_invalid", "NameEn"),
                ("contacts.queues.unit_unknown", "UnitId"), ("contacts.queues.municipality_unknown", "MunicipalityCode"),
                ("contacts.queues.service_unknown", "ServiceCode"), ("contacts.queues.channel_invalid", "Channel"),
                ("contacts.queues.hours_unit_unknown", "HoursUnitId"), ("contacts.queues.identified_chat_only", "Identified")],
            errors.Select(e => (e.Code, e.Field!)));
        Assert.Empty(QueueRules.Check(Valid() with { Channel = "chat", Identified = true, UnitId = null, HoursUnitId = null }, References, isNew: true).Errors);
    }

    [Fact]
    public void A_unit_s_work_goes_to_its_open_queue_for_the_service_then_one_for_no_service_never_a_closed_one()
    {
        static WorkQueue Q(string code, string? service, string? municipality, bool closed = false, string channel = "work") => new()
        {
            Code = code, ServiceCode = service, MunicipalityCode = municipality, Channel = channel, ClosedUtc = closed ? Tuesday10.UtcDateTime : null,
        };

        var general = Q("b-general", null, "434");
        var diabetes = Q("c-diabetes", "diabetes", "434");
        var closedDiabetes = Q("a-diabetes", "diabetes", "434", closed: true);
        var chat = Q("a-chat", "diabetes", "434", channel: "chat");
        WorkQueue[] queues = [closedDiabetes, general, diabetes, chat];
        Assert.Same(diabetes, QueueMatch.Best(queues, "work", "diabetes", "434"));
        Assert.Same(general, QueueMatch.Best(queues, "work", "oral-health", "434"));
        Assert.Same(general, QueueMatch.Best(queues, "work", null, "407"));
        Assert.Null(QueueMatch.Best([closedDiabetes, chat], "work", "diabetes", "434"));

        // Of two alike, the lower code; the municipality decides before the code.
        var other = Q("a-general", null, null);
        Assert.Same(general, QueueMatch.Best([other, general], "work", null, "434"));
        Assert.Same(other, QueueMatch.Best([other, general], "work", null, "638"));
    }

    // ---- The API ----

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_coordinator_creates_reads_lists_and_edits_a_queue_through_the_API_with_documented_errors(string engine)
    {
        await using var app = App(engine);
        var api = await StaffAsync(app, "koordinaattori");
        var unit = await UnitAsync(app, "hs-638");
        var body = QueueBody("porvoo-diabetes", unit.Id);

        using var created = await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var queue = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = queue.GetProperty("id").GetGuid();
        Assert.Equal($"/api/admin/queues/{id:D}", created.Headers.Location!.OriginalString);
        Assert.Equal(("porvoo-diabetes", 0, false, 0), (queue.GetProperty("code").GetString(), queue.GetProperty("version").GetInt32(),
            queue.GetProperty("closed").GetBoolean(), queue.GetProperty("members").GetArrayLength()));
        Assert.Equal(120, queue.GetProperty("targets").GetProperty("p2").GetInt32());

        // The list, filtered by the unit and the channel, shows it with its counts; a filter of another channel does not.
        var listed = await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/queues?unitId={unit.Id:D}&channel=work", UriKind.Relative));
        Assert.Contains(listed.EnumerateArray(), q => q.GetProperty("id").GetGuid() == id && q.GetProperty("members").GetInt32() == 0);
        Assert.All(listed.EnumerateArray(), q => Assert.Equal(unit.Id, q.GetProperty("unitId").GetGuid()));
        var chats = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/queues?channel=chat", UriKind.Relative));
        Assert.DoesNotContain(chats.EnumerateArray(), q => q.GetProperty("id").GetGuid() == id);
        Assert.NotEmpty(chats.EnumerateArray());
        await ProblemAsync(await api.GetAsync(new Uri("/api/admin/queues?channel=phone", UriKind.Relative)), HttpStatusCode.BadRequest, "contacts.queues.filter_invalid", "channel");
        await ProblemAsync(await api.GetAsync(new Uri("/api/admin/queues?unitId=x", UriKind.Relative)), HttpStatusCode.BadRequest, "contacts.queues.filter_invalid", "unitId");

        // The same code again, a bad order of targets, an unknown service: 400 naming the field as the body spells it.
        await ProblemAsync(await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), body), HttpStatusCode.BadRequest, "contacts.queues.code_taken", "code");
        await ProblemAsync(await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), QueueBody("porvoo-other", unit.Id, p1: 600)),
            HttpStatusCode.BadRequest, "contacts.queues.target_order", "targetP2");
        await ProblemAsync(await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), QueueBody("porvoo-other", unit.Id, service: "no-such")),
            HttpStatusCode.BadRequest, "contacts.queues.service_unknown", "serviceCode");

        // An edit with the version read saves and the code stays; the same version again is stale and changes nothing.
        using var saved = await api.PutAsJsonAsync(new Uri($"/api/admin/queues/{id:D}", UriKind.Relative),
            QueueBody("ignored-code", unit.Id, nameFi: "Diabetesvastaanotto", version: 0));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var after = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("porvoo-diabetes", "Diabetesvastaanotto", 1), (after.GetProperty("code").GetString(), after.GetProperty("name").GetProperty("fi").GetString(),
            after.GetProperty("version").GetInt32()));
        await ProblemAsync(await api.PutAsJsonAsync(new Uri($"/api/admin/queues/{id:D}", UriKind.Relative), QueueBody("x", unit.Id, nameFi: "Vanha", version: 0)),
            HttpStatusCode.Conflict, "contacts.queues.stale", null);
        Assert.Equal("Diabetesvastaanotto", (await StoredAsync(app, id))!.NameFi);
        await ProblemAsync(await api.PutAsJsonAsync(new Uri($"/api/admin/queues/{id:D}", UriKind.Relative), QueueBody("x", unit.Id)),
            HttpStatusCode.BadRequest, "contacts.queues.version_required", "version");
        await ProblemAsync(await api.PutAsJsonAsync(new Uri($"/api/admin/queues/{Guid.NewGuid():D}", UriKind.Relative), QueueBody("x", unit.Id, version: 0)),
            HttpStatusCode.NotFound, "contacts.queues.not_found", null);
        await ProblemAsync(await api.GetAsync(new Uri($"/api/admin/queues/{Guid.NewGuid():D}", UriKind.Relative)), HttpStatusCode.NotFound, "contacts.queues.not_found", null);

        // The API's error texts are the localised ones.
        var texts = app.Services.GetRequiredService<Texts>();
        using var taken = await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), body);
        Assert.Equal(texts.Get("fi", "contacts.queues.code_taken"), (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Members_are_added_and_removed_through_the_one_method_with_its_errors_on_the_API_and_the_page(string engine)
    {
        await using var app = App(engine);
        var api = await StaffAsync(app, "koordinaattori");
        var queueId = await CreateAsync(api, QueueBody("members-test", (await UnitAsync(app, "hs-434")).Id));
        var nurse = await StaffIdAsync(app, "hoitaja.porvoo");
        var url = $"/api/admin/queues/{queueId:D}/members";

        using var added = await api.PostAsJsonAsync(new Uri(url, UriKind.Relative), new { staffId = nurse });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("hoitaja.porvoo", (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("login").GetString());
        Assert.Equal([nurse], await MembersAsync(app, queueId));
        await ProblemAsync(await api.PostAsJsonAsync(new Uri(url, UriKind.Relative), new { staffId = nurse }), HttpStatusCode.Conflict, "contacts.queues.already_member", null);
        await ProblemAsync(await api.PostAsJsonAsync(new Uri(url, UriKind.Relative), new { staffId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "contacts.queues.staff_unknown", "staffId");
        await ProblemAsync(await api.PostAsJsonAsync(new Uri(url, UriKind.Relative), new { }), HttpStatusCode.BadRequest, "contacts.queues.staff_unknown", "staffId");
        await ProblemAsync(await api.PostAsJsonAsync(new Uri($"/api/admin/queues/{Guid.NewGuid():D}/members", UriKind.Relative), new { staffId = nurse }),
            HttpStatusCode.NotFound, "contacts.queues.not_found", null);

        // The queue's details list the member; removing answers 204, and again 404.
        var detail = await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/queues/{queueId:D}", UriKind.Relative));
        Assert.Equal(nurse, detail.GetProperty("members")[0].GetProperty("staffId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(new Uri($"{url}/{nurse:D}", UriKind.Relative))).StatusCode);
        Assert.Empty(await MembersAsync(app, queueId));
        await ProblemAsync(await api.DeleteAsync(new Uri($"{url}/{nurse:D}", UriKind.Relative)), HttpStatusCode.NotFound, "contacts.queues.not_member", null);

        // The page: search by part of the name, add from the results, remove from the list.
        var (page, token) = await SignIn.GetFormAsync(api, "/admin/queues/members-test/members?q=hanna%20hoit");
        var html = SignIn.Html(page);
        Assert.Contains("Hanna Hoitaja", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Lauri Lääkäri", html, StringComparison.Ordinal);
        using var pageAdd = await SignIn.PostFormAsync(api, "/admin/queues/members-test/members?handler=Add", token,
            [new("staffId", nurse.ToString("D")), new("q", "hanna hoit")]);
        Assert.Equal(HttpStatusCode.Redirect, pageAdd.StatusCode);
        Assert.Equal([nurse], await MembersAsync(app, queueId));
        var texts = app.Services.GetRequiredService<Texts>();
        var listed = SignIn.Html(await api.GetStringAsync(pageAdd.Headers.Location));
        Assert.Contains(string.Format(CultureInfo.InvariantCulture, texts.Get("fi", "contacts.queues.notice.added"), "Hanna Hoitaja"), listed, StringComparison.Ordinal);

        // Adding twice on the page is the localised message, not an error page.
        using var twice = await SignIn.PostFormAsync(api, "/admin/queues/members-test/members?handler=Add", token, [new("staffId", nurse.ToString("D"))]);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains(texts.Get("fi", "contacts.queues.already_member"), SignIn.Html(await twice.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var garbage = await SignIn.PostFormAsync(api, "/admin/queues/members-test/members?handler=Add", token, [new("staffId", "not-an-id")]);
        Assert.Equal(HttpStatusCode.OK, garbage.StatusCode);
        using var pageRemove = await SignIn.PostFormAsync(api, "/admin/queues/members-test/members?handler=Remove", token, [new("staffId", nurse.ToString("D"))]);
        Assert.Equal(HttpStatusCode.Redirect, pageRemove.StatusCode);
        Assert.Empty(await MembersAsync(app, queueId));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_pages_create_a_queue_keep_what_was_typed_on_an_error_and_on_a_stale_save_and_show_the_saved_values(string engine)
    {
        await using var app = App(engine);
        var client = await StaffAsync(app, "koordinaattori");
        var texts = app.Services.GetRequiredService<Texts>();
        var unit = await UnitAsync(app, "hs-638");
        var (form, token) = await SignIn.GetFormAsync(client, "/admin/queues/new");
        Assert.Contains($"value=\"{unit.Id:D}\"", form, StringComparison.Ordinal);
        KeyValuePair<string, string>[] Fields(string code, string nameFi, string p1, string p2, int version = 0) =>
        [
            new("Input.Version", version.ToString(CultureInfo.InvariantCulture)), new("Input.Code", code), new("Input.NameFi", nameFi),
            new("Input.NameSv", "Sv-namn"), new("Input.NameEn", "En name"), new("Input.UnitId", unit.Id.ToString("D")), new("Input.MunicipalityCode", "638"),
            new("Input.ServiceCode", ""), new("Input.Channel", "work"), new("Input.HoursUnitId", unit.Id.ToString("D")),
            new("Input.TargetP1", p1), new("Input.TargetP2", p2), new("Input.TargetP3", "960"), new("Input.TargetP4", "2400"),
        ];

        // Not a number, and a code with capitals: the form comes back with both messages and everything typed.
        using var bad = await SignIn.PostFormAsync(client, "/admin/queues/new", token, Fields("Porvoo Uusi", "Uusi jono", "viisitoista", "120"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badHtml = SignIn.Html(await bad.Content.ReadAsStringAsync());
        Assert.Contains(texts.Get("fi", "contacts.queues.target_number"), badHtml, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "contacts.queues.code_invalid"), badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"viisitoista\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Porvoo Uusi\"", badHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Uusi jono\"", badHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("[contacts.", badHtml, StringComparison.Ordinal);

        using var created = await SignIn.PostFormAsync(client, "/admin/queues/new", token, Fields("porvoo-uusi", "Uusi jono", "15", "120"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/queues/porvoo-uusi?saved=created", created.Headers.Location!.OriginalString);
        var id = (await StoredByCodeAsync(app, "porvoo-uusi"))!.Id;

        // Two coordinators edit the same version: the first saves; the second is told, keeps what they typed, sees the
        // saved values, and a second save (now against the version shown) keeps theirs.
        var (edit, editToken) = await SignIn.GetFormAsync(client, created.Headers.Location!.OriginalString);
        Assert.Contains(texts.Get("fi", "contacts.queues.created"), SignIn.Html(edit), StringComparison.Ordinal);
        using var first = await SignIn.PostFormAsync(client, "/admin/queues/porvoo-uusi", editToken, Fields("", "Ensimmäinen", "15", "120"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var stale = await SignIn.PostFormAsync(client, "/admin/queues/porvoo-uusi", editToken, Fields("", "Toinen", "20", "120"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleHtml = SignIn.Html(await stale.Content.ReadAsStringAsync());
        Assert.Contains(texts.Get("fi", "contacts.queues.stale"), staleHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Toinen\"", staleHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"20\"", staleHtml, StringComparison.Ordinal);
        Assert.Contains("<dd>Ensimmäinen</dd>", staleHtml, StringComparison.Ordinal);
        Assert.Matches("name=\"Input.Version\"[^>]*value=\"1\"", staleHtml);
        Assert.Equal(("Ensimmäinen", 15, 1), Key(await StoredAsync(app, id)));
        using var again = await SignIn.PostFormAsync(client, "/admin/queues/porvoo-uusi", editToken, Fields("", "Toinen", "20", "120", version: 1));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(("Toinen", 20, 2), Key(await StoredAsync(app, id)));

        // A tampered version is the same localised conflict, not an error page.
        using var tampered = await SignIn.PostFormAsync(client, "/admin/queues/porvoo-uusi", editToken,
            [.. Fields("", "Kolmas", "20", "120").Where(f => f.Key != "Input.Version"), new("Input.Version", "abc")]);
        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        Assert.Contains(texts.Get("fi", "contacts.queues.stale"), SignIn.Html(await tampered.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The list shows it; an unknown code is 404.
        Assert.Contains("Toinen", SignIn.Html(await client.GetStringAsync(new Uri($"/admin/queues?unit={unit.Id:D}", UriKind.Relative))), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/admin/queues/no-such-queue", UriKind.Relative))).StatusCode);

        static (string, int, int) Key(WorkQueue? q) => (q!.NameFi, q.TargetP1Minutes, q.Version);
    }

    // ---- Closed queues ----

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_closed_queue_receives_no_new_work_from_routing_messages_transfers_or_chat(string engine)
    {
        await using var app = App(engine);
        var api = await StaffAsync(app, "koordinaattori");

        // The resident's health station and its work queue, found by data: the unit serving their municipality.
        UnitInfo station;
        ResidentInfo resident;
        Guid stationQueue;
        using (var scope = app.Services.CreateScope())
        {
            resident = (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync("140580-902T"))!;
            station = (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().ServingAsync(resident.HomeMunicipalityCode, UnitKinds.HealthStation))!;
            stationQueue = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>()
                .Where(q => q.UnitId == station.Id && q.Channel == "work").Select(q => q.Id).SingleAsync();
        }

        // A second queue of the same unit, then the first one closed.
        var replacement = await CreateAsync(api, QueueBody("station-replacement", station.Id));
        await CloseAsync(api, stationQueue);
        Assert.NotNull((await StoredAsync(app, stationQueue))!.ClosedUtc);

        // Routing names the unit (or the closed queue's own code): the work goes to the unit's open queue.
        Assert.Equal(replacement, (await SubmitAsync(app, resident, station.Code)).Value!.QueueId);
        Assert.Equal(replacement, (await SubmitAsync(app, resident, (await StoredAsync(app, stationQueue))!.Code)).Value!.QueueId);

        // The resident's new message goes there too.
        Assert.Equal(replacement, await MessageQueueAsync(app, resident));

        // A transfer into the closed queue is refused with its own message.
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var taskId = (await SubmitAsync(app, resident, station.Code)).Value!.TaskId;
        var nurseId = await StaffIdAsync(app, "hoitaja.porvoo");
        await AddMemberDirectAsync(api, replacement, nurseId);
        await ProblemAsync(await nurse.PostAsJsonAsync(new Uri($"/api/desk/tasks/{taskId:D}/transfer", UriKind.Relative), new { queueId = stationQueue, note = "Takaisin." }),
            HttpStatusCode.BadRequest, QueueWork.QueueClosed, "queueId");

        // Chat: the closed identified queue of the station is no longer offered to the resident's municipality.
        Guid chatQueue;
        using (var scope = app.Services.CreateScope())
        {
            chatQueue = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>()
                .Where(q => q.UnitId == station.Id && q.Channel == "chat").Select(q => q.Id).FirstAsync();
            var offered = await scope.ServiceProvider.GetRequiredService<ChatQueues>().ForMunicipalityAsync(resident.HomeMunicipalityCode, default);
            Assert.Contains(offered, q => q.Id == chatQueue);
        }

        await CloseAsync(api, chatQueue);
        using (var scope = app.Services.CreateScope())
        {
            var chats = scope.ServiceProvider.GetRequiredService<ChatQueues>();
            Assert.DoesNotContain(await chats.ForMunicipalityAsync(resident.HomeMunicipalityCode, default), q => q.Id == chatQueue);
            var closedChat = (await chats.ByIdAsync(chatQueue, default))!;
            Assert.False((await chats.StatusAsync(closedChat, default)).Offered);
        }

        // With every queue of the unit closed, routing to it finds nothing; a message goes to the county's digital centre.
        await CloseAsync(api, replacement);
        Assert.Equal("work.queue_unknown", (await SubmitAsync(app, resident, station.Code)).Error!.Code);
        var fallback = await MessageQueueAsync(app, resident);
        using (var scope = app.Services.CreateScope())
        {
            var digital = (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().ServingAsync(null, UnitKinds.Digital))!;
            var queue = (await StoredAsync(app, fallback))!;
            Assert.Equal((digital.Id, true), (queue.UnitId!.Value, queue.IsOpen));
        }

        // Nothing can put a task into a closed queue even by mistake.
        using (var scope = app.Services.CreateScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<TaskWriter>();
            var closed = (await StoredAsync(app, stationQueue))!;
            var @case = writer.OpenCase(resident.Id, null, null, "Testi");
            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AddTaskAsync(@case, closed, TaskType.Message, Urgency.P3, "Testi", null, null, default));
        }

        // Opened again, it takes work again.
        await OpenAsync(api, replacement);
        Assert.Equal(replacement, (await SubmitAsync(app, resident, station.Code)).Value!.QueueId);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Only_a_queue_that_never_had_work_can_be_deleted_the_others_are_closed_instead(string engine)
    {
        await using var app = App(engine);
        var api = await StaffAsync(app, "koordinaattori");
        var texts = app.Services.GetRequiredService<Texts>();
        var unit = await UnitAsync(app, "hs-638");

        // Never had work (a member goes with it): deleted.
        var empty = await CreateAsync(api, QueueBody("to-delete", unit.Id));
        await AddMemberDirectAsync(api, empty, await StaffIdAsync(app, "hoitaja.porvoo"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(new Uri($"/api/admin/queues/{empty:D}", UriKind.Relative))).StatusCode);
        Assert.Null(await StoredAsync(app, empty));
        Assert.Empty(await MembersAsync(app, empty));

        // Open work (the demo's messages wait in the station's queue): refused, on the API and on the page.
        var busy = (await StoredByCodeAsync(app, "hs-638"))!;
        await ProblemAsync(await api.DeleteAsync(new Uri($"/api/admin/queues/{busy.Id:D}", UriKind.Relative)), HttpStatusCode.Conflict, "contacts.queues.open_work", null);
        var (_, token) = await SignIn.GetFormAsync(api, "/admin/queues/hs-638");
        using var page = await SignIn.PostFormAsync(api, "/admin/queues/hs-638?handler=Delete", token, []);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(texts.Get("fi", "contacts.queues.open_work"), SignIn.Html(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.NotNull(await StoredAsync(app, busy.Id));

        // Work done, history kept: refused too.
        var resident = await ResidentAsync(app);
        var done = await CreateAsync(api, QueueBody("had-work", unit.Id));
        var receipt = (await SubmitAsync(app, resident, "had-work")).Value!;
        Assert.Equal(done, receipt.QueueId);
        using (var scope = app.Services.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<IWorkInbox>().CompleteAsync(receipt.TaskId, "no-action-needed", null)).Value);
        }

        await ProblemAsync(await api.DeleteAsync(new Uri($"/api/admin/queues/{done:D}", UriKind.Relative)), HttpStatusCode.Conflict, "contacts.queues.has_history", null);
        await ProblemAsync(await api.DeleteAsync(new Uri($"/api/admin/queues/{Guid.NewGuid():D}", UriKind.Relative)), HttpStatusCode.NotFound, "contacts.queues.not_found", null);
    }

    // ---- Who may ----

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_professional_a_resident_and_an_anonymous_caller_cannot_administer_queues(string engine)
    {
        await using var app = App(engine);
        var queue = (await StoredByCodeAsync(app, "hs-638"))!;
        var nurseId = await StaffIdAsync(app, "hoitaja.porvoo");
        var coordinator = await StaffAsync(app, "koordinaattori");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var resident = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        var anonymous = app.CreateBrowserLikeClient();
        var body = QueueBody("not-allowed", queue.UnitId!.Value, version: queue.Version);

        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(new Uri($"/api/admin/queues/{queue.Id:D}", UriKind.Relative))).StatusCode);
        foreach (var (who, client, expected) in new[] { ("nurse", nurse, HttpStatusCode.Forbidden), ("resident", resident, HttpStatusCode.Forbidden), ("anonymous", anonymous, HttpStatusCode.Unauthorized) })
        {
            HttpResponseMessage[] answers =
            [
                await client.GetAsync(new Uri("/api/admin/queues", UriKind.Relative)),
                await client.GetAsync(new Uri($"/api/admin/queues/{queue.Id:D}", UriKind.Relative)),
                await client.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), body),
                await client.PutAsJsonAsync(new Uri($"/api/admin/queues/{queue.Id:D}", UriKind.Relative), body),
                await client.DeleteAsync(new Uri($"/api/admin/queues/{queue.Id:D}", UriKind.Relative)),
                await client.PostAsJsonAsync(new Uri($"/api/admin/queues/{queue.Id:D}/members", UriKind.Relative), new { staffId = nurseId }),
                await client.DeleteAsync(new Uri($"/api/admin/queues/{queue.Id:D}/members/{nurseId:D}", UriKind.Relative)),
            ];
            Assert.All(answers, a => Assert.True(a.StatusCode == expected, $"{who}: {a.RequestMessage!.Method} {a.RequestMessage.RequestUri} gave {(int)a.StatusCode}"));
        }

        // The page handlers refuse the professional too, with a valid anti-forgery token of their own session.
        var (_, nurseToken) = await SignIn.GetFormAsync(nurse, "/desk");
        foreach (var (url, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            ("/admin/queues/new", [new("Input.Code", "by-nurse"), new("Input.NameFi", "x")]),
            ("/admin/queues/hs-638", [new("Input.Version", queue.Version.ToString(CultureInfo.InvariantCulture)), new("Input.NameFi", "Hoitajan nimi")]),
            ("/admin/queues/hs-638?handler=Delete", []),
            ("/admin/queues/hs-638/members?handler=Remove", [new("staffId", nurseId.ToString("D"))]),
            ("/admin/queues/hs-638/members?handler=Add", [new("staffId", nurseId.ToString("D"))]),
        })
        {
            using var refused = await SignIn.PostFormAsync(nurse, url, nurseToken, fields);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
                || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("/forbidden", StringComparison.Ordinal)),
                $"{url}: nurse got {(int)refused.StatusCode}");
        }

        var after = (await StoredAsync(app, queue.Id))!;
        Assert.Equal((queue.NameFi, queue.Version), (after.NameFi, after.Version));
        Assert.Contains(nurseId, await MembersAsync(app, queue.Id));
        Assert.Null(await StoredByCodeAsync(app, "by-nurse"));
    }

    // ---- Staff search (Identity) ----

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Staff_are_found_by_every_word_in_their_name_or_login(string engine)
    {
        await using var app = App(engine);
        using var scope = app.Services.CreateScope();
        var people = scope.ServiceProvider.GetRequiredService<IPeopleDirectory>();
        Assert.Equal(["Hanna Hoitaja"], (await people.SearchStaffAsync("hanna HOIT", 10)).Select(s => s.DisplayName));
        var nurses = (await people.SearchStaffAsync("hoitaja.", 10)).Select(s => s.Login).ToList();
        Assert.Contains("hoitaja.porvoo", nurses);
        Assert.Contains("hoitaja.loviisa", nurses);
        Assert.Equal(nurses.Count, (await people.SearchStaffAsync("hoitaja.", 100)).Count);
        Assert.Single(await people.SearchStaffAsync("hoitaja.", 1));
        Assert.Empty(await people.SearchStaffAsync("zzzz", 10));
        Assert.Empty(await people.SearchStaffAsync("   ", 10));
        Assert.Empty(await people.SearchStaffAsync("100%_", 10));
    }

    // ---- Rules over the source ----

    /// <summary>
    /// Spec 01: nothing in the code may depend on the demo's names. No string literal outside the demo seeders is a
    /// queue code of the demo, or the prefix such codes are built from (<c>"hs-" + municipality</c>, <c>$"chat-{…}"</c>);
    /// the codes are read from a freshly seeded database, so a new demo queue is covered without a list here.
    /// </summary>
    [Fact]
    public async Task No_code_outside_the_seeders_names_a_demo_queue_or_builds_one_from_a_prefix()
    {
        await using var app = App("sqlite");
        List<string> codes;
        using (var scope = app.Services.CreateScope())
        {
            codes = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>().Select(q => q.Code).ToListAsync();
        }

        Assert.Contains("hs-638", codes);
        var prefixes = codes.Where(c => c.Contains('-', StringComparison.Ordinal)).Select(c => c[..(c.IndexOf('-', StringComparison.Ordinal) + 1)])
            .ToHashSet(StringComparer.Ordinal);
        var exact = codes.ToHashSet(StringComparer.Ordinal);

        // Words that are also a demo queue's code but mean something else where they are written.
        var allowed = new HashSet<(string File, string Literal)>
        {
            ("TowerContext.cs", "county"), // the control tower's scope "the whole county", not a queue
            ("FaqDocument.cs", "county"), // a member name of the chatbot's FAQ file
            ("StaffChanges.cs", "county"), // a coordinator administering the whole county, not a queue
        };

        var findings = new List<string>();
        var allowedSeen = new HashSet<(string, string)>();
        foreach (var file in SourceFiles())
        {
            var name = Path.GetFileName(file);
            var lines = await File.ReadAllLinesAsync(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match m in StringLiteral().Matches(lines[i]))
                {
                    var text = m.Groups[1].Value;
                    var suspicious = exact.Contains(text) || prefixes.Contains(text) || prefixes.Any(p => text.StartsWith(p + "{", StringComparison.Ordinal));
                    if (suspicious && allowed.Contains((name, text)))
                    {
                        allowedSeen.Add((name, text));
                    }
                    else if (suspicious)
                    {
                        findings.Add($"{Path.GetRelativePath(SourceRoot, file)}:{i + 1}: \"{text}\"");
                    }
                }
            }
        }

        // The scan sees literals at all: the known homonyms were found where they are.
        Assert.Equal(allowed, allowedSeen);
        Assert.True(findings.Count == 0, "Find queues by their data (unit, municipality, service, channel), not by demo codes:\n" + string.Join("\n", findings));
    }

    /// <summary>
    /// Every membership change goes through <see cref="QueueAdministration.AddMemberAsync"/> or
    /// <see cref="QueueAdministration.RemoveMemberAsync"/> (a certificate rule will be added there); only the demo seeders
    /// write members directly.
    /// </summary>
    [Fact]
    public async Task Only_the_queue_administration_and_the_demo_seeders_write_queue_members()
    {
        var writers = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var text = await File.ReadAllTextAsync(file);
            if (MemberWrite().IsMatch(text))
            {
                writers.Add(Path.GetRelativePath(SourceRoot, file).Replace('\\', '/'));
            }
        }

        Assert.Contains("Modules/Polku.Contacts/Queues/QueueAdministration.cs", writers);
        Assert.Equal(["Modules/Polku.Contacts/Queues/QueueAdministration.cs"], writers.Where(w => !IsSeeder(w)));
    }

    private static string SourceRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Polku.slnx")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("The repository root (Polku.slnx) was not found."), "src");
        }
    }

    /// <summary>The application's C# and Razor files, without the demo seeders and build output.</summary>
    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !IsSeeder(f.Replace('\\', '/')));

    private static bool IsSeeder(string path)
    {
        var name = Path.GetFileName(path);
        return (name.StartsWith("Demo", StringComparison.Ordinal) && path.Contains("/Data/", StringComparison.Ordinal)) || name.EndsWith("Seeder.cs", StringComparison.Ordinal);
    }

    /// <summary>A C# string literal, plain, verbatim or interpolated, on one line; group 1 is its text.</summary>
    [GeneratedRegex(@"\$?@?""((?:[^""\\\r\n]|\\.)*)""")]
    private static partial Regex StringLiteral();

    /// <summary>Adding, removing or changing rows of <c>contacts_queue_members</c> through EF or SQL.</summary>
    [GeneratedRegex("""new QueueMember\b|Set<QueueMember>\(\)\s*\.(?:Add|AddRange|Remove|RemoveRange|Update|Attach|ExecuteDelete|ExecuteUpdate)|(?:INSERT INTO|DELETE FROM|UPDATE)\s+contacts_queue_members""", RegexOptions.IgnoreCase)]
    private static partial Regex MemberWrite();

    // ---- Helpers ----

    private static object QueueBody(string code, Guid unitId, int p1 = 15, string? service = null, string nameFi = "Jono", int? version = null, bool closed = false) => new
    {
        code, nameFi, nameSv = "Kö", nameEn = "Queue", unitId, municipalityCode = (string?)null, serviceCode = service, channel = "work", hoursUnitId = unitId,
        targetP1 = p1, targetP2 = 120, targetP3 = 960, targetP4 = 2400, identified = false, closed, version,
    };

    private static async Task<Guid> CreateAsync(HttpClient api, object body)
    {
        using var created = await api.PostAsJsonAsync(new Uri("/api/admin/queues", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Saves the queue as it is, closed or open, through the API (what the edit page's checkbox does).</summary>
    private static async Task SetClosedAsync(HttpClient api, Guid id, bool closed)
    {
        var q = await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/queues/{id:D}", UriKind.Relative));
        var targets = q.GetProperty("targets");
        var body = new
        {
            nameFi = q.GetProperty("name").GetProperty("fi").GetString(), nameSv = q.GetProperty("name").GetProperty("sv").GetString(),
            nameEn = q.GetProperty("name").GetProperty("en").GetString(), unitId = Nullable(q, "unitId"), municipalityCode = Text(q, "municipalityCode"),
            serviceCode = Text(q, "serviceCode"), channel = q.GetProperty("channel").GetString(), hoursUnitId = Nullable(q, "hoursUnitId"),
            targetP1 = targets.GetProperty("p1").GetInt32(), targetP2 = targets.GetProperty("p2").GetInt32(), targetP3 = targets.GetProperty("p3").GetInt32(),
            targetP4 = targets.GetProperty("p4").GetInt32(), identified = q.GetProperty("identified").GetBoolean(), closed, version = q.GetProperty("version").GetInt32(),
        };
        using var saved = await api.PutAsJsonAsync(new Uri($"/api/admin/queues/{id:D}", UriKind.Relative), body);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        Assert.Equal(closed, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("closed").GetBoolean());

        static Guid? Nullable(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetGuid();
        static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
    }

    private static Task CloseAsync(HttpClient api, Guid id) => SetClosedAsync(api, id, closed: true);

    private static Task OpenAsync(HttpClient api, Guid id) => SetClosedAsync(api, id, closed: false);

    private static async Task AddMemberDirectAsync(HttpClient api, Guid queueId, Guid staffId)
    {
        using var added = await api.PostAsJsonAsync(new Uri($"/api/admin/queues/{queueId:D}/members", UriKind.Relative), new { staffId });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
    }

    private static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Equal(field, problem.TryGetProperty("field", out var f) ? f.GetString() : null);
        }
    }

    private static async Task<HttpClient> StaffAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    private static async Task<UnitInfo> UnitAsync(PolkuAppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().FindByCodeAsync(code))!;
    }

    private static async Task<Guid> StaffIdAsync(PolkuAppFactory app, string login)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!.Id;
    }

    private static async Task<ResidentInfo> ResidentAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync("140580-902T"))!;
    }

    private static async Task<WorkQueue?> StoredAsync(PolkuAppFactory app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Id == id);
    }

    private static async Task<WorkQueue?> StoredByCodeAsync(PolkuAppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(q => q.Code == code);
    }

    private static async Task<List<Guid>> MembersAsync(PolkuAppFactory app, Guid queueId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<QueueMember>().Where(m => m.QueueId == queueId).Select(m => m.StaffId).ToListAsync();
    }

    /// <summary>Work for the resident sent to a code, as routing and forms send it.</summary>
    private static async Task<Polku.Platform.Results.Result<InboundWorkReceipt>> SubmitAsync(PolkuAppFactory app, ResidentInfo resident, string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IWorkInbox>().SubmitAsync(new InboundWork(resident.Id, code, "assessment-result", Urgency.P3,
            "Oirearvio", Guid.NewGuid(), resident.HomeMunicipalityCode, null));
    }

    /// <summary>The queue of the task a new message of the resident opens.</summary>
    private static async Task<Guid> MessageQueueAsync(PolkuAppFactory app, ResidentInfo resident)
    {
        using var scope = app.Services.CreateScope();
        var actor = new MessageActor(SenderKind.Resident, resident.Id, resident.FullName, resident.Id);
        var thread = await scope.ServiceProvider.GetRequiredService<MessageService>().StartByResidentAsync(actor, null, "Kysymys", "Tarvitsen neuvoa.", null, default);
        Assert.True(thread.IsSuccess, thread.Error?.Code);
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.SourceId == thread.Value!.Id).Select(t => t.QueueId).SingleAsync();
    }
}
