using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>Work queues over HTTP and on the desk pages: claim races, transfer, reassign, complete, visibility.</summary>
[Trait("Category", "Postgres")]
public sealed class DeskTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>A resident's message through the API; returns the id of the task it created.</summary>
    private static async Task<Guid> ResidentMessageTaskAsync(PolkuAppFactory app, string resident = "Maija Meikäläinen", string subject = "Kysymys")
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, resident);
        using var sent = await client.PostAsJsonAsync(new Uri("/api/messages/threads", UriKind.Relative), new { subject, body = "Tarvitsen neuvoa." });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var threadId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => t.Id).SingleAsync();
    }

    private static async Task<HttpClient> StaffAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    private static async Task<Guid> QueueIdAsync(PolkuAppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkQueue>().Where(q => q.Code == code).Select(q => q.Id).SingleAsync();
    }

    private static async Task<Guid> StaffIdAsync(PolkuAppFactory app, string login)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!.Id;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object? body = null) =>
        client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body ?? new { });

    private static async Task<string> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Of_many_simultaneous_claims_exactly_one_wins(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var taskId = await ResidentMessageTaskAsync(app);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var doctor = await StaffAsync(app, "laakari.porvoo");
        var url = $"/api/desk/tasks/{taskId}/claim";
        if (app.Services.GetService<PostgresLiveListener>() is { } listener)
        {
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }

        using var live = app.Services.GetRequiredService<LiveHub>().Subscribe([LiveAudiences.Queue(await QueueIdAsync(app, "hs-638"))]);

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            await start.WaitAsync();
            return await PostAsync(i % 2 == 0 ? nurse : doctor, url);
        }).ToList();
        start.Release(attempts.Count);
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("task.already_claimed", await CodeAsync(loser));
        }

        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).Content.ReadFromJsonAsync<JsonElement>();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == taskId);
        Assert.Equal(TaskState.Claimed, task.State);
        Assert.Equal(winner.GetProperty("assigneeId").GetGuid(), task.AssigneeId);
        Assert.Single(await db.Set<TaskEvent>().Where(e => e.TaskId == taskId && e.Action == "claimed").ToListAsync());

        // The winner's claim, its audit row and its live event commit together (on PostgreSQL in one statement); the
        // fifteen losers write and announce nothing.
        var audited = await db.AuditEntries.Where(e => e.Action == "contacts.desk.task.claim" && e.ActorRole == "staff").ToListAsync();
        var entry = Assert.Single(audited);
        Assert.Equal((task.AssigneeId, "change"), (entry.ActorId, entry.Access));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var announced = await live.Reader.ReadAsync(timeout.Token);
        Assert.Equal(("task.claimed", taskId.ToString("D")), (announced.Event.Type, announced.Event.Id));
        await Task.Delay(300);
        Assert.False(live.Reader.TryRead(out var more), $"unexpected {more?.Event}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Queue_counts_match_the_open_tasks_and_a_queue_without_open_tasks_counts_zero(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        await ResidentMessageTaskAsync(app);
        var nurseId = await StaffIdAsync(app, "hoitaja.porvoo");
        var emptyId = Guid.NewGuid();
        DateTime now;
        List<WorkTask> open;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            db.Add(new WorkQueue
            {
                Id = emptyId, Code = "test-empty", NameFi = "Tyhjä jono", NameSv = "Tom kö", NameEn = "Empty queue",
                TargetP1Minutes = 15, TargetP2Minutes = 60, TargetP3Minutes = 480, TargetP4Minutes = 2880,
            });
            db.Add(new QueueMember { QueueId = emptyId, StaffId = nurseId });
            await db.SaveChangesAsync();
            var mine = db.Set<QueueMember>().Where(m => m.StaffId == nurseId).Select(m => m.QueueId);
            open = await db.Set<WorkTask>().AsNoTracking().Where(t => mine.Contains(t.QueueId) && t.State != TaskState.Done).ToListAsync();
            now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        }

        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var queues = (await nurse.GetFromJsonAsync<JsonElement>(new Uri("/api/desk/queues", UriKind.Relative))).EnumerateArray().ToList();
        Assert.Contains(queues, q => q.GetProperty("waiting").GetInt32() > 0);
        foreach (var queue in queues)
        {
            var tasks = open.Where(t => t.QueueId == queue.GetProperty("id").GetGuid()).ToList();
            var waiting = tasks.Where(t => t.State == TaskState.New).ToList();
            var expected = (
                waiting.Count,
                tasks.Count - waiting.Count,
                tasks.Count(t => t.DueUtc <= now),
                tasks.Count(t => t.DueUtc > now && t.DueUtc <= now + QueueWork.DueSoonWindow),
                waiting.Count == 0 ? (DateTime?)null : waiting.Min(t => t.CreatedUtc));
            var oldest = queue.GetProperty("oldestWaiting");
            var actual = (
                queue.GetProperty("waiting").GetInt32(),
                queue.GetProperty("claimed").GetInt32(),
                queue.GetProperty("overdue").GetInt32(),
                queue.GetProperty("dueSoon").GetInt32(),
                oldest.ValueKind == JsonValueKind.Null ? (DateTime?)null : oldest.GetDateTimeOffset().UtcDateTime);
            Assert.Equal(expected, actual);
        }

        var empty = Assert.Single(queues, q => q.GetProperty("id").GetGuid() == emptyId);
        Assert.Equal((0, 0, 0, 0), (empty.GetProperty("waiting").GetInt32(), empty.GetProperty("claimed").GetInt32(),
            empty.GetProperty("overdue").GetInt32(), empty.GetProperty("dueSoon").GetInt32()));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("oldestWaiting").ValueKind);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Queue_lists_by_due_time_then_age_with_counts(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var older = await ResidentMessageTaskAsync(app, subject: "Ensimmäinen");
        var newer = await ResidentMessageTaskAsync(app, "Erik Exempelsson", "Andra");
        var queueId = await QueueIdAsync(app, "hs-638");
        using (var scope = app.Services.CreateScope())
        {
            // An urgent task that arrives last is due first.
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == newer);
            task.Urgency = Urgency.P2;
            task.DueUtc = task.CreatedUtc.AddHours(1);
            await db.SaveChangesAsync();
        }

        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var tasks = await nurse.GetFromJsonAsync<JsonElement>(new Uri($"/api/desk/queues/{queueId}/tasks", UriKind.Relative));
        var ids = tasks.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(newer) < ids.IndexOf(older));
        var dues = tasks.EnumerateArray().Select(t => t.GetProperty("due").GetDateTimeOffset()).ToList();
        Assert.Equal(dues.Order(), dues);

        var queues = await nurse.GetFromJsonAsync<JsonElement>(new Uri("/api/desk/queues", UriKind.Relative));
        var hs = queues.EnumerateArray().Single(q => q.GetProperty("code").GetString() == "hs-638");
        Assert.Equal(ids.Count, hs.GetProperty("waiting").GetInt32() + hs.GetProperty("claimed").GetInt32());
        Assert.Equal("Porvoon terveysasema", hs.GetProperty("name").GetProperty("fi").GetString());
        Assert.DoesNotContain(queues.EnumerateArray(), q => q.GetProperty("code").GetString() == "hs-434");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Transfer_keeps_history_clears_the_assignee_and_needs_a_note(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var taskId = await ResidentMessageTaskAsync(app);
        var social = await QueueIdAsync(app, "ss-638");
        var from = await QueueIdAsync(app, "hs-638");
        var secretary = await StaffAsync(app, "sihteeri.porvoo");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(secretary, $"/api/desk/tasks/{taskId}/claim")).StatusCode);

        using var noNote = await PostAsync(secretary, $"/api/desk/tasks/{taskId}/transfer", new { queueId = social, note = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal("task.note_required", await CodeAsync(noNote));
        using var unknown = await PostAsync(secretary, $"/api/desk/tasks/{taskId}/transfer", new { queueId = Guid.NewGuid(), note = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var moved = await PostAsync(secretary, $"/api/desk/tasks/{taskId}/transfer", new { queueId = social, note = "Toimeentulotukiasia" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var body = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(social, body.GetProperty("queueId").GetGuid());
        Assert.Equal("new", body.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("assigneeId").ValueKind);

        var detail = await secretary.GetFromJsonAsync<JsonElement>(new Uri($"/api/desk/tasks/{taskId}", UriKind.Relative));
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["created", "claimed", "transferred"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(from, history[2].GetProperty("fromQueueId").GetGuid());
        Assert.Equal(social, history[2].GetProperty("toQueueId").GetGuid());
        Assert.Equal("Toimeentulotukiasia", history[2].GetProperty("note").GetString());

        // The nurse is not in the social services queue: the task is out of her sight now.
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(new Uri($"/api/desk/tasks/{taskId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(nurse, $"/api/desk/tasks/{taskId}/claim")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Complete_needs_the_assignee_and_an_outcome_and_records_a_service_event(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var taskId = await ResidentMessageTaskAsync(app, "Lotta Testinen");
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        using var notMine = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/complete", new { outcome = "handled-digitally" });
        Assert.Equal(HttpStatusCode.Conflict, notMine.StatusCode);
        Assert.Equal("task.not_yours", await CodeAsync(notMine));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, $"/api/desk/tasks/{taskId}/claim")).StatusCode);
        using var bad = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/complete", new { outcome = "<b>" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("task.outcome_invalid", await CodeAsync(bad));

        using var done = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/complete", new { outcome = "handled-digitally" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        using var again = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/complete", new { outcome = "handled-digitally" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == taskId);
        Assert.Equal(TaskState.Done, task.State);
        Assert.Equal("handled-digitally", task.Outcome);
        Assert.Equal(CaseState.Closed, (await db.Set<Case>().SingleAsync(c => c.Id == task.CaseId)).State);
        var e = await db.ServiceEvents.SingleAsync(x => x.Type == "task.completed" && x.MunicipalityCode == "434");
        Assert.Equal("message", e.Channel);
        Assert.Equal("handled-digitally", e.Outcome);
        Assert.NotNull(e.WaitingSeconds);
        Assert.NotNull(e.HandlingSeconds);
        Assert.NotNull(e.ResidentKey);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Reassign_only_to_a_member_and_release_only_by_the_assignee(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var taskId = await ResidentMessageTaskAsync(app);
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var doctor = await StaffAsync(app, "laakari.porvoo");
        var doctorId = await StaffIdAsync(app, "laakari.porvoo");
        var loviisa = await StaffIdAsync(app, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(nurse, $"/api/desk/tasks/{taskId}/claim")).StatusCode);

        using var outsider = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/reassign", new { assigneeId = loviisa });
        Assert.Equal(HttpStatusCode.BadRequest, outsider.StatusCode);
        Assert.Equal("task.assignee_not_member", await CodeAsync(outsider));
        using var notHers = await PostAsync(doctor, $"/api/desk/tasks/{taskId}/release");
        Assert.Equal(HttpStatusCode.Conflict, notHers.StatusCode);

        using var given = await PostAsync(nurse, $"/api/desk/tasks/{taskId}/reassign", new { assigneeId = doctorId });
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal(doctorId, (await given.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assigneeId").GetGuid());
        using var released = await PostAsync(doctor, $"/api/desk/tasks/{taskId}/release");
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal("new", (await released.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Desk_pages_show_the_situation_and_a_lost_claim_returns_to_the_queue_with_a_notice()
    {
        await using var app = new PolkuAppFactory();
        var taskId = await ResidentMessageTaskAsync(app, subject: "Rokotusaika");
        var queueId = await QueueIdAsync(app, "hs-638");
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var doctor = await StaffAsync(app, "laakari.porvoo");

        var home = SignIn.Html(await nurse.GetStringAsync(new Uri("/desk", UriKind.Relative)));
        Assert.Contains("Porvoon terveysasema", home, StringComparison.Ordinal);
        Assert.Contains($"/desk/queues/{queueId}", home, StringComparison.Ordinal);
        var (queuePage, token) = await SignIn.GetFormAsync(nurse, $"/desk/queues/{queueId}");
        Assert.Contains("Rokotusaika", SignIn.Html(queuePage), StringComparison.Ordinal);
        var (_, doctorToken) = await SignIn.GetFormAsync(doctor, $"/desk/queues/{queueId}");

        using var won = await SignIn.PostFormAsync(nurse, $"/desk/tasks/{taskId}?handler=Claim", token, []);
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal($"/desk/tasks/{taskId}?done=claimed", won.Headers.Location!.OriginalString);
        using var lost = await SignIn.PostFormAsync(doctor, $"/desk/tasks/{taskId}?handler=Claim", doctorToken, []);
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode);
        Assert.Equal($"/desk/queues/{queueId}?notice=claimed", lost.Headers.Location!.OriginalString);
        var notice = SignIn.Html(await doctor.GetStringAsync(new Uri(lost.Headers.Location.OriginalString, UriKind.Relative)));
        Assert.Contains("Joku muu ehti ottaa tehtävän ensin", notice, StringComparison.Ordinal);
        Assert.Contains("Hanna Hoitaja", notice, StringComparison.Ordinal);

        var (taskPage, taskToken) = await SignIn.GetFormAsync(nurse, $"/desk/tasks/{taskId}");
        Assert.Contains("/desk/threads/", taskPage, StringComparison.Ordinal);
        Assert.Contains("/desk/threads/new?caseId=", taskPage, StringComparison.Ordinal);
        Assert.Contains("/desk/residents/", taskPage, StringComparison.Ordinal);
        using var noOutcome = await SignIn.PostFormAsync(nurse, $"/desk/tasks/{taskId}?handler=Complete", taskToken, [new("Input.Outcome", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.StatusCode);
        Assert.Contains("Valitse lopputulos.", SignIn.Html(await noOutcome.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var completed = await SignIn.PostFormAsync(nurse, $"/desk/tasks/{taskId}?handler=Complete", taskToken, [new("Input.Outcome", "handled-digitally")]);
        Assert.Equal(HttpStatusCode.Redirect, completed.StatusCode);
        var after = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/tasks/{taskId}", UriKind.Relative)));
        Assert.Contains("Hoidettu digitaalisesti", after, StringComparison.Ordinal);

        var outsider = await StaffAsync(app, "hoitaja.loviisa");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(new Uri($"/desk/tasks/{taskId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(new Uri($"/desk/queues/{queueId}", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_NUL_character_in_JSON_text_is_a_400_and_nothing_is_written(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var taskId = await ResidentMessageTaskAsync(app);
        var social = await QueueIdAsync(app, "ss-638");
        var secretary = await StaffAsync(app, "sihteeri.porvoo");
        using var transfer = await PostAsync(secretary, $"/api/desk/tasks/{taskId}/transfer", new { queueId = social, note = "a\u0000b" });
        Assert.Equal(HttpStatusCode.BadRequest, transfer.StatusCode);
        Assert.Equal("request.text_invalid", await CodeAsync(transfer));

        var resident = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Lotta Testinen");
        using var message = await resident.PostAsJsonAsync(new Uri("/api/messages/threads", UriKind.Relative), new { subject = "Nul", body = "x\u0000y" });
        Assert.Equal(HttpStatusCode.BadRequest, message.StatusCode);
        Assert.Equal("request.text_invalid", await CodeAsync(message));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.Equal(TaskState.New, (await db.Set<WorkTask>().SingleAsync(t => t.Id == taskId)).State);
        Assert.False(await db.Set<MessageThread>().AnyAsync(t => t.Subject == "Nul"));
    }

    [Fact]
    public async Task The_demo_county_has_queues_members_and_open_matters()
    {
        await using var app = new PolkuAppFactory();
        var nurse = await StaffAsync(app, "hoitaja.porvoo");
        var queues = await nurse.GetFromJsonAsync<JsonElement>(new Uri("/api/desk/queues", UriKind.Relative));
        var hs = queues.EnumerateArray().Single(q => q.GetProperty("code").GetString() == "hs-638");
        Assert.True(hs.GetProperty("waiting").GetInt32() + hs.GetProperty("claimed").GetInt32() >= 2);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var codes = await db.Set<WorkQueue>().Select(q => q.Code).ToListAsync();
        foreach (var m in new[] { "018", "434", "504", "624", "638", "753" })
        {
            Assert.Contains("hs-" + m, codes);
            Assert.Contains("ss-" + m, codes);
        }

        Assert.Contains("digi", codes);
        var digi = await db.Set<WorkQueue>().SingleAsync(q => q.Code == "digi");
        Assert.True(await db.Set<QueueMember>().AnyAsync(m => m.QueueId == digi.Id));
        Assert.Equal(3, await db.Set<ReplyTemplate>().Select(t => t.BodySv).Where(b => b.Length > 0).Take(3).CountAsync());
    }
}
