using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Training.Data;

namespace Polku.Training.Coordinator;

/// <summary>What the coordinator types for a programme; audiences are comma-separated values per kind.</summary>
internal sealed record ProgrammeDraft(string Code, string NameFi, string NameSv, string NameEn, string DescriptionFi, string DescriptionSv, string DescriptionEn, bool Published,
    string Organisations, string Units, string Titles);

/// <summary>What the coordinator types for a course; prerequisites are codes of other courses of the same programme.</summary>
internal sealed record CourseDraft(string Code, string NameFi, string NameSv, string NameEn, int Position, IReadOnlyList<string> Prerequisites,
    string? CertificateKind, int? ValidityMonths, bool IsRenewal);

/// <summary>One session as typed: a Helsinki local date and start and end times.</summary>
internal sealed record SessionDraft(DateOnly Date, TimeOnly Start, TimeOnly End);

/// <summary>What the coordinator types for a group.</summary>
internal sealed record GroupDraft(string Code, IReadOnlyList<SessionDraft> Sessions, string? Place, string? OnlineUrl, Guid? TrainerStaffId, int Capacity, bool Mandatory);

/// <summary>Stable error codes of the coordinator's editing (keys of the localised texts).</summary>
internal static class CoordinatorErrors
{
    public const string CodeInvalid = "training.admin.code_invalid";
    public const string CodeTaken = "training.admin.code_taken";
    public const string NameRequired = "training.admin.name_required";
    public const string TooLong = "training.admin.too_long";
    public const string AudienceInvalid = "training.admin.audience_invalid";
    public const string Stale = "training.admin.stale";
    public const string ProgrammeNotFound = "training.admin.programme_not_found";
    public const string CourseNotFound = "training.admin.course_not_found";
    public const string GroupNotFound = "training.admin.group_not_found";
    public const string PositionInvalid = "training.admin.position_invalid";
    public const string PrerequisiteUnknown = "training.admin.prerequisite_unknown";
    public const string CertificateKindUnknown = "training.admin.certificate_kind_unknown";
    public const string ValidityInvalid = "training.admin.validity_invalid";
    public const string SessionsRequired = "training.admin.sessions_required";
    public const string SessionInvalid = "training.admin.session_invalid";
    public const string PlaceRequired = "training.admin.place_required";
    public const string UrlInvalid = "training.admin.url_invalid";
    public const string TrainerInvalid = "training.admin.trainer_invalid";
    public const string CapacityInvalid = "training.admin.capacity_invalid";
    public const string CapacityBelowTaken = "training.admin.capacity_below_taken";
}

