using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;
using Xunit.Abstractions;

namespace Polku.Tests.Platform.Nodes;

/// <summary>
/// Stateless nodes (spec 08, issue 10): two application nodes on one PostgreSQL behind a reverse proxy, each request
/// steered to the node the test chooses. Whatever one node wrote or protected, the other serves.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Slow")]
public sealed class TwoNodeTests(TwoNodeCluster cluster, ITestOutputHelper output) : IClassFixture<TwoNodeCluster>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    private static MultipartFormDataContent Multipart(string token, IEnumerable<(string Name, string Value)> fields, (string Name, byte[] Content)? file = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), SignIn.TokenField } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Content);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "Input.Attachment", f.Name);
        }

        return form;
    }

    [Fact]
    public async Task Session_antiforgery_and_attachments_work_on_either_node()
    {
        if (!cluster.Available)
        {
            return; // Runs when POLKU_TEST_POSTGRES is set; CI=true makes a missing connection string fail the fixture.
        }

        var watch = Stopwatch.StartNew();
        using var maija = cluster.Browser();
        await TwoNodeCluster.SignInResidentAcrossNodesAsync(maija, "Maija Meikäläinen");

        // The session cookie node A issued is accepted by node B.
        using (var me = await TwoNodeCluster.GetAsync(maija, "/me", 'b'))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("Maija", SignIn.Html(await me.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The form (and its anti-forgery token) from B, the message with an attachment written on A.
        var (_, tokenFromB) = await TwoNodeCluster.FormAsync(maija, "/me/messages/new", 'b');
        using var newForm = Multipart(tokenFromB, [("Input.Subject", "Ihottuma"), ("Input.Body", "Kuva ihottumasta liitteenä.")], ("ihottuma.png", Png));
        using var sent = await TwoNodeCluster.PostAsync(maija, "/me/messages/new", newForm, 'a');
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // The thread follows with "?sent=True" (the confirmation); the thread itself is the path.
        var threadUrl = sent.Headers.Location!.OriginalString.Split('?')[0];
        var threadId = Guid.Parse(threadUrl["/me/messages/".Length..]);

        // And the other way round: a token issued on A is accepted on B.
        var (_, tokenFromA) = await TwoNodeCluster.FormAsync(maija, threadUrl, 'a');
        using var replyForm = Multipart(tokenFromA, [("Input.Body", "Ihottuma on levinnyt käsivarteen.")]);
        using var replied = await TwoNodeCluster.PostAsync(maija, threadUrl, replyForm, 'b');
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);

        // The professional signs in on A and opens the thread and downloads the attachment on B.
        using var nurse = cluster.Browser();
        await TwoNodeCluster.SignInStaffOnAAsync(nurse, "hoitaja.porvoo");
        using var desk = await TwoNodeCluster.GetAsync(nurse, $"/desk/threads/{threadId}", 'b');
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        var deskHtml = SignIn.Html(await desk.Content.ReadAsStringAsync());
        Assert.Contains("Ihottuma on levinnyt käsivarteen.", deskHtml, StringComparison.Ordinal);
        var attachmentId = Regex.Match(deskHtml, "/messages/attachments/([0-9a-f-]{36})").Groups[1].Value;
        Assert.NotEmpty(attachmentId);
        using var download = await TwoNodeCluster.GetAsync(nurse, $"/messages/attachments/{attachmentId}", 'b');
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Nothing of it was kept on either node's disk: keys and files are in the shared database.
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            Assert.False(Directory.Exists(Path.Combine(node.DataFolder, "keys")), $"node {node.Name} wrote data-protection keys to its disk");
            Assert.False(Directory.Exists(Path.Combine(node.DataFolder, "attachments")), $"node {node.Name} wrote an attachment to its disk");
        }

        output.WriteLine($"Walk across two nodes: {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>Maija signs in (steps on both nodes) and starts a thread through the given node; its id and its task's.</summary>
    private async Task<(Guid ThreadId, Guid TaskId)> MaijaWritesAsync(HttpClient maija, string subject, string text, char node)
    {
        await TwoNodeCluster.SignInResidentAcrossNodesAsync(maija, "Maija Meikäläinen");
        using var body = JsonContent.Create(new { subject, body = text });
        using var sent = await TwoNodeCluster.PostAsync(maija, "/api/messages/threads", body, node);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var threadId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var scope = cluster.A.Services.CreateScope();
        var taskId = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => t.Id).SingleAsync();
        return (threadId, taskId);
    }

    [Fact]
    public async Task Of_many_claims_split_across_both_nodes_exactly_one_wins()
    {
        if (!cluster.Available)
        {
            return; // Runs when POLKU_TEST_POSTGRES is set; CI=true makes a missing connection string fail the fixture.
        }

        using var maija = cluster.Browser();
        var (_, taskId) = await MaijaWritesAsync(maija, "Kaksi solmua", "Kuka ehtii ensin?", 'b');

        using var nurse = cluster.Browser();
        using var doctor = cluster.Browser();
        await TwoNodeCluster.SignInStaffOnAAsync(nurse, "hoitaja.porvoo");
        await TwoNodeCluster.SignInStaffOnAAsync(doctor, "laakari.porvoo");

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 16).Select(async i =>
        {
            await start.WaitAsync();
            using var empty = JsonContent.Create(new { });
            return await TwoNodeCluster.PostAsync(i % 2 == 0 ? nurse : doctor, $"/api/desk/tasks/{taskId}/claim", empty, (i / 2) % 2 == 0 ? 'a' : 'b');
        }).ToList();
        start.Release(attempts.Count);
        var responses = await Task.WhenAll(attempts);

        var won = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r != won), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var winner = (await won.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assigneeId").GetGuid();
        using (var scope = cluster.B.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().SingleAsync(t => t.Id == taskId);
            Assert.Equal(TaskState.Claimed, task.State);
            Assert.Equal(winner, task.AssigneeId);
            Assert.Single(await db.Set<TaskEvent>().Where(e => e.TaskId == taskId && e.Action == "claimed").ToListAsync());
        }

        output.WriteLine($"Claim race: 16 claims, 8 on each node, won on node {won.Headers.GetValues(PolkuNode.ServedByHeader).Single()}");
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task A_live_event_raised_on_one_node_reaches_a_stream_open_on_the_other()
    {
        if (!cluster.Available)
        {
            return; // Runs when POLKU_TEST_POSTGRES is set; CI=true makes a missing connection string fail the fixture.
        }

        using var maija = cluster.Browser();
        var (threadId, _) = await MaijaWritesAsync(maija, "Tapahtumat", "Odotan vastausta.", 'a');
        using var nurse = cluster.Browser();
        await TwoNodeCluster.SignInStaffOnAAsync(nurse, "hoitaja.porvoo");

        // The resident's event stream is open on B, through the proxy.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var hubB = cluster.B.Services.GetRequiredService<LiveHub>();
        var listenerB = cluster.B.Services.GetRequiredService<PostgresLiveListener>();
        await listenerB.Listening.WaitAsync(timeout.Token);
        var subscribersBefore = hubB.SubscriberCount;
        using var stream = await TwoNodeCluster.SendAsync(maija, new HttpRequestMessage(HttpMethod.Get, new Uri("/events", UriKind.Relative)), 'b',
            HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("retry: 5000", await reader.ReadLineAsync(timeout.Token));
        while (hubB.SubscriberCount <= subscribersBefore)
        {
            await Task.Delay(20, timeout.Token);
        }

        // The professional answers on A; A publishes with NOTIFY, B's LISTEN loop hands it to the open stream.
        var raised = Stopwatch.StartNew();
        using var reply = JsonContent.Create(new { body = "Soitan sinulle tänään." });
        using var answered = await TwoNodeCluster.PostAsync(nurse, $"/api/messages/threads/{threadId}/messages", reply, 'a');
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);

        string? type = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "message.new" && line.Contains(threadId.ToString(), StringComparison.Ordinal))
            {
                output.WriteLine($"Live event from node A reached the stream on node B in {raised.ElapsedMilliseconds} ms");
                return;
            }
        }

        Assert.Fail("The stream on node B ended without the message.new event raised on node A.");
    }

    /// <summary>
    /// Issue 13: a chat's stream on node B shows what node A wrote, live (PostgreSQL NOTIFY wakes B, the database says
    /// what there is), and a client that reconnects with Last-Event-ID — to either node — gets every missed message once.
    /// </summary>
    [Fact]
    public async Task A_chat_stream_on_one_node_gets_the_other_nodes_messages_live_and_resumes_exactly_once()
    {
        if (!cluster.Available)
        {
            return;
        }

        using var resident = cluster.Browser();
        using var startRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/chat/sessions", UriKind.Relative)) { Content = JsonContent.Create(new { language = "fi" }) };
        using var started = await TwoNodeCluster.SendAsync(resident, startRequest, 'a');
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("sessionId").GetGuid();
        resident.DefaultRequestHeaders.Add("X-Chat-Token", body.GetProperty("token").GetString());

        async Task SayOnAAsync(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/chat/sessions/{id}/messages", UriKind.Relative)) { Content = JsonContent.Create(new { text }) };
            using var sent = await TwoNodeCluster.SendAsync(resident, request, 'a');
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        // Live: B's stream is open (it has sent the greeting) before A writes.
        var live = ReadIdsAsync(resident, id, 'b', lastEventId: null, expected: 3, afterFirst: () => SayOnAAsync("Miten varaan ajan?"));
        Assert.Equal([1, 2, 3], await live);

        // Missed while away, then resumed on either node.
        await SayOnAAsync("Entä hammaslääkäri?");
        await SayOnAAsync("Kiitos");
        Assert.Equal([4, 5, 6, 7], await ReadIdsAsync(resident, id, 'b', lastEventId: 3, expected: 4));
        Assert.Equal([6, 7], await ReadIdsAsync(resident, id, 'a', lastEventId: 5, expected: 2));
    }

    private static Task<List<int>> ReadIdsAsync(HttpClient client, Guid id, char node, int? lastEventId, int expected, Func<Task>? afterFirst = null) =>
        Polku.Tests.Contacts.Chat.ChatFlowTests.ReadStreamIdsAsync(
            (request, ct) => TwoNodeCluster.SendAsync(client, request, node, HttpCompletionOption.ResponseHeadersRead, ct), id, lastEventId, expected, afterFirst);
}
