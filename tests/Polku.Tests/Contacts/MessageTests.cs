using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>Secure messages end to end: resident → task → nurse reply with a template → notification without content.</summary>
[Trait("Category", "Postgres")]
public sealed class MessageTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Secret = "My secret symptom description";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>The Porvoo health station queue with the nurse as a member (created here if the seed has none).</summary>
    private static async Task<Guid> EnsureQueueAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var people = scope.ServiceProvider.GetRequiredService<IPeopleDirectory>();
        var units = scope.ServiceProvider.GetRequiredService<IUnitDirectory>();
        var nurse = (await people.FindStaffByLoginAsync("hoitaja.porvoo"))!;
        var queue = await db.Set<WorkQueue>().FirstOrDefaultAsync(q => q.Code == "hs-638");
        if (queue is null)
        {
            queue = new WorkQueue
            {
                Id = Guid.NewGuid(), Code = "hs-638", NameFi = "Porvoon terveysasema", NameSv = "Borgå hälsostation", NameEn = "Porvoo health station",
                UnitId = (await units.FindByCodeAsync("hs-638"))?.Id, MunicipalityCode = "638",
                TargetP1Minutes = 15, TargetP2Minutes = 120, TargetP3Minutes = 2 * 24 * 60, TargetP4Minutes = 5 * 24 * 60,
            };
            db.Set<WorkQueue>().Add(queue);
        }

        if (!await db.Set<QueueMember>().AnyAsync(m => m.QueueId == queue.Id && m.StaffId == nurse.Id))
        {
            db.Set<QueueMember>().Add(new QueueMember { QueueId = queue.Id, StaffId = nurse.Id });
        }

        await db.SaveChangesAsync();
        return queue.Id;
    }

    private static MultipartFormDataContent Form(string token, IEnumerable<(string Name, string Value)> fields, (string Name, byte[] Content)? file = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), SignIn.TokenField },
        };
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

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string url, string token, IEnumerable<(string, string)> fields, (string, byte[])? file = null)
    {
        using var form = Form(token, fields, file);
        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    private static void AssertEncoded(string html)
    {
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_resident_message_becomes_a_task_and_a_template_reply_notifies_without_content(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var queueId = await EnsureQueueAsync(app);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        int firstLineBefore;
        using (var scope = app.Services.CreateScope())
        {
            // The demo county already has a few open matters.
            firstLineBefore = await scope.ServiceProvider.GetRequiredService<PolkuDb>().ServiceEvents.CountAsync(e => e.Type == "message.sent" && e.ContactKind == "first-line");
        }

        var (newPage, token) = await SignIn.GetFormAsync(maija, "/me/messages/new");
        Assert.Contains("2", SignIn.Html(newPage), StringComparison.Ordinal);
        Assert.Contains("id=\"reply-time\"", newPage, StringComparison.Ordinal);
        var sent = await PostMultipartAsync(maija, "/me/messages/new", token, [("Input.Subject", Script), ("Input.Body", Script + " " + Secret + " https://www.porvoo.fi/?a=1&b=2.")], ("kuva.png", Png));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // The thread follows with a confirmation that the message was sent.
        Assert.EndsWith("?sent=True", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var threadUrl = sent.Headers.Location!.OriginalString.Split('?')[0];
        var threadId = Guid.Parse(threadUrl["/me/messages/".Length..]);
        var confirmed = await maija.GetStringAsync(new Uri(sent.Headers.Location!.OriginalString, UriKind.Relative));
        Assert.Contains("Viesti on lähetetty.", SignIn.Html(confirmed), StringComparison.Ordinal);
        Assert.DoesNotContain("Viesti on lähetetty.", SignIn.Html(await maija.GetStringAsync(new Uri(threadUrl, UriKind.Relative))), StringComparison.Ordinal);

        // A web address in a message is a link (encoded, without the sentence's full stop); the rest stays text.
        Assert.Contains("<a href=\"https://www.porvoo.fi/?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow ugc\">", confirmed, StringComparison.Ordinal);
        Assert.Contains("class=\"message message-mine\"", confirmed, StringComparison.Ordinal);

        Guid templateId;
        Guid attachmentId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var task = await db.Set<WorkTask>().SingleAsync(t => t.SourceId == threadId);
            Assert.Equal(queueId, task.QueueId);
            Assert.Equal(TaskType.Message, task.Type);
            Assert.Equal(Urgency.P3, task.Urgency);

            // Stored as the class's code, not its number (ADR 0009): rows written before the shared type read the same.
            Assert.Equal("P3", await db.Database.SqlQuery<string>($"SELECT urgency AS \"Value\" FROM contacts_work_tasks WHERE source_id = {threadId}").SingleAsync());
            Assert.True(task.DueUtc > task.CreatedUtc);
            templateId = (await db.Set<ReplyTemplate>().SingleAsync(t => t.Code == "greeting" && t.UnitId == null)).Id;
            attachmentId = (await db.Set<MessageAttachment>().SingleAsync()).Id;

            // By default the content is in the database, in a table of its own, and nothing is written to the node's disk.
            Assert.Equal(Png, (await db.Set<MessageAttachmentBlob>().SingleAsync(b => b.AttachmentId == attachmentId)).Content);
            Assert.False(Directory.Exists(Path.Combine(app.DataFolder, "attachments")));
            Assert.Equal("image/png", (await db.Set<MessageAttachment>().SingleAsync()).ContentType);
            Assert.Equal(firstLineBefore + 1, await db.ServiceEvents.CountAsync(e => e.Type == "message.sent" && e.ContactKind == "first-line"));
        }

        AssertEncoded(await maija.GetStringAsync(new Uri("/me/messages", UriKind.Relative)));
        AssertEncoded(await maija.GetStringAsync(new Uri(threadUrl, UriKind.Relative)));

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        var deskUrl = $"/desk/threads/{threadId}";
        var (deskPage, deskToken) = await SignIn.GetFormAsync(nurse, deskUrl);
        AssertEncoded(deskPage);

        // The thread and its task link both ways, and the task shows the message itself.
        var taskLink = System.Text.RegularExpressions.Regex.Match(deskPage, "<a (?=[^>]*id=\"task-link\")[^>]*href=\"(/desk/tasks/[0-9a-f-]{36})\"");
        Assert.True(taskLink.Success, "The professional's thread has no link back to its task.");
        var taskPage = await nurse.GetStringAsync(new Uri(taskLink.Groups[1].Value, UriKind.Relative));
        Assert.Contains(Secret, taskPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/threads/{threadId}\"", taskPage, StringComparison.Ordinal);
        AssertEncoded(taskPage);
        var inserted = await PostMultipartAsync(nurse, deskUrl + "?handler=Insert", deskToken, [("Input.TemplateId", templateId.ToString()), ("Input.Language", "sv"), ("Input.Body", "")]);
        Assert.Equal(HttpStatusCode.OK, inserted.StatusCode);
        var insertedHtml = SignIn.Html(await inserted.Content.ReadAsStringAsync());
        Assert.Contains("Hej Maija", insertedHtml, StringComparison.Ordinal);
        Assert.Contains("Hanna Hoitaja", insertedHtml, StringComparison.Ordinal);
        var reply = "Hej Maija,\n\ntack för ditt meddelande.\n\nHanna Hoitaja";
        var replied = await PostMultipartAsync(nurse, deskUrl, SignIn.Token(insertedHtml), [("Input.Body", reply)]);
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);

        var residentView = SignIn.Html(await maija.GetStringAsync(new Uri(threadUrl, UriKind.Relative)));
        Assert.Contains("tack för ditt meddelande", residentView, StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var sms = await db.Set<OutboxMessage>().Where(m => m.Channel == OutboxChannel.Sms).ToListAsync();
            var one = Assert.Single(sms);
            Assert.DoesNotContain("Hej", one.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("tack", one.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, one.Body, StringComparison.Ordinal);
            Assert.Contains("http://localhost/me/messages", one.Body, StringComparison.Ordinal);
            Assert.StartsWith("message:", one.DedupeKey, StringComparison.Ordinal);
            Assert.NotNull((await db.Set<Message>().SingleAsync(m => m.SenderKind == SenderKind.Staff && m.ThreadId == threadId)).ReadUtc);
            Assert.NotNull((await db.Set<Message>().SingleAsync(m => m.SenderKind == SenderKind.Resident && m.ThreadId == threadId)).ReadUtc);
        }

        // Attachment: the owner downloads it safely; another resident gets 404.
        var download = await maija.GetAsync(new Uri($"/messages/attachments/{attachmentId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync(new Uri($"/messages/attachments/{attachmentId}", UriKind.Relative))).StatusCode);

        var erik = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri($"/messages/attachments/{attachmentId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri(threadUrl, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await erik.GetAsync(new Uri($"/api/messages/threads/{threadId}", UriKind.Relative))).StatusCode);
        using var erikPost = new StringContent("{\"body\":\"hi\"}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await erik.PostAsync(new Uri($"/api/messages/threads/{threadId}/messages", UriKind.Relative), erikPost)).StatusCode);
        Assert.DoesNotContain(threadId.ToString(), await erik.GetStringAsync(new Uri("/api/messages/threads", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Attachments_are_checked_by_content_and_size(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        await EnsureQueueAsync(app);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        var (_, token) = await SignIn.GetFormAsync(maija, "/me/messages/new");
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
        var refused = await PostMultipartAsync(maija, "/me/messages/new", token, [("Input.Subject", "Rash"), ("Input.Body", "Typed text stays")], ("photo.png", exe));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = SignIn.Html(await refused.Content.ReadAsStringAsync());
        Assert.Contains("PDF, PNG, JPEG", html, StringComparison.Ordinal);
        Assert.Contains("Typed text stays", html, StringComparison.Ordinal);

        var big = new byte[(5 * 1024 * 1024) + 1];
        Png.CopyTo(big, 0);
        var oversize = await PostMultipartAsync(maija, "/me/messages/new", token, [("Input.Subject", "Rash"), ("Input.Body", "Typed text stays")], ("big.png", big));
        Assert.Equal(HttpStatusCode.OK, oversize.StatusCode);
        Assert.Contains("Typed text stays", SignIn.Html(await oversize.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.False(await db.Set<MessageThread>().AnyAsync(t => t.Subject == "Rash"));
    }

    [Fact]
    public async Task A_folder_for_attachments_is_an_explicit_opt_in()
    {
        await using var app = new PolkuAppFactory("sqlite") { Settings = new Dictionary<string, string?> { ["Contacts:Attachments:Store"] = "FileSystem" } };
        await EnsureQueueAsync(app);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (_, token) = await SignIn.GetFormAsync(maija, "/me/messages/new");
        var sent = await PostMultipartAsync(maija, "/me/messages/new", token, [("Input.Subject", "Ihottuma"), ("Input.Body", "Kuva liitteenä.")], ("kuva.png", Png));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        Guid attachmentId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var attachment = await db.Set<MessageAttachment>().SingleAsync();
            attachmentId = attachment.Id;
            Assert.False(await db.Set<MessageAttachmentBlob>().AnyAsync());
            Assert.Equal(Png, await File.ReadAllBytesAsync(Path.Combine(app.DataFolder, "attachments", attachment.StorageKey)));
        }

        var download = await maija.GetAsync(new Uri($"/messages/attachments/{attachmentId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_api_answers_bad_bodies_with_400_naming_the_field(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        await EnsureQueueAsync(app);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");

        async Task<(HttpStatusCode Status, string Body)> Post(string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            var r = await maija.PostAsync(new Uri("/api/messages/threads", UriKind.Relative), content);
            return (r.StatusCode, await r.Content.ReadAsStringAsync());
        }

        foreach (var (json, field) in new[]
        {
            ("{", "body"), ("[]", "body"), ("{\"subject\":\"\",\"body\":\"x\"}", "subject"), ("{\"subject\":12,\"body\":\"x\"}", "subject"),
            ("{\"subject\":\"Hi\"}", "body"), ("{\"subject\":\"Hi\",\"body\":\"" + new string('x', 10_001) + "\"}", "body"),
            ("{\"subject\":\"" + new string('x', 201) + "\",\"body\":\"x\"}", "subject"),
        })
        {
            var (status, body) = await Post(json);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains($"\"field\":\"{field}\"", body, StringComparison.Ordinal);
        }

        var (created, createdBody) = await Post("{\"subject\":\"" + "<b>Hi</b>" + "\",\"body\":\"Question\"}");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Contains("Question", createdBody, StringComparison.Ordinal);
        var list = await maija.GetStringAsync(new Uri("/api/messages/threads", UriKind.Relative));
        Assert.Contains("Hi", list, StringComparison.Ordinal);
        // JSON carries the text as data; pages encode it (asserted above for every page).
        Assert.Contains("\"subject\":\"<b>Hi</b>\"", list, StringComparison.Ordinal);
    }
}