/// <summary>
/// Koulutuskoordinaattori — creates and edits programmes (with optimistic concurrency on the programme's version),
/// courses and groups, and copies earlier programmes and groups as templates. Every write is one unit of work; a
/// rule broken is a typed <see cref="Error"/> naming the field, never an exception.
/// </summary>
internal sealed partial class ProgrammeAdministration(PolkuDb db, UnitOfWork unit, IPeopleDirectory people, TimeProvider time)
{
    public const int MaxName = 200;
    public const int MaxDescription = 4000;
    public const int MaxCapacity = 1000;

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,39}$")]
    private static partial Regex CodePattern();

    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code);

    public Task<Programme?> FindProgrammeAsync(string code, CancellationToken ct) =>
        db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);

    public Task<Programme?> FindProgrammeByIdAsync(Guid id, CancellationToken ct) =>
        db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<List<Programme>> ProgrammesAsync(CancellationToken ct) =>
        db.Set<Programme>().AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct);

    public Task<List<ProgrammeAudience>> AudienceAsync(Guid programmeId, CancellationToken ct) =>
        db.Set<ProgrammeAudience>().AsNoTracking().Where(a => a.ProgrammeId == programmeId).ToListAsync(ct);

    public Task<List<Course>> CoursesAsync(Guid programmeId, CancellationToken ct) =>
        db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId).OrderBy(c => c.Position).ThenBy(c => c.Code).ToListAsync(ct);

    public Task<Course?> FindCourseAsync(Guid id, CancellationToken ct) => db.Set<Course>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<List<string>> PrerequisiteCodesAsync(Guid courseId, CancellationToken ct) =>
        await db.Set<CoursePrerequisite>().AsNoTracking().Where(p => p.CourseId == courseId)
            .Join(db.Set<Course>(), p => p.RequiredCourseId, c => c.Id, (p, c) => c.Code).OrderBy(c => c).ToListAsync(ct);

    public Task<List<CourseGroup>> GroupsAsync(Guid courseId, CancellationToken ct) =>
        db.Set<CourseGroup>().AsNoTracking().Where(g => g.CourseId == courseId).OrderBy(g => g.FirstStartUtc).ToListAsync(ct);

    public Task<CourseGroup?> FindGroupAsync(Guid id, CancellationToken ct) => db.Set<CourseGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct);

    public Task<List<GroupSession>> SessionsAsync(Guid groupId, CancellationToken ct) =>
        db.Set<GroupSession>().AsNoTracking().Where(s => s.GroupId == groupId).OrderBy(s => s.StartUtc).ToListAsync(ct);

    public Task<List<CertificateKindRow>> CertificateKindsAsync(CancellationToken ct) =>
        db.Set<CertificateKindRow>().AsNoTracking().OrderBy(k => k.Code).ToListAsync(ct);

    /// <summary>Staff with the trainer role who have trained groups before, for the group's pick list (others are named by login).</summary>
    public async Task<IReadOnlyList<StaffInfo>> TrainersAsync(CancellationToken ct)
    {
        var ids = await db.Set<CourseGroup>().AsNoTracking().Where(g => g.TrainerStaffId != null).Select(g => g.TrainerStaffId!.Value).Distinct().ToListAsync(ct);
        var staff = await people.GetStaffAsync(ids, ct);
        return [.. staff.Where(s => s.Roles.Contains(Platform.Security.PolkuRoles.Trainer)).OrderBy(t => t.DisplayName, StringComparer.CurrentCulture)];
    }

    /// <summary>
    /// The group form's choice of trainers: the active staff with the trainer role, and the group's present trainer
    /// (<paramref name="current"/>) even when no longer active, so that saving does not drop them unseen.
    /// </summary>
    public async Task<IReadOnlyList<StaffInfo>> TrainerChoicesAsync(Guid? current, CancellationToken ct)
    {
        var trainers = (await people.GetStaffWithRoleAsync(Platform.Security.PolkuRoles.Trainer, ct)).ToList();
        if (current is { } id && trainers.All(t => t.Id != id) && await people.FindStaffAsync(id, ct) is { } present)
        {
            trainers.Add(present);
        }

        return trainers;
    }

    /// <summary>The member of staff with the login when they have the trainer role, else null.</summary>
    public async Task<StaffInfo?> TrainerByLoginAsync(string login, CancellationToken ct) =>
        login is { Length: > 0 and <= 100 } && await people.FindStaffByLoginAsync(login.Trim(), ct) is { } s && s.Roles.Contains(Platform.Security.PolkuRoles.Trainer) ? s : null;

    // ---- Programmes ----

    public static List<Error> Check(ProgrammeDraft d)
    {
        var errors = new List<Error>();
        if (!IsCode(d.Code))
        {
            errors.Add(Error.Validation(CoordinatorErrors.CodeInvalid, "Code"));
        }

        Names(errors, d.NameFi, d.NameSv, d.NameEn);
        foreach (var (field, value) in new[] { ("DescriptionFi", d.DescriptionFi), ("DescriptionSv", d.DescriptionSv), ("DescriptionEn", d.DescriptionEn) })
        {
            if (value.Length > MaxDescription)
            {
                errors.Add(Error.Validation(CoordinatorErrors.TooLong, field));
            }
        }

        foreach (var (field, value) in new[] { ("Organisations", d.Organisations), ("Units", d.Units), ("Titles", d.Titles) })
        {
            if (SplitList(value).Any(v => v.Length > 100) || value.Length > 1000)
            {
                errors.Add(Error.Validation(CoordinatorErrors.AudienceInvalid, field));
            }
        }

        return errors;
    }

    public async Task<Result<Guid>> CreateProgrammeAsync(ProgrammeDraft d, CancellationToken ct)
    {
        if (Check(d) is [var first, ..])
        {
            return first;
        }

        try
        {
            return await unit.RunAsync<Guid>(async c =>
            {
                if (await db.Set<Programme>().AnyAsync(p => p.Code == d.Code, c))
                {
                    return Error.Validation(CoordinatorErrors.CodeTaken, "Code");
                }

                var now = time.GetUtcNow().UtcDateTime;
                var p = new Programme { Id = Guid.CreateVersion7(time.GetUtcNow()), Code = d.Code, CreatedUtc = now, UpdatedUtc = now, Version = 1 };
                Apply(p, d);
                db.Set<Programme>().Add(p);
                db.Set<ProgrammeAudience>().AddRange(Audiences(p.Id, d));
                return p.Id;
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Validation(CoordinatorErrors.CodeTaken, "Code");
        }
    }

    /// <summary>Saves the programme's texts, audience and state when it is still at <paramref name="version"/>; the code is fixed.</summary>
    public Task<Result<int>> UpdateProgrammeAsync(Guid id, int version, ProgrammeDraft d, CancellationToken ct)
    {
        if (Check(d) is [var first, ..])
        {
            return Task.FromResult(Result<int>.Fail(first));
        }

        return unit.RunAsync<int>(async c =>
        {
            var stored = await db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, c);
            if (stored is null)
            {
                return Error.NotFound(CoordinatorErrors.ProgrammeNotFound);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var changed = await db.Set<Programme>().Where(p => p.Id == id && p.Version == version).ExecuteUpdateAsync(u => u
                .SetProperty(p => p.NameFi, d.NameFi.Trim()).SetProperty(p => p.NameSv, d.NameSv.Trim()).SetProperty(p => p.NameEn, d.NameEn.Trim())
                .SetProperty(p => p.DescriptionFi, d.DescriptionFi.Trim()).SetProperty(p => p.DescriptionSv, d.DescriptionSv.Trim()).SetProperty(p => p.DescriptionEn, d.DescriptionEn.Trim())
                .SetProperty(p => p.Published, d.Published).SetProperty(p => p.UpdatedUtc, now).SetProperty(p => p.Version, version + 1), c);
            if (changed == 0)
            {
                return Error.Conflict(CoordinatorErrors.Stale);
            }

            await db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == id).ExecuteDeleteAsync(c);
            db.Set<ProgrammeAudience>().AddRange(Audiences(id, d));
            return version + 1;
        }, ct);
    }

    // ---- Courses ----

    public async Task<Result<Guid>> SaveCourseAsync(Guid programmeId, Guid? courseId, CourseDraft d, CancellationToken ct)
    {
        var errors = await CheckCourseAsync(programmeId, courseId, d, ct);
        if (errors is [var first, ..])
        {
            return first;
        }

        try
        {
            return await unit.RunAsync<Guid>(async c =>
            {
                Course course;
                if (courseId is { } id)
                {
                    if (await db.Set<Course>().FirstOrDefaultAsync(x => x.Id == id && x.ProgrammeId == programmeId, c) is not { } found)
                    {
                        return Error.NotFound(CoordinatorErrors.CourseNotFound);
                    }

                    course = found;
                    await db.Set<CoursePrerequisite>().Where(p => p.CourseId == id).ExecuteDeleteAsync(c);
                }
                else
                {
                    course = new Course { Id = Guid.CreateVersion7(time.GetUtcNow()), ProgrammeId = programmeId, CreatedUtc = time.GetUtcNow().UtcDateTime };
                    db.Set<Course>().Add(course);
                }

                Apply(course, d);
                var required = await db.Set<Course>().AsNoTracking().Where(x => x.ProgrammeId == programmeId && d.Prerequisites.Contains(x.Code)).Select(x => x.Id).ToListAsync(c);
                db.Set<CoursePrerequisite>().AddRange(required.Select(r => new CoursePrerequisite { CourseId = course.Id, RequiredCourseId = r }));
                await BumpAsync(programmeId, c);
                return course.Id;
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Validation(CoordinatorErrors.CodeTaken, "Code");
        }
    }

    public async Task<List<Error>> CheckCourseAsync(Guid programmeId, Guid? courseId, CourseDraft d, CancellationToken ct)
    {
        var taken = IsCode(d.Code) && await db.Set<Course>().AnyAsync(c => c.Code == d.Code && c.Id != courseId, ct);
        var known = await db.Set<Course>().AsNoTracking().Where(c => c.ProgrammeId == programmeId && c.Id != courseId).Select(c => c.Code).ToListAsync(ct);
        var kindKnown = string.IsNullOrEmpty(d.CertificateKind) || await db.Set<CertificateKindRow>().AnyAsync(k => k.Code == d.CertificateKind, ct);
        return CheckCourse(d, taken, known, kindKnown);
    }

    /// <summary>
    /// The course's rules given what the database (or an import file) says: whether another course has the code, the
    /// codes of the programme's other courses (the possible prerequisites) and whether the certificate kind exists.
    /// </summary>
    public static List<Error> CheckCourse(CourseDraft d, bool codeTaken, IReadOnlyCollection<string> otherCourses, bool certificateKindKnown)
    {
        var errors = new List<Error>();
        if (!IsCode(d.Code))
        {
            errors.Add(Error.Validation(CoordinatorErrors.CodeInvalid, "Code"));
        }
        else if (codeTaken)
        {
            errors.Add(Error.Validation(CoordinatorErrors.CodeTaken, "Code"));
        }

        Names(errors, d.NameFi, d.NameSv, d.NameEn);
        if (d.Position is < 1 or > 99)
        {
            errors.Add(Error.Validation(CoordinatorErrors.PositionInvalid, "Position"));
        }

        if (d.Prerequisites.Any(p => !otherCourses.Contains(p, StringComparer.Ordinal)))
        {
            errors.Add(Error.Validation(CoordinatorErrors.PrerequisiteUnknown, "Prerequisites"));
        }

        if (!certificateKindKnown)
        {
            errors.Add(Error.Validation(CoordinatorErrors.CertificateKindUnknown, "CertificateKind"));
        }

        if (d.ValidityMonths is < 1 or > 240)
        {
            errors.Add(Error.Validation(CoordinatorErrors.ValidityInvalid, "ValidityMonths"));
        }

        return errors;
    }

    // ---- Groups ----

    public async Task<List<Error>> CheckGroupAsync(Guid? groupId, GroupDraft d, CancellationToken ct)
    {
        var taken = IsCode(d.Code) && await db.Set<CourseGroup>().AnyAsync(g => g.Code == d.Code && g.Id != groupId, ct);
        var trainerValid = d.TrainerStaffId is not { } trainer
            || await people.FindStaffAsync(trainer, ct) is { } staff && staff.Roles.Contains(Platform.Security.PolkuRoles.Trainer);
        return CheckGroup(d, taken, trainerValid);
    }

    /// <summary>The group's rules given whether another group has the code and whether the trainer (if any) has the trainer role.</summary>
    public static List<Error> CheckGroup(GroupDraft d, bool codeTaken, bool trainerValid)
    {
        var errors = new List<Error>();
        if (!IsCode(d.Code))
        {
            errors.Add(Error.Validation(CoordinatorErrors.CodeInvalid, "Code"));
        }
        else if (codeTaken)
        {
            errors.Add(Error.Validation(CoordinatorErrors.CodeTaken, "Code"));
        }

        if (d.Sessions.Count == 0)
        {
            errors.Add(Error.Validation(CoordinatorErrors.SessionsRequired, "Sessions"));
        }
        else if (d.Sessions.Any(s => s.End <= s.Start))
        {
            errors.Add(Error.Validation(CoordinatorErrors.SessionInvalid, "Sessions"));
        }

        var online = d.OnlineUrl?.Trim();
        if (string.IsNullOrEmpty(d.Place?.Trim()) && string.IsNullOrEmpty(online))
        {
            errors.Add(Error.Validation(CoordinatorErrors.PlaceRequired, "Place"));
        }
        else if (d.Place is { Length: > MaxName })
        {
            errors.Add(Error.Validation(CoordinatorErrors.TooLong, "Place"));
        }

        if (!string.IsNullOrEmpty(online) && (online.Length > 500 || !Uri.TryCreate(online, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(Error.Validation(CoordinatorErrors.UrlInvalid, "OnlineUrl"));
        }

        if (!trainerValid)
        {
            errors.Add(Error.Validation(CoordinatorErrors.TrainerInvalid, "TrainerStaffId"));
        }

        if (d.Capacity is < 1 or > MaxCapacity)
        {
            errors.Add(Error.Validation(CoordinatorErrors.CapacityInvalid, "Capacity"));
        }

        return errors;
    }

    /// <summary>Adds a group to the course, or saves one; the capacity is never set below the places taken (checked in the update itself).</summary>
    public async Task<Result<Guid>> SaveGroupAsync(Guid courseId, Guid? groupId, GroupDraft d, CancellationToken ct)
    {
        if (await CheckGroupAsync(groupId, d, ct) is [var first, ..])
        {
            return first;
        }

        try
        {
            return await unit.RunAsync<Guid>(async c =>
            {
                if (!await db.Set<Course>().AnyAsync(x => x.Id == courseId, c))
                {
                    return Error.NotFound(CoordinatorErrors.CourseNotFound);
                }

                var id = groupId ?? Guid.CreateVersion7(time.GetUtcNow());
                if (groupId is null)
                {
                    AddGroup(id, courseId, d);
                }
                else if (!await UpdateGroupAsync(id, courseId, d, c))
                {
                    return await db.Set<CourseGroup>().AnyAsync(g => g.Id == id && g.CourseId == courseId, c)
                        ? Error.Validation(CoordinatorErrors.CapacityBelowTaken, "Capacity")
                        : Error.NotFound(CoordinatorErrors.GroupNotFound);
                }

                return id;
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Validation(CoordinatorErrors.CodeTaken, "Code");
        }
    }

    /// <summary>The sessions as instants, in order.</summary>
    public static List<(DateTime Start, DateTime End)> SessionTimes(GroupDraft d) =>
        [.. d.Sessions.Select(s => (Start: HelsinkiTime.ToInstant(s.Date, s.Start).UtcDateTime, End: HelsinkiTime.ToInstant(s.Date, s.End).UtcDateTime)).OrderBy(t => t.Start)];

    /// <summary>Adds a new group of the course with its sessions to the unit (a checked draft).</summary>
    internal void AddGroup(Guid id, Guid courseId, GroupDraft d)
    {
        var times = SessionTimes(d);
        db.Set<CourseGroup>().Add(new CourseGroup
        {
            Id = id, CourseId = courseId, Code = d.Code, Place = Blank(d.Place), OnlineUrl = Blank(d.OnlineUrl), TrainerStaffId = d.TrainerStaffId,
            Capacity = d.Capacity, Mandatory = d.Mandatory, FirstStartUtc = times[0].Start, LastEndUtc = times.Max(t => t.End),
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        });
        AddSessions(id, times);
    }

    /// <summary>
    /// Saves a checked draft over the course's group and replaces its sessions; false (nothing written) when the group
    /// is not the course's or its places taken exceed the new capacity.
    /// </summary>
    internal async Task<bool> UpdateGroupAsync(Guid id, Guid courseId, GroupDraft d, CancellationToken ct)
    {
        var times = SessionTimes(d);
        // Conditional on the places taken at this moment: a concurrent enrolment cannot slip under a lowered capacity.
        var changed = await db.Set<CourseGroup>().Where(g => g.Id == id && g.CourseId == courseId && g.Taken <= d.Capacity).ExecuteUpdateAsync(u => u
            .SetProperty(g => g.Code, d.Code).SetProperty(g => g.Place, Blank(d.Place)).SetProperty(g => g.OnlineUrl, Blank(d.OnlineUrl))
            .SetProperty(g => g.TrainerStaffId, d.TrainerStaffId).SetProperty(g => g.Capacity, d.Capacity).SetProperty(g => g.Mandatory, d.Mandatory)
            .SetProperty(g => g.FirstStartUtc, times[0].Start).SetProperty(g => g.LastEndUtc, times.Max(t => t.End)), ct);
        if (changed == 0)
        {
            return false;
        }

        await db.Set<GroupSession>().Where(s => s.GroupId == id).ExecuteDeleteAsync(ct);
        AddSessions(id, times);
        return true;
    }

    private void AddSessions(Guid groupId, List<(DateTime Start, DateTime End)> times) =>
        db.Set<GroupSession>().AddRange(times.Select(t => new GroupSession { Id = Guid.CreateVersion7(time.GetUtcNow()), GroupId = groupId, StartUtc = t.Start, EndUtc = t.End }));

    // ---- Copies ----

    /// <summary>
    /// Copies a programme under a new code as an unpublished draft: its texts and audience, its courses (codes prefixed
    /// with the new code) with their prerequisites, exams with questions, and material links — no groups or enrolments.
    /// </summary>
    public Task<Result<Guid>> CopyProgrammeAsync(Guid sourceId, string newCode, CancellationToken ct)
    {
        if (!IsCode(newCode))
        {
            return Task.FromResult(Result<Guid>.Fail(Error.Validation(CoordinatorErrors.CodeInvalid, "NewCode")));
        }

        return unit.RunAsync<Guid>(async c =>
        {
            var source = await db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == sourceId, c);
            if (source is null)
            {
                return Error.NotFound(CoordinatorErrors.ProgrammeNotFound);
            }

            if (await db.Set<Programme>().AnyAsync(p => p.Code == newCode, c))
            {
                return Error.Validation(CoordinatorErrors.CodeTaken, "NewCode");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var copy = new Programme
            {
                Id = NewId(), Code = newCode, NameFi = source.NameFi, NameSv = source.NameSv, NameEn = source.NameEn, DescriptionFi = source.DescriptionFi,
                DescriptionSv = source.DescriptionSv, DescriptionEn = source.DescriptionEn, Published = false, CreatedUtc = now, UpdatedUtc = now, Version = 1,
            };
            db.Set<Programme>().Add(copy);
            var audience = await db.Set<ProgrammeAudience>().AsNoTracking().Where(a => a.ProgrammeId == sourceId).ToListAsync(c);
            db.Set<ProgrammeAudience>().AddRange(audience.Select(a => new ProgrammeAudience { ProgrammeId = copy.Id, Kind = a.Kind, Value = a.Value }));

            var courses = await db.Set<Course>().AsNoTracking().Where(x => x.ProgrammeId == sourceId).ToListAsync(c);
            if (courses.Select(x => CopyCode(newCode, x.Code)).Distinct(StringComparer.Ordinal).Count() < courses.Count)
            {
                // The copies' codes are cut at 40 characters: a code this long would give two courses the same one.
                return Error.Validation(CoordinatorErrors.TooLong, "NewCode");
            }

            var map = courses.ToDictionary(x => x.Id, _ => NewId());
            foreach (var course in courses)
            {
                var code = CopyCode(newCode, course.Code);
                if (await db.Set<Course>().AnyAsync(x => x.Code == code, c))
                {
                    return Error.Validation(CoordinatorErrors.CodeTaken, "NewCode");
                }

                db.Set<Course>().Add(new Course
                {
                    Id = map[course.Id], ProgrammeId = copy.Id, Code = code, NameFi = course.NameFi, NameSv = course.NameSv, NameEn = course.NameEn,
                    DescriptionFi = course.DescriptionFi, DescriptionSv = course.DescriptionSv, DescriptionEn = course.DescriptionEn, Position = course.Position,
                    CertificateKind = course.CertificateKind, ValidityMonths = course.ValidityMonths, IsRenewal = course.IsRenewal, CreatedUtc = now,
                });
            }

            var ids = map.Keys.ToList();
            var prerequisites = await db.Set<CoursePrerequisite>().AsNoTracking().Where(p => ids.Contains(p.CourseId)).ToListAsync(c);
            db.Set<CoursePrerequisite>().AddRange(prerequisites.Where(p => map.ContainsKey(p.RequiredCourseId))
                .Select(p => new CoursePrerequisite { CourseId = map[p.CourseId], RequiredCourseId = map[p.RequiredCourseId] }));
            var materials = await db.Set<CourseMaterial>().AsNoTracking().Where(m => ids.Contains(m.CourseId)).ToListAsync(c);
            db.Set<CourseMaterial>().AddRange(materials.Select(m => new CourseMaterial { CourseId = map[m.CourseId], MaterialId = m.MaterialId, Position = m.Position }));
            var exams = await db.Set<Exam>().AsNoTracking().Where(e => ids.Contains(e.CourseId)).ToListAsync(c);
            foreach (var exam in exams)
            {
                var examId = NewId();
                db.Set<Exam>().Add(new Exam { Id = examId, CourseId = map[exam.CourseId], PassPercent = exam.PassPercent, MaxAttempts = exam.MaxAttempts, RetakeWaitHours = exam.RetakeWaitHours });
                var questions = await db.Set<ExamQuestion>().AsNoTracking().Where(q => q.ExamId == exam.Id).ToListAsync(c);
                db.Set<ExamQuestion>().AddRange(questions.Select(q => new ExamQuestion
                {
                    Id = NewId(), ExamId = examId, Position = q.Position, TextFi = q.TextFi, TextSv = q.TextSv, TextEn = q.TextEn, ChoicesJson = q.ChoicesJson, Correct = q.Correct,
                }));
            }

            return copy.Id;
        }, ct);
    }

    /// <summary>Copies a group of the same course to new dates: every session shifted by the days between the first sessions; places and enrolments start empty.</summary>
    public Task<Result<Guid>> CopyGroupAsync(Guid sourceId, string newCode, DateOnly newFirstDate, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            var source = await db.Set<CourseGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == sourceId, c);
            if (source is null)
            {
                return Error.NotFound(CoordinatorErrors.GroupNotFound);
            }

            var sessions = await SessionsAsync(sourceId, c);
            var firstDate = HelsinkiTime.LocalDate(new DateTimeOffset(sessions[0].StartUtc, TimeSpan.Zero));
            var shift = newFirstDate.DayNumber - firstDate.DayNumber;
            var draft = new GroupDraft(newCode, [.. sessions.Select(s => Shifted(s, shift))], source.Place, source.OnlineUrl, source.TrainerStaffId, source.Capacity, source.Mandatory);
            if (await CheckGroupAsync(null, draft, c) is [var first, ..])
            {
                return first.Field == "Code" ? first with { Field = "NewCode" } : first;
            }

            return await SaveGroupAsync(source.CourseId, null, draft, c);
        }, ct);

    private static SessionDraft Shifted(GroupSession s, int days)
    {
        var start = HelsinkiTime.ToLocal(new DateTimeOffset(s.StartUtc, TimeSpan.Zero));
        var end = HelsinkiTime.ToLocal(new DateTimeOffset(s.EndUtc, TimeSpan.Zero));
        return new SessionDraft(DateOnly.FromDateTime(start).AddDays(days), TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(end));
    }

    /// <summary>A copied course's code: the new programme's code and the old course code's last part, e.g. <c>DIGI-2027-CHAT-1</c>.</summary>
    public static string CopyCode(string programmeCode, string courseCode)
    {
        var code = programmeCode + "-" + courseCode;
        return code.Length <= 40 ? code : code[..40];
    }

    private Guid NewId() => Guid.CreateVersion7(time.GetUtcNow());

    private Task<int> BumpAsync(Guid programmeId, CancellationToken ct) =>
        db.Set<Programme>().Where(p => p.Id == programmeId).ExecuteUpdateAsync(u => u.SetProperty(p => p.UpdatedUtc, time.GetUtcNow().UtcDateTime), ct);

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Names(List<Error> errors, string fi, string sv, string en)
    {
        foreach (var (field, value) in new[] { ("NameFi", fi), ("NameSv", sv), ("NameEn", en) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(Error.Validation(CoordinatorErrors.NameRequired, field));
            }
            else if (value.Length > MaxName)
            {
                errors.Add(Error.Validation(CoordinatorErrors.TooLong, field));
            }
        }
    }

    /// <summary>The course's fields from a checked draft (a course without a certificate kind has no validity).</summary>
    internal static void Apply(Course course, CourseDraft d)
    {
        course.Code = d.Code;
        course.NameFi = d.NameFi.Trim();
        course.NameSv = d.NameSv.Trim();
        course.NameEn = d.NameEn.Trim();
        course.Position = d.Position;
        course.CertificateKind = string.IsNullOrEmpty(d.CertificateKind) ? null : d.CertificateKind;
        course.ValidityMonths = course.CertificateKind is null ? null : d.ValidityMonths;
        course.IsRenewal = d.IsRenewal;
    }

    internal static void Apply(Programme p, ProgrammeDraft d)
    {
        p.NameFi = d.NameFi.Trim();
        p.NameSv = d.NameSv.Trim();
        p.NameEn = d.NameEn.Trim();
        p.DescriptionFi = d.DescriptionFi.Trim();
        p.DescriptionSv = d.DescriptionSv.Trim();
        p.DescriptionEn = d.DescriptionEn.Trim();
        p.Published = d.Published;
    }

    public static IReadOnlyList<string> SplitList(string? value) =>
        [.. (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    internal static IEnumerable<ProgrammeAudience> Audiences(Guid id, ProgrammeDraft d) =>
        new[] { (AudienceKinds.Organisation, d.Organisations), (AudienceKinds.Unit, d.Units), (AudienceKinds.Title, d.Titles) }
            .SelectMany(k => SplitList(k.Item2).Select(v => new ProgrammeAudience { ProgrammeId = id, Kind = k.Item1, Value = v }));
}
