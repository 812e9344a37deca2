using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Tests.TestSupport;
using Polku.Training.Contracts;
using Polku.Training.Data;
using Polku.Training.Domain;
using Polku.Training.Enrolment;
using Polku.Training.Exams;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16: exams after the course, graded automatically, with retakes by the exam's rule; passing issues the
/// certificate (expiry = issue + validity) and sends it; a renewal course re-issues one of the same kind; the public
/// check says valid, expired or unknown and nothing else; the certificate registry other modules read.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class ExamAndCertificateTests
{
    [Fact]
    public void Grading_counts_a_question_only_when_exactly_its_right_choices_are_chosen()
    {
        var q1 = new GradedQuestion(Guid.NewGuid(), new HashSet<string> { "b" });
        var q2 = new GradedQuestion(Guid.NewGuid(), new HashSet<string> { "a", "c" });
        var q3 = new GradedQuestion(Guid.NewGuid(), new HashSet<string> { "a" });
        IReadOnlySet<string> S(params string[] keys) => keys.ToHashSet();
        var all = ExamGrading.Grade([q1, q2, q3], new Dictionary<Guid, IReadOnlySet<string>> { [q1.Id] = S("b"), [q2.Id] = S("a", "c"), [q3.Id] = S("a") }, 80);
        Assert.Equal((3, 3, true), (all.Score, all.MaxScore, all.Passed));
        var partial = ExamGrading.Grade([q1, q2, q3], new Dictionary<Guid, IReadOnlySet<string>> { [q1.Id] = S("b"), [q2.Id] = S("a"), [q3.Id] = S("a", "b") }, 80);
        Assert.Equal((1, false), (partial.Score, partial.Passed));
        Assert.Equal(new[] { q2.Id, q3.Id }, partial.Wrong);

        // 2 of 3 is 66.7 %: it fails 80 and passes 66 (whole-number comparison, no rounding up).
        var two = new Dictionary<Guid, IReadOnlySet<string>> { [q1.Id] = S("b"), [q2.Id] = S("a", "c") };
        Assert.False(ExamGrading.Grade([q1, q2, q3], two, 80).Passed);
        Assert.False(ExamGrading.Grade([q1, q2, q3], two, 67).Passed);
        Assert.True(ExamGrading.Grade([q1, q2, q3], two, 66).Passed);

        var now = new DateTime(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal("training.exam.retake_wait", ExamGrading.MayAttempt(1, false, now.AddHours(-2), 3, 24, now).Error);
        Assert.Null(ExamGrading.MayAttempt(1, false, now.AddHours(-24), 3, 24, now).Error);
        Assert.Equal("training.exam.no_attempts_left", ExamGrading.MayAttempt(3, false, now.AddDays(-5), 3, 24, now).Error);
        Assert.Equal("training.exam.already_passed", ExamGrading.MayAttempt(1, true, null, 3, 24, now).Error);
    }

    [Fact]
    public void Verification_codes_are_ten_unambiguous_characters_and_typed_codes_are_normalised()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => VerificationCode.New()).ToList();
        Assert.All(codes, c => Assert.Matches("^[23456789ABCDEFGHJKMNPQRSTWXYZ]{10}$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal("K7QX2M9HRT", VerificationCode.Normalise(" k7qx2-m9hrt "));
        Assert.Null(VerificationCode.Normalise("K7QX2-M9HR0"));
        Assert.Null(VerificationCode.Normalise("K7QX2M9HRTT"));
        Assert.Equal("K7QX2-M9HRT", VerificationCode.Display("K7QX2M9HRT"));
    }

    private static async Task<AttemptDto> AttemptAsync(HttpClient client, Guid examId, object answers, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/training/exams/{examId:D}/attempts", UriKind.Relative), new { answers });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<AttemptDto>(text, Web)!;
    }

    private static async Task<string> ErrorAsync(HttpClient client, Guid examId, object answers)
    {
        using var response = await client.PostAsJsonAsync(new Uri($"/api/training/exams/{examId:D}/attempts", UriKind.Relative), new { answers });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>The right (or, with <paramref name="right"/> false, wrong) answers of an exam, as the API takes them.</summary>
    private static async Task<Dictionary<string, string[]>> AnswersAsync(PolkuAppFactory app, Guid examId, bool right) =>
        await WithDbAsync(app, async db => (await db.Set<ExamQuestion>().AsNoTracking().Where(q => q.ExamId == examId).ToListAsync())
            .ToDictionary(q => q.Id.ToString("D"), q => right ? q.Correct.Split(',') : [ExamService.Choices(q).Select(c => c.Key).First(k => !q.Correct.Split(',').Contains(k))]));

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task After_the_course_a_failed_exam_waits_for_its_retake_and_a_pass_issues_a_certificate_the_registry_and_the_public_check_know(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var enrolments = scope.ServiceProvider.GetRequiredService<EnrolmentService>();
            Assert.Null((await enrolments.EnrolAsync(nurse.Id, await GroupIdAsync(app, "CHAT-1-01"), false, default)).Error);
            Assert.Null((await enrolments.EnrolAsync(nurse.Id, await GroupIdAsync(app, "CHAT-2-01"), false, default)).Error);
        }

        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.loviisa");
        var exam = await ExamIdAsync(app, "CHAT-2");
        var right = await AnswersAsync(app, exam, right: true);
        var wrong = await AnswersAsync(app, exam, right: false);

        // Before the group's last session has ended: not yet. Someone without a place: not enrolled.
        Assert.Equal("training.exam.not_yet", await ErrorAsync(client, exam, right));
        var other = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(other, "laakari.porvoo");
        Assert.Equal("training.exam.not_enrolled", await ErrorAsync(other, exam, right));

        var group = await GroupAsync(app, await GroupIdAsync(app, "CHAT-2-01"));
        clock.Advance(group.LastEndUtc - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        // Weeks have passed: the sign-in session has ended too.
        client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.loviisa");
        var failed = await AttemptAsync(client, exam, wrong);
        Assert.Equal((1, 0, false, 2), (failed.Number, failed.Score, failed.Passed, failed.AttemptsLeft ?? -1));
        Assert.Null(failed.Certificate);
        Assert.Equal("training.exam.retake_wait", await ErrorAsync(client, exam, right));

        clock.Advance(TimeSpan.FromHours(24));
        client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.loviisa");
        var passed = await AttemptAsync(client, exam, right);
        Assert.Equal((2, 3, true), (passed.Number, passed.Score, passed.Passed));
        var certificate = passed.Certificate!;
        Assert.Equal("chat", certificate.Kind);
        Assert.Equal(certificate.Issued.AddMonths(24), certificate.Expires);
        Assert.Equal("training.exam.already_passed", await ErrorAsync(client, exam, right));
        Assert.Single(await OutboxAsync(app, "training:certificate:"));
        Assert.Equal(EnrolmentStatuses.Completed, await WithDbAsync(app, db => db.Set<Enrolment>().Where(e => e.StaffId == nurse.Id && e.GroupId == group.Id).Select(e => e.Status).SingleAsync()));

        // The registry other modules gate access by.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ICertificateRegistry>();
            var now = clock.GetUtcNow().UtcDateTime;
            Assert.Equal(certificate.VerificationCode, (await registry.FindValidAsync(nurse.Id, "chat", now))!.VerificationCode);
            Assert.Null(await registry.FindValidAsync(nurse.Id, "chat", certificate.Expires!.Value.UtcDateTime));
            Assert.Null(await registry.FindValidAsync(nurse.Id, "symptom-queue", now));
            Assert.Equal("chat remote-appointments symptom-queue", string.Join(' ', (await registry.GetKindsAsync()).Select(k => k.Code)));
        }

        // The public check, without signing in: holder and course, nothing else.
        var anonymous = app.CreateBrowserLikeClient();
        var check = await anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/training/certificates/verify/{certificate.VerificationCode.ToLowerInvariant()}", UriKind.Relative));
        Assert.Equal("valid expired holder course expires", string.Join(' ', check.EnumerateObject().Select(p => p.Name)));
        Assert.True(check.GetProperty("valid").GetBoolean());
        Assert.Equal("Liisa Lähihoito", check.GetProperty("holder").GetString());
        Assert.Equal("Chat-työ käytännössä", check.GetProperty("course").GetString());
        var page = SignIn.Html(await anonymous.GetStringAsync(new Uri($"/training/certificates/verify/{certificate.VerificationCode}?lang=en", UriKind.Relative)));
        Assert.Contains("The certificate is valid.", page, StringComparison.Ordinal);
        Assert.Contains("Chat work in practice", page, StringComparison.Ordinal);
        Assert.DoesNotContain("hoitaja.loviisa", page, StringComparison.Ordinal);
        using (var form = await anonymous.GetAsync(new Uri($"/training/certificates/verify?code={certificate.VerificationCode[..5]}-{certificate.VerificationCode[5..]}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
            Assert.Equal(TrainingRoutes.VerifyCode(certificate.VerificationCode), form.Headers.Location!.ToString());
        }

        using (var unknown = await anonymous.GetAsync(new Uri("/api/training/certificates/verify/ABCDE23456", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("training.certificate_not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        using (var malformed = await anonymous.GetAsync(new Uri("/training/certificates/verify?code=%3Cscript%3E", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("Tarkistuskoodissa on 10 merkkiä", SignIn.Html(await malformed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_renewal_re_issues_the_kind_with_a_new_expiry_the_attempts_run_out_and_an_expired_certificate_checks_as_expired(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var digi = await StaffAsync(app, "hoitaja.digi");
        var renewal = await ExamIdAsync(app, "CHAT-R");
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.digi");
        string oldCode;
        DateTime oldExpiry;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var old = (await scope.ServiceProvider.GetRequiredService<ICertificateRegistry>().FindValidAsync(digi.Id, "chat", clock.GetUtcNow().UtcDateTime))!;
            (oldCode, oldExpiry) = (old.VerificationCode, old.ExpiresUtc!.Value);
        }

        // The renewal is online and needs no group: hoitaja.digi holds chat and passes; the new certificate replaces the old.
        var renewed = await AttemptAsync(client, renewal, await AnswersAsync(app, renewal, right: true));
        Assert.True(renewed.Passed);
        Assert.NotEqual(oldCode, renewed.Certificate!.VerificationCode);
        Assert.Equal(renewed.Certificate.Issued.AddMonths(24), renewed.Certificate.Expires);
        Assert.True(renewed.Certificate.Expires!.Value.UtcDateTime > oldExpiry);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ICertificateRegistry>();
            var latest = Assert.Single(await registry.GetLatestAsync([digi.Id]));
            Assert.Equal((renewed.Certificate.VerificationCode, "chat"), (latest.VerificationCode, latest.Kind));
        }

        // Someone who never held the kind has nothing to renew; a trainee out of attempts is told so.
        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.loviisa");
        Assert.Equal("training.exam.nothing_to_renew", await ErrorAsync(nurse, renewal, await AnswersAsync(app, renewal, right: true)));
        var porvoo = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(porvoo, "hoitaja.porvoo");
        var symptomRenewal = await ExamIdAsync(app, "OIRE-R");
        var wrong = await AnswersAsync(app, symptomRenewal, right: false);
        Assert.False((await AttemptAsync(porvoo, symptomRenewal, wrong)).Passed);
        Assert.Equal(0, (await AttemptAsync(porvoo, symptomRenewal, wrong)).AttemptsLeft ?? -1);
        Assert.Equal("training.exam.no_attempts_left", await ErrorAsync(porvoo, symptomRenewal, wrong));

        // hoitaja.porvoo's symptom-queue certificate expires next week: valid today, expired in eight days.
        var porvooCode = await WithDbAsync(app, db => db.Set<Certificate>().Where(c => c.Kind == "symptom-queue").Select(c => c.VerificationCode).SingleAsync());
        var anonymous = app.CreateBrowserLikeClient();
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/training/certificates/verify/{porvooCode}", UriKind.Relative))).GetProperty("valid").GetBoolean());
        clock.Advance(TimeSpan.FromDays(8));
        var expired = await anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/training/certificates/verify/{porvooCode}", UriKind.Relative));
        Assert.Equal((false, true), (expired.GetProperty("valid").GetBoolean(), expired.GetProperty("expired").GetBoolean()));
        Assert.Contains("Todistus ei ole enää voimassa.", SignIn.Html(await anonymous.GetStringAsync(new Uri($"/training/certificates/verify/{porvooCode}", UriKind.Relative))), StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record CertificateDto(string Kind, string VerificationCode, DateTimeOffset Issued, DateTimeOffset? Expires, string VerifyUrl);

    private sealed record AttemptDto(int Number, int Score, int MaxScore, bool Passed, int PassPercent, int? AttemptsLeft, CertificateDto? Certificate);
}
