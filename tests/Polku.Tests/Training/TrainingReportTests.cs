using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using Polku.Training.Enrolment;
using Polku.Training.Reports;
using Polku.Training.Trainer;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16, parts 6 and 9: the coordinator's fill-rate and certification reports per organisation (the trainee's
/// unit) and the CSV exports of attendance and certificates — the numbers of a known set-up, the CSV's form, who may
/// export which group's attendance, and bad filters answered with a localised 400, never a 500.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TrainingReportTests
{
    private static readonly DateOnly September = new(2026, 9, 7);

    private static async Task<T> ServiceAsync<TService, T>(PolkuAppFactory app, Func<TService, Task<T>> work)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private static Task<ReportFilter> FilterAsync(PolkuAppFactory app, ReportQuery query) =>
        ServiceAsync<TrainingReports, ReportFilter>(app, async r => (await r.ParseAsync(query, default)).Filter!);

    private static async Task<Guid> EnrolAsync(PolkuAppFactory app, string login, Guid group, bool waitingList = false)
    {
        var who = await StaffAsync(app, login);
        var result = await ServiceAsync<EnrolmentService, Polku.Platform.Results.Result<EnrolOutcome>>(app, s => s.EnrolAsync(who.Id, group, waitingList, default));
        Assert.True(result.IsSuccess, login + ": " + result.Error?.Code);
        return result.Value!.EnrolmentId;
    }

    /// <summary>
    /// Two September groups of CHAT-1 (2 + 3 places): the first full with hoitaja.porvoo (hs-638) and hoitaja.loviisa
    /// (hs-434) and sihteeri.porvoo (hs-638 and ss-638) waiting; in the second hoitaja.digi (digi) holds a place and
    /// laakari.porvoo cancelled theirs.
    /// </summary>
    private static async Task<(Guid Full, Guid Other)> SeptemberAsync(PolkuAppFactory app)
    {
        var full = await NewGroupAsync(app, "CHAT-1", 2, (September, new TimeOnly(9, 0), new TimeOnly(12, 0)), (September.AddDays(7), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var other = await NewGroupAsync(app, "CHAT-1", 3, (September.AddDays(1), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        await EnrolAsync(app, "hoitaja.porvoo", full);
        await EnrolAsync(app, "hoitaja.loviisa", full);
        await EnrolAsync(app, "sihteeri.porvoo", full, waitingList: true);
        await EnrolAsync(app, "hoitaja.digi", other);
        var doctor = await StaffAsync(app, "laakari.porvoo");
        var cancelled = await EnrolAsync(app, "laakari.porvoo", other);
        Assert.True((await ServiceAsync<EnrolmentService, Polku.Platform.Results.Result<Guid>>(app, s => s.CancelAsync(doctor.Id, cancelled, default))).IsSuccess);
        return (full, other);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Fill_rates_count_capacity_places_and_the_waiting_list_per_course_and_organisation(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Monday) };
        await SeptemberAsync(app);
        var filter = await FilterAsync(app, new ReportQuery("2026-09-01", "2026-09-30", null, null, null));

        var report = await ServiceAsync<TrainingReports, FillReport>(app, r => r.FillRatesAsync(filter, "en", "No unit", default));
        var course = Assert.Single(report.Courses);
        Assert.Equal(("DIGI-CHAT", "CHAT-1", "Chat basics", 2, 5, 3, 1, (int?)60),
            (course.ProgrammeCode, course.CourseCode, course.Course, course.Groups, course.Capacity, course.Taken, course.Waiting, course.FillPercent));
        Assert.Equal((2, 5, 3, 1, (int?)60), (report.Total.Groups, report.Total.Capacity, report.Total.Taken, report.Total.Waiting, report.Total.FillPercent));

        // Per unit: the secretary of two units waits in both; the cancelled doctor counts nowhere.
        Assert.Equal(["digi:1/0", "hs-434:1/0", "hs-638:1/1", "ss-638:0/1"],
            report.Organisations.Select(o => $"{o.UnitCode}:{o.Taken}/{o.Waiting}").Order(StringComparer.Ordinal));
        Assert.All(report.Organisations, o => Assert.Equal("CHAT-1", o.CourseCode));
        Assert.Equal(["digi:1:1/0", "hs-434:1:1/0", "hs-638:1:1/1", "ss-638:1:0/1"],
            report.OrganisationTotals.Select(o => $"{o.UnitCode}:{o.Courses}:{o.Taken}/{o.Waiting}").Order(StringComparer.Ordinal));

        var porvoo = await FilterAsync(app, new ReportQuery("2026-09-01", "2026-09-30", "hs-638", null, null));
        var only = await ServiceAsync<TrainingReports, FillReport>(app, r => r.FillRatesAsync(porvoo, "en", "No unit", default));
        Assert.Equal(["hs-638:1/1"], only.Organisations.Select(o => $"{o.UnitCode}:{o.Taken}/{o.Waiting}"));
        Assert.Equal(5, Assert.Single(only.Courses).Capacity);

        // A period without the groups has none of them; the default period is 90 days either side of today (Helsinki).
        var august = await FilterAsync(app, new ReportQuery("2026-08-01", "2026-08-31", null, null, null));
        Assert.Empty((await ServiceAsync<TrainingReports, FillReport>(app, r => r.FillRatesAsync(august, "en", "No unit", default))).Courses);
        var standard = await FilterAsync(app, new ReportQuery(null, null, null, null, null));
        Assert.Equal((new DateOnly(2026, 1, 13), new DateOnly(2026, 7, 12)), (standard.From, standard.To));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Certification_counts_the_newest_certificate_per_person_and_kind_as_valid_expiring_or_expired_by_the_clock(string engine)
    {
        var clock = new ManualTimeProvider(Monday);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var now = Monday.UtcDateTime;
        var loviisa = await StaffAsync(app, "hoitaja.loviisa");
        var secretary = await StaffAsync(app, "sihteeri.porvoo");
        var chat2 = await CourseIdAsync(app, "CHAT-2");
        await WithDbAsync(app, async db =>
        {
            Certificate Chat(Guid staff, string name, DateTime issued, DateTime expires) => new()
            {
                Id = Guid.NewGuid(), StaffId = staff, HolderName = name, Kind = "chat", CourseId = chat2, IssuedUtc = issued, ExpiresUtc = expires,
                VerificationCode = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            };
            db.Set<Certificate>().AddRange(
                Chat(loviisa.Id, loviisa.DisplayName, now.AddMonths(-25), now.AddMonths(-1)),
                Chat(secretary.Id, secretary.DisplayName, now.AddMonths(-30), now.AddMonths(-6)),
                Chat(secretary.Id, secretary.DisplayName, now.AddMonths(-2), now.AddMonths(22)));
            return await db.SaveChangesAsync();
        });

        async Task<List<string>> RowsAsync(ReportQuery query)
        {
            var filter = await FilterAsync(app, query);
            var report = await ServiceAsync<TrainingReports, CertificationReport>(app, r => r.CertificationsAsync(filter, "en", "No unit", default));
            return [.. report.Rows.Select(r => $"{r.UnitCode}/{r.Kind}:{r.Valid},{r.Expiring},{r.Expired}").Order(StringComparer.Ordinal),
                .. report.Totals.Select(r => $"total/{r.Kind}:{r.Valid},{r.Expiring},{r.Expired}").Order(StringComparer.Ordinal)];
        }

        // The demo's hoitaja.digi (chat), laakari.porvoo (remote appointments) and hoitaja.porvoo (symptom queue, a week left).
        Assert.Equal(
            ["digi/chat:1,0,0", "hs-434/chat:0,0,1", "hs-638/chat:1,0,0", "hs-638/remote-appointments:1,0,0", "hs-638/symptom-queue:1,1,0", "ss-638/chat:1,0,0",
                "total/chat:2,0,1", "total/remote-appointments:1,0,0", "total/symptom-queue:1,1,0"],
            await RowsAsync(new ReportQuery(null, null, null, null, null)));
        Assert.Equal(["hs-434/chat:0,0,1", "total/chat:0,0,1"], await RowsAsync(new ReportQuery(null, null, "hs-434", "chat", null)));
        Assert.Equal(["hs-638/remote-appointments:1,0,0", "total/remote-appointments:1,0,0"], await RowsAsync(new ReportQuery(null, null, null, null, "doctor")));

        // Eight days on, the symptom-queue certificate has expired.
        clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(["hs-638/symptom-queue:0,0,1", "total/symptom-queue:0,0,1"], await RowsAsync(new ReportQuery(null, null, null, "symptom-queue", null)));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task The_csv_has_a_bom_localised_headers_and_formula_safe_cells(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Monday) };
        var (full, _) = await SeptemberAsync(app);
        var loviisa = await StaffAsync(app, "hoitaja.loviisa");
        var chat2 = await CourseIdAsync(app, "CHAT-2");
        await WithDbAsync(app, async db =>
        {
            db.Set<Certificate>().Add(new Certificate
            {
                Id = Guid.NewGuid(), StaffId = loviisa.Id, HolderName = "=HYPERLINK(\"http://evil.example\")", Kind = "chat", CourseId = chat2,
                IssuedUtc = Monday.UtcDateTime.AddMonths(-1), ExpiresUtc = Monday.UtcDateTime.AddMonths(23), VerificationCode = "QWERTY2345",
            });
            return await db.SaveChangesAsync();
        });

        // Attendance of the full group's first session: hoitaja.porvoo present, hoitaja.loviisa absent; the second session unmarked.
        var porvoo = await StaffAsync(app, "hoitaja.porvoo");
        var trainer = await StaffAsync(app, "kouluttaja");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<TrainerQueries>();
            var group = (await queries.GroupAsync(full, trainer.Id, all: true, default))!;
            var first = (await queries.SessionsAsync(full, default))[0];
            var present = (await queries.ParticipantsAsync(group, default)).Where(p => p.StaffId == porvoo.Id).Select(p => p.EnrolmentId).ToHashSet();
            Assert.True((await queries.MarkAttendanceAsync(group, first.Id, present, trainer.Id, default)).IsSuccess);
        }

        using var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");

        async Task<(HttpResponseMessage Response, byte[] Bytes, string Text)> CsvAsync(string url)
        {
            var response = await coordinator.GetAsync(new Uri(url, UriKind.Relative));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            return (response, bytes, Encoding.UTF8.GetString(bytes.AsSpan(3)));
        }

        var certificates = await CsvAsync("/training/admin/reports?handler=Csv&table=certificates&kind=chat");
        Assert.Equal(HttpStatusCode.OK, certificates.Response.StatusCode);
        Assert.Equal("text/csv", certificates.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), certificates.Bytes[..3]);
        var lines = certificates.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Haltija,Yksikkö,Todistuslaji,Kurssi,Myönnetty,Vanhenee,Tarkistuskoodi,Tila", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK(\"\"http://evil.example\"\")\",", StringComparison.Ordinal) && l.Contains(",QWERTY2345,Voimassa", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Daniel Digitalis,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Lauri Lääkäri", StringComparison.Ordinal));

        var fill = await CsvAsync("/training/admin/reports?handler=Csv&table=fill&from=2026-09-01&to=2026-09-30&lang=sv");
        Assert.Equal(HttpStatusCode.OK, fill.Response.StatusCode);
        Assert.Equal(["Programkod,Utbildningsprogram,Kurskod,Kurs,Grupper,Platser,Tagna,I kö,Fyllnadsgrad %", "DIGI-CHAT,Utbildning i chattjänsten,CHAT-1"],
            [.. fill.Text.Split("\r\n").Take(2).Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Take(3)))]);

        var attendance = await CsvAsync($"/api/training/admin/reports/attendance?group={full:D}&lang=en");
        Assert.Equal(HttpStatusCode.OK, attendance.Response.StatusCode);
        var rows = attendance.Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Group,Course,Trainee,Unit,Session starts,Session ends,Attendance", rows[0]);
        Assert.Equal(["2026-09-07 09:00 Hanna Hoitaja Present", "2026-09-07 09:00 Liisa Lähihoito Absent", "2026-09-14 09:00 Hanna Hoitaja Not marked",
                "2026-09-14 09:00 Liisa Lähihoito Not marked"],
            rows[1..].Select(r => r.Split(',')).Select(c => $"{c[4]} {c[2]} {c[6]}"));

        var json = JsonDocument.Parse(await coordinator.GetStringAsync(new Uri("/api/training/admin/reports/fill-rates?from=2026-09-01&to=2026-09-30", UriKind.Relative))).RootElement;
        Assert.Equal(60, json.GetProperty("total").GetProperty("fillPercent").GetInt32());
        var organisations = await CsvAsync("/api/training/admin/reports/fill-rates?from=2026-09-01&to=2026-09-30&format=csv&table=organisations&lang=en");
        Assert.StartsWith("Organisation,Programme code,Programme,Course code,Course,Taken,Waiting\r\n", organisations.Text, StringComparison.Ordinal);

        var page = SignIn.Html(await coordinator.GetStringAsync(new Uri("/training/admin/reports?from=2026-09-01&to=2026-09-30", UriKind.Relative)));
        Assert.Contains("Täyttöaste kursseittain", page, StringComparison.Ordinal);
        Assert.Contains("60 %", page, StringComparison.Ordinal);

        // Without an organisation the page sums each organisation over all courses and links to its own report; with one
        // it lists that organisation's places per course.
        Assert.Contains("kaikki kurssit</caption>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"?from=2026-09-01&to=2026-09-30&organisation=hs-638\"", page, StringComparison.Ordinal);
        var one = SignIn.Html(await coordinator.GetStringAsync(new Uri("/training/admin/reports?from=2026-09-01&to=2026-09-30&organisation=hs-638", UriKind.Relative)));
        Assert.Contains("organisaatioittain ja kursseittain</caption>", one, StringComparison.Ordinal);
        Assert.Contains("Chatin perusteet", one[one.IndexOf("id=\"organisations\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_trainer_exports_only_their_own_groups_attendance_and_not_the_reports(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Monday) };
        var (mine, theirs) = await SeptemberAsync(app);
        var trainer = await StaffAsync(app, "kouluttaja");
        await WithDbAsync(app, async db =>
        {
            await db.Set<CourseGroup>().Where(g => g.Id == mine).ExecuteUpdateAsync(u => u.SetProperty(g => g.TrainerStaffId, trainer.Id));
            return await db.Set<CourseGroup>().Where(g => g.Id == theirs).ExecuteUpdateAsync(u => u.SetProperty(g => g.TrainerStaffId, Guid.NewGuid()));
        });

        using var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "kouluttaja");
        using (var own = await client.GetAsync(new Uri(Polku.Training.Contracts.TrainingRoutes.TrainerGroupAttendanceCsv(mine), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Contains("Hanna Hoitaja", Encoding.UTF8.GetString(await own.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        using (var other = await client.GetAsync(new Uri(Polku.Training.Contracts.TrainingRoutes.TrainerGroupAttendanceCsv(theirs), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        foreach (var url in new[] { $"/api/training/admin/reports/attendance?group={theirs:D}", "/training/admin/reports" })
        {
            using var refused = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true, url);
        }

        // The coordinator may export any group's attendance, on the trainer's page too.
        using var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        using var any = await coordinator.GetAsync(new Uri(Polku.Training.Contracts.TrainingRoutes.TrainerGroupAttendanceCsv(theirs), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        Assert.Contains("Daniel Digitalis", Encoding.UTF8.GetString(await any.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Bad_filters_are_a_localised_400_keeping_what_was_typed_never_a_500(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Monday) };
        using var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");

        foreach (var (query, message, kept) in new[]
        {
            ("from=2026-05-01&to=2026-04-01", "Päättymispäivä ei voi olla ennen alkamispäivää.", "value=\"2026-04-01\""),
            ("from=2020-01-01&to=2030-01-01", "Aikaväli voi olla enintään kaksi vuotta.", "value=\"2030-01-01\""),
            ("from=1.5.2026", "Anna päivämäärä muodossa vvvv-kk-pp.", "value=\"1.5.2026\""),
            ("organisation=nowhere", "Organisaatiota ei löydy.", "value=\"nowhere\" selected"),
            ("kind=" + new string('x', 300), "Todistuslajia ei löydy.", "value=\"xxxx"),
        })
        {
            foreach (var url in new[] { "/training/admin/reports?" + query, "/training/admin/reports?handler=Csv&table=fill&" + query })
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var html = SignIn.Html(await response.Content.ReadAsStringAsync());
                Assert.Contains(message, html, StringComparison.Ordinal);
                Assert.Contains(kept, html, StringComparison.Ordinal);
            }
        }

        foreach (var (url, status, code) in new[]
        {
            ("/api/training/admin/reports/fill-rates?from=2026-05-01&to=2026-04-01", 400, "training.reports.period_order"),
            ("/api/training/admin/reports/fill-rates?from=2016-01-01&to=2026-01-01&format=csv", 400, "training.reports.period_too_long"),
            ("/api/training/admin/reports/fill-rates?organisation=nowhere", 400, "training.reports.organisation_unknown"),
            ("/api/training/admin/reports/fill-rates?format=xml", 400, "training.reports.format_unknown"),
            ("/api/training/admin/reports/certifications?kind=nope", 400, "training.reports.kind_unknown"),
            ("/api/training/admin/reports/certificates?title=" + new string('t', 101), 400, "training.reports.title_too_long"),
            ($"/api/training/admin/reports/attendance?group={Guid.NewGuid():D}", 404, "training.reports.group_not_found"),
        })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal((status, code), ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()));
        }

        using var notAGuid = await client.GetAsync(new Uri("/api/training/admin/reports/attendance?group=abc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, notAGuid.StatusCode);
        using var unknownTable = await client.GetAsync(new Uri("/training/admin/reports?handler=Csv&table=nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownTable.StatusCode);
    }
}
