using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Interop;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;
using static Polku.Tests.Appointments.InteropTestData;

namespace Polku.Tests.Appointments;

/// <summary>The professional's secret calendar feed: created and rotated on the desk page, served without sign-in, minimal content.</summary>
[Trait("Category", "Postgres")]
public sealed partial class InteropFeedTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static async Task<HttpClient> StaffAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    /// <summary>Creates the feed on the desk page (a form post, no JavaScript) and returns its path.</summary>
    private static async Task<string> CreateFeedAsync(HttpClient staff)
    {
        var (html, token) = await SignIn.GetFormAsync(staff, "/desk/calendar-feed");
        Assert.DoesNotContain("/calendar/", html, StringComparison.Ordinal);
        using var created = await SignIn.PostFormAsync(staff, "/desk/calendar-feed?handler=Create", token, []);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return await FeedPathAsync(staff);
    }

    private static async Task<string> FeedPathAsync(HttpClient staff)
    {
        var (html, _) = await SignIn.GetFormAsync(staff, "/desk/calendar-feed");
        var match = FeedUrl().Match(html);
        Assert.True(match.Success, "The page shows no feed address.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("value=\"http://localhost(/calendar/[A-Za-z0-9_-]{43}\\.ics)\"")]
    private static partial Regex FeedUrl();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_feed_lists_the_professionals_own_appointments_with_time_mode_unit_and_initials_only(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var mine = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");
        var cancelled = await BookAsync(app, Erik, Nurse, "2026-12-02 10:15");
        await CancelAsync(app, cancelled.Id, Nurse, "Potilaalla kuumetta");
        var doctors = await BookAsync(app, "Lotta Testinen", Doctor, "2026-12-03 09:00");

        var path = await CreateFeedAsync(await StaffAsync(app, Nurse));
        var anonymous = app.CreateClient();
        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var calendar = StrictICalendar.Parse(bytes);

        Assert.Equal("Polku-vastaanottoajat", calendar.Find("X-WR-CALNAME")!.Text);
        var events = calendar.Events.ToDictionary(e => e.Value("UID"));
        Assert.Equal(2, events.Count);
        Assert.DoesNotContain(doctors.Id + "@polku", events.Keys);
        var booked = events[mine.Id + "@polku"];
        Assert.Equal("Etävastaanotto – M.M.", booked.Find("SUMMARY")!.Text);
        Assert.Equal("Porvoon terveysasema", booked.Find("LOCATION")!.Text);
        Assert.Equal("20261202T080000Z", booked.Value("DTSTART"));
        Assert.Equal("CONFIRMED", booked.Value("STATUS"));
        Assert.Equal("CONFIDENTIAL", booked.Value("CLASS"));
        Assert.Equal("Etävastaanotto – E.E.", events[cancelled.Id + "@polku"].Find("SUMMARY")!.Text);
        Assert.Equal("CANCELLED", events[cancelled.Id + "@polku"].Value("STATUS"));

        var text = Encoding.UTF8.GetString(bytes);
        foreach (var secret in new[] { "Maija", "Meikäläinen", "Erik", "Exempelsson", "health-station", "kuume", "Rintakipu", "+358", "@example", mine.ResidentId.ToString() })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        var swedish = StrictICalendar.Parse(await anonymous.GetByteArrayAsync(new Uri(path + "?lang=sv", UriKind.Relative)));
        Assert.Equal("Distansmottagning – M.M.", swedish.Events.Single(e => e.Value("UID") == mine.Id + "@polku").Find("SUMMARY")!.Text);

        // The reading is audited in the professional's name, one row per resident shown.
        using var scope = app.Services.CreateScope();
        var nurseId = await StaffIdAsync(app, Nurse);
        var audit = await scope.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries.AsNoTracking()
            .Where(a => a.Action == "appointments.calendar_feed").ToListAsync();
        Assert.Contains(audit, a => a.SubjectPersonId == mine.ResidentId && a.ActorId == nurseId && a.ActorRole == "calendar-feed");
        Assert.DoesNotContain(audit, a => a.SubjectPersonId == doctors.ResidentId);

        // Thirty days after the appointment it has left the feed.
        Clock(app).Advance(TimeSpan.FromDays(32));
        Assert.Empty(StrictICalendar.Parse(await anonymous.GetByteArrayAsync(new Uri(path, UriKind.Relative))).Events);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Rotating_needs_confirmation_and_kills_the_old_address_and_turning_off_kills_the_new(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var nurse = await StaffAsync(app, Nurse);
        var first = await CreateFeedAsync(nurse);
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(first, UriKind.Relative))).StatusCode);

        var (_, token) = await SignIn.GetFormAsync(nurse, "/desk/calendar-feed");
        using var unconfirmed = await SignIn.PostFormAsync(nurse, "/desk/calendar-feed?handler=Rotate", token, []);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var page = SignIn.Html(await unconfirmed.Content.ReadAsStringAsync());
        Assert.Contains("error-summary", page, StringComparison.Ordinal);
        Assert.Contains("Vahvista, että vanha osoite saa lakata toimimasta.", page, StringComparison.Ordinal);
        Assert.Contains("id=\"Confirm-error\"", page, StringComparison.Ordinal);
        Assert.Equal(first, await FeedPathAsync(nurse));

        using var rotated = await SignIn.PostFormAsync(nurse, "/desk/calendar-feed?handler=Rotate", token, [new("Confirm", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);
        var second = await FeedPathAsync(nurse);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(first, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(second, UriKind.Relative))).StatusCode);

        // Another professional has their own feed and never sees this one on their page.
        var doctor = await StaffAsync(app, Doctor);
        var (doctorPage, _) = await SignIn.GetFormAsync(doctor, "/desk/calendar-feed");
        Assert.DoesNotContain(second, doctorPage, StringComparison.Ordinal);

        using var off = await SignIn.PostFormAsync(nurse, "/desk/calendar-feed?handler=Delete", token, []);
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(second, UriKind.Relative))).StatusCode);
        var (afterHtml, _) = await SignIn.GetFormAsync(nurse, "/desk/calendar-feed?done=deleted");
        Assert.Contains("Kalenterisyöte on poistettu käytöstä.", SignIn.Html(afterHtml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/calendar/short.ics")]
    [InlineData("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    [InlineData("/calendar/%27%20OR%201%3D1%20--AAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    public async Task Unknown_or_malformed_tokens_are_404_without_a_sign_in_challenge(string url)
    {
        await using var app = At("sqlite", SlotApiTests.Tuesday10);
        using var response = await app.CreateBrowserLikeClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Tokens_are_256_bit_base64url_and_initials_handle_odd_names()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => CalendarFeeds.NewToken()).ToList();
        Assert.All(tokens, t => Assert.True(CalendarFeeds.LooksLikeToken(t), t));
        Assert.Equal(50, tokens.Distinct().Count());
        Assert.Equal("Ä.Ö.", CalendarFeeds.Initials("äiti", "Öhman"));
        Assert.Equal("A.L.", CalendarFeeds.Initials("Anna-Liisa", "Lehtinen-Åberg"));
        Assert.Equal("?", CalendarFeeds.Initials(" ", "-"));
    }
}
