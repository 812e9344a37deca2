using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Contacts.FollowUp;
using Polku.Identity.Contracts;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>
/// Digital follow-up (issue 14 item 3, docs/follow-up.md): enrolment from a task, measurements with their checks,
/// alerts once per episode (also when values arrive at once), reminders at Helsinki times across the clock changes
/// exactly once, missed measurements, notes shown as text, ending and extending a plan.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class FollowUpTests
{
    /// <summary>Monday 7 December 2026, 07:30 in Helsinki: before the plan's first 08:00 slot.</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 12, 7, 5, 30, 0, TimeSpan.Zero);

    private const string Maija = "Maija Meikäläinen";
    private const string MaijaCode = "140580-902T";

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);

    private static Task<HttpResponseMessage> MeasureAsync(HttpClient client, Guid planId, object values, DateTimeOffset? at = null, string? note = null, string type = "bp") =>
        PostJsonAsync(client, $"/api/follow-up/plans/{planId}/measurements",
            new { type, values, at = at?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), note });

    private static async Task<HttpClient> NurseAsync(PolkuAppFactory factory, string login = "hoitaja.porvoo")
    {
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, login);
        return nurse;
    }

    private static async Task<HttpClient> ResidentAsync(PolkuAppFactory factory, string name = Maija)
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, name);
        return client;
    }

    /// <summary>The professional enrols Maija from her message task on the desk's enrolment page; returns the new plan's id.</summary>
    private static async Task<Guid> EnrolFromTaskAsync(PolkuAppFactory factory, HttpClient nurse, string template = "home-blood-pressure")
    {
        await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638", "hoitaja.porvoo");
        Guid taskId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var maija = await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync(MaijaCode);
            taskId = await db.Set<WorkTask>().Where(t => t.Type == TaskType.Message && db.Set<Case>().Any(c => c.Id == t.CaseId && c.ResidentId == maija!.Id))
                .Select(t => t.Id).FirstAsync();
        }

        var task = await nurse.GetStringAsync(new Uri($"/desk/tasks/{taskId}", UriKind.Relative));
        Assert.Contains($"/desk/follow-up/enrol?task={taskId}", task, StringComparison.Ordinal);
        var (html, token) = await SignIn.GetFormAsync(nurse, $"/desk/follow-up/enrol?task={taskId}");
        Assert.Contains("Maija Meikäläinen", SignIn.Html(html), StringComparison.Ordinal);
        var today = HelsinkiTime.LocalDate(factory.Services.GetRequiredService<TimeProvider>().GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var posted = await SignIn.PostFormAsync(nurse, $"/desk/follow-up/enrol?task={taskId}", token, [new("Input.Template", template), new("Input.Start", today)]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var match = PlanLink().Match(posted.Headers.Location!.OriginalString);
        Assert.True(match.Success, posted.Headers.Location.OriginalString);
        return Guid.Parse(match.Groups[1].Value);
    }

    /// <summary>Enrols a resident directly through the service, as the Porvoo nurse, from a given first day.</summary>
    private static async Task<Guid> EnrolAsync(PolkuAppFactory factory, Guid residentId, string template, DateOnly start)
    {
        var queueId = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638", "hoitaja.porvoo");
        using var scope = factory.Services.CreateScope();
        var nurse = await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("hoitaja.porvoo");
        var result = await scope.ServiceProvider.GetRequiredService<FollowUpService>()
            .EnrolAsync(new EnrolDraft(template, start, residentId, queueId, null, "638", null), nurse!.Id, CancellationToken.None);
        Assert.Null(result.Error);
        return result.Value!.Id;
    }

    private static async Task<Guid> MaijaIdAsync(PolkuAppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentByIdentityCodeAsync(MaijaCode))!.Id;
    }

    private static async Task<List<WorkTask>> AlertTasksAsync(PolkuAppFactory factory, Guid planId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().AsNoTracking()
            .Where(t => t.Type == TaskType.FollowUpAlert && t.SourceId == planId).OrderBy(t => t.CreatedUtc).ToListAsync();
    }

    private static async Task<bool> AlertOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(Guid.Empty, json.RootElement.GetProperty("measurementId").GetGuid());
        return json.RootElement.GetProperty("alert").GetBoolean();
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Three_out_of_limit_values_make_one_task_and_after_it_is_done_the_next_makes_a_second(string engine)
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory(engine) { Time = clock };
        var nurse = await NurseAsync(factory);
        var planId = await EnrolFromTaskAsync(factory, nurse);
        clock.Advance(TimeSpan.FromMinutes(40));

        // Sessions follow the test clock: sign in again after moving it.
        var resident = await ResidentAsync(factory);
        nurse = await NurseAsync(factory);

        Assert.False(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 132, diastolic = 84, pulse = 70 })));
        Assert.Empty(await AlertTasksAsync(factory, planId));

        Assert.True(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 168, diastolic = 96 })));
        Assert.True(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 150, diastolic = 104 })));
        Assert.True(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 85, diastolic = 60 })));
        var tasks = await AlertTasksAsync(factory, planId);
        var task = Assert.Single(tasks);

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var notes = await db.Set<TaskEvent>().Where(e => e.TaskId == task.Id && e.Action == "follow-up-value").OrderBy(e => e.AtUtc).Select(e => e.Note).ToListAsync();
            Assert.Equal(["168/96 mmHg", "150/104 mmHg", "85/60 mmHg"], notes);
            var queue = await db.Set<WorkQueue>().FirstAsync(q => q.Id == task.QueueId);
            Assert.Equal("hs-638", queue.Code);

            // Service events: the channel, municipality and service, a pseudonym and never an identity code. (The demo
            // plan's values were recorded when the database was seeded, at the starting instant.)
            var seeded = MondayMorning.UtcDateTime;
            var events = await db.ServiceEvents.Where(e => e.Type.StartsWith("followup.") && (e.Type == "followup.enrolled" || e.AtUtc > seeded)).ToListAsync();
            Assert.Equal(1, events.Count(e => e.Type == "followup.enrolled"));
            Assert.Equal(4, events.Count(e => e.Type == "followup.measurement"));
            Assert.Equal(1, events.Count(e => e.Type == "followup.alert"));
            Assert.All(events, e => Assert.Equal(("follow-up", "638", "health-station"), (e.Channel, e.MunicipalityCode, e.ServiceCode)));
            Assert.All(events, e => Assert.DoesNotContain(MaijaCode, (e.ResidentKey ?? "") + e.Detail + e.Outcome, StringComparison.Ordinal));
        }

        // The desk's task page names the values and leads to the plan.
        var taskPage = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/tasks/{task.Id}", UriKind.Relative)));
        Assert.Contains("168/96 mmHg", taskPage, StringComparison.Ordinal);
        Assert.Contains($"/desk/follow-up/{planId}", taskPage, StringComparison.Ordinal);

        // Done: the episode ends, and the next out-of-limit value starts a second one.
        (await PostJsonAsync(nurse, $"/api/desk/tasks/{task.Id}/claim", new { })).Dispose();
        using (var done = await PostJsonAsync(nurse, $"/api/desk/tasks/{task.Id}/complete", new { outcome = "handled-digitally" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(3));
        resident = await ResidentAsync(factory);
        Assert.True(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 171, diastolic = 99 })));
        Assert.True(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 175, diastolic = 101 })));
        tasks = await AlertTasksAsync(factory, planId);
        Assert.Equal(2, tasks.Count);
        Assert.Equal(TaskState.New, tasks[1].State);

        // A professional of another unit, without the queue or a care relationship, does not see the plan.
        var loviisa = await NurseAsync(factory, "hoitaja.loviisa");
        using var hidden = await loviisa.GetAsync(new Uri($"/desk/follow-up/{planId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Simultaneous_out_of_limit_values_make_one_task(string engine)
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory(engine) { Time = clock };
        var planId = await EnrolAsync(factory, await MaijaIdAsync(factory), "home-blood-pressure", HelsinkiTime.LocalDate(MondayMorning));
        clock.Advance(TimeSpan.FromMinutes(40));
        var clients = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await ResidentAsync(factory));
        }

        var responses = await Task.WhenAll(clients.Select((c, i) => MeasureAsync(c, planId, new { systolic = 170 + i, diastolic = 100 })));
        foreach (var response in responses)
        {
            Assert.True(await AlertOfAsync(response));
        }

        var task = Assert.Single(await AlertTasksAsync(factory, planId));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.Equal(6, await db.Set<TaskEvent>().CountAsync(e => e.TaskId == task.Id && e.Action == "follow-up-value"));
        Assert.Equal(6, await db.Set<FollowUpMeasurement>().CountAsync(m => m.PlanId == planId && m.AlertTaskId == task.Id));
        Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == "followup.alert"));
    }

    [Fact]
    public async Task Values_are_checked_a_decimal_comma_is_accepted_and_another_residents_plan_is_not_found()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var maijaId = await MaijaIdAsync(factory);
        var glucose = await EnrolAsync(factory, maijaId, "blood-glucose", HelsinkiTime.LocalDate(MondayMorning));
        var bp = await EnrolAsync(factory, maijaId, "home-blood-pressure", HelsinkiTime.LocalDate(MondayMorning));
        clock.Advance(TimeSpan.FromMinutes(40));
        var resident = await ResidentAsync(factory);

        async Task Refused(HttpResponseMessage response, string code, string field, string? detail = null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(code, json.RootElement.GetProperty("code").GetString());
            Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
            if (detail is not null)
            {
                Assert.Contains(detail, json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        await Refused(await MeasureAsync(resident, bp, new { systolic = 400, diastolic = 90 }), "followup.value_out_of_range", "values.systolic", "50–300 mmHg");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 10 }), "followup.value_out_of_range", "values.diastolic");
        await Refused(await MeasureAsync(resident, bp, new { systolic = "abc", diastolic = 90 }), "followup.value_invalid", "values.systolic", "Yläpaine");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140.5, diastolic = 90 }), "followup.value_invalid", "values.systolic");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140 }), "followup.value_required", "values.diastolic");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 90, temperature = 37 }), "followup.value_unknown", "values.temperature");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 90 }, type: "glucose"), "followup.type_invalid", "type");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 90 }, at: clock.GetUtcNow().AddHours(1)), "followup.time_in_future", "at");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 90 }, at: clock.GetUtcNow().AddDays(-2)), "followup.time_before_start", "at");
        await Refused(await MeasureAsync(resident, bp, new { systolic = 140, diastolic = 90 }, note: new string('x', 501)), "followup.note_too_long", "note");

        // A decimal comma through the API and through the page's form; the value is stored as the number it is.
        Assert.False(await AlertOfAsync(await MeasureAsync(resident, glucose, new { glucose = "5,6" }, type: "glucose")));
        var (html, token) = await SignIn.GetFormAsync(resident, $"/me/follow-up/{glucose}");
        Assert.Contains("name=\"Input.Values[glucose]\"", html, StringComparison.Ordinal);
        var local = HelsinkiTime.ToLocal(clock.GetUtcNow().AddMinutes(-10));
        using (var posted = await SignIn.PostFormAsync(resident, $"/me/follow-up/{glucose}", token,
            [new("Input.Values[glucose]", "11,2"), new("Input.Date", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Input.Time", local.ToString("HH:mm", CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.Contains("done=alert", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var wrong = await SignIn.PostFormAsync(resident, $"/me/follow-up/{glucose}", token,
            [new("Input.Values[glucose]", "55,5"), new("Input.Date", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Input.Time", local.ToString("HH:mm", CultureInfo.InvariantCulture))]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            var page = SignIn.Html(await wrong.Content.ReadAsStringAsync());
            Assert.Contains("Verensokeri: arvon pitää olla välillä 1,0–40,0 mmol/l.", page, StringComparison.Ordinal);
            Assert.Contains("value=\"55,5\"", page, StringComparison.Ordinal);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var values = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<FollowUpMeasurement>().Where(m => m.PlanId == glucose)
                .OrderBy(m => m.MeasuredUtc).Select(m => m.ValuesJson).ToListAsync();
            Assert.Equal(["{\"glucose\":11.2}", "{\"glucose\":5.6}"], values);
        }

        // The resident's page shows the value in Finnish, with a comma.
        Assert.Contains(">5,6<", await resident.GetStringAsync(new Uri($"/me/follow-up/{glucose}", UriKind.Relative)), StringComparison.Ordinal);

        // Somebody else: no plan, whether by the API or the page.
        var erik = await ResidentAsync(factory, "Erik Exempelsson");
        using (var other = await MeasureAsync(erik, bp, new { systolic = 140, diastolic = 90 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.Contains("followup.not_found", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var otherPage = await erik.GetAsync(new Uri($"/me/follow-up/{bp}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherPage.StatusCode);
        }

        Assert.DoesNotContain(bp.ToString(), await erik.GetStringAsync(new Uri("/api/follow-up/plans", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(bp.ToString(), await resident.GetStringAsync(new Uri("/api/follow-up/plans", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_guardian_acting_for_a_child_records_on_the_childs_plan()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var ville = await ResidentAsync(factory, "Ville Vanhempi");
        var me = await ville.GetStringAsync(new Uri("/me", UriKind.Relative));
        Assert.Contains("href=\"/me/follow-up\"", me, StringComparison.Ordinal);
        var onni = Guid.Parse(WardButton().Matches(me).First(m => SignIn.Html(m.Groups[2].Value).Contains("Onni", StringComparison.Ordinal)).Groups[1].Value);
        var weight = await EnrolAsync(factory, onni, "weight", HelsinkiTime.LocalDate(MondayMorning));
        clock.Advance(TimeSpan.FromMinutes(40));
        await CallbackTestData.ActForAsync(ville, "Ville Vanhempi", "Onni");

        var page = SignIn.Html(await ville.GetStringAsync(new Uri($"/me/follow-up/{weight}", UriKind.Relative)));
        Assert.Contains("Asioit huollettavasi puolesta: Onni Vanhempi", page, StringComparison.Ordinal);
        Assert.False(await AlertOfAsync(await MeasureAsync(ville, weight, new { weight = "28,4" }, type: "weight")));
        using var scope = factory.Services.CreateScope();
        var row = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<FollowUpMeasurement>().SingleAsync(m => m.PlanId == weight);
        Assert.Equal("{\"weight\":28.4}", row.ValuesJson);
        Assert.NotEqual(onni, row.RecordedBy);

        // The child's plan is not the guardian's own: without acting for the child it is not found.
        var maija = await ResidentAsync(factory);
        using var other = await maija.GetAsync(new Uri($"/me/follow-up/{weight}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [GeneratedRegex("name=\"wardId\" value=\"([0-9a-f-]+)\">\\s*<button[^>]*>([^<]*)</button>")]
    private static partial Regex WardButton();

    [GeneratedRegex("/desk/follow-up/([0-9a-f-]{36})")]
    private static partial Regex PlanLink();

    public static TheoryData<string, string, int[]> ClockChanges => new()
    {
        // Spring forward on Sunday 28 March 2027: 08:00 and 20:00 are 06:00/18:00 UTC on Saturday, 05:00/17:00 on Sunday.
        { "2027-03-26T20:00:00Z", "2027-03-27", [6, 18, 5, 17] },
        // Fall back on Sunday 31 October 2027: 05:00/17:00 UTC on Saturday, 06:00/18:00 on Sunday.
        { "2027-10-29T20:00:00Z", "2027-10-30", [5, 17, 6, 18] },
    };

    [Theory]
    [MemberData(nameof(ClockChanges))]
    public async Task Reminders_go_out_once_per_slot_at_Helsinki_times_across_a_clock_change(string now, string start, int[] utcHours)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture));
        await using var factory = new PolkuAppFactory { Time = clock };
        var maijaId = await MaijaIdAsync(factory);
        var planId = await EnrolAsync(factory, maijaId, "home-blood-pressure", DateOnly.Parse(start, CultureInfo.InvariantCulture));

        // Two days in five-minute steps, each step run by two "nodes" (two scopes) at once, then once more.
        var until = clock.GetUtcNow().AddHours(52);
        while (clock.GetUtcNow() < until)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            using var a = factory.Services.CreateScope();
            using var b = factory.Services.CreateScope();
            await Task.WhenAll(a.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None),
                b.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None));
        }

        using (var again = factory.Services.CreateScope())
        {
            Assert.Equal(0, await again.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None));
        }

        using var scope = factory.Services.CreateScope();
        var maija = await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindResidentAsync(maijaId);
        var rows = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DedupeKey.StartsWith("followup:" + planId)).ToListAsync();
        foreach (var channel in new[] { OutboxChannel.Sms, OutboxChannel.Email })
        {
            var sent = rows.Where(r => r.Channel == channel).OrderBy(r => r.CreatedUtc).ToList();
            Assert.Equal(4, sent.Count);
            var slots = sent.Select(r => DateTime.Parse(r.DedupeKey[(r.DedupeKey.IndexOf(':', 9) + 1)..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)).ToList();
            Assert.Equal(utcHours, slots.Select(s => s.Hour));
            Assert.All(slots, s => Assert.True(HelsinkiTime.ToLocal(new DateTimeOffset(s, TimeSpan.Zero)).Hour is 8 or 20, s.ToString("O", CultureInfo.InvariantCulture)));

            // Sent at the slot (within the five-minute step), to the resident, with no health content.
            Assert.All(sent.Zip(slots), p => Assert.InRange(p.First.CreatedUtc - p.Second, TimeSpan.Zero, TimeSpan.FromMinutes(5)));
            Assert.All(sent, r => Assert.Equal(channel == OutboxChannel.Sms ? maija!.Phone : maija!.Email, r.Recipient));
            Assert.All(sent, r => Assert.DoesNotContain("verenpaine", r.Body, StringComparison.OrdinalIgnoreCase));
            Assert.All(sent, r => Assert.Contains("/me/follow-up", r.Body, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Missed_measurements_are_counted_and_marked_and_a_script_in_a_note_is_text()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var planId = await EnrolAsync(factory, await MaijaIdAsync(factory), "home-blood-pressure", HelsinkiTime.LocalDate(MondayMorning));

        // Monday 08:05 and Tuesday 08:10 are measured; then nothing until Thursday 15:00 (Helsinki).
        clock.Advance(TimeSpan.FromMinutes(35));
        var resident = await ResidentAsync(factory);
        Assert.False(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 130, diastolic = 80 }, note: "<script>alert('x')</script> huimasi")));
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(5));
        resident = await ResidentAsync(factory);
        Assert.False(await AlertOfAsync(await MeasureAsync(resident, planId, new { systolic = 128, diastolic = 82 })));
        clock.Advance(new DateTimeOffset(2026, 12, 10, 13, 0, 0, TimeSpan.Zero) - clock.GetUtcNow());
        resident = await ResidentAsync(factory);

        // Slots whose time (and six hours' grace) has passed: Mon, Tue, Wed 08 and 20, Thu 08 — seven, two measured.
        var nurse = await NurseAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            var followUp = scope.ServiceProvider.GetRequiredService<FollowUpService>();
            var plan = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<FollowUpPlan>().AsNoTracking().FirstAsync(p => p.Id == planId);
            var view = await followUp.ViewAsync(plan, CancellationToken.None);
            Assert.Equal(5, view.Missed.Count);
            Assert.Equal(5, view.MissedLastWeek);
        }

        var page = await nurse.GetStringAsync(new Uri($"/desk/follow-up/{planId}?lang=en", UriKind.Relative));
        Assert.Contains("5 measurements missed in the last 7 days", page, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(page, "<span class=\"badge\">Missed</span>"));
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("limit 160", page, StringComparison.Ordinal);

        // The note is text on the desk and on the resident's page.
        Assert.DoesNotContain("<script>alert('x')", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; huimasi", page, StringComparison.Ordinal);
        var own = await resident.GetStringAsync(new Uri($"/me/follow-up/{planId}", UriKind.Relative));
        Assert.DoesNotContain("<script>alert('x')", own, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", own, StringComparison.Ordinal);
        Assert.Contains("5 mittausta puuttuu viimeisen 7 päivän ajalta", SignIn.Html(own), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_plan_is_extended_and_ended_on_the_desk(string engine)
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory(engine) { Time = clock };
        var nurse = await NurseAsync(factory);
        var planId = await EnrolFromTaskAsync(factory, nurse, "blood-glucose");
        var url = $"/desk/follow-up/{planId}";

        var (html, token) = await SignIn.GetFormAsync(nurse, url);
        Assert.Contains("7.12.2026–20.12.2026", SignIn.Html(html), StringComparison.Ordinal);
        using (var bad = await SignIn.PostFormAsync(nurse, url + "?handler=Extend", token, [new("Input.End", "2026-12-10")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Uuden päättymispäivän pitää olla nykyisen jälkeen", SignIn.Html(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var extended = await SignIn.PostFormAsync(nurse, url + "?handler=Extend", token, [new("Input.End", "2027-01-10")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, extended.StatusCode);
            Assert.Contains("done=extended", extended.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("7.12.2026–10.1.2027", SignIn.Html(await nurse.GetStringAsync(new Uri(url, UriKind.Relative))), StringComparison.Ordinal);

        // The extension goes on with the schedule: a reminder on 5 January at 07:30.
        clock.Advance(new DateTimeOffset(2027, 1, 5, 5, 31, 0, TimeSpan.Zero) - clock.GetUtcNow());
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None));
        }

        nurse = await NurseAsync(factory);
        (_, token) = await SignIn.GetFormAsync(nurse, url);
        using (var ended = await SignIn.PostFormAsync(nurse, url + "?handler=End", token, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.Contains("done=ended", ended.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var resident = await ResidentAsync(factory);
        using (var late = await MeasureAsync(resident, planId, new { glucose = 6.1 }, type: "glucose"))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("followup.plan_ended", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        clock.Advance(TimeSpan.FromDays(1));
        resident = await ResidentAsync(factory);
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<FollowUpReminders>().RunAsync(CancellationToken.None));
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var plan = await db.Set<FollowUpPlan>().AsNoTracking().FirstAsync(p => p.Id == planId);
            Assert.Equal((FollowUpPlanState.Ended, new DateOnly(2027, 1, 10)), (plan.State, plan.EndDate));
            Assert.Equal(1, await db.ServiceEvents.CountAsync(e => e.Type == "followup.ended" && e.Channel == "follow-up"));
        }

        var own = SignIn.Html(await resident.GetStringAsync(new Uri($"/me/follow-up/{planId}", UriKind.Relative)));
        Assert.Contains("Seuranta on päättynyt", own, StringComparison.Ordinal);
        Assert.DoesNotContain("Tallenna mittaus", own, StringComparison.Ordinal);
    }
}
