using System.Net;
using System.Text;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Outbox;
using Polku.Tests.TestSupport;
using static Polku.Tests.Appointments.InteropTestData;

namespace Polku.Tests.Appointments;

/// <summary>Calendar files are strictly RFC 5545: checked by the strict reader in the outbox, from the API and for awkward text.</summary>
[Trait("Category", "Postgres")]
public sealed class InteropICalendarTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static Appointment Sample(AppointmentStatus status = AppointmentStatus.Booked, int version = 1) => new()
    {
        Id = Guid.Parse("0193a8c4-1d2e-7f00-8000-000000000001"),
        StartUtc = new DateTime(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc),
        EndUtc = new DateTime(2026, 12, 2, 8, 15, 0, DateTimeKind.Utc),
        Status = status,
        Version = version,
    };

    private static readonly DateTime Stamp = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static string Crlf(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    private static readonly string[] ValidEvent =
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//x//y//EN", "BEGIN:VEVENT", "UID:1@x", "DTSTAMP:20261201T080000Z", "DTSTART:20261202T080000Z", "DTEND:20261202T081500Z", "SUMMARY:a\\, b", "END:VEVENT", "END:VCALENDAR"];

    [Fact]
    public void The_strict_reader_accepts_a_minimal_valid_file()
    {
        var calendar = StrictICalendar.Parse(Encoding.UTF8.GetBytes(Crlf(ValidEvent)));
        Assert.Equal("a, b", calendar.Events.Single().Find("SUMMARY")!.Text);
    }

    /// <summary>The reader must be able to fail, or the tests that use it prove nothing.</summary>
    [Theory]
    [InlineData("SUMMARY:a\\, b", "SUMMARY:a, b", "unescaped comma")]
    [InlineData("SUMMARY:a\\, b", "SUMMARY:a;b", "unescaped semicolon")]
    [InlineData("SUMMARY:a\\, b", "SUMMARY:a\\x", "unknown escape")]
    [InlineData("UID:1@x", "X-NOTHING:1", "missing UID")]
    [InlineData("DTSTART:20261202T080000Z", "DTSTART:20261202T080000", "floating local time")]
    [InlineData("DTSTART:20261202T080000Z", "DTSTART:20261302T080000Z", "month 13")]
    [InlineData("DTEND:20261202T081500Z", "DTEND:20261202T075900Z", "end before start")]
    [InlineData("END:VEVENT", "END:VTODO", "END does not match BEGIN")]
    [InlineData("VERSION:2.0", "VERSION:1.0", "wrong version")]
    [InlineData("SUMMARY:a\\, b", "SUMMARY;X=a:b:c\u0001", "control character")]
    [InlineData("SUMMARY:a\\, b", "SUM MARY:x", "bad property name")]
    public void The_strict_reader_rejects_a_broken_file(string replace, string with, string fault)
    {
        var lines = ValidEvent.Select(l => l == replace ? with : l).ToArray();
        Assert.True(Throws(Encoding.UTF8.GetBytes(Crlf(lines))), fault);
    }

    [Fact]
    public void The_strict_reader_rejects_bare_line_feeds_long_lines_and_folds_inside_a_character()
    {
        Assert.True(Throws(Encoding.UTF8.GetBytes(string.Join("\n", ValidEvent) + "\n")), "LF line ends");
        var longSummary = ValidEvent.Select(l => l.StartsWith("SUMMARY", StringComparison.Ordinal) ? "SUMMARY:" + new string('x', 70) : l).ToArray();
        Assert.True(Throws(Encoding.UTF8.GetBytes(Crlf(longSummary))), "a 78-octet line");

        // "ä" is two octets; fold between them.
        var good = Encoding.UTF8.GetBytes(Crlf(ValidEvent.Select(l => l.StartsWith("SUMMARY", StringComparison.Ordinal) ? "SUMMARY:ä" : l).ToArray()));
        Assert.False(Throws(good));
        var at = Array.IndexOf(good, (byte)0xC3);
        var split = good[..(at + 1)].Concat("\r\n "u8.ToArray()).Concat(good[(at + 1)..]).ToArray();
        Assert.True(Throws(split), "a fold inside a UTF-8 sequence");
    }

    private static bool Throws(byte[] bytes)
    {
        try
        {
            StrictICalendar.Parse(bytes);
            return false;
        }
        catch (FormatException)
        {
            return true;
        }
    }

    [Fact]
    public void Names_with_Finnish_and_Swedish_letters_commas_semicolons_and_line_breaks_survive_escaping()
    {
        const string summary = "Äitiysneuvola; Åbo, Öljymäki \\ \"testi\"";
        const string location = "Borgå hälsostation, Vårdvägen 1; ovi B\r\nkerros 2\n\u0007";
        var calendar = StrictICalendar.Parse(ICalendar.Appointment(Sample(), summary, location, "https://polku.example/me/appointments", Stamp));

        Assert.Equal("PUBLISH", calendar.Value("METHOD"));
        var e = calendar.Events.Single();
        Assert.Equal(summary, e.Find("SUMMARY")!.Text);
        Assert.Equal("Borgå hälsostation, Vårdvägen 1; ovi B\nkerros 2\n", e.Find("LOCATION")!.Text);
        Assert.Equal("20261202T080000Z", e.Value("DTSTART"));
        Assert.Equal("20261202T081500Z", e.Value("DTEND"));
        Assert.Equal("20261201T080000Z", e.Value("DTSTAMP"));
        Assert.Equal("0193a8c4-1d2e-7f00-8000-000000000001@polku", e.Value("UID"));
        Assert.Equal("1", e.Value("SEQUENCE"));
        Assert.Equal("CONFIRMED", e.Value("STATUS"));
        Assert.Equal("https://polku.example/me/appointments", e.Value("URL"));
    }

    /// <summary>Every position of a multi-octet character against the 75-octet boundary, two-, three- and four-octet ones.</summary>
    [Theory]
    [InlineData("ä")]
    [InlineData("€")]
    [InlineData("😀")]
    public void A_long_location_is_folded_at_75_octets_without_splitting_a_character(string character)
    {
        for (var pad = 0; pad < 8; pad++)
        {
            var location = new string('a', pad) + string.Concat(Enumerable.Repeat("Porvoon terveysasema, Vårdgatan " + character, 8));
            var bytes = ICalendar.Appointment(Sample(), "Vastaanotto", location, "", Stamp);
            var calendar = StrictICalendar.Parse(bytes);
            Assert.Equal(location, calendar.Events.Single().Find("LOCATION")!.Text);
            Assert.Contains("\r\n ", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_relative_link_is_left_out_rather_than_written_as_an_invalid_URL()
    {
        var calendar = StrictICalendar.Parse(ICalendar.Appointment(Sample(), "x", "y", "/me/appointments", Stamp));
        Assert.Null(calendar.Events.Single().Find("URL"));
    }

    [Fact]
    public void A_cancelled_appointment_keeps_its_UID_with_a_higher_sequence_and_no_longer_blocks_time()
    {
        var calendar = StrictICalendar.Parse(ICalendar.Appointment(Sample(AppointmentStatus.Cancelled, 2), "x", "y", "", Stamp));
        var e = calendar.Events.Single();
        Assert.Equal("CANCELLED", e.Value("STATUS"));
        Assert.Equal("2", e.Value("SEQUENCE"));
        Assert.Equal("TRANSPARENT", e.Value("TRANSP"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_confirmation_email_carries_a_valid_calendar_file_and_the_API_serves_the_same_event(string engine)
    {
        await using var app = At(engine, SlotApiTests.Tuesday10);
        var booked = await BookAsync(app, Maija, Nurse, "2026-12-02 10:00");

        var rows = await OutboxAsync(app, booked.Id, "confirmed");
        var email = rows.Single(m => m.Channel == OutboxChannel.Email);
        Assert.Null(rows.Single(m => m.Channel == OutboxChannel.Sms).AttachmentBase64);
        Assert.Equal("polku-appointment.ics", email.AttachmentName);
        Assert.StartsWith("text/calendar", email.AttachmentContentType, StringComparison.Ordinal);
        var attached = StrictICalendar.Parse(email.AttachmentBytes()!);
        var e = attached.Events.Single();
        Assert.Equal(booked.Id.ToString("D") + "@polku", e.Value("UID"));
        Assert.Equal("20261202T080000Z", e.Value("DTSTART"));
        Assert.Equal("20261202T081500Z", e.Value("DTEND"));
        Assert.Equal("CONFIRMED", e.Value("STATUS"));
        Assert.Equal("Vastaanottoaika (Polku)", e.Find("SUMMARY")!.Text);
        Assert.Equal("etävastaanotto (video)", e.Find("LOCATION")!.Text);

        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, Maija);
        using var response = await client.GetAsync(new Uri($"/api/appointments/{booked.Id}/ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var served = StrictICalendar.Parse(await response.Content.ReadAsByteArrayAsync()).Events.Single();
        Assert.Equal(e.Value("UID"), served.Value("UID"));
        Assert.Equal(e.Value("DTSTART"), served.Value("DTSTART"));
        Assert.Equal("http://localhost/me/appointments", served.Value("URL"));

        var other = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(other, Erik);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/appointments/{booked.Id}/ics", UriKind.Relative))).StatusCode);
    }
}
