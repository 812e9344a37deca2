using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// What the booking storm (bench B3) leans on: a repeated booking racing its first answers the first appointment
/// instead of "taken", and "just taken" lists the nearest free times of the unit without reading its whole fortnight.
/// The app runs on the real clock here: residents sign in through the test identity provider, whose ID tokens are
/// checked against the real time.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class BookingStormTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Repeats_of_one_booking_sent_at_once_all_answer_the_one_appointment(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        var slot = (await OralHealthSlotsAsync(client, null))[0];

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => BookAsync(client, slot.Id, "storm-repeat-1")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Single(answers.Select(a => a.Body!["id"]!.GetValue<string>()).Distinct());
        var mine = await client.GetFromJsonAsync<JsonArray>("/api/appointments/mine");
        Assert.Single(mine!, a => a!["slotId"]!.GetValue<string>() == slot.Id);
        Assert.DoesNotContain(await OralHealthSlotsAsync(client, null), s => s.Id == slot.Id);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_taken_slot_answers_the_five_nearest_free_times_of_its_unit(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var erik = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");

        // A slot at least eight days ahead, so that its week either side is well past every slot's booking notice.
        var fortnight = await OralHealthSlotsAsync(maija, null);
        var taken = fortnight.First(s => s.Unit == fortnight[0].Unit && s.Start >= fortnight[0].Start.AddDays(8));
        var free = await OralHealthSlotsAsync(maija, (taken.Start.AddDays(-7), taken.Start.AddDays(7)));
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(maija, taken.Id, "storm-nearest-1")).Status);

        var answer = await BookAsync(erik, taken.Id, "storm-nearest-2");

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("booking.slot_taken", answer.Body!["code"]!.GetValue<string>());
        var nearest = answer.Body["nearest"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var expected = free.Where(s => s.Id != taken.Id && s.Unit == taken.Unit)
            .OrderBy(s => Math.Abs((s.Start - taken.Start).Ticks)).Take(5).OrderBy(s => s.Start).Select(s => s.Id).ToList();
        Assert.Equal(5, nearest.Count);
        Assert.Equal(expected, nearest);
    }

    private sealed record FreeSlot(string Id, string Unit, DateTimeOffset Start);

    private static async Task<List<FreeSlot>> OralHealthSlotsAsync(HttpClient client, (DateTimeOffset From, DateTimeOffset To)? range = null)
    {
        var query = range is { } r
            ? "&from=" + Uri.EscapeDataString(r.From.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
                + "&to=" + Uri.EscapeDataString(r.To.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
            : "";
        var slots = await client.GetFromJsonAsync<JsonArray>("/api/appointments/slots?serviceCode=oral-health&municipality=638" + query);
        var list = slots!.Select(s => new FreeSlot(
            s!["id"]!.GetValue<string>(), s["unitCode"]!.GetValue<string>(), DateTimeOffset.Parse(s["start"]!.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();
        Assert.NotEmpty(list);
        return list;
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Body)> BookAsync(HttpClient client, string slotId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/appointments", UriKind.Relative))
        {
            Content = new StringContent("{\"slotId\":\"" + slotId + "\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }
}
