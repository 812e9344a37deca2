using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Chat;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts.Chat;

/// <summary>
/// Chat (issue 13) over its public API: the bot first, the handover into a queue, the professional's atomic take,
/// transfer to a municipality's identified queue with sign-in in the middle of the chat, the end with an outcome, the
/// transcript on the resident's own page, and the stream's exactly-once resume.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ChatFlowTests
{
    /// <summary>Monday 10 March 2025, 10.00 in Helsinki: the digital centre and the Porvoo health station are open.</summary>
    internal static DateTimeOffset MondayMorning => new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    internal static async Task<(Guid Id, HttpClient Client)> StartAsync(PolkuAppFactory factory, string language = "fi", string? municipality = "638", HttpClient? client = null)
    {
        client ??= factory.CreateBrowserLikeClient();
        using var started = await client.PostAsJsonAsync(new Uri("/api/chat/sessions", UriKind.Relative), new { language, municipality });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Remove("X-Chat-Token");
        client.DefaultRequestHeaders.Add("X-Chat-Token", body.GetProperty("token").GetString());
        return (body.GetProperty("sessionId").GetGuid(), client);
    }

    internal static async Task<JsonElement> SayAsync(HttpClient client, Guid id, string text, string? clientId = null)
    {
        using var sent = await client.PostAsJsonAsync(new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative), new { text, clientId });
        Assert.True(sent.StatusCode == HttpStatusCode.Created, $"{(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
        return await sent.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static async Task<JsonElement> MessagesAsync(HttpClient client, Guid id, int after = 0) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/chat/sessions/{id}/messages?after={after}", UriKind.Relative));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Bot_then_county_queue_then_transfer_to_Porvoo_with_sign_in_mid_chat_then_outcome_and_transcript(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(MondayMorning) };
        var (id, resident) = await StartAsync(factory);

        // The bot answers a Finnish question with a typo, with a link into Polku.
        var first = await SayAsync(resident, id, "Miten uusin reseptn?");
        var all = await MessagesAsync(resident, id);
        var messages = all.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("bot", all.GetProperty("state").GetProperty("state").GetString());
        Assert.Equal(["bot", "resident", "bot"], messages.Select(m => m.GetProperty("sender").GetString()));
        Assert.Equal(first.GetProperty("id").GetInt32(), messages[1].GetProperty("id").GetInt32());
        var answer = messages[2];
        Assert.Equal("faq:prescription-renewal", answer.GetProperty("code").GetString());
        Assert.Contains(answer.GetProperty("links").EnumerateArray(), l => l.GetProperty("url").GetString()!.StartsWith("/me/messages/new", StringComparison.Ordinal));

        // Asking for a person hands over to the county-wide queue (the anonymous one) with a position.
        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
            var placed = await handover.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("county", 1), (placed.GetProperty("queue").GetString(), placed.GetProperty("position").GetInt32()));
        }

        // The digital centre's nurse sees it waiting and takes it; a second take loses.
        var digi = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(digi, "hoitaja.digi");
        var desk = await digi.GetFromJsonAsync<JsonElement>(new Uri("/api/desk/chats", UriKind.Relative));
        Assert.Contains(desk.GetProperty("waiting").EnumerateArray(), w => w.GetProperty("sessionId").GetGuid() == id);
        using (var take = await PostAsync(digi, $"/api/desk/chats/{id}/take", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        }

        using (var again = await PostAsync(digi, $"/api/desk/chats/{id}/take", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The nurse sees the bot part of the conversation, answers, and moves the chat to Porvoo's identified queue.
        var seenByNurse = await MessagesAsync(digi, id);
        Assert.Contains(seenByNurse.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == "Miten uusin reseptn?");
        using (var reply = await PostAsync(digi, $"/api/chat/sessions/{id}/messages", new { text = "Hei! Siirrän sinut Porvoon terveysasemalle." }))
        {
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        using (var noNote = await PostAsync(digi, $"/api/chat/sessions/{id}/transfer", new { queue = "chat-hs-638" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
            Assert.Contains("chat.note_required", await noNote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var moved = await PostAsync(digi, $"/api/chat/sessions/{id}/transfer", new { queue = "chat-hs-638", note = "Reseptin uusiminen, tarvitsee tunnistautumisen." }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var waitingForSignIn = await MessagesAsync(resident, id);
        Assert.True(waitingForSignIn.GetProperty("state").GetProperty("needsIdentification").GetBoolean());

        // The resident signs in in the middle of the chat; the token and the sign-in together make the chat theirs.
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        using (var identified = await PostAsync(resident, $"/api/chat/sessions/{id}/identify", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, identified.StatusCode);
        }

        var porvoo = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(porvoo, "hoitaja.porvoo");
        using (var take = await PostAsync(porvoo, $"/api/desk/chats/{id}/take", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        }

        var transcript = await MessagesAsync(porvoo, id);
        var texts = transcript.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains("Miten uusin reseptn?", texts);
        Assert.Contains("Hei! Siirrän sinut Porvoon terveysasemalle.", texts);
        using (var reply = await PostAsync(porvoo, $"/api/chat/sessions/{id}/messages", new { text = "Uusin reseptin, se on apteekissa huomenna." }))
        {
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        using (var badEnd = await PostAsync(porvoo, $"/api/chat/sessions/{id}/end", new { outcome = "maybe" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badEnd.StatusCode);
        }

        using (var end = await PostAsync(porvoo, $"/api/chat/sessions/{id}/end", new { outcome = "handled-digitally" }))
        {
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }

        // The transcript is on Maija's own page.
        var mine = SignIn.Html(await resident.GetStringAsync(new Uri("/me/chats", UriKind.Relative)));
        Assert.Contains("Päättynyt", mine, StringComparison.Ordinal);
        var page = SignIn.Html(await resident.GetStringAsync(new Uri($"/me/chats/{id}", UriKind.Relative)));
        Assert.Contains("Miten uusin reseptn?", page, StringComparison.Ordinal);
        Assert.Contains("Uusin reseptin, se on apteekissa huomenna.", page, StringComparison.Ordinal);

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var session = await db.Set<ChatSession>().SingleAsync(s => s.Id == id);
        var maija = session.ResidentId!.Value;
        var @case = await db.Set<Case>().SingleAsync(c => c.Id == session.CaseId);
        Assert.Equal((maija, CaseState.Closed), (@case.ResidentId, @case.State));
        var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == session.TaskId);
        Assert.Equal((TaskType.Chat, TaskState.Done, "handled-digitally"), (task.Type, task.State, task.Outcome));
        var history = await db.Set<TaskEvent>().Where(e => e.TaskId == task.Id).OrderBy(e => e.AtUtc).Select(e => e.Action).ToListAsync();
        Assert.Equal(["created", "claimed", "transferred", "claimed", "completed"], history);
        var events = await db.ServiceEvents.Where(e => e.Channel == "chat").Select(e => e.Type).ToListAsync();
        foreach (var type in new[] { "chat.offered", "chat.bot_answered", "chat.handed_over", "chat.started", "chat.transferred", "chat.ended" })
        {
            Assert.Contains(type, events);
        }

        var ended = await db.ServiceEvents.SingleAsync(e => e.Type == "chat.ended");
        Assert.Equal(("handled-digitally", "638"), (ended.Outcome, ended.MunicipalityCode));
        Assert.NotNull(ended.HandlingSeconds);
        Assert.NotNull(ended.WaitingSeconds);
    }

    [Fact]
    public async Task On_a_Saturday_night_chat_is_not_offered_and_the_resident_gets_the_bot_116117_and_a_call_back()
    {
        // Saturday 15 March 2025, 22.30 in Helsinki.
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(new DateTimeOffset(2025, 3, 15, 20, 30, 0, TimeSpan.Zero)) };
        var anonymous = factory.CreateBrowserLikeClient();
        var availability = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/chat/availability?municipality=638", UriKind.Relative));
        var queues = availability.GetProperty("queues").EnumerateArray().ToList();
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.False(q.GetProperty("offered").GetBoolean()));
        Assert.All(queues, q => Assert.False(q.GetProperty("open").GetBoolean()));

        // The bot still answers at any hour.
        var (id, resident) = await StartAsync(factory, municipality: "638", client: anonymous);
        await SayAsync(resident, id, "Mitkä ovat terveysaseman aukioloajat?");
        var messages = (await MessagesAsync(resident, id)).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("bot", messages[^1].GetProperty("sender").GetString());

        using var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" });
        Assert.Equal(HttpStatusCode.Conflict, handover.StatusCode);
        var problem = await handover.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("chat.unavailable", problem.GetProperty("code").GetString());
        Assert.Equal("closed", problem.GetProperty("reason").GetString());
        var alternatives = problem.GetProperty("alternatives").EnumerateArray().ToList();
        Assert.Contains(alternatives, a => a.GetProperty("kind").GetString() == "bot");
        Assert.Contains(alternatives, a => a.GetProperty("kind").GetString() == "callback" && a.GetProperty("url").GetString()!.StartsWith("/me/callbacks/new", StringComparison.Ordinal));
        Assert.Contains(alternatives, a => a.GetProperty("kind").GetString() == "phone" && a.GetProperty("number").GetString() == "116117");

        // Asking the bot for a person says the same in plain words instead of leaving the resident waiting.
        await SayAsync(resident, id, "Haluan puhua ihmisen kanssa");
        var after = await MessagesAsync(resident, id);
        Assert.Equal("bot", after.GetProperty("state").GetProperty("state").GetString());
        Assert.Contains(after.GetProperty("messages").EnumerateArray(), m => m.GetProperty("code").GetString() == "unavailable"
            && m.GetProperty("text").GetString()!.Contains("116117", StringComparison.Ordinal));

        // The chat page shows the alternatives too.
        var html = SignIn.Html(await factory.CreateBrowserLikeClient().GetStringAsync(new Uri("/chat?municipality=638", UriKind.Relative)));
        Assert.Contains("116117", html, StringComparison.Ordinal);
        Assert.Contains("/me/callbacks/new", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_is_not_offered_when_nobody_is_available_even_in_opening_hours()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(MondayMorning) };
        var digi = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(digi, "hoitaja.digi");
        using (var off = await PostAsync(digi, "/api/desk/chats/availability", new { available = false, maxConcurrent = 3 }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        using (var bad = await PostAsync(digi, "/api/desk/chats/availability", new { available = true, maxConcurrent = 99 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var availability = await factory.CreateBrowserLikeClient().GetFromJsonAsync<JsonElement>(new Uri("/api/chat/availability", UriKind.Relative));
        var county = availability.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "county");
        Assert.Equal((true, false, false), (county.GetProperty("open").GetBoolean(), county.GetProperty("staffed").GetBoolean(), county.GetProperty("offered").GetBoolean()));

        var (id, resident) = await StartAsync(factory);
        using var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" });
        Assert.Equal(HttpStatusCode.Conflict, handover.StatusCode);
        Assert.Equal("unstaffed", (await handover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_client_that_reconnects_with_Last_Event_ID_gets_every_missed_message_exactly_once(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(MondayMorning) };
        var (id, resident) = await StartAsync(factory);
        await SayAsync(resident, id, "Miten varaan ajan?");

        // First connection: everything so far, then it drops.
        var firstIds = await ReadStreamIdsAsync(resident, id, lastEventId: null, expected: 3);
        Assert.Equal([1, 2, 3], firstIds);

        // Messages written while the client was away, one of them sent twice with the same client id (a retry).
        var retried = await SayAsync(resident, id, "Entä hammaslääkäri?", clientId: "c0ffee01");
        var again = await SayAsync(resident, id, "Entä hammaslääkäri?", clientId: "c0ffee01");
        Assert.Equal(retried.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        await SayAsync(resident, id, "Kiitos");

        var resumed = await ReadStreamIdsAsync(resident, id, lastEventId: 3, expected: 4);
        Assert.Equal([4, 5, 6, 7], resumed);
        var stored = (await MessagesAsync(resident, id)).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 7), stored);
    }

    /// <summary>Opens the session's event stream and reads message ids until <paramref name="expected"/> arrived, then a moment longer for any extra.</summary>
    internal static Task<List<int>> ReadStreamIdsAsync(HttpClient client, Guid id, int? lastEventId, int expected) =>
        ReadStreamIdsAsync((request, ct) => client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct), id, lastEventId, expected);

    /// <summary>
    /// As above, sending the request with <paramref name="send"/> (e.g. to a chosen node); <paramref name="afterFirst"/>
    /// runs once the first id has arrived, while the stream stays open.
    /// </summary>
    internal static async Task<List<int>> ReadStreamIdsAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, Guid id, int? lastEventId, int expected, Func<Task>? afterFirst = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/chat/sessions/{id}/events", UriKind.Relative));
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await send(request, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var ids = new List<int>();
        using var extra = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        try
        {
            while (await reader.ReadLineAsync(extra.Token) is { } line)
            {
                if (!line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    continue;
                }

                ids.Add(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                if (ids.Count == 1 && afterFirst is not null)
                {
                    await afterFirst();
                }

                if (ids.Count == expected)
                {
                    // Anything more within a short while would be a duplicate.
                    extra.CancelAfter(TimeSpan.FromMilliseconds(700));
                }
            }
        }
        catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
        {
        }

        return ids;
    }

    [Fact]
    public async Task Script_sent_in_a_chat_is_text_on_both_sides()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(MondayMorning) };
        var (id, resident) = await StartAsync(factory);
        const string payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        await SayAsync(resident, id, payload);
        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.digi");
        using (var take = await PostAsync(nurse, $"/api/desk/chats/{id}/take", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        }

        var deskPage = await nurse.GetStringAsync(new Uri($"/desk/chats/{id}", UriKind.Relative));
        Assert.DoesNotContain(payload, deskPage, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", deskPage, StringComparison.Ordinal);

        using (var reply = await PostAsync(nurse, $"/api/chat/sessions/{id}/messages", new { text = payload }))
        {
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        // The JSON carries it as a JSON string (never as HTML: the content type is JSON and browsers do not sniff it),
        // and chat.js writes it with textContent.
        using var response = await resident.GetAsync(new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var raw = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(raw).RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, json.Count(m => m.GetProperty("text").GetString() == payload));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_and_nobody_else_gets_in()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(MondayMorning) };
        var client = factory.CreateBrowserLikeClient();
        async Task Expect(HttpResponseMessage response, HttpStatusCode status, string code)
        {
            using (response)
            {
                Assert.Equal(status, response.StatusCode);
                Assert.Contains(code, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        await Expect(await PostAsync(client, "/api/chat/sessions", new { language = "de" }), HttpStatusCode.BadRequest, "chat.language_invalid");
        await Expect(await PostAsync(client, "/api/chat/sessions", new { language = "fi", municipality = "999" }), HttpStatusCode.BadRequest, "chat.municipality_unknown");
        await Expect(await client.GetAsync(new Uri("/api/chat/availability?municipality=abc", UriKind.Relative)), HttpStatusCode.BadRequest, "chat.municipality_unknown");

        var (id, resident) = await StartAsync(factory);
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/messages", new { text = "  " }), HttpStatusCode.BadRequest, "chat.text_required");
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/messages", new { text = new string('a', 2001) }), HttpStatusCode.BadRequest, "chat.text_too_long");
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/messages", new { text = "hei", clientId = "<bad>" }), HttpStatusCode.BadRequest, "chat.client_id_invalid");
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "nowhere" }), HttpStatusCode.BadRequest, "chat.queue_unknown");
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "chat-hs-638" }), HttpStatusCode.Conflict, "chat.identification_required");
        await Expect(await resident.GetAsync(new Uri($"/api/chat/sessions/{id}/messages?after=x", UriKind.Relative)), HttpStatusCode.BadRequest, "chat.after_invalid");

        // Without the token, with a wrong one, or as a professional of another queue: the chat does not exist.
        var stranger = factory.CreateBrowserLikeClient();
        await Expect(await stranger.GetAsync(new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative)), HttpStatusCode.NotFound, "chat.not_found");
        stranger.DefaultRequestHeaders.Add("X-Chat-Token", "wrong");
        await Expect(await PostAsync(stranger, $"/api/chat/sessions/{id}/messages", new { text = "hei" }), HttpStatusCode.NotFound, "chat.not_found");
        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        var loviisa = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(loviisa, "hoitaja.loviisa");
        await Expect(await loviisa.GetAsync(new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative)), HttpStatusCode.NotFound, "chat.not_found");
        await Expect(await PostAsync(loviisa, $"/api/desk/chats/{id}/take", new { }), HttpStatusCode.NotFound, "chat.not_found");
        // The resident cannot act as the professional.
        await Expect(await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }), HttpStatusCode.Conflict, "chat.already_handed_over");
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Of_simultaneous_takes_exactly_one_wins(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(MondayMorning) };
        var (id, resident) = await StartAsync(factory);
        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        // Two professionals of the digital centre's queue: the demo nurse and a second member added for the test.
        Guid second;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var queue = await db.Set<WorkQueue>().SingleAsync(q => q.Code == "county");
            var people = scope.ServiceProvider.GetRequiredService<Polku.Identity.Contracts.IPeopleDirectory>();
            second = (await people.FindStaffByLoginAsync("laakari.porvoo"))!.Id;
            db.Set<QueueMember>().Add(new QueueMember { QueueId = queue.Id, StaffId = second });
            await db.SaveChangesAsync();
        }

        var a = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(a, "hoitaja.digi");
        var b = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(b, "laakari.porvoo");
        var results = await Task.WhenAll(PostAsync(a, $"/api/desk/chats/{id}/take", new { }), PostAsync(b, $"/api/desk/chats/{id}/take", new { }));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var r in results)
        {
            r.Dispose();
        }

        using var check = factory.Services.CreateScope();
        var sessions = check.ServiceProvider.GetRequiredService<PolkuDb>();
        var taken = await sessions.Set<ChatSession>().SingleAsync(s => s.Id == id);
        var task = await sessions.Set<WorkTask>().SingleAsync(t => t.Id == taken.TaskId);
        Assert.Equal(taken.AssigneeId, task.AssigneeId);
        Assert.Equal(1, await sessions.Set<TaskEvent>().CountAsync(e => e.TaskId == task.Id && e.Action == "claimed"));
        Assert.Equal(1, await sessions.Set<ChatMessage>().CountAsync(m => m.SessionId == id && m.Code == "joined"));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_retry_that_races_its_first_attempt_gets_the_same_message(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(MondayMorning) };
        var (id, resident) = await StartAsync(factory);
        for (var round = 0; round < 5; round++)
        {
            var key = "race" + round.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sent = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => resident.PostAsJsonAsync(new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative), new { text = "Hei " + key, clientId = key })));
            Assert.All(sent, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var ids = await Task.WhenAll(sent.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32()));
            Assert.Equal(ids[0], ids[1]);
            foreach (var r in sent)
            {
                r.Dispose();
            }
        }

        var texts = (await MessagesAsync(resident, id)).GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("sender").GetString() == "resident").Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal(5, texts.Count);
        Assert.Equal(5, texts.Distinct().Count());
    }

    [Fact]
    public async Task Routing_points_to_chat_only_while_it_is_open_and_staffed_and_otherwise_takes_the_next_row()
    {
        // Monday 10 March 2025, 17.00 in Helsinki: the demo routing's P2 evening row for Porvoo is the digital centre's chat.
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 3, 10, 15, 0, 0, TimeSpan.Zero));
        await using var factory = new PolkuAppFactory { Time = clock };
        var client = factory.CreateBrowserLikeClient();
        async Task<JsonElement> ResolveAsync()
        {
            using var response = await PostAsync(client, "/api/routing/resolve", new { urgency = "P2", municipality = "638", at = "2025-03-10T17:00:00+02:00" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var staffed = await ResolveAsync();
        Assert.Equal("p2-638-evening-chat", staffed.GetProperty("rowId").GetString());
        Assert.Equal("Chat", staffed.GetProperty("destination").GetProperty("kind").GetString());
        Assert.Equal("/chat?municipality=638", staffed.GetProperty("destination").GetProperty("actionUrl").GetString());

        // Nobody available: the chat row is skipped as closed and the call-back row applies.
        var digi = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(digi, "hoitaja.digi");
        using (var off = await PostAsync(digi, "/api/desk/chats/availability", new { available = false, maxConcurrent = 3 }))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        var unstaffed = await ResolveAsync();
        Assert.Equal("p2-638-evening-callback", unstaffed.GetProperty("rowId").GetString());
        Assert.Contains(unstaffed.GetProperty("considered").EnumerateArray(),
            c => c.GetProperty("rowId").GetString() == "p2-638-evening-chat" && c.GetProperty("outcome").GetString() == "SkippedChatClosed");
    }

    [Fact]
    public async Task A_resident_who_leaves_while_waiting_abandons_the_chat_and_its_task_closes_with_nothing_to_do()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var (id, resident) = await StartAsync(factory, municipality: "434");
        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(4));
        using (var leave = await PostAsync(resident, $"/api/chat/sessions/{id}/leave", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, leave.StatusCode);
            Assert.Equal("abandoned", (await leave.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        }

        using (var late = await PostAsync(resident, $"/api/chat/sessions/{id}/messages", new { text = "Oletteko siellä?" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var session = await db.Set<ChatSession>().SingleAsync(s => s.Id == id);
        var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == session.TaskId);
        Assert.Equal((TaskState.Done, "no-action-needed"), (task.State, task.Outcome));
        var abandoned = await db.ServiceEvents.SingleAsync(e => e.Type == "chat.abandoned");
        Assert.Equal(("chat", "434", 240), (abandoned.Channel, abandoned.MunicipalityCode, abandoned.WaitingSeconds));
        Assert.Empty(await db.ServiceEvents.Where(e => e.Type == "chat.ended").ToListAsync());
    }

    [Fact]
    public async Task A_queued_chat_whose_resident_has_gone_is_abandoned_and_one_still_there_is_not()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var (gone, goneClient) = await StartAsync(factory);
        var (there, thereClient) = await StartAsync(factory);
        foreach (var (id, client) in new[] { (gone, goneClient), (there, thereClient) })
        {
            using var handover = await PostAsync(client, $"/api/chat/sessions/{id}/handover", new { queue = "county" });
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(6));
        await SayAsync(thereClient, there, "Odotan vielä.");
        clock.Advance(TimeSpan.FromMinutes(5));

        using (var scope = factory.Services.CreateScope())
        {
            var chats = scope.ServiceProvider.GetRequiredService<ChatService>();
            Assert.Equal(1, await chats.AbandonUnseenAsync(TimeSpan.FromMinutes(10), CancellationToken.None));
            Assert.Equal(0, await chats.AbandonUnseenAsync(TimeSpan.FromMinutes(10), CancellationToken.None));
        }

        Assert.Equal("abandoned", (await MessagesAsync(goneClient, gone)).GetProperty("state").GetProperty("state").GetString());
        Assert.Equal("queued", (await MessagesAsync(thereClient, there)).GetProperty("state").GetProperty("state").GetString());
        using var check = factory.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<PolkuDb>();
        var abandoned = await db.ServiceEvents.SingleAsync(e => e.Type == "chat.abandoned");
        Assert.Equal(11 * 60, abandoned.WaitingSeconds);
    }

    [Fact]
    public async Task The_professional_sees_how_long_ago_the_resident_was_last_there()
    {
        var clock = new ManualTimeProvider(MondayMorning);
        await using var factory = new PolkuAppFactory { Time = clock };
        var (id, resident) = await StartAsync(factory);
        (await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" })).Dispose();
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.digi");
        (await PostAsync(nurse, $"/api/desk/chats/{id}/take", new { })).Dispose();
        Assert.DoesNotContain("resident-away", await nurse.GetStringAsync(new Uri($"/desk/chats/{id}", UriKind.Relative)), StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(7));
        var page = SignIn.Html(await nurse.GetStringAsync(new Uri($"/desk/chats/{id}", UriKind.Relative)));
        Assert.Contains("Asukas nähtiin viimeksi 7 minuuttia sitten", page, StringComparison.Ordinal);

        // The resident writes: there again.
        await SayAsync(resident, id, "Olen vielä täällä.");
        Assert.DoesNotContain("resident-away", await nurse.GetStringAsync(new Uri($"/desk/chats/{id}", UriKind.Relative)), StringComparison.Ordinal);
    }
}
