using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15: ticket attachments by the messages' rules (the platform's upload checks) — a file's type is its content's,
/// an empty, too large or wrongly typed file is refused beside the field with the typed comment kept — who may download
/// which file (the desk any, the reporter the visible ones of their own tickets, anyone else 404), and the e-mail to the
/// reporter when the desk writes to them or resolves the ticket: once per comment, with the link, never what was written.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TicketAttachmentTests
{
    /// <summary>Thursday 2 April 2026, 11:00 in Helsinki.</summary>
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    private static readonly byte[] Pdf = [.. "%PDF-1.4\n% ohje\n"u8];

    /// <summary>A Windows program's first bytes: not a PDF, whatever its name says.</summary>
    private static readonly byte[] Executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];

    private static async Task<HttpClient> StaffAsync(PolkuAppFactory factory, string login)
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    /// <summary>A multipart form with the anti-forgery token, fields and files (each declared as something else than it is, to show the content decides).</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string token, IEnumerable<(string Name, string Value)> fields,
        params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent { { new StringContent(token), SignIn.TokenField } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }

        return await client.PostAsync(new Uri(url, UriKind.Relative), form);
    }

    /// <summary>The nurse reports a fault with a screenshot on <c>/service-requests</c>; returns the ticket's number.</summary>
    private static async Task<string> ReportAsync(HttpClient nurse, string query = "")
    {
        var (_, token) = await SignIn.GetFormAsync(nurse, "/service-requests" + query);
        using var sent = await PostAsync(nurse, "/service-requests" + query, token,
            [("Kind", "incident"), ("ServiceId", "video"), ("Title", "Kuva jäätyy"), ("Description", "Etävastaanotolla klo 10.")], ("kuvakaappaus.png", Png));
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, await sent.Content.ReadAsStringAsync());
        var location = sent.Headers.Location!.ToString();
        return location[(location.LastIndexOf('/') + 1)..];
    }

    private static async Task<HttpResponseMessage> CommentAsync(HttpClient desk, string number, string text, bool visible, params (string Name, byte[] Content)[] files)
    {
        var (_, token) = await SignIn.GetFormAsync(desk, $"/service/tickets/{number}");
        var fields = new List<(string, string)> { ("text", text) };
        if (visible)
        {
            fields.Add(("visibleToReporter", "true"));
        }

        return await PostAsync(desk, $"/service/tickets/{number}?handler=Comment", token, fields, files);
    }

    private static async Task<JsonElement> TicketAsync(HttpClient desk, string number) =>
        await desk.GetFromJsonAsync<JsonElement>(new Uri($"/api/service-management/tickets/{number}", UriKind.Relative));

    private static JsonElement Attachment(JsonElement ticket, string fileName) =>
        ticket.GetProperty("attachments").EnumerateArray().Single(a => a.GetProperty("fileName").GetString() == fileName);

    /// <summary>The e-mails to the reporter of one ticket (the demo's own tickets have theirs from seeding).</summary>
    private static async Task<List<OutboxMessage>> ReporterMailsAsync(PolkuAppFactory factory, string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var id = await db.Set<Ticket>().Where(t => t.Number == number).Select(t => t.Id).SingleAsync();
        var prefix = TicketService.ReporterMailKey(id, Guid.Empty)[..^Guid.Empty.ToString("D").Length];
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith(prefix)).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_file_is_taken_by_its_content_and_a_refused_one_is_explained_beside_the_field_with_the_comment_kept(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var nurse = await StaffAsync(factory, "hoitaja.porvoo");
        var number = await ReportAsync(nurse);
        var desk = await StaffAsync(factory, "tukipalvelu");

        // Refused, each beside the file field in Finnish, the comment as typed, nothing stored.
        var refusals = new (string Expected, (string, byte[])[] Files)[]
        {
            ("Tiedosto tyhja.pdf on tyhjä.", [("tyhja.pdf", [])]),
            ("Tiedosto iso.pdf on liian suuri: enintään 5 MB.", [("iso.pdf", [.. Pdf, .. new byte[5 * 1024 * 1024]])]),
            ("Tiedoston raportti.pdf tyyppiä ei sallita.", [("ok.txt", "selvää tekstiä"u8.ToArray()), ("raportti.pdf", Executable)]),
            ("Lähetä enintään 5 tiedostoa kerralla.", [.. Enumerable.Range(1, 6).Select(i => ($"loki{i}.txt", "rivi"u8.ToArray()))]),
        };
        foreach (var (expected, files) in refusals)
        {
            using var refused = await CommentAsync(desk, number, "Lokit liitteenä <b>tärkeä</b>", visible: true, files);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var raw = await refused.Content.ReadAsStringAsync();
            var html = SignIn.Html(raw);
            Assert.Contains("<p class=\"field-error\" id=\"files-error\">", raw, StringComparison.Ordinal);
            Assert.Contains(expected, html, StringComparison.Ordinal);
            Assert.Contains(">Lokit liitteenä &lt;b&gt;tärkeä&lt;/b&gt;</textarea>", raw, StringComparison.Ordinal);
            Assert.Contains("id=\"visibleToReporter\" name=\"visibleToReporter\" value=\"true\" checked=\"checked\"", raw, StringComparison.Ordinal);
        }

        var ticket = await TicketAsync(desk, number);
        Assert.Single(ticket.GetProperty("attachments").EnumerateArray()); // the reporter's screenshot only
        Assert.DoesNotContain(ticket.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "comment");

        // Accepted: the type is the content's (declared octet-stream), the name's extension follows it, the name is made safe.
        using (var accepted = await CommentAsync(desk, number, "Sisäinen: palvelimen loki.", visible: false, ("../palvelin loki?.log", "virhe 500 klo 10.02"u8.ToArray()), ("kuva.pdf", Png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        ticket = await TicketAsync(desk, number);
        var screenshot = Attachment(ticket, "kuvakaappaus.png");
        Assert.Equal(("image/png", Png.Length, true, "Hanna Hoitaja"), (screenshot.GetProperty("contentType").GetString(), screenshot.GetProperty("sizeBytes").GetInt32(),
            screenshot.GetProperty("visibleToReporter").GetBoolean(), screenshot.GetProperty("uploadedBy").GetString()));
        var log = Attachment(ticket, "palvelin loki_.txt");
        Assert.Equal(("text/plain; charset=utf-8", false), (log.GetProperty("contentType").GetString(), log.GetProperty("visibleToReporter").GetBoolean()));
        var image = Attachment(ticket, "kuva.png");
        Assert.Equal("image/png", image.GetProperty("contentType").GetString());
        var comment = ticket.GetProperty("history")[image.GetProperty("entry").GetInt32()];
        Assert.Equal(("comment", "internal", "Sisäinen: palvelimen loki."), (comment.GetProperty("kind").GetString(), comment.GetProperty("visibility").GetString(), comment.GetProperty("text").GetString()));
        Assert.Equal($"/service/attachments/{image.GetProperty("id").GetGuid():D}", image.GetProperty("url").GetString());

        // The desk's page lists them all with name and size; the reporter's only the screenshot.
        var deskPage = SignIn.Html(await desk.GetStringAsync(new Uri($"/service/tickets/{number}", UriKind.Relative)));
        Assert.Contains("palvelin loki_.txt</a> (19 B)", deskPage, StringComparison.Ordinal);
        Assert.Contains("kuvakaappaus.png</a> (16 B)", deskPage, StringComparison.Ordinal);
        var reporterPage = SignIn.Html(await nurse.GetStringAsync(new Uri($"/service-requests/{number}", UriKind.Relative)));
        Assert.Contains("kuvakaappaus.png</a> (16 B)", reporterPage, StringComparison.Ordinal);
        Assert.DoesNotContain("palvelin loki", reporterPage, StringComparison.Ordinal);
        Assert.DoesNotContain("kuva.png", reporterPage, StringComparison.Ordinal);

        // The reporter's answer with a file: visible to both; a refused one keeps the answer as typed.
        var (_, token) = await SignIn.GetFormAsync(nurse, $"/service-requests/{number}");
        using (var refused = await PostAsync(nurse, $"/service-requests/{number}", token, [("text", "Tässä ohje.")], ("ohje.pdf", Executable)))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = SignIn.Html(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Tiedoston ohje.pdf tyyppiä ei sallita.", html, StringComparison.Ordinal);
            Assert.Contains(">Tässä ohje.</textarea>", html, StringComparison.Ordinal);
        }

        using (var answered = await PostAsync(nurse, $"/service-requests/{number}", token, [("text", "Tässä ohje.")], ("ohje.pdf", Pdf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        ticket = await TicketAsync(desk, number);
        Assert.True(Attachment(ticket, "ohje.pdf").GetProperty("visibleToReporter").GetBoolean());
        Assert.Equal(4, ticket.GetProperty("attachments").GetArrayLength());

        // The desk's new-ticket page takes files too: internal unless the reporter is to see them.
        (_, token) = await SignIn.GetFormAsync(desk, "/service/tickets/new");
        using (var opened = await PostAsync(desk, "/service/tickets/new", token, [("Kind", "incident"), ("ServiceId", "video"), ("Title", "Ääni katkeaa"),
            ("Category", "ääni"), ("Description", ""), ("Impact", "local"), ("Urgency", "normal")], ("selain.txt", "Firefox 128"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
            var other = await TicketAsync(desk, opened.Headers.Location!.ToString().Split('/')[^1]);
            Assert.False(Attachment(other, "selain.txt").GetProperty("visibleToReporter").GetBoolean());
        }

        using (var refused = await PostAsync(desk, "/service/tickets/new", token, [("Kind", "incident"), ("ServiceId", "video"), ("Title", "Ääni katkeaa taas"),
            ("Category", "ääni"), ("Description", "Kuvaus jää talteen"), ("Impact", "local"), ("Urgency", "normal")], ("tyhja.txt", [])))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = SignIn.Html(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Tiedosto tyhja.txt on tyhjä.", html, StringComparison.Ordinal);
            Assert.Contains("Kuvaus jää talteen</textarea>", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_desk_downloads_any_file_the_reporter_only_the_visible_ones_of_their_own_tickets_and_everyone_else_gets_404(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var nurse = await StaffAsync(factory, "hoitaja.porvoo");
        var number = await ReportAsync(nurse);
        var desk = await StaffAsync(factory, "tukipalvelu");
        using (var internalFile = await CommentAsync(desk, number, "Sisäinen loki", visible: false, ("sisainen.txt", "salainen rivi"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.Redirect, internalFile.StatusCode);
        }

        using (var visibleFile = await CommentAsync(desk, number, "Ohje liitteenä", visible: true, ("ohje.pdf", Pdf)))
        {
            Assert.Equal(HttpStatusCode.Redirect, visibleFile.StatusCode);
        }

        var ticket = await TicketAsync(desk, number);
        var hidden = new Uri(Attachment(ticket, "sisainen.txt").GetProperty("url").GetString()!, UriKind.Relative);
        var shown = new Uri(Attachment(ticket, "ohje.pdf").GetProperty("url").GetString()!, UriKind.Relative);
        var unknown = new Uri($"/service/attachments/{Guid.NewGuid():D}", UriKind.Relative);

        // The desk: any file, always a download of the sniffed type that the browser may not second-guess.
        using (var download = await desk.GetAsync(hidden))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", download.Content.Headers.ContentType!.ToString());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("sisainen.txt", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("salainen rivi", Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync()));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync(unknown)).StatusCode);

        // The reporter: the visible file of their own ticket; the internal one does not exist for them.
        using (var download = await nurse.GetAsync(shown))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await nurse.GetAsync(hidden)).StatusCode);

        // Another member of staff and a resident: 404 for every file, as for one that does not exist.
        var doctor = await StaffAsync(factory, "laakari.porvoo");
        var resident = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        foreach (var (who, client) in new[] { ("doctor", doctor), ("resident", resident) })
        {
            foreach (var url in new[] { shown, hidden, unknown })
            {
                Assert.True((await client.GetAsync(url)).StatusCode == HttpStatusCode.NotFound, $"{who} {url}");
            }
        }

        // Someone not signed in is asked to sign in, learning nothing either.
        using var anonymous = await factory.CreateBrowserLikeClient().GetAsync(shown);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_reporter_is_emailed_once_for_each_comment_to_them_and_when_resolved_in_their_language_with_the_link_and_without_what_was_written(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var nurse = await StaffAsync(factory, "hoitaja.porvoo");
        var number = await ReportAsync(nurse, "?lang=sv"); // reported in Swedish: the e-mails are in Swedish
        var desk = await StaffAsync(factory, "tukipalvelu");

        // An internal comment (with a file) sends nothing; a comment to the reporter sends one e-mail, without its text.
        Assert.Equal(HttpStatusCode.Redirect, (await CommentAsync(desk, number, "Sisäinen: sama vika kuin INC-000001, salasana vaihdettu", visible: false, ("loki.txt", "x"u8.ToArray()))).StatusCode);
        Assert.Empty(await ReporterMailsAsync(factory, number));
        Assert.Equal(HttpStatusCode.Redirect, (await CommentAsync(desk, number, "Kokeile toista selainta.", visible: true)).StatusCode);

        var mails = await ReporterMailsAsync(factory, number);
        var mail = Assert.Single(mails);
        Assert.Equal((OutboxChannel.Email, "hoitaja.porvoo@example.invalid"), (mail.Channel, mail.Recipient));
        Assert.Equal($"Servicedesken har svarat på din anmälan {number}", mail.Subject);
        Assert.Contains($"{PolkuAppFactory.PublicBaseUrl}/service-requests/{number}", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Servicedesken har skrivit till dig", mail.Body, StringComparison.Ordinal);
        foreach (var written in new[] { "Kokeile", "selainta", "Sisäinen", "salasana", "INC-000001", "loki" })
        {
            Assert.DoesNotContain(written, mail.Body + mail.Subject, StringComparison.Ordinal);
        }

        // A comment refused (no text) sends nothing; the reporter's own answer sends them nothing either.
        Assert.Equal(HttpStatusCode.OK, (await CommentAsync(desk, number, "", visible: true)).StatusCode);
        var (_, token) = await SignIn.GetFormAsync(nurse, $"/service-requests/{number}?lang=sv");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(nurse, $"/service-requests/{number}?lang=sv", token, [("text", "Fungerar nu.")])).StatusCode);
        Assert.Single(await ReporterMailsAsync(factory, number));

        // The API's comment to the reporter is one e-mail more; resolving is one more, also in Swedish.
        using (var api = await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/comments", UriKind.Relative), new { text = "Hienoa!", visibleToReporter = true }))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        using (var resolved = await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/status", UriKind.Relative), new { status = "resolved", note = "Selainpäivitys korjasi." }))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        mails = await ReporterMailsAsync(factory, number);
        Assert.Equal(3, mails.Count);
        Assert.Equal(3, mails.Select(m => m.DedupeKey).Distinct().Count());
        Assert.Equal(2, mails.Count(m => m.Subject == $"Servicedesken har svarat på din anmälan {number}"));
        var resolvedMail = Assert.Single(mails, m => m.Subject == $"Din anmälan {number} är löst");
        Assert.Contains($"{PolkuAppFactory.PublicBaseUrl}/service-requests/{number}", resolvedMail.Body, StringComparison.Ordinal);
        Assert.All(mails, m => Assert.DoesNotContain("Selainpäivitys", m.Body, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("Hienoa", m.Body, StringComparison.Ordinal));

        // Closing a resolved ticket does not resolve it again; a ticket reported for someone by name (no account to follow it in) sends nothing.
        await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{number}/status", UriKind.Relative), new { status = "closed" });
        var forSomeone = await TicketTests.OpenAsync(desk, new { kind = "request", serviceId = "video", category = "tunnukset", title = "Tunnukset", description = "", impact = "local", urgency = "normal", reporterName = "Ulla Ulkopuolinen", reporterEmail = "ulla@example.invalid" });
        var other = forSomeone.GetProperty("number").GetString()!;
        await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{other}/comments", UriKind.Relative), new { text = "Tunnukset tulevat postissa.", visibleToReporter = true });
        await desk.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{other}/status", UriKind.Relative), new { status = "closed" });
        Assert.Equal(3, (await ReporterMailsAsync(factory, number)).Count);
        Assert.Empty(await ReporterMailsAsync(factory, other));

        // A ticket the desk opened for itself in Finnish: a colleague's comment to it is e-mailed to its own address in Finnish.
        var own = (await TicketTests.OpenAsync(desk, new { kind = "incident", serviceId = "video", category = "ääni", title = "Oma", description = "", impact = "local", urgency = "normal" })).GetProperty("number").GetString()!;
        var coworker = await StaffAsync(factory, "palvelupaallikko");
        await coworker.PostAsJsonAsync(new Uri($"/api/service-management/tickets/{own}/comments", UriKind.Relative), new { text = "Katson tämän.", visibleToReporter = true });
        var finnish = Assert.Single(await ReporterMailsAsync(factory, own));
        Assert.Equal(("tukipalvelu@example.invalid", $"Palvelupiste on vastannut ilmoitukseesi {own}"), (finnish.Recipient, finnish.Subject));
    }
}
