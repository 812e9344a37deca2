using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using Polku.Training.Enrolment;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16: enrolment in a course group — capacity, course order and prerequisites enforced; the waiting list when
/// full, promoted automatically when a place frees; the race for the last place decided by the database; the API's
/// status and error codes; who may use which page.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class EnrolmentTests
{
    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Monday) };

    private sealed record Outcome(EnrolOutcome? Value, string? Error);

    private static async Task<Outcome> EnrolAsync(PolkuAppFactory app, Guid staffId, Guid groupId, bool waitingList = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<EnrolmentService>().EnrolAsync(staffId, groupId, waitingList, default);
        return new(result.Value, result.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_full_group_offers_the_waiting_list_and_a_cancelled_place_goes_to_the_first_in_line(string engine)
    {
        await using var app = App(engine);
        var group = await NewGroupAsync(app, "CHAT-1", 1, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var first = await StaffAsync(app, "hoitaja.loviisa");
        var second = await StaffAsync(app, "laakari.porvoo");
        var third = await StaffAsync(app, "sihteeri.porvoo");

        var won = await EnrolAsync(app, first.Id, group);
        Assert.Equal(EnrolmentStatuses.Enrolled, won.Value!.Status);
        Assert.Equal(EnrolmentErrors.GroupFull, (await EnrolAsync(app, second.Id, group)).Error);
        var waiting = await EnrolAsync(app, second.Id, group, waitingList: true);
        Assert.Equal((EnrolmentStatuses.Waiting, 1), (waiting.Value!.Status, waiting.Value.Position ?? 0));
        var later = await EnrolAsync(app, third.Id, group, waitingList: true);
        Assert.Equal(2, later.Value!.Position ?? 0);
        Assert.Equal(EnrolmentErrors.AlreadyEnrolled, (await EnrolAsync(app, first.Id, group, waitingList: true)).Error);

        // The first cancels: in the same unit the second gets the place, the third moves up, and both hear of it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var cancelled = await scope.ServiceProvider.GetRequiredService<EnrolmentService>().CancelAsync(first.Id, won.Value.EnrolmentId, default);
            Assert.True(cancelled.IsSuccess);
        }

        Assert.Equal(EnrolmentStatuses.Cancelled, (await EnrolmentAsync(app, won.Value.EnrolmentId)).Status);
        Assert.Equal(EnrolmentStatuses.Enrolled, (await EnrolmentAsync(app, waiting.Value.EnrolmentId)).Status);
        Assert.Equal(EnrolmentStatuses.Waiting, (await EnrolmentAsync(app, later.Value.EnrolmentId)).Status);
        Assert.Equal(1, (await GroupAsync(app, group)).Taken);
        Assert.Single(await OutboxAsync(app, $"training:promoted:{waiting.Value.EnrolmentId:D}"));
        Assert.Single(await OutboxAsync(app, $"training:enrolled:{won.Value.EnrolmentId:D}"));
        Assert.Single(await OutboxAsync(app, $"training:waiting:{later.Value.EnrolmentId:D}"));

        // The first may come back, but only to the end of the line.
        var back = await EnrolAsync(app, first.Id, group, waitingList: true);
        Assert.Equal((EnrolmentStatuses.Waiting, 2), (back.Value!.Status, back.Value.Position ?? 0));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Course_order_and_prerequisites_are_enforced(string engine)
    {
        await using var app = App(engine);
        var nurse = await StaffAsync(app, "hoitaja.loviisa");

        // CHAT-2 comes after CHAT-1 in its programme: not before a place in a CHAT-1 group that ends first.
        var chat2 = await GroupIdAsync(app, "CHAT-2-01");
        Assert.Equal(EnrolmentErrors.Order, (await EnrolAsync(app, nurse.Id, chat2)).Error);
        var lateChat1 = await NewGroupAsync(app, "CHAT-1", 10, (new DateOnly(2026, 6, 15), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var late = await EnrolAsync(app, nurse.Id, lateChat1);
        Assert.Equal(EnrolmentErrors.Order, (await EnrolAsync(app, nurse.Id, chat2)).Error);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var changed = await scope.ServiceProvider.GetRequiredService<EnrolmentService>().ChangeGroupAsync(nurse.Id, late.Value!.EnrolmentId, await GroupIdAsync(app, "CHAT-1-01"), default);
            Assert.Equal(EnrolmentStatuses.Enrolled, changed.Value!.Status);
        }

        Assert.Equal(0, (await GroupAsync(app, lateChat1)).Taken);
        Assert.Equal(EnrolmentStatuses.Enrolled, (await EnrolAsync(app, nurse.Id, chat2)).Value!.Status);

        // ETA-1 requires CHAT-1 completed (or a valid certificate of what it grants): a place in it is not enough.
        var eta = await GroupIdAsync(app, "ETA-1-01");
        Assert.Equal(EnrolmentErrors.PrerequisiteMissing, (await EnrolAsync(app, nurse.Id, eta)).Error);
        Assert.Equal(0, (await GroupAsync(app, eta)).Taken);
    }

    /// <summary>Several trainees race for the last places at once: exactly as many win as there are places; the rest wait in a line without gaps.</summary>
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Trainees_racing_for_the_last_place_get_exactly_the_capacity_and_the_loser_is_promoted_when_a_place_frees(string engine)
    {
        await using var app = App(engine);
        for (var round = 0; round < 3; round++)
        {
            // Two trainees, one place.
            var group = await NewGroupAsync(app, "CHAT-1", 1, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
            Guid[] trainees = [Guid.NewGuid(), Guid.NewGuid()];
            using var start = new SemaphoreSlim(0);
            var racing = trainees.Select(async t =>
            {
                await start.WaitAsync();
                return await EnrolAsync(app, t, group, waitingList: true);
            }).ToList();
            start.Release(trainees.Length);
            var outcomes = await Task.WhenAll(racing);
            Assert.All(outcomes, o => Assert.Null(o.Error));
            var winner = Assert.Single(outcomes, o => o.Value!.Status == EnrolmentStatuses.Enrolled);
            var loser = Assert.Single(outcomes, o => o.Value!.Status == EnrolmentStatuses.Waiting);
            Assert.Equal(1, loser.Value!.Position ?? 0);
            Assert.Equal(1, (await GroupAsync(app, group)).Taken);

            await using var scope = app.Services.CreateAsyncScope();
            var winnerStaff = (await EnrolmentAsync(app, winner.Value!.EnrolmentId)).StaffId;
            Assert.True((await scope.ServiceProvider.GetRequiredService<EnrolmentService>().CancelAsync(winnerStaff, winner.Value!.EnrolmentId, default)).IsSuccess);
            Assert.Equal(EnrolmentStatuses.Enrolled, (await EnrolmentAsync(app, loser.Value.EnrolmentId)).Status);
            Assert.Equal(1, (await GroupAsync(app, group)).Taken);
        }

        // Ten trainees, three places.
        var many = await NewGroupAsync(app, "CHAT-1", 3, (new DateOnly(2026, 5, 5), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var crowd = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => EnrolAsync(app, Guid.NewGuid(), many, waitingList: true))));
        Assert.Equal(3, crowd.Count(o => o.Value?.Status == EnrolmentStatuses.Enrolled));
        Assert.Equal(Enumerable.Range(1, 7), crowd.Where(o => o.Value?.Status == EnrolmentStatuses.Waiting).Select(o => o.Value!.Position!.Value).Order());
        Assert.Equal(3, (await GroupAsync(app, many)).Taken);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_API_answers_201_409_with_the_waiting_list_offer_202_and_the_rule_codes(string engine)
    {
        await using var app = App(engine);
        var group = await NewGroupAsync(app, "CHAT-1", 1, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var a = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(a, "hoitaja.loviisa");
        var b = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(b, "laakari.porvoo");
        Uri Enrol(Guid id, string query = "") => new($"/api/training/groups/{id:D}/enrolments{query}", UriKind.Relative);

        using (var created = await a.PostAsync(Enrol(group), null))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("enrolled", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        }

        using (var full = await b.PostAsync(Enrol(group), null))
        {
            Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
            var problem = await full.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("training.group_full", problem.GetProperty("code").GetString());
            Assert.True(problem.GetProperty("waitingListAvailable").GetBoolean());
            Assert.Contains("waitingList=true", problem.GetProperty("waitingListRequest").GetString(), StringComparison.Ordinal);
        }

        using (var waiting = await b.PostAsync(Enrol(group, "?waitingList=true"), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
            var body = await waiting.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("waiting", 1), (body.GetProperty("status").GetString(), body.GetProperty("position").GetInt32()));
        }

        async Task<(HttpStatusCode, string?)> Code(HttpClient client, Uri uri)
        {
            using var r = await client.PostAsync(uri, null);
            return (r.StatusCode, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        // The doctor only waits for CHAT-1, which does not count for the order; the nurse's place does not complete it.
        Assert.Equal((HttpStatusCode.Conflict, "training.order"), await Code(b, Enrol(await GroupIdAsync(app, "CHAT-2-02"))));
        Assert.Equal((HttpStatusCode.Conflict, "training.prerequisite_missing"), await Code(a, Enrol(await GroupIdAsync(app, "ETA-1-01"))));
        Assert.Equal((HttpStatusCode.NotFound, "training.group_not_found"), await Code(a, Enrol(Guid.NewGuid())));

        var search = await a.GetFromJsonAsync<JsonElement>(new Uri("/api/training/programmes?q=chat&title=nurse", UriKind.Relative));
        Assert.Equal("DIGI-CHAT", Assert.Single(search.EnumerateArray()).GetProperty("code").GetString());
        var forSocialWorkers = await a.GetFromJsonAsync<JsonElement>(new Uri("/api/training/programmes?title=social-worker", UriKind.Relative));
        Assert.Equal("DIGI-ETA", Assert.Single(forSocialWorkers.EnumerateArray()).GetProperty("code").GetString());
        using var tooLong = await a.GetAsync(new Uri("/api/training/programmes?q=" + new string('x', 101), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        // Not signed in: no enrolment.
        using var anonymous = await app.CreateBrowserLikeClient().PostAsync(Enrol(group), null);
        Assert.NotEqual(HttpStatusCode.Created, anonymous.StatusCode);
        Assert.True(anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_pages_enrol_offer_the_waiting_list_encode_posts_and_keep_the_trainer_pages_from_trainees(string engine)
    {
        await using var app = App(engine);
        var group = await NewGroupAsync(app, "CHAT-1", 1, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.loviisa");
        var (html, token) = await SignIn.GetFormAsync(nurse, "/training/programmes/DIGI-CHAT");
        Assert.Contains("Chatin perusteet", SignIn.Html(html), StringComparison.Ordinal);
        using (var enrolled = await SignIn.PostFormAsync(nurse, "/training/programmes/DIGI-CHAT?handler=Enrol", token, new Dictionary<string, string> { ["groupId"] = group.ToString(), ["waitingList"] = "false" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
            Assert.Equal($"/training/groups/{group:D}", enrolled.Headers.Location!.ToString());
        }

        var doctor = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(doctor, "laakari.porvoo");
        (_, token) = await SignIn.GetFormAsync(doctor, "/training/programmes/DIGI-CHAT");
        using (var full = await SignIn.PostFormAsync(doctor, "/training/programmes/DIGI-CHAT?handler=Enrol", token, new Dictionary<string, string> { ["groupId"] = group.ToString(), ["waitingList"] = "false" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
            var page = SignIn.Html(await full.Content.ReadAsStringAsync());
            Assert.Contains("Ryhmä on täynnä. Voit ilmoittautua varasijalle.", page, StringComparison.Ordinal);
            Assert.Contains("Ilmoittaudu varasijalle", page, StringComparison.Ordinal);
        }

        // The group's discussion is its participants': the nurse writes, the text is encoded; the doctor is not in it.
        (_, token) = await SignIn.GetFormAsync(nurse, $"/training/groups/{group:D}");
        using (var posted = await SignIn.PostFormAsync(nurse, $"/training/groups/{group:D}?handler=Post", token, new Dictionary<string, string> { ["Text"] = "Hei <script>alert(1)</script>" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }

        var groupPage = await nurse.GetStringAsync(new Uri($"/training/groups/{group:D}", UriKind.Relative));
        Assert.Contains("Hei &lt;script&gt;", groupPage, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", groupPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Hei &lt;script&gt;", await doctor.GetStringAsync(new Uri($"/training/groups/{group:D}", UriKind.Relative)), StringComparison.Ordinal);

        (_, token) = await SignIn.GetFormAsync(doctor, "/training/programmes/DIGI-CHAT");
        using (var waiting = await SignIn.PostFormAsync(doctor, "/training/programmes/DIGI-CHAT?handler=Enrol", token, new Dictionary<string, string> { ["groupId"] = group.ToString(), ["waitingList"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, waiting.StatusCode);
        }

        Assert.Contains("Olet varasijalla numero 1.", SignIn.Html(await doctor.GetStringAsync(new Uri($"/training/groups/{group:D}", UriKind.Relative))), StringComparison.Ordinal);

        // A trainee is refused the trainer's pages, on GET and on a handler's POST; the trainer sees the participants.
        foreach (var url in new[] { "/training/trainer", $"/training/trainer/groups/{group:D}" })
        {
            using var refused = await nurse.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true, url);
        }

        (_, token) = await SignIn.GetFormAsync(nurse, $"/training/groups/{group:D}");
        using (var post = await SignIn.PostFormAsync(nurse, $"/training/trainer/groups/{group:D}?handler=Attendance", token, new Dictionary<string, string> { ["sessionId"] = Guid.NewGuid().ToString() }))
        {
            Assert.True(post.StatusCode is HttpStatusCode.Forbidden || post.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Polku.Platform.Persistence.PolkuDb>();
            var trainer = await StaffAsync(app, "kouluttaja");
            var row = await db.Set<CourseGroup>().FindAsync(group);
            row!.TrainerStaffId = trainer.Id;
            await db.SaveChangesAsync();
        }

        var trainerClient = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(trainerClient, "kouluttaja");
        var participants = SignIn.Html(await trainerClient.GetStringAsync(new Uri($"/training/trainer/groups/{group:D}", UriKind.Relative)));
        Assert.Contains("Liisa Lähihoito", participants, StringComparison.Ordinal);
        Assert.Contains("Lauri Lääkäri", participants, StringComparison.Ordinal);

        // Attendance only for the enrolled: the doctor on the waiting list cannot be marked present.
        var (trainerHtml, trainerToken) = await SignIn.GetFormAsync(trainerClient, $"/training/trainer/groups/{group:D}");
        var session = await WithDbAsync(app, db => Task.FromResult(db.Set<GroupSession>().Single(s => s.GroupId == group).Id));
        var doctorEnrolment = await WithDbAsync(app, db => Task.FromResult(db.Set<Enrolment>().Single(e => e.GroupId == group && e.Status == EnrolmentStatuses.Waiting).Id));
        using (var wrong = await SignIn.PostFormAsync(trainerClient, $"/training/trainer/groups/{group:D}?handler=Attendance", trainerToken,
            new Dictionary<string, string> { ["sessionId"] = session.ToString(), ["present"] = doctorEnrolment.ToString() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("Läsnäolon voi merkitä vain ryhmään ilmoittautuneille.", SignIn.Html(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Contains("Tallenna läsnäolo", trainerHtml, StringComparison.Ordinal);
    }
}
