using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Feedback;
using Polku.Platform.Persistence;
using Polku.Tests.Contacts.Chat;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>
/// Feedback after a transaction (issue 14 item 4, spec 05): offered once, never twice for the same transaction,
/// skippable with nothing left but the skip, the service's extra questions, stored without a person.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class FeedbackTests
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);

    private static async Task<Guid> AnonymousAssessmentAsync(HttpClient client)
    {
        var answers = new Dictionary<string, object>
        {
            ["breathless-rest"] = false, ["chest-pain"] = "no", ["confusion"] = false, ["breathless-exertion"] = false, ["fever"] = false,
            ["duration"] = 2, ["symptoms"] = new[] { "runny-nose", "sore-throat" }, ["risk-group"] = new[] { "none" },
        };
        using var created = await PostAsync(client, "/api/assessments/respiratory-infection/responses", new { answers, context = new { municipality = "638" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_ended_chat_gets_feedback_once_and_the_event_carries_score_stage_and_municipality(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(ChatFlowTests.MondayMorning) };
        var (id, resident) = await ChatFlowTests.StartAsync(factory, municipality: "638");

        // Not before the chat has ended.
        using (var early = await PostAsync(resident, "/api/feedback", new { transaction = new { kind = "chat", id }, score = 9 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        using (var handover = await PostAsync(resident, $"/api/chat/sessions/{id}/handover", new { queue = "county" }))
        {
            Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        }

        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.digi");
        (await PostAsync(nurse, $"/api/desk/chats/{id}/take", new { })).Dispose();
        using (var end = await PostAsync(nurse, $"/api/chat/sessions/{id}/end", new { outcome = "handled-digitally" }))
        {
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }

        // Someone without the chat's token cannot answer for it.
        using (var stranger = await PostAsync(factory.CreateBrowserLikeClient(), "/api/feedback", new { transaction = new { kind = "chat", id }, score = 0 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        }

        using (var bad = await PostAsync(resident, "/api/feedback", new { transaction = new { kind = "chat", id }, score = 11 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("feedback.score_invalid", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var given = await PostAsync(resident, "/api/feedback", new { transaction = new { kind = "chat", id }, score = 9, text = "<script>alert(1)</script> Nopea vastaus." }))
        {
            Assert.Equal(HttpStatusCode.Created, given.StatusCode);
        }

        using (var again = await PostAsync(resident, "/api/feedback", new { transaction = new { kind = "chat", id }, score = 3 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("feedback.already_given", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var row = await db.Set<FeedbackAnswer>().SingleAsync();
        Assert.Equal(("chat", id, 9, "contact", "chat", "638", false), (row.Kind, row.SubjectId, row.Score, row.Stage, row.Channel, row.MunicipalityCode, row.Skipped));
        var given2 = await db.ServiceEvents.SingleAsync(e => e.Type == "feedback.given");
        Assert.Equal(("chat", "9", "contact", "638"), (given2.Channel, given2.Outcome, given2.Detail, given2.MunicipalityCode));
        Assert.Null(given2.ResidentKey);
    }

    [Fact]
    public async Task Skipping_leaves_only_the_skip_and_the_survey_is_not_offered_again()
    {
        await using var factory = new PolkuAppFactory();
        var client = factory.CreateBrowserLikeClient();
        var responseId = await AnonymousAssessmentAsync(client);

        // The result offers the survey; the survey page is a form with Send and Skip.
        var result = SignIn.Html(await client.GetStringAsync(new Uri($"/assessments/results/{responseId}", UriKind.Relative)));
        Assert.Contains($"/feedback/assessment/{responseId}", result, StringComparison.Ordinal);
        var (html, token) = await SignIn.GetFormAsync(client, $"/feedback/assessment/{responseId}");
        Assert.Contains("name=\"score\"", html, StringComparison.Ordinal);
        using (var skipped = await SignIn.PostFormAsync(client, $"/feedback/assessment/{responseId}?handler=Skip", token, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, skipped.StatusCode);
            Assert.Contains("done=skipped", skipped.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"/feedback/assessment/{responseId}", await client.GetStringAsync(new Uri($"/assessments/results/{responseId}", UriKind.Relative)), StringComparison.Ordinal);
        using (var late = await PostAsync(client, "/api/feedback", new { transaction = new { kind = "assessment", id = responseId }, score = 10 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var row = await db.Set<FeedbackAnswer>().SingleAsync();
        Assert.Equal((true, (int?)null, (string?)null, (string?)null), (row.Skipped, row.Score, row.Text, row.Answers));
        Assert.False(await db.ServiceEvents.AnyAsync(e => e.Type == "feedback.given"));

        // Unknown kinds and transactions are not found.
        using var unknown = await PostAsync(client, "/api/feedback", new { transaction = new { kind = "rocket", id = responseId }, score = 5 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_coordinators_extra_question_is_asked_after_an_answered_message_and_its_answer_checked()
    {
        await using var factory = new PolkuAppFactory();
        var coordinator = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        var (_, adminToken) = await SignIn.GetFormAsync(coordinator, "/admin/feedback-questions");
        using (var missing = await SignIn.PostFormAsync(coordinator, "/admin/feedback-questions?handler=Add", adminToken,
            [new("serviceCode", "health-station"), new("kind", "yesno"), new("textFi", "Saitko asiasi hoidettua?"), new("textSv", ""), new("textEn", "Was your matter handled?")]))
        {
            Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
            Assert.Contains("error-summary", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var added = await SignIn.PostFormAsync(coordinator, "/admin/feedback-questions?handler=Add", adminToken,
            [new("serviceCode", "health-station"), new("kind", "yesno"), new("textFi", "Saitko asiasi hoidettua?"), new("textSv", "Blev ditt ärende skött?"), new("textEn", "Was your matter handled?")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        // Maija writes, the nurse answers: the thread offers the survey with the question.
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        using var started = await PostAsync(maija, "/api/messages/threads", new { subject = "Kysymys", body = "Hei, kysyisin rokotuksista.", service = "health-station" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var threadId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var before = await PostAsync(maija, "/api/feedback", new { transaction = new { kind = "message", id = threadId }, score = 8 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using (var reply = await PostAsync(nurse, $"/api/messages/threads/{threadId}/messages", new { body = "Hei, rokotukset varataan ajanvarauksesta." }))
        {
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        }

        var thread = SignIn.Html(await maija.GetStringAsync(new Uri($"/me/messages/{threadId}", UriKind.Relative)));
        Assert.Contains($"/feedback/message/{threadId}", thread, StringComparison.Ordinal);
        var survey = SignIn.Html(await maija.GetStringAsync(new Uri($"/feedback/message/{threadId}", UriKind.Relative)));
        Assert.Contains("Saitko asiasi hoidettua?", survey, StringComparison.Ordinal);
        var questionId = System.Text.RegularExpressions.Regex.Match(survey, "name=\"answers\\[([0-9a-f-]{36})\\]\"").Groups[1].Value;
        Assert.NotEmpty(questionId);

        // Another resident cannot answer for Maija's thread.
        var erik = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(erik, "Erik Exempelsson");
        using (var notTheirs = await PostAsync(erik, "/api/feedback", new { transaction = new { kind = "message", id = threadId }, score = 1 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        using (var wrong = await PostAsync(maija, "/api/feedback", new { transaction = new { kind = "message", id = threadId }, score = 8, answers = new Dictionary<string, string> { [questionId] = "maybe" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("feedback.answer_invalid", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Through the page, as a browser without JavaScript sends it.
        var (_, surveyToken) = await SignIn.GetFormAsync(maija, $"/feedback/message/{threadId}");
        using (var given = await SignIn.PostFormAsync(maija, $"/feedback/message/{threadId}?handler=Send", surveyToken,
            [new("score", "8"), new($"answers[{questionId}]", "yes"), new("text", "")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
            Assert.Contains("done=given", given.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"/feedback/message/{threadId}", await maija.GetStringAsync(new Uri($"/me/messages/{threadId}", UriKind.Relative)), StringComparison.Ordinal);

        using var scope = factory.Services.CreateScope();
        var row = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<FeedbackAnswer>().SingleAsync();
        Assert.Equal(("message", "health-station", "638", 8), (row.Kind, row.ServiceCode, row.MunicipalityCode, row.Score));
        Assert.Equal($"{{\"{questionId}\":\"yes\"}}", row.Answers);
    }
}
