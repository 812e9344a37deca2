using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Assessments.Data;
using Polku.Platform.Idempotency;
using Polku.Platform.Persistence;
using Polku.Tests.Appointments;
using Polku.Tests.Assessments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// One idempotency helper for every module (issue 10): a key belongs to its caller. Two people — or a person and
/// an anonymous client — who send the same Idempotency-Key never see each other's result; the same caller repeating
/// a request gets the first result; the same key with a different request is 422.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class IdempotencyTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static JsonObject Assessment(IDictionary<string, object> answers) => new()
    {
        ["answers"] = JsonSerializer.SerializeToNode(answers),
        ["context"] = new JsonObject { ["municipality"] = "638", ["at"] = SlotApiTests.Tuesday10 },
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, JsonNode body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_callers_with_one_key_never_see_each_others_assessment_response(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var lotta = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(lotta, "Lotta Testinen");
        var stranger = app.CreateClient();
        var other = app.CreateClient();
        const string url = "/api/assessments/respiratory-infection/responses";
        var body = Assessment(AssessmentFlowTests.NonUrgent);
        var changed = Assessment(new Dictionary<string, object>(AssessmentFlowTests.NonUrgent) { ["temperature"] = 38.2 });

        var maijas = await CreatedIdAsync(await PostAsync(maija, url, body, "shared-key"));
        Assert.Equal(maijas, await CreatedIdAsync(await PostAsync(maija, url, body, "shared-key")));

        // The same key from another person, and from anonymous clients: each their own response, never Maija's.
        var lottas = await CreatedIdAsync(await PostAsync(lotta, url, body, "shared-key"));
        var strangers = await CreatedIdAsync(await PostAsync(stranger, url, body, "shared-key"));
        var others = await CreatedIdAsync(await PostAsync(other, url, changed, "shared-key"));
        Assert.Equal(4, new[] { maijas, lottas, strangers, others }.Distinct().Count());

        // An anonymous caller's key is bound to the exact body: repeating the request is answered with its first
        // response, while the same key with other answers (the other client above) made a response of its own.
        Assert.Equal(strangers, await CreatedIdAsync(await PostAsync(stranger, url, body, "shared-key")));

        // A signed-in person who reuses a key for different answers is told so; nothing is stored.
        using (var reused = await PostAsync(maija, url, changed, "shared-key"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Equal("application/problem+json", reused.Content.Headers.ContentType!.MediaType);
            Assert.Equal(IdempotencyKey.ReusedCode, await CodeAsync(reused));
        }

        foreach (var bad in new[] { "has space", new string('k', 81), "ääkkönen" })
        {
            using var invalid = await PostAsync(maija, url, body, bad);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Equal(IdempotencyKey.InvalidCode, await CodeAsync(invalid));
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var stored = await db.Set<AssessmentResponse>().AsNoTracking().Where(r => r.AssessmentId == "respiratory-infection").ToListAsync();
        Assert.Equal(4, stored.Count);
        Assert.Equal(2, stored.Count(r => r.ResidentId is not null));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_residents_with_one_key_each_book_their_own_appointment_and_a_reused_key_is_refused(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var start = DateTimeOffset.Parse(SlotApiTests.Tuesday10, System.Globalization.CultureInfo.InvariantCulture).AddHours(3);
        var slots = await AppointmentTestData.SlotsAsync(app, [start, start.AddHours(1)], capacity: 2);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var lotta = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(lotta, "Lotta Testinen");
        JsonObject Slot(int i) => new() { ["slotId"] = slots[i].ToString() };

        var maijas = await CreatedIdAsync(await PostAsync(maija, "/api/appointments", Slot(0), "booking-key"));
        var lottas = await CreatedIdAsync(await PostAsync(lotta, "/api/appointments", Slot(0), "booking-key"));
        Assert.NotEqual(maijas, lottas);
        Assert.Equal(maijas, await CreatedIdAsync(await PostAsync(maija, "/api/appointments", Slot(0), "booking-key")));

        using (var reused = await PostAsync(maija, "/api/appointments", Slot(1), "booking-key"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Equal(IdempotencyKey.ReusedCode, await CodeAsync(reused));
        }

        Assert.Empty(await AppointmentTestData.AppointmentsAsync(app, slots[1]));
        var booked = await AppointmentTestData.AppointmentsAsync(app, slots[0]);
        Assert.Equal(2, booked.Count);
        Assert.Equal(2, booked.Select(a => a.ResidentId).Distinct().Count());
        Assert.Equal(2, (await AppointmentTestData.SlotAsync(app, slots[0])).Taken);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task One_key_sent_many_times_at_once_stores_one_response(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var body = Assessment(AssessmentFlowTests.NonUrgent);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => PostAsync(maija, "/api/assessments/respiratory-infection/responses", body, "race-key")));
        var ids = await Task.WhenAll(responses.Select(CreatedIdAsync));
        Assert.Single(ids.Distinct());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.Equal(1, await db.Set<AssessmentResponse>().CountAsync(r => r.ResidentId != null));
        Assert.Equal(1, await db.Set<IdempotencyRecord>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Keys_older_than_the_retention_are_forgotten(string engine)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(SlotApiTests.Tuesday10, System.Globalization.CultureInfo.InvariantCulture));
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var client = app.CreateClient();
        var body = Assessment(AssessmentFlowTests.NonUrgent);
        var first = await CreatedIdAsync(await PostAsync(client, "/api/assessments/respiratory-infection/responses", body, "old-key"));

        // Moving the clock also wakes the hourly housekeeping, which may forget the key first: either way it is gone.
        clock.Advance(IdempotencyStore.Retention + TimeSpan.FromMinutes(1));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdempotencyStore>().ForgetExpiredAsync(default);
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<IdempotencyRecord>().CountAsync());
        }

        Assert.NotEqual(first, await CreatedIdAsync(await PostAsync(client, "/api/assessments/respiratory-infection/responses", body, "old-key")));
    }
}
