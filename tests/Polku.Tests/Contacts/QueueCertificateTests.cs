using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Contacts.Queues;
using Polku.Platform.Outbox;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Contacts;

/// <summary>
/// Issue 16, what it must show: a coordinator imports 500 professionals from the HR file (dry run first, with its row
/// errors), gives one the county's chat queue — refused without the chat certificate —, the professional takes the
/// course, passes the exam and receives the certificate, the membership is then allowed; warnings go 30 and 7 days
/// ahead, once each even with two nodes checking at once; when the certificate expires the membership lapses and the
/// desk says why (all on the fake clock).
/// </summary>
[Trait("Category", "Postgres")]
public sealed class QueueCertificateTests
{
    private const string Header = "login;name;title;email;directory_id;units;roles;active";

    private static Uri U(string path) => new(path, UriKind.Relative);

    private static async Task<HttpClient> StaffClientAsync(PolkuAppFactory app, string login)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, login);
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(HttpClient client, string csv, bool dryRun)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(U("/api/admin/staff/import" + (dryRun ? "?dryRun=true" : "")), content);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<(HttpStatusCode Status, string Text)> AddMemberAsync(HttpClient coordinator, Guid queueId, Guid staffId)
    {
        using var response = await coordinator.PostAsJsonAsync(U($"/api/admin/queues/{queueId:D}/members"), new { staffId });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Lapsed, int Warned)> CheckAsync(PolkuAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<QueueCertificates>().RunAsync(default);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_imported_professional_joins_the_chat_queue_only_with_the_chat_certificate_and_loses_it_when_the_certificate_expires(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var coordinator = await StaffClientAsync(app, "koordinaattori");

        // 1. The HR file: 500 professionals of the digital centre; the dry run lists the broken row by its line.
        var rows = Enumerable.Range(1, 500).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"hr.{i:D3};Tuotu Hoitaja {i:D3};nurse;hr.{i:D3}@example.invalid;H{i:D4};digi;professional;true")).ToList();
        var (dryStatus, dry) = await ImportAsync(coordinator, string.Join("\n", [Header, .. rows, "hr.bad;Rikki Rivi;nurse;;;no-such-unit;professional;true"]), dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dryStatus);
        Assert.Equal(500, dry.GetProperty("creates").GetInt32());
        var error = Assert.Single(dry.GetProperty("errors").EnumerateArray());
        Assert.Equal((502, "staff.unit_unknown"), (error.GetProperty("line").GetInt32(), error.GetProperty("code").GetString()));
        var (appliedStatus, applied) = await ImportAsync(coordinator, string.Join("\n", [Header, .. rows]), dryRun: false);
        Assert.Equal(HttpStatusCode.OK, appliedStatus);
        Assert.True(applied.GetProperty("applied").GetBoolean());

        var nurse = await StaffAsync(app, "hr.042");
        var chatQueue = await WithDbAsync(app, db => db.Set<WorkQueue>().AsNoTracking().SingleAsync(q => q.Code == "county"));
        Assert.Equal("chat", chatQueue.RequiredCertificate);

        // 2. Without the chat certificate the coordinator cannot make her a member, and nothing changes.
        var (refused, problem) = await AddMemberAsync(coordinator, chatQueue.Id, nurse.Id);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("contacts.queues.certificate_required", problem, StringComparison.Ordinal);
        Assert.False(await WithDbAsync(app, db => db.Set<QueueMember>().AnyAsync(m => m.QueueId == chatQueue.Id && m.StaffId == nurse.Id)));

        // 3. She takes the course (both groups in order), and after the last session passes the exam: the certificate.
        var trainee = await StaffClientAsync(app, "hr.042");
        foreach (var group in new[] { "CHAT-1-01", "CHAT-2-01" })
        {
            using var enrolled = await trainee.PostAsync(U($"/api/training/groups/{await GroupIdAsync(app, group):D}/enrolments"), null);
            Assert.Equal(HttpStatusCode.Created, enrolled.StatusCode);
        }

        var lastGroup = await GroupAsync(app, await GroupIdAsync(app, "CHAT-2-01"));
        clock.Advance(lastGroup.LastEndUtc - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(5));
        trainee = await StaffClientAsync(app, "hr.042");
        var exam = await ExamIdAsync(app, "CHAT-2");
        var answers = await WithDbAsync(app, async db => (await db.Set<ExamQuestion>().AsNoTracking().Where(q => q.ExamId == exam).ToListAsync())
            .ToDictionary(q => q.Id.ToString("D"), q => q.Correct.Split(',')));
        using (var attempt = await trainee.PostAsJsonAsync(U($"/api/training/exams/{exam:D}/attempts"), new { answers }))
        {
            Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
            var graded = await attempt.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(graded.GetProperty("passed").GetBoolean());
            Assert.Equal("chat", graded.GetProperty("certificate").GetProperty("kind").GetString());
        }

        var expires = await WithDbAsync(app, db => db.Set<Certificate>().Where(c => c.StaffId == nurse.Id && c.Kind == "chat").Select(c => c.ExpiresUtc).SingleAsync());

        // 4. Now the membership is allowed.
        coordinator = await StaffClientAsync(app, "koordinaattori");
        var (added, addedText) = await AddMemberAsync(coordinator, chatQueue.Id, nurse.Id);
        Assert.True(added is HttpStatusCode.OK or HttpStatusCode.Created, $"{(int)added}: {addedText}");

        // 5. Nothing to warn about yet; 29 days before expiry the 30-day warning goes to her and to the county's
        // coordinator — once, although two nodes check at the same moment.
        Assert.Equal(0, (await CheckAsync(app)).Warned);
        clock.Advance(expires!.Value - TimeSpan.FromDays(29) - clock.GetUtcNow().UtcDateTime);
        var both = await Task.WhenAll(CheckAsync(app), CheckAsync(app));
        var warnings = await WithDbAsync(app, db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith($"queue-cert:{nurse.Id:D}:chat:")).ToListAsync());
        Assert.Equal(2, warnings.Count);
        Assert.Equal(["hr.042@example.invalid", "koordinaattori@example.invalid"], warnings.Select(w => w.Recipient).Order(StringComparer.Ordinal));
        Assert.All(warnings, w => Assert.Contains(QueueCertificates.Date(expires.Value), w.Body, StringComparison.Ordinal));
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<CertificateWarning>().CountAsync(w => w.StaffId == nurse.Id && w.DaysAhead == 30)));
        Assert.Equal(1, both.Sum(b => b.Warned));
        Assert.Equal(0, (await CheckAsync(app)).Warned);
        var desk = SignIn.Html(await (await StaffClientAsync(app, "hr.042")).GetStringAsync(U("/desk")));
        Assert.Contains($"Todistuksesi Chat-hoitaja vanhenee {QueueCertificates.Date(expires.Value)}", desk, StringComparison.Ordinal);

        // 6. The 7-day warning, once.
        clock.Advance(TimeSpan.FromDays(23));
        await CheckAsync(app);
        await CheckAsync(app);
        Assert.Equal(1, await WithDbAsync(app, db => db.Set<CertificateWarning>().CountAsync(w => w.StaffId == nurse.Id && w.DaysAhead == 7)));

        // 7. Past the expiry the membership lapses, once, and her desk says which queue went and why.
        clock.Advance(expires.Value - clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        await Task.WhenAll(CheckAsync(app), CheckAsync(app));
        Assert.False(await WithDbAsync(app, db => db.Set<QueueMember>().AnyAsync(m => m.QueueId == chatQueue.Id && m.StaffId == nurse.Id)));
        var lapse = Assert.Single(await WithDbAsync(app, db => db.Set<QueueLapse>().AsNoTracking().Where(l => l.StaffId == nurse.Id).ToListAsync()));
        Assert.Equal(("chat", expires), (lapse.CertificateKind, lapse.CertificateExpiredUtc));
        desk = SignIn.Html(await (await StaffClientAsync(app, "hr.042")).GetStringAsync(U("/desk")));
        Assert.Contains(
            $"Jono Koko hyvinvointialueen chat ei ole enää käytettävissäsi: todistuksesi Chat-hoitaja vanheni {QueueCertificates.Date(expires.Value)}.",
            desk, StringComparison.Ordinal);
        var deskSv = SignIn.Html(await (await StaffClientAsync(app, "hr.042")).GetStringAsync(U("/desk?lang=sv")));
        Assert.Contains("Kön Chatt för hela välfärdsområdet är inte längre tillgänglig för dig", deskSv, StringComparison.Ordinal);

        // The coordinator sees her among the lapsed memberships, and cannot add her back without a valid certificate.
        coordinator = await StaffClientAsync(app, "koordinaattori");
        var members = SignIn.Html(await coordinator.GetStringAsync(U("/admin/queues/county/members")));
        Assert.Contains("Tuotu Hoitaja 042: jäsenyys päättyi", members, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await AddMemberAsync(coordinator, chatQueue.Id, nurse.Id)).Status);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_queue_may_require_only_a_certificate_kind_the_county_has_and_the_form_keeps_what_was_typed(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Monday) };
        var coordinator = await StaffClientAsync(app, "koordinaattori");
        var queue = await WithDbAsync(app, db => db.Set<WorkQueue>().AsNoTracking().SingleAsync(q => q.Code == "county"));
        var detail = await coordinator.GetFromJsonAsync<JsonElement>(U($"/api/admin/queues/{queue.Id:D}"));
        Assert.Equal("chat", detail.GetProperty("requiredCertificate").GetString());

        var body = new
        {
            nameFi = queue.NameFi, nameSv = queue.NameSv, nameEn = queue.NameEn, unitId = queue.UnitId, hoursUnitId = queue.HoursUnitId,
            municipalityCode = queue.MunicipalityCode, serviceCode = queue.ServiceCode, channel = queue.Channel,
            targetP1 = queue.TargetP1Minutes, targetP2 = queue.TargetP2Minutes, targetP3 = queue.TargetP3Minutes, targetP4 = queue.TargetP4Minutes,
            identified = queue.Identified, closed = false, version = queue.Version, requiredCertificate = "wizardry",
        };
        using (var refused = await coordinator.PutAsJsonAsync(U($"/api/admin/queues/{queue.Id:D}"), body))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("contacts.queues.certificate_unknown", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var saved = await coordinator.PutAsJsonAsync(U($"/api/admin/queues/{queue.Id:D}"), body with { requiredCertificate = "symptom-queue" }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.Equal("symptom-queue", await WithDbAsync(app, db => db.Set<WorkQueue>().Where(q => q.Id == queue.Id).Select(q => q.RequiredCertificate).SingleAsync()));

        // The edit page offers the kinds by name and shows the requirement.
        var page = SignIn.Html(await coordinator.GetStringAsync(U("/admin/queues/county?lang=en")));
        Assert.Contains("Required certificate", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"symptom-queue\" selected=\"selected\">Symptom assessment queue</option>", page, StringComparison.Ordinal);
    }
}
