using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Training.Data;
using Polku.Training.Domain;

namespace Polku.Training.Catalogue;

/// <summary>What a trainee searches programmes by; every part optional.</summary>
internal sealed record ProgrammeSearch(string? Query, string? Organisation, string? Unit, string? Title)
{
    public const int MaxLength = 100;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Query) && string.IsNullOrWhiteSpace(Organisation) && string.IsNullOrWhiteSpace(Unit) && string.IsNullOrWhiteSpace(Title);
}

internal sealed record ProgrammeSummary(Guid Id, string Code, string Name, string Description, int Courses, IReadOnlyList<(string Kind, string Value)> Audience);

internal sealed record GroupView(Guid Id, string Code, Guid CourseId, string? Place, string? OnlineUrl, Guid? TrainerStaffId, int Capacity, int Taken, int Waiting, bool Mandatory,
    DateTime FirstStartUtc, DateTime LastEndUtc, IReadOnlyList<(DateTime StartUtc, DateTime EndUtc)> Sessions)
{
    public int Free => Math.Max(0, Capacity - Taken);
}

internal sealed record CourseView(Course Course, string Name, string Description, IReadOnlyList<string> Prerequisites, IReadOnlyList<GroupView> Groups, Guid? ExamId);

internal sealed record ProgrammeView(Programme Programme, string Name, string Description, IReadOnlyList<(string Kind, string Value)> Audience, IReadOnlyList<CourseView> Courses);

internal sealed record MaterialView(Guid Id, string Kind, string Title, string Url);

/// <summary>The trainee's enrolment as their own page lists it.</summary>
internal sealed record MyEnrolment(Guid Id, Guid GroupId, string GroupCode, Guid CourseId, string Course, string Programme, string ProgrammeCode, string Status, int? Position,
    DateTime FirstStartUtc, DateTime LastEndUtc, string? Place, string? OnlineUrl);

/// <summary>Reads of the programme catalogue, without tracking.</summary>
internal sealed class CatalogueQueries(PolkuDb db)
{
    public const int MaxResults = 100;

