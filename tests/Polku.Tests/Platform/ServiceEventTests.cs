using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Tests.Assessments;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// The service-event journal (spec 05, issue 17 item 1): every event type the code writes is listed with the fields the
/// control tower needs, the journal refuses anything else, and the desk's and appointments' events carry municipality,
/// unit, service, channel, contact kind, urgency, due time, waiting time and the booking right's source.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class ServiceEventTests
{
    [Fact]
    public void Every_event_type_the_code_writes_is_catalogued_and_every_catalogued_type_is_written()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in RecordRegex().Matches(text))
            {
                written.Add(m.Groups[1].Value);
            }

            // The appointment desk passes its event type to one transition; the PostgreSQL claim writes its event in SQL.
            if (file.EndsWith("AppointmentDesk.cs", StringComparison.Ordinal) || file.EndsWith("PostgresClaim.cs", StringComparison.Ordinal))
            {
                foreach (Match m in QuotedTypeRegex().Matches(text))
                {
                    written.Add(m.Groups[1].Value);
                }
            }
        }

        Assert.Empty(written.Except(ServiceEventTypes.All.Keys));
        Assert.Empty(ServiceEventTypes.All.Keys.Except(written));
    }

    [Fact]
    public void The_journal_refuses_an_unknown_type_and_a_third_kind_of_contact()
    {
        using var app = new PolkuAppFactory();
        using var scope = app.Services.CreateScope();
        var journal = scope.ServiceProvider.GetRequiredService<ServiceJournal>();
        Assert.Throws<ArgumentException>(() => journal.Record("made.up", "test", digital: true));
        Assert.Throws<ArgumentException>(() => journal.Record("message.sent", "message", digital: true, contactKind: "appointment"));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_task_journals_its_creation_claim_and_transfer_with_unit_urgency_due_time_and_waiting(string engine)
    {
        await using var factory = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)) };
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        Guid responseId;
        using (var sent = await maija.PostAsJsonAsync(new Uri("/api/assessments/wellbeing-check/responses", UriKind.Relative),
            new { answers = FormsTests.WellbeingHighRisk(consent: true), context = new { municipality = "638" } }))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            responseId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        Guid taskId, digital;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            taskId = await db.Set<WorkTask>().Where(t => t.SourceId == responseId).Select(t => t.Id).SingleAsync();
            digital = await db.Set<WorkQueue>().Where(q => q.Code == "digi").Select(q => q.Id).SingleAsync();
        }

        ((ManualTimeProvider)factory.Time!).Advance(TimeSpan.FromMinutes(30));
        var nurse = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        using (var claim = await nurse.PostAsJsonAsync(new Uri($"/api/desk/tasks/{taskId}/claim", UriKind.Relative), new { }))
        {
            Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        }

        using (var transfer = await nurse.PostAsJsonAsync(new Uri($"/api/desk/tasks/{taskId}/transfer", UriKind.Relative), new { queueId = digital, note = "Digitaaliselle sote-keskukselle" }))
        {
            Assert.Equal(HttpStatusCode.OK, transfer.StatusCode);
        }

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var detail = "assessment-result due ";
            var events = await db.ServiceEvents.AsNoTracking().Where(e => e.Type.StartsWith("task.") && e.Detail!.StartsWith(detail)).OrderBy(e => e.AtUtc).ToListAsync();
            Assert.Equal(["task.created", "task.claimed", "task.transferred"], events.Select(e => e.Type).ToArray());
            Assert.All(events, e =>
            {
                Assert.Equal(EventFields.None, ServiceEventTypes.Missing(e));
                Assert.Equal(("638", "health-station", "assessment", "first-line", "P4"), (e.MunicipalityCode, e.ServiceCode, e.Channel, e.ContactKind, e.Outcome));
                Assert.Matches("^assessment-result due \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", e.Detail);
            });
            Assert.Equal(30 * 60, events[1].WaitingSeconds);
            Assert.NotEqual(events[0].UnitId, events[2].UnitId);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_booking_journals_the_residents_municipality_and_where_its_right_came_from(string engine)
    {
        await using var app = Polku.Tests.Appointments.SelfBookingPagesTests.At(engine);
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var appointment = await Polku.Tests.Appointments.SelfBookingPagesTests.BookFromAssessmentAsync(maija);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var booked = await db.ServiceEvents.AsNoTracking().Where(e => e.Type == "appointment.booked").OrderByDescending(e => e.AtUtc).FirstAsync();
        Assert.Equal(EventFields.None, ServiceEventTypes.Missing(booked));
        Assert.Equal(("638", "other", "source:assessment"), (booked.MunicipalityCode, booked.ContactKind, booked.Detail));
        Assert.NotNull(await db.Set<Polku.Appointments.Data.Appointment>().FindAsync(appointment));
    }

    [GeneratedRegex("(?:Record|Journal)(?:Async)?\\(\\s*\"([a-z][a-z_.-]+)\"")]
    private static partial Regex RecordRegex();

    [GeneratedRegex("[\"']((?:appointment|task)\\.[a-z_-]+)[\"']")]
    private static partial Regex QuotedTypeRegex();
}
