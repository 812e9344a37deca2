using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Coordinator;
using Polku.Training.Data;
using Polku.Training.Enrolment;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16, part 6: the training coordinator creates and edits programmes, courses and groups (validation, optimistic
/// concurrency, capacity never below the places taken) and copies earlier programmes and groups as templates.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class CoordinatorTests
{
    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Monday) };

    private static async Task<T> AdminAsync<T>(PolkuAppFactory app, Func<ProgrammeAdministration, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ProgrammeAdministration>());
    }

    private static ProgrammeDraft Draft(string code, string nameFi = "Uusi ohjelma") =>
        new(code, nameFi, "Nytt program", "New programme", "Kuvaus", "Beskrivning", "Description", Published: false, "", "hs-638", "nurse, doctor");

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_programme_is_created_validated_and_edited_with_optimistic_concurrency(string engine)
    {
        await using var app = App(engine);

        var invalid = await AdminAsync(app, a => a.CreateProgrammeAsync(Draft("bad code", nameFi: " "), default));
        Assert.Equal((CoordinatorErrors.CodeInvalid, "Code"), (invalid.Error!.Code, invalid.Error.Field));
        Assert.Equal(["Code", "NameFi"], ProgrammeAdministration.Check(Draft("bad code", nameFi: " ")).Select(e => e.Field!));
        var taken = await AdminAsync(app, a => a.CreateProgrammeAsync(Draft("DIGI-CHAT"), default));
        Assert.Equal(CoordinatorErrors.CodeTaken, taken.Error!.Code);

        var created = await AdminAsync(app, a => a.CreateProgrammeAsync(Draft("DIGI-UUSI"), default));
        Assert.True(created.IsSuccess);
        var stored = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Id == created.Value));
        Assert.Equal((1, false, "Description"), (stored.Version, stored.Published, stored.DescriptionEn));
        var audience = await WithDbAsync(app, db => db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == created.Value).Select(a => a.Kind + ":" + a.Value).OrderBy(v => v).ToListAsync());
        Assert.Equal(["title:doctor", "title:nurse", "unit:hs-638"], audience);

        var saved = await AdminAsync(app, a => a.UpdateProgrammeAsync(created.Value, 1, Draft("DIGI-UUSI", "Muutettu") with { Published = true, Titles = "nurse" }, default));
        Assert.Equal(2, saved.Value);

        // A second editor who loaded version 1 loses, and nothing of theirs is written.
        var stale = await AdminAsync(app, a => a.UpdateProgrammeAsync(created.Value, 1, Draft("DIGI-UUSI", "Toinen"), default));
        Assert.Equal(CoordinatorErrors.Stale, stale.Error!.Code);
        stored = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Id == created.Value));
        Assert.Equal(("Muutettu", true, 2), (stored.NameFi, stored.Published, stored.Version));
        Assert.Equal(["title:nurse", "unit:hs-638"], await WithDbAsync(app, db => db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == created.Value).Select(a => a.Kind + ":" + a.Value).OrderBy(v => v).ToListAsync()));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Courses_and_groups_are_added_and_checked(string engine)
    {
        await using var app = App(engine);
        var programme = (await AdminAsync(app, a => a.CreateProgrammeAsync(Draft("DIGI-UUSI"), default))).Value;
        var first = await AdminAsync(app, a => a.SaveCourseAsync(programme, null, new CourseDraft("UUSI-1", "Perusteet", "Grunder", "Basics", 1, [], "chat", 24, false), default));
        Assert.True(first.IsSuccess);

        var badCourse = await AdminAsync(app, a => a.CheckCourseAsync(programme, null, new CourseDraft("UUSI-2", "", "Fortsättning", "More", 0, ["NOPE"], "unknown-kind", 0, false), default));
        Assert.Equal(["NameFi", "Position", "Prerequisites", "CertificateKind", "ValidityMonths"], badCourse.Select(e => e.Field!));
        var second = await AdminAsync(app, a => a.SaveCourseAsync(programme, null, new CourseDraft("UUSI-2", "Jatko", "Fortsättning", "More", 2, ["UUSI-1"], null, null, false), default));
        Assert.Equal(["UUSI-1"], await AdminAsync(app, a => a.PrerequisiteCodesAsync(second.Value, default)));

        var trainer = await StaffAsync(app, "kouluttaja");
        var nurse = await StaffAsync(app, "hoitaja.loviisa");
        var day = new DateOnly(2026, 5, 11);
        var badGroup = await AdminAsync(app, a => a.CheckGroupAsync(null,
            new GroupDraft("UUSI-1-01", [new SessionDraft(day, new TimeOnly(12, 0), new TimeOnly(9, 0))], null, "http://insecure.example", nurse.Id, 0, false), default));
        Assert.Equal(["Sessions", "OnlineUrl", "TrainerStaffId", "Capacity"], badGroup.Select(e => e.Field!));

        var draft = new GroupDraft("UUSI-1-01", [new SessionDraft(day.AddDays(1), new TimeOnly(9, 0), new TimeOnly(12, 0)), new SessionDraft(day, new TimeOnly(9, 0), new TimeOnly(12, 0))],
            "Koulutustila 2", null, trainer.Id, 2, true);
        var group = await AdminAsync(app, a => a.SaveGroupAsync(first.Value, null, draft, default));
        Assert.True(group.IsSuccess);
        var stored = await GroupAsync(app, group.Value);
        Assert.Equal(HelsinkiTime.ToInstant(day, new TimeOnly(9, 0)).UtcDateTime, stored.FirstStartUtc);
        Assert.Equal(HelsinkiTime.ToInstant(day.AddDays(1), new TimeOnly(12, 0)).UtcDateTime, stored.LastEndUtc);

        // Two places taken: the capacity cannot go below two.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var enrolments = scope.ServiceProvider.GetRequiredService<EnrolmentService>();
            Assert.True((await enrolments.EnrolAsync(nurse.Id, group.Value, false, default)).IsSuccess);
            Assert.True((await enrolments.EnrolAsync((await StaffAsync(app, "laakari.porvoo")).Id, group.Value, false, default)).IsSuccess);
        }

        var lowered = await AdminAsync(app, a => a.SaveGroupAsync(first.Value, group.Value, draft with { Capacity = 1 }, default));
        Assert.Equal((CoordinatorErrors.CapacityBelowTaken, "Capacity"), (lowered.Error!.Code, lowered.Error.Field));
        Assert.Equal(2, (await GroupAsync(app, group.Value)).Capacity);
        Assert.True((await AdminAsync(app, a => a.SaveGroupAsync(first.Value, group.Value, draft with { Capacity = 5, Place = "Sali" }, default))).IsSuccess);
        Assert.Equal((5, 2, "Sali"), ((await GroupAsync(app, group.Value)).Capacity, (await GroupAsync(app, group.Value)).Taken, (await GroupAsync(app, group.Value)).Place));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_programme_is_copied_without_groups_and_a_group_to_new_dates(string engine)
    {
        await using var app = App(engine);
        var source = await WithDbAsync(app, db => db.Set<Programme>().AsNoTracking().SingleAsync(p => p.Code == "DIGI-CHAT"));
        Assert.Equal(CoordinatorErrors.CodeTaken, (await AdminAsync(app, a => a.CopyProgrammeAsync(source.Id, "DIGI-CHAT", default))).Error!.Code);

        // A code so long that the copied course codes (cut at 40 characters) would collide is refused, not a crash.
        var longCode = new string('9', 36);
        Assert.Equal((CoordinatorErrors.TooLong, "NewCode"), await AdminAsync(app, async a =>
        {
            var refused = (await a.CopyProgrammeAsync(source.Id, longCode, default)).Error!;
            return (refused.Code, refused.Field);
        }));
        var copy = await AdminAsync(app, a => a.CopyProgrammeAsync(source.Id, "DIGI-CHAT-27", default));
        Assert.True(copy.IsSuccess);
        var (sourceCourses, copiedCourses) = await WithDbAsync(app, async db => (
            await db.Set<Course>().Where(c => c.ProgrammeId == source.Id).OrderBy(c => c.Position).Select(c => c.Code).ToListAsync(),
            await db.Set<Course>().Where(c => c.ProgrammeId == copy.Value).OrderBy(c => c.Position).Select(c => c.Code).ToListAsync()));
        Assert.Equal(sourceCourses.Select(c => "DIGI-CHAT-27-" + c), copiedCourses);
        var counts = await WithDbAsync(app, async db =>
        {
            var ids = await db.Set<Course>().Where(c => c.ProgrammeId == copy.Value).Select(c => c.Id).ToListAsync();
            var oldIds = await db.Set<Course>().Where(c => c.ProgrammeId == source.Id).Select(c => c.Id).ToListAsync();
            return (
                Groups: await db.Set<CourseGroup>().CountAsync(g => ids.Contains(g.CourseId)),
                Exams: await db.Set<Exam>().CountAsync(e => ids.Contains(e.CourseId)),
                OldExams: await db.Set<Exam>().CountAsync(e => oldIds.Contains(e.CourseId)),
                Materials: await db.Set<CourseMaterial>().CountAsync(m => ids.Contains(m.CourseId)),
                OldMaterials: await db.Set<CourseMaterial>().CountAsync(m => oldIds.Contains(m.CourseId)),
                Prerequisites: await db.Set<CoursePrerequisite>().CountAsync(p => ids.Contains(p.CourseId) && ids.Contains(p.RequiredCourseId)),
                OldPrerequisites: await db.Set<CoursePrerequisite>().CountAsync(p => oldIds.Contains(p.CourseId) && oldIds.Contains(p.RequiredCourseId)),
                Published: await db.Set<Programme>().Where(p => p.Id == copy.Value).Select(p => p.Published).SingleAsync());
        });
        Assert.Equal(0, counts.Groups);
        Assert.True(counts.OldExams > 0);
        Assert.Equal((counts.OldExams, counts.OldMaterials, counts.OldPrerequisites), (counts.Exams, counts.Materials, counts.Prerequisites));
        Assert.False(counts.Published);

        // A group copied to a date three weeks later: every session the same wall-clock time, 21 days on, no places taken.
        var groupId = await GroupIdAsync(app, "CHAT-2-01");
        var sessions = await AdminAsync(app, a => a.SessionsAsync(groupId, default));
        var oldFirst = HelsinkiTime.LocalDate(new DateTimeOffset(sessions[0].StartUtc, TimeSpan.Zero));
        var copied = await AdminAsync(app, a => a.CopyGroupAsync(groupId, "CHAT-2-09", oldFirst.AddDays(21), default));
        Assert.True(copied.IsSuccess);
        var newSessions = await AdminAsync(app, a => a.SessionsAsync(copied.Value, default));
        Assert.Equal(
            sessions.Select(s => HelsinkiTime.ToLocal(new DateTimeOffset(s.StartUtc, TimeSpan.Zero)).AddDays(21)),
            newSessions.Select(s => HelsinkiTime.ToLocal(new DateTimeOffset(s.StartUtc, TimeSpan.Zero))));
        Assert.Equal(0, (await GroupAsync(app, copied.Value)).Taken);
        Assert.Equal(CoordinatorErrors.CodeTaken, (await AdminAsync(app, a => a.CopyGroupAsync(groupId, "CHAT-2-09", oldFirst, default))).Error!.Code);
    }
}