    /// <summary>
    /// Published programmes matching every given part: the query in the code or the name in any language
    /// (case-insensitive), and the organisation, unit code and professional title among the programme's audience. A
    /// programme with no audience of a kind is for everyone of that kind.
    /// </summary>
    public async Task<IReadOnlyList<ProgrammeSummary>> SearchAsync(ProgrammeSearch search, string language, CancellationToken ct)
    {
        var programmes = db.Set<Programme>().AsNoTracking().Where(p => p.Published);
        foreach (var (kind, value) in new[] { (AudienceKinds.Organisation, search.Organisation), (AudienceKinds.Unit, search.Unit), (AudienceKinds.Title, search.Title) })
        {
            if (value?.Trim() is { Length: > 0 } v)
            {
                programmes = programmes.Where(p => db.Set<ProgrammeAudience>().Any(a => a.ProgrammeId == p.Id && a.Kind == kind && a.Value == v)
                    || !db.Set<ProgrammeAudience>().Any(a => a.ProgrammeId == p.Id && a.Kind == kind));
            }
        }

        // The text is matched here rather than in SQL: a county has some hundreds of programmes (seed 002: 125), and
        // SQLite's lower() folds A–Z only, so "ÄITIYS" would not find "äitiys" there.
        var found = (await programmes.OrderBy(p => p.Code).ToListAsync(ct))
            .Where(p => search.Query?.Trim() is not { Length: > 0 } q || new[] { p.Code, p.NameFi, p.NameSv, p.NameEn }.Any(t => Contains(t, q)))
            .Take(MaxResults)
            .ToList();
        var ids = found.Select(p => p.Id).ToList();
        var audiences = await db.Set<ProgrammeAudience>().AsNoTracking().Where(a => ids.Contains(a.ProgrammeId)).ToListAsync(ct);
        var counts = await db.Set<Course>().AsNoTracking().Where(c => ids.Contains(c.ProgrammeId)).GroupBy(c => c.ProgrammeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. found.Select(p => new ProgrammeSummary(p.Id, p.Code, TrainingText.Pick(language, p.NameFi, p.NameSv, p.NameEn),
            TrainingText.Pick(language, p.DescriptionFi, p.DescriptionSv, p.DescriptionEn), counts.GetValueOrDefault(p.Id),
            [.. audiences.Where(a => a.ProgrammeId == p.Id).OrderBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Value, StringComparer.Ordinal).Select(a => (a.Kind, a.Value))]))];
    }

    private static bool Contains(string text, string part) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(text, part, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0;

    /// <summary>The audience values the search form offers (organisations, unit codes and titles in use).</summary>
    public async Task<IReadOnlyList<(string Kind, string Value)>> AudienceValuesAsync(CancellationToken ct) =>
        [.. (await db.Set<ProgrammeAudience>().AsNoTracking().Select(a => new { a.Kind, a.Value }).Distinct().ToListAsync(ct))
            .OrderBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Value, StringComparer.Ordinal).Select(a => (a.Kind, a.Value))];

    public async Task<ProgrammeView?> ProgrammeAsync(string code, string language, CancellationToken ct)
    {
        var programme = await db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code && p.Published, ct);
        if (programme is null)
        {
            return null;
        }

        var audience = await db.Set<ProgrammeAudience>().AsNoTracking().Where(a => a.ProgrammeId == programme.Id).OrderBy(a => a.Kind).ThenBy(a => a.Value)
            .Select(a => new { a.Kind, a.Value }).ToListAsync(ct);
        var courses = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programme.Id).OrderBy(c => c.Position).ThenBy(c => c.Code).ToListAsync(ct);
        var views = new List<CourseView>();
        foreach (var course in courses)
        {
            views.Add(await CourseViewAsync(course, language, ct));
        }

        return new ProgrammeView(programme, TrainingText.Pick(language, programme.NameFi, programme.NameSv, programme.NameEn),
            TrainingText.Pick(language, programme.DescriptionFi, programme.DescriptionSv, programme.DescriptionEn), [.. audience.Select(a => (a.Kind, a.Value))], views);
    }

    public async Task<CourseView?> CourseAsync(Guid courseId, string language, CancellationToken ct) =>
        await db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == courseId, ct) is { } course ? await CourseViewAsync(course, language, ct) : null;

    public async Task<Programme> ProgrammeOfAsync(Guid programmeId, CancellationToken ct) =>
        await db.Set<Programme>().AsNoTracking().FirstAsync(p => p.Id == programmeId, ct);

    public async Task<GroupView?> GroupAsync(Guid groupId, CancellationToken ct) =>
        (await GroupsAsync(db.Set<CourseGroup>().Where(g => g.Id == groupId), ct)) is [var one] ? one : null;

    public async Task<IReadOnlyList<MaterialView>> MaterialsAsync(Guid courseId, string language, CancellationToken ct) =>
        [.. (await db.Set<CourseMaterial>().AsNoTracking().Where(m => m.CourseId == courseId)
            .Join(db.Set<Material>(), cm => cm.MaterialId, m => m.Id, (cm, m) => new { cm.Position, m })
            .OrderBy(x => x.Position).ToListAsync(ct))
            .Select(x => new MaterialView(x.m.Id, x.m.Kind, TrainingText.Pick(language, x.m.TitleFi, x.m.TitleSv, x.m.TitleEn), x.m.Url))];

    public async Task<IReadOnlyList<MyEnrolment>> MineAsync(Guid staffId, string language, CancellationToken ct)
    {
        var rows = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.StaffId == staffId)
            .Join(db.Set<CourseGroup>(), e => e.GroupId, g => g.Id, (e, g) => new { e, g })
            .Join(db.Set<Course>(), x => x.g.CourseId, c => c.Id, (x, c) => new { x.e, x.g, c })
            .Join(db.Set<Programme>(), x => x.c.ProgrammeId, p => p.Id, (x, p) => new { x.e, x.g, x.c, p })
            .ToListAsync(ct);
        var result = new List<MyEnrolment>();
        foreach (var r in rows.OrderByDescending(r => r.e.Status is EnrolmentStatuses.Enrolled or EnrolmentStatuses.Waiting).ThenBy(r => r.g.FirstStartUtc))
        {
            int? position = r.e.Status == EnrolmentStatuses.Waiting && r.e.WaitingNumber is { } n
                ? 1 + await db.Set<Data.Enrolment>().CountAsync(o => o.GroupId == r.g.Id && o.Status == EnrolmentStatuses.Waiting && o.WaitingNumber < n, ct)
                : null;
            result.Add(new MyEnrolment(r.e.Id, r.g.Id, r.g.Code, r.c.Id, TrainingText.Pick(language, r.c.NameFi, r.c.NameSv, r.c.NameEn),
                TrainingText.Pick(language, r.p.NameFi, r.p.NameSv, r.p.NameEn), r.p.Code, r.e.Status, position, r.g.FirstStartUtc, r.g.LastEndUtc, r.g.Place, r.g.OnlineUrl));
        }

        return result;
    }

    private async Task<CourseView> CourseViewAsync(Course course, string language, CancellationToken ct)
    {
        var prerequisites = await db.Set<CoursePrerequisite>().AsNoTracking().Where(p => p.CourseId == course.Id)
            .Join(db.Set<Course>(), p => p.RequiredCourseId, c => c.Id, (p, c) => new { c.NameFi, c.NameSv, c.NameEn }).ToListAsync(ct);
        var groups = await GroupsAsync(db.Set<CourseGroup>().Where(g => g.CourseId == course.Id), ct);
        var exam = await db.Set<Exam>().AsNoTracking().Where(e => e.CourseId == course.Id).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        return new CourseView(course, TrainingText.Pick(language, course.NameFi, course.NameSv, course.NameEn),
            TrainingText.Pick(language, course.DescriptionFi, course.DescriptionSv, course.DescriptionEn),
            [.. prerequisites.Select(p => TrainingText.Pick(language, p.NameFi, p.NameSv, p.NameEn))], groups, exam);
    }

    private async Task<IReadOnlyList<GroupView>> GroupsAsync(IQueryable<CourseGroup> query, CancellationToken ct)
    {
        var groups = await query.AsNoTracking().OrderBy(g => g.FirstStartUtc).ThenBy(g => g.Code).ToListAsync(ct);
        var ids = groups.Select(g => g.Id).ToList();
        var sessions = await db.Set<GroupSession>().AsNoTracking().Where(s => ids.Contains(s.GroupId)).OrderBy(s => s.StartUtc).ToListAsync(ct);
        var waiting = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => ids.Contains(e.GroupId) && e.Status == EnrolmentStatuses.Waiting)
            .GroupBy(e => e.GroupId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. groups.Select(g => new GroupView(g.Id, g.Code, g.CourseId, g.Place, g.OnlineUrl, g.TrainerStaffId, g.Capacity, g.Taken, waiting.GetValueOrDefault(g.Id), g.Mandatory,
            g.FirstStartUtc, g.LastEndUtc, [.. sessions.Where(s => s.GroupId == g.Id).Select(s => (s.StartUtc, s.EndUtc))]))];
    }
}
