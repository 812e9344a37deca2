using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Tests.Assessments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// The booking API end to end: an assessment grants the right, the resident books inside the urgency window, the
/// same key returns the same appointment, a taken slot is a 409 with the nearest times, cancelling has its notice,
/// the calendar file and the own list; and routing falls back when no slot is free in the window.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class AppointmentsApiTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static async Task<HttpClient> ResidentAsync(PolkuAppFactory app, string name)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, name);
        return client;
    }

    private static async Task<JsonObject> AssessAsync(HttpClient client)
    {
        var body = new JsonObject
        {
            ["answers"] = JsonSerializer.SerializeToNode(AssessmentFlowTests.NonUrgent),
            ["context"] = new JsonObject { ["municipality"] = "638", ["at"] = SlotApiTests.Tuesday10 },
        };
        using var response = await client.PostAsJsonAsync("/api/assessments/respiratory-infection/responses", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<JsonArray> SlotsAsync(HttpClient client, string from, string to, string mode = "remote") =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/appointments/slots?serviceCode=health-station&municipality=638&mode={mode}&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"))!;

    private static async Task<HttpResponseMessage> BookAsync(HttpClient client, string slotId, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/appointments") { Content = JsonContent.Create(new { slotId }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_resident_books_a_remote_appointment_inside_the_urgency_window_granted_by_their_assessment(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var maija = await ResidentAsync(app, "Maija Meikäläinen");
        var lotta = await ResidentAsync(app, "Lotta Testinen");

        var slots = await SlotsAsync(maija, "2026-12-01T10:00:00+02:00", "2026-12-02T10:00:00+02:00");
        var slotId = slots[0]!["id"]!.GetValue<string>();

        // Without an assessment there is no booking right for the health station.
        using (var refused = await BookAsync(maija, slotId))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("booking.no_right", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        }

        var result = await AssessAsync(maija);
        Assert.Equal("SelfBooking", result["routing"]!["destination"]!["kind"]!.GetValue<string>());

        // A slot after the window (one day) is refused even with the right.
        var later = await SlotsAsync(maija, "2026-12-03T08:00:00+02:00", "2026-12-04T16:00:00+02:00");
        using (var outside = await BookAsync(maija, later[0]!["id"]!.GetValue<string>()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        }

        using var first = await BookAsync(maija, slotId, "tab-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var appointment = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("video", appointment["mode"]!.GetValue<string>());
        Assert.Equal("booked", appointment["status"]!.GetValue<string>());
        Assert.Equal(slots[0]!["start"]!.GetValue<string>(), appointment["start"]!.GetValue<string>());
        Assert.EndsWith("+02:00", appointment["start"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same key again: the same appointment, not a second one.
        using (var again = await BookAsync(maija, slotId, "tab-1"))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(appointment["id"]!.GetValue<string>(), (await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }

        // Another resident (open booking is not on for this service, so give Lotta a right by an assessment) loses the race.
        await AssessAsync(lotta);
        using (var taken = await BookAsync(lotta, slotId))
        {
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
            var problem = (await taken.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("booking.slot_taken", problem["code"]!.GetValue<string>());
            Assert.NotEmpty(problem["nearest"]!.AsArray());
            Assert.DoesNotContain(problem["nearest"]!.AsArray(), s => s!["id"]!.GetValue<string>() == slotId);
        }

        var mine = (await maija.GetFromJsonAsync<JsonArray>("/api/appointments/mine"))!;
        Assert.Single(mine);
        Assert.Empty((await lotta.GetFromJsonAsync<JsonArray>("/api/appointments/mine"))!);

        var id = appointment["id"]!.GetValue<string>();
        using var ics = await maija.GetAsync(new Uri($"/api/appointments/{id}/ics", UriKind.Relative));
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var calendar = await ics.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", calendar, StringComparison.Ordinal);
        Assert.Contains("UID:" + id + "@polku\r\n", calendar, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await lotta.GetAsync(new Uri($"/api/appointments/{id}/ics", UriKind.Relative))).StatusCode);

        // The appointment is today, inside the 24-hour notice: the resident cannot cancel it online.
        using (var late = await maija.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reason = "Feeling better" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Equal("booking.too_late_to_cancel", (await late.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.Single(await db.Set<Appointment>().AsNoTracking().Where(a => a.SlotId == Guid.Parse(slotId)).ToListAsync());
        var booked = await db.Set<ServiceEvent>().AsNoTracking().Where(e => e.Type == "appointment.booked").ToListAsync();
        Assert.Single(booked);
        Assert.Equal("api", booked[0].Channel);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Cancelling_outside_the_notice_records_the_reason_and_frees_the_slot(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var erik = await ResidentAsync(app, "Erik Exempelsson");
        var slot = (await AppointmentTestData.SlotsAsync(app, [DateTimeOffset.Parse("2026-12-03T09:00:00+02:00", CultureInfo.InvariantCulture)]))[0];
        using var booked = await BookAsync(erik, slot.ToString());
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        using (var noReason = await erik.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.Equal("reason", (await noReason.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        }

        using var cancelled = await erik.PostAsJsonAsync($"/api/appointments/{id}/cancel", new { reason = "Bättre nu" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = (await cancelled.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("cancelled", body["status"]!.GetValue<string>());
        Assert.Equal("resident", body["cancelledBy"]!.GetValue<string>());
        Assert.Equal(0, (await AppointmentTestData.SlotAsync(app, slot)).Taken);

        using var malformed = await erik.PostAsync(new Uri("/api/appointments", UriKind.Relative), new StringContent("{\"slotId\":12", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        using var unknown = await BookAsync(erik, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await app.CreateClient().PostAsJsonAsync("/api/appointments", new { slotId = slot });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Routing_offers_self_booking_only_while_a_slot_is_free_inside_the_window(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var client = app.CreateClient();
        async Task<string> RouteAsync()
        {
            using var r = await client.PostAsJsonAsync("/api/routing/resolve", new JsonObject { ["urgency"] = "P3", ["municipality"] = "638", ["at"] = SlotApiTests.Tuesday10 });
            return (await r.Content.ReadFromJsonAsync<JsonObject>())!["rowId"]!.GetValue<string>();
        }

        Assert.Equal("p3-638-booking", await RouteAsync());

        // Every health-station slot for Porvoo residents in the next day gets booked (blocked here): routing falls through.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var from = DateTimeOffset.Parse(SlotApiTests.Tuesday10, CultureInfo.InvariantCulture).UtcDateTime;
            var blocked = await db.Set<Slot>()
                .Where(s => s.ServiceCode == "health-station" && s.StartUtc >= from && s.StartUtc < from.AddDays(1) && (s.ServedMunicipalities == "" || s.ServedMunicipalities.Contains(",638,")))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Blocked, true));
            Assert.True(blocked > 10);
        }

        Assert.Equal("p3-638-callback", await RouteAsync());
    }
}
