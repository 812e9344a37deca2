using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Contracts;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Tests.TestSupport;
using Polku.Training.Data;

namespace Polku.Tests.Training;

/// <summary>Shared set-up of the training tests: the demo data's ids, groups made to measure, and what the outbox holds.</summary>
internal static class TrainingTestData
{
    /// <summary>A Monday after the spring clock change and well before the autumn one.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 4, 13, 6, 0, 0, TimeSpan.Zero);

    public static async Task<T> WithDbAsync<T>(PolkuAppFactory app, Func<PolkuDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PolkuDb>());
    }

    public static Task<Guid> GroupIdAsync(PolkuAppFactory app, string code) =>
        WithDbAsync(app, db => db.Set<CourseGroup>().Where(g => g.Code == code).Select(g => g.Id).SingleAsync());

    public static Task<Guid> CourseIdAsync(PolkuAppFactory app, string code) =>
        WithDbAsync(app, db => db.Set<Course>().Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

    public static Task<Guid> ExamIdAsync(PolkuAppFactory app, string courseCode) =>
        WithDbAsync(app, db => db.Set<Exam>().Join(db.Set<Course>().Where(c => c.Code == courseCode), e => e.CourseId, c => c.Id, (e, c) => e.Id).SingleAsync());

    public static async Task<StaffInfo> StaffAsync(PolkuAppFactory app, string login)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync(login))!;
    }

    /// <summary>A new group of a course with sessions given as Helsinki wall-clock times.</summary>
    public static async Task<Guid> NewGroupAsync(PolkuAppFactory app, string courseCode, int capacity, params (DateOnly Date, TimeOnly Start, TimeOnly End)[] sessions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var courseId = await db.Set<Course>().Where(c => c.Code == courseCode).Select(c => c.Id).SingleAsync();
        var group = new CourseGroup
        {
            Id = Guid.NewGuid(), CourseId = courseId, Code = "T-" + Guid.NewGuid().ToString("N")[..10], Capacity = capacity, Place = "Koulutustila", CreatedUtc = DateTime.UnixEpoch,
        };
        var times = sessions.Select(s => (Start: HelsinkiTime.ToInstant(s.Date, s.Start).UtcDateTime, End: HelsinkiTime.ToInstant(s.Date, s.End).UtcDateTime)).ToList();
        group.FirstStartUtc = times.Min(t => t.Start);
        group.LastEndUtc = times.Max(t => t.End);
        db.Set<CourseGroup>().Add(group);
        db.Set<GroupSession>().AddRange(times.Select(t => new GroupSession { Id = Guid.NewGuid(), GroupId = group.Id, StartUtc = t.Start, EndUtc = t.End }));
        await db.SaveChangesAsync();
        return group.Id;
    }

    public static Task<List<OutboxMessage>> OutboxAsync(PolkuAppFactory app, string keyPrefix) =>
        WithDbAsync(app, db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith(keyPrefix)).ToListAsync());

    public static Task<Enrolment> EnrolmentAsync(PolkuAppFactory app, Guid id) =>
        WithDbAsync(app, db => db.Set<Enrolment>().AsNoTracking().SingleAsync(e => e.Id == id));

    public static Task<CourseGroup> GroupAsync(PolkuAppFactory app, Guid id) =>
        WithDbAsync(app, db => db.Set<CourseGroup>().AsNoTracking().SingleAsync(g => g.Id == id));
}
