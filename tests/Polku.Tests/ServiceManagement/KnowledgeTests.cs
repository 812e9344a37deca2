using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Knowledge;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Issue 15, spec 06: the knowledge base. Articles get unique KB numbers from the module's counter even when created
/// at the same moment; search finds them by title in the reader's language and by number; they link to incidents and
/// problems by ticket number, and an unknown number is a localised error.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class KnowledgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    private static KbValues Values(string suffix) => new("video", "Ääni katkeaa " + suffix, "Ljudet bryts " + suffix, "Sound cuts out " + suffix,
        "Tarkista mikrofoni.", "Kontrollera mikrofonen.", "Check the microphone.");

    private static async Task<Guid> AddTicketAsync(PolkuAppFactory factory, string number, string kind)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(), Number = number, Kind = kind, ServiceId = "video", Category = "sound", Title = "Ticket " + number,
            Description = "", ReporterName = "Tukipalvelu", Status = "new", Impact = "local", Urgency = "normal", MatrixPriority = "P4",
            Priority = "P4", OpenedUtc = Now.UtcDateTime, UpdatedUtc = Now.UtcDateTime,
        };
        db.Set<Ticket>().Add(ticket);
        await db.SaveChangesAsync();
        return ticket.Id;
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Two_articles_created_at_once_get_different_numbers(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        string before;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // The three demo articles are seeded with the counter.
            var seeded = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<KbArticle>().Select(a => a.Number).OrderBy(n => n).ToListAsync();
            Assert.Equal(["KB-0001", "KB-0002", "KB-0003"], seeded);
            before = seeded[^1];
        }

        using var start = new SemaphoreSlim(0);
        async Task<string> CreateAsync(string suffix)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var knowledge = scope.ServiceProvider.GetRequiredService<KnowledgeService>();
            await start.WaitAsync();
            var result = await knowledge.CreateAsync(Values(suffix), null, CancellationToken.None);
            Assert.True(result.IsSuccess, result.Error?.Code);
            return result.Value!;
        }

        for (var round = 0; round < 3; round++)
        {
            var a = Task.Run(() => CreateAsync("a" + round));
            var b = Task.Run(() => CreateAsync("b" + round));
            start.Release(2);
            var numbers = await Task.WhenAll(a, b);
            Assert.NotEqual(numbers[0], numbers[1]);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var numbers = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<KbArticle>().Select(a => a.Number).OrderBy(n => n).ToListAsync();
            Assert.Equal(["KB-0001", "KB-0002", "KB-0003", "KB-0004", "KB-0005", "KB-0006", "KB-0007", "KB-0008", "KB-0009"], numbers);
            Assert.Equal("KB-0003", before);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Search_finds_articles_by_title_in_the_readers_language_and_by_number(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var desk = await NoticeTests.DeskAsync(factory);

        async Task<List<string>> SearchAsync(string query, string lang)
        {
            using var response = await desk.GetAsync(new Uri($"/api/service-management/knowledge?q={Uri.EscapeDataString(query)}&lang={lang}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(a => a.GetProperty("number").GetString() + " " + a.GetProperty("title").GetString())];
        }

        // The seeded articles: KB-0002 is about the video service's sound.
        Assert.Equal(["KB-0002 Videovastaanotolla ei kuulu ääntä"], await SearchAsync("ÄÄNTÄ", "fi"));
        Assert.Equal(["KB-0002 Inget ljud i videomottagningen"], await SearchAsync("ljud", "sv"));
        Assert.Empty(await SearchAsync("ljud", "fi"));
        Assert.Equal(["KB-0001 Omaolo does not open"], await SearchAsync("kb-0001", "en"));
        Assert.Equal(["KB-0003 Messages arrive late", "KB-0002 Video appointment has no sound", "KB-0001 Omaolo does not open"], await SearchAsync("", "en"));
        Assert.Empty(await SearchAsync("100%_", "fi"));

        // The same on the page, in Swedish.
        var page = SignIn.Html(await desk.GetStringAsync(new Uri("/service/knowledge?q=LJUD&lang=sv", UriKind.Relative)));
        Assert.Contains("Inget ljud i videomottagningen", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Omaolo öppnas inte", page, StringComparison.Ordinal);

        // An article in full, and an unknown number.
        var article = await desk.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/knowledge/kb-0003", UriKind.Relative));
        Assert.Equal("KB-0003", article.GetProperty("number").GetString());
        Assert.Equal("Meddelanden kommer fram sent", article.GetProperty("title").GetProperty("sv").GetString());
        using var missing = await desk.GetAsync(new Uri("/api/service-management/knowledge/KB-9999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("sm.knowledge.error.not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Articles_link_to_incidents_and_problems_by_number_and_an_unknown_number_is_a_localised_error(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Now) };
        var incident = await AddTicketAsync(factory, "INC-900001", "incident");
        var problem = await AddTicketAsync(factory, "PRB-900001", "problem");
        await AddTicketAsync(factory, "CHG-900001", "change");
        var desk = await NoticeTests.DeskAsync(factory);

        // A new article through the form.
        var (_, token) = await SignIn.GetFormAsync(desk, "/service/knowledge/new");
        using (var created = await SignIn.PostFormAsync(desk, "/service/knowledge/new", token, new Dictionary<string, string>
        {
            ["Input.Service"] = "video",
            ["Input.TitleFi"] = "Kuva jäätyy <b>",
            ["Input.TitleSv"] = "Bilden fryser",
            ["Input.TitleEn"] = "Picture freezes",
            ["Input.BodyFi"] = "Sulje muut sovellukset.\n\nKokeile uudelleen.",
            ["Input.BodySv"] = "Stäng andra program.",
            ["Input.BodyEn"] = "Close other apps.",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("/service/knowledge/KB-0004?done=saved", created.Headers.Location!.ToString());
        }

        const string url = "/service/knowledge/KB-0004";
        async Task<HttpResponseMessage> PostAsync(string handler, string lang, Dictionary<string, string> fields)
        {
            var (_, t) = await SignIn.GetFormAsync(desk, url + "?lang=" + lang);
            return await SignIn.PostFormAsync(desk, $"{url}?handler={handler}&lang={lang}", t, fields);
        }

        foreach (var number in new[] { "inc-900001", " PRB-900001 ", "INC-900001" })
        {
            using var linked = await PostAsync("Link", "fi", new() { ["ticket"] = number });
            Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<KnowledgeLinks>();
            var forIncident = await links.ForTicketAsync(incident);
            Assert.Equal("KB-0004", Assert.Single(forIncident).Number);
            Assert.Equal("Kuva jäätyy <b>", forIncident[0].Title);
            Assert.Single(await links.ForTicketAsync(problem));
        }

        var page = await desk.GetStringAsync(new Uri(url, UriKind.Relative));
        Assert.Contains("/service/tickets/INC-900001", page, StringComparison.Ordinal);
        Assert.Contains("PRB-900001", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);

        foreach (var (number, lang, message) in new[]
        {
            ("INC-999999", "sv", "Ärendenumret hittades inte. Kontrollera numret, till exempel INC-000123."),
            ("INC-999999", "en", "No ticket has that number. Check the number, for example INC-000123."),
            ("CHG-900001", "fi", "Artikkelin voi linkittää vain häiriöön tai ongelmaan."),
            ("", "en", "Enter the ticket number."),
        })
        {
            using var refused = await PostAsync("Link", lang, new() { ["ticket"] = number });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = SignIn.Html(await refused.Content.ReadAsStringAsync());
            Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Contains("id=\"ticket-error\">" + message, html, StringComparison.Ordinal);
        }

        // Unlinking removes only that link.
        using (var unlinked = await PostAsync("Unlink", "fi", new() { ["ticketId"] = incident.ToString("D") }))
        {
            Assert.Equal(HttpStatusCode.Redirect, unlinked.StatusCode);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<KnowledgeLinks>();
            Assert.Empty(await links.ForTicketAsync(incident));
            Assert.Single(await links.ForTicketAsync(problem));
        }

        var api = await desk.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/knowledge/KB-0004", UriKind.Relative));
        Assert.Equal(["PRB-900001"], api.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("number").GetString()));

        // A missing Swedish title is a localised form error; nothing changes.
        using var invalid = await PostAsync("", "sv", new()
        {
            ["Input.TitleFi"] = "Uusi", ["Input.TitleSv"] = "", ["Input.TitleEn"] = "New",
            ["Input.BodyFi"] = "a", ["Input.BodySv"] = "b", ["Input.BodyEn"] = "c",
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Skriv rubriken på alla tre språken.", SignIn.Html(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal("Picture freezes", (await desk.GetFromJsonAsync<JsonElement>(new Uri("/api/service-management/knowledge/KB-0004", UriKind.Relative))).GetProperty("title").GetProperty("en").GetString());
    }
}
