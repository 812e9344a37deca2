using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Training.Data;

namespace Polku.Training.Coordinator;

/// <summary>What an import does to one row's programme, course or group.</summary>
internal enum TrainingImportKind
{
    Create,
    Update,
    Unchanged,
}

/// <summary>One changed column of an updated row: the value before and after, written as in the file.</summary>
internal sealed record TrainingFieldChange(string Column, string? From, string? To);

/// <summary>One valid row: its line, type (<see cref="TrainingCsv.ProgrammeType"/> …), code, what it does and the columns it changes.</summary>
internal sealed record TrainingImportChange(int Row, string Type, string Code, TrainingImportKind Kind, IReadOnlyList<TrainingFieldChange> Changes);

/// <summary>A problem of the file (row 0) or of one row: its line, the column (empty for the whole row) and the code of the localised text.</summary>
internal sealed record TrainingImportError(int Row, string Column, string Code);

/// <summary>What an import did or would do; a file with any error is not applied at all (<see cref="Applied"/>).</summary>
internal sealed record TrainingImportOutcome(bool DryRun, bool Applied, IReadOnlyList<TrainingImportChange> Changes, IReadOnlyList<TrainingImportError> Errors)
{
    public int Count(TrainingImportKind kind) => Changes.Count(c => c.Kind == kind);
}

/// <summary>
/// Koulutusten tuonti — programmes, courses and groups from one CSV file (docs/training-import.md). A row whose code
/// exists updates that programme, course or group; a new code creates one. Every row is held to the same rules as the
/// coordinator's forms (<see cref="ProgrammeAdministration.Check"/>, <see cref="ProgrammeAdministration.CheckCourse"/>,
/// <see cref="ProgrammeAdministration.CheckGroup"/>) plus the rules between rows: a course's programme and a group's
/// course are in the file or in Polku, prerequisites are courses of the same programme, the trainer is a member of
/// staff with the trainer role, no code twice, and a group's capacity not below its places taken.
/// <para>
/// All or nothing: the dry run lists every change and every error; applying re-reads and re-checks the same file inside
/// one unit of work and writes it only when no row has an error. The reads are one per table however long the file
/// (plus one directory look-up per distinct trainer login).
/// </para>
/// </summary>
internal sealed class TrainingImport(PolkuDb db, UnitOfWork unit, ProgrammeAdministration admin, IPeopleDirectory people, TimeProvider time)
{
    public const string TypeInvalid = "training.import.type_invalid";
    public const string DuplicateCode = "training.import.duplicate_code";
    public const string ProgrammeUnknown = "training.import.programme_unknown";
    public const string CourseUnknown = "training.import.course_unknown";
    public const string BooleanInvalid = "training.import.boolean_invalid";
    public const string SessionFormat = "training.import.session_format";
    public const string TrainerUnknown = "training.import.trainer_unknown";
    public const string NotForType = "training.import.not_for_type";

    /// <summary>Reads the file's bytes and checks it (<paramref name="dryRun"/>) or applies it.</summary>
    public async Task<TrainingImportOutcome> ImportAsync(ReadOnlyMemory<byte> file, bool dryRun, CancellationToken ct)
    {
        if (file.Length > TrainingCsv.MaxBytes)
        {
            return new TrainingImportOutcome(dryRun, false, [], [new TrainingImportError(0, "", TrainingCsv.TooLarge)]);
        }

        if (CsvReader.Decode(file.Span) is not { } text)
        {
            return new TrainingImportOutcome(dryRun, false, [], [new TrainingImportError(0, "", TrainingCsv.NotUtf8)]);
        }

        return await ImportAsync(text, dryRun, ct);
    }

    public async Task<TrainingImportOutcome> ImportAsync(string text, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > TrainingCsv.MaxBytes)
        {
            return new TrainingImportOutcome(dryRun, false, [], [new TrainingImportError(0, "", TrainingCsv.TooLarge)]);
        }

        var table = CsvReader.Parse(text, TrainingCsv.Layout);
        var fileErrors = table.Errors.Select(e => new TrainingImportError(e.Line, e.Column, e.Code)).ToList();
        if (fileErrors.Count > 0 && table.Rows.Count == 0)
        {
            return new TrainingImportOutcome(dryRun, false, [], fileErrors);
        }

        // The same reads and rules for the dry run and the application; a dry run's unit rolls back having written nothing.
        return await unit.RunAsync(async c =>
        {
            var plan = await PlanAsync(table, fileErrors, c);
            if (dryRun || plan.Errors.Count > 0)
            {
                return new TrainingImportOutcome(dryRun, false, plan.Changes, plan.Errors);
            }

            if (await WriteAsync(plan, c) is { } error)
            {
                return new TrainingImportOutcome(false, false, plan.Changes, [error]);
            }

            return new TrainingImportOutcome(false, true, plan.Changes, []);
        }, o => o.Applied, ct);
    }

    private sealed record ProgrammeItem(int Line, Guid Id, ProgrammeDraft Draft, Programme? Existing, TrainingImportKind Kind);

    private sealed record CourseItem(int Line, Guid Id, Guid ProgrammeId, CourseDraft Draft, Course? Existing, TrainingImportKind Kind);

    private sealed record GroupItem(int Line, Guid Id, Guid CourseId, GroupDraft Draft, CourseGroup? Existing, TrainingImportKind Kind);

    private sealed record Plan(IReadOnlyList<TrainingImportChange> Changes, IReadOnlyList<TrainingImportError> Errors,
        IReadOnlyList<ProgrammeItem> Programmes, IReadOnlyList<CourseItem> Courses, IReadOnlyList<GroupItem> Groups,
        IReadOnlyDictionary<string, Guid> CourseIds);

    private async Task<Plan> PlanAsync(CsvTable table, List<TrainingImportError> errors, CancellationToken ct)
    {
        var has = table.Header.ToHashSet(StringComparer.Ordinal);
        string Cell(CsvRow row, string column) => has.Contains(column) ? row.Cells[column] : "";
        var typed = new List<(CsvRow Row, string Type)>();
        foreach (var row in table.Rows)
        {
            var type = Cell(row, TrainingCsv.Type).ToLowerInvariant();
            if (!TrainingCsv.ColumnsOf.TryGetValue(type, out var allowed))
            {
                errors.Add(new TrainingImportError(row.Line, TrainingCsv.Type, TypeInvalid));
                continue;
            }

            typed.Add((row, type));
            foreach (var column in table.Header.Where(h => !allowed.Contains(h) && row.Cells[h].Length > 0))
            {
                errors.Add(new TrainingImportError(row.Line, column, NotForType));
            }
        }

        var programmeRows = typed.Where(t => t.Type == TrainingCsv.ProgrammeType).Select(t => t.Row).ToList();
        var courseRows = typed.Where(t => t.Type == TrainingCsv.CourseType).Select(t => t.Row).ToList();
        var groupRows = typed.Where(t => t.Type == TrainingCsv.GroupType).Select(t => t.Row).ToList();

        // One read per table: the programmes, courses and groups the file names, with what belongs to them.
        var programmeCodes = programmeRows.Concat(courseRows).Select(r => Cell(r, TrainingCsv.Programme)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var programmes = await db.Set<Programme>().Where(p => programmeCodes.Contains(p.Code)).ToListAsync(ct);
        var programmeIds = programmes.Select(p => p.Id).ToList();
        var programmesByCode = programmes.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var audiences = (await db.Set<ProgrammeAudience>().AsNoTracking().Where(a => programmeIds.Contains(a.ProgrammeId)).ToListAsync(ct)).ToLookup(a => a.ProgrammeId);
        var courseCodes = courseRows.Concat(groupRows).Select(r => Cell(r, TrainingCsv.Course)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var courses = await db.Set<Course>().Where(c => courseCodes.Contains(c.Code) || programmeIds.Contains(c.ProgrammeId)).ToListAsync(ct);
        var courseIdList = courses.Select(c => c.Id).ToList();
        var prerequisites = await db.Set<CoursePrerequisite>().AsNoTracking().Where(p => courseIdList.Contains(p.CourseId)).ToListAsync(ct);
        var courseCodeById = courses.ToDictionary(c => c.Id, c => c.Code);
        var otherIds = prerequisites.Select(p => p.RequiredCourseId).Where(id => !courseCodeById.ContainsKey(id)).Distinct().ToList();
        if (otherIds.Count > 0)
        {
            foreach (var other in await db.Set<Course>().AsNoTracking().Where(c => otherIds.Contains(c.Id)).Select(c => new { c.Id, c.Code }).ToListAsync(ct))
            {
                courseCodeById[other.Id] = other.Code;
            }
        }

        var coursesByCode = courses.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var prerequisiteCodes = prerequisites.ToLookup(p => p.CourseId, p => courseCodeById.GetValueOrDefault(p.RequiredCourseId, ""));
        var groupCodes = groupRows.Select(r => Cell(r, TrainingCsv.Group)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var groups = await db.Set<CourseGroup>().AsNoTracking().Where(g => groupCodes.Contains(g.Code)).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var sessions = (await db.Set<GroupSession>().AsNoTracking().Where(s => groupIds.Contains(s.GroupId)).ToListAsync(ct)).ToLookup(s => s.GroupId);
        var groupsByCode = groups.ToDictionary(g => g.Code, StringComparer.Ordinal);
        var kinds = (await db.Set<CertificateKindRow>().AsNoTracking().Select(k => k.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var trainersByLogin = new Dictionary<string, StaffInfo?>(StringComparer.OrdinalIgnoreCase);
        foreach (var login in groupRows.Select(r => Cell(r, TrainingCsv.Trainer)).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            trainersByLogin[login] = login.Length <= 100 ? await people.FindStaffByLoginAsync(login, ct) : null;
        }

        var trainersById = (await people.GetStaffAsync(groups.Where(g => g.TrainerStaffId != null).Select(g => g.TrainerStaffId!.Value).Distinct().ToList(), ct))
            .ToDictionary(s => s.Id);
        foreach (var trainer in trainersByLogin.Values.OfType<StaffInfo>())
        {
            trainersById[trainer.Id] = trainer;
        }

        var changes = new List<TrainingImportChange>();
        var now = time.GetUtcNow();

        // Programmes.
        var fileProgrammes = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var programmeItems = new List<ProgrammeItem>();
        foreach (var row in programmeRows)
        {
            var rowErrors = new List<TrainingImportError>();
            void Add(string column, string code) => rowErrors.Add(new TrainingImportError(row.Line, column, code));
            string Text(string column, string? current) => has.Contains(column) ? row.Cells[column] : current ?? "";
            var code = Cell(row, TrainingCsv.Programme);
            programmesByCode.TryGetValue(code, out var existing);
            if (!fileProgrammes.TryAdd(code, existing?.Id ?? Guid.CreateVersion7(now)))
            {
                Add(TrainingCsv.Programme, DuplicateCode);
            }

            var current = existing is null ? [] : audiences[existing.Id].ToList();
            string Audience(string column, string kind) => has.Contains(column)
                ? string.Join(",", TrainingCsv.List(row.Cells[column]))
                : string.Join(",", current.Where(a => a.Kind == kind).Select(a => a.Value));
            var published = Flag(row, has, TrainingCsv.Published, existing?.Published ?? false, Add);
            var draft = new ProgrammeDraft(code, Text(TrainingCsv.NameFi, existing?.NameFi), Text(TrainingCsv.NameSv, existing?.NameSv), Text(TrainingCsv.NameEn, existing?.NameEn),
                Text(TrainingCsv.DescriptionFi, existing?.DescriptionFi), Text(TrainingCsv.DescriptionSv, existing?.DescriptionSv), Text(TrainingCsv.DescriptionEn, existing?.DescriptionEn),
                published, Audience(TrainingCsv.Organisations, AudienceKinds.Organisation), Audience(TrainingCsv.Units, AudienceKinds.Unit), Audience(TrainingCsv.Titles, AudienceKinds.Title));
            foreach (var error in ProgrammeAdministration.Check(draft))
            {
                Add(Column(error.Field, TrainingCsv.Programme), error.Code);
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Distinct());
                continue;
            }

            var fields = new List<TrainingFieldChange>();
            if (existing is not null)
            {
                Compare(fields, TrainingCsv.NameFi, existing.NameFi, draft.NameFi.Trim());
                Compare(fields, TrainingCsv.NameSv, existing.NameSv, draft.NameSv.Trim());
                Compare(fields, TrainingCsv.NameEn, existing.NameEn, draft.NameEn.Trim());
                Compare(fields, TrainingCsv.DescriptionFi, existing.DescriptionFi, draft.DescriptionFi.Trim());
                Compare(fields, TrainingCsv.DescriptionSv, existing.DescriptionSv, draft.DescriptionSv.Trim());
                Compare(fields, TrainingCsv.DescriptionEn, existing.DescriptionEn, draft.DescriptionEn.Trim());
                Compare(fields, TrainingCsv.Published, Yes(existing.Published), Yes(draft.Published));
                foreach (var (column, kind, value) in new[]
                {
                    (TrainingCsv.Organisations, AudienceKinds.Organisation, draft.Organisations), (TrainingCsv.Units, AudienceKinds.Unit, draft.Units),
                    (TrainingCsv.Titles, AudienceKinds.Title, draft.Titles),
                })
                {
                    Compare(fields, column, Joined(current.Where(a => a.Kind == kind).Select(a => a.Value)), Joined(ProgrammeAdministration.SplitList(value)));
                }
            }

            var item = new ProgrammeItem(row.Line, fileProgrammes[code], draft, existing, Kind(existing, fields));
            programmeItems.Add(item);
            changes.Add(new TrainingImportChange(row.Line, TrainingCsv.ProgrammeType, code, item.Kind, fields));
        }

        // Courses: their programme is in the file or in Polku, their prerequisites are courses of the same programme.
        var fileCourses = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var fileCourseCodesOf = courseRows.ToLookup(r => Cell(r, TrainingCsv.Programme), r => Cell(r, TrainingCsv.Course), StringComparer.Ordinal);
        var courseItems = new List<CourseItem>();
        foreach (var row in courseRows)
        {
            var rowErrors = new List<TrainingImportError>();
            void Add(string column, string code) => rowErrors.Add(new TrainingImportError(row.Line, column, code));
            string Text(string column, string? current) => has.Contains(column) ? row.Cells[column] : current ?? "";
            var programmeCode = Cell(row, TrainingCsv.Programme);
            var code = Cell(row, TrainingCsv.Course);
            coursesByCode.TryGetValue(code, out var existing);
            if (!fileCourses.TryAdd(code, existing?.Id ?? Guid.CreateVersion7(now)))
            {
                Add(TrainingCsv.Course, DuplicateCode);
            }

            Guid? programmeId = fileProgrammes.TryGetValue(programmeCode, out var inFile) ? inFile
                : programmesByCode.TryGetValue(programmeCode, out var stored) ? stored.Id
                : null;
            if (programmeId is null)
            {
                Add(TrainingCsv.Programme, ProgrammeUnknown);
            }

            var position = has.Contains(TrainingCsv.Position) ? TrainingCsv.Number(row.Cells[TrainingCsv.Position]) ?? 0 : existing?.Position ?? 0;
            int? validity = existing?.ValidityMonths;
            if (has.Contains(TrainingCsv.ValidityMonths))
            {
                var cell = row.Cells[TrainingCsv.ValidityMonths];
                validity = cell.Length == 0 ? null : TrainingCsv.Number(cell) ?? 0;
            }

            var kind = has.Contains(TrainingCsv.CertificateKind) ? row.Cells[TrainingCsv.CertificateKind] : existing?.CertificateKind;
            var currentPrerequisites = existing is null ? [] : prerequisiteCodes[existing.Id].Order(StringComparer.Ordinal).ToList();
            var draft = new CourseDraft(code, Text(TrainingCsv.NameFi, existing?.NameFi), Text(TrainingCsv.NameSv, existing?.NameSv), Text(TrainingCsv.NameEn, existing?.NameEn),
                position, has.Contains(TrainingCsv.Prerequisites) ? TrainingCsv.List(row.Cells[TrainingCsv.Prerequisites]) : currentPrerequisites,
                string.IsNullOrEmpty(kind) ? null : kind, validity, Flag(row, has, TrainingCsv.Renewal, existing?.IsRenewal ?? false, Add));
            var others = programmeId is { } pid
                ? courses.Where(c => c.ProgrammeId == pid).Select(c => c.Code).Concat(fileCourseCodesOf[programmeCode]).Where(c => c != code).ToHashSet(StringComparer.Ordinal)
                : [];
            var codeTaken = programmeId is not null && existing is not null && existing.ProgrammeId != programmeId;
            foreach (var error in ProgrammeAdministration.CheckCourse(draft, codeTaken, others, draft.CertificateKind is null || kinds.Contains(draft.CertificateKind)))
            {
                // A programme named by neither the file nor Polku makes every prerequisite unknown: said once.
                if (!(programmeId is null && error.Code == CoordinatorErrors.PrerequisiteUnknown))
                {
                    Add(Column(error.Field, TrainingCsv.Course), error.Code);
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Distinct());
                continue;
            }

            var fields = new List<TrainingFieldChange>();
            if (existing is not null)
            {
                Compare(fields, TrainingCsv.NameFi, existing.NameFi, draft.NameFi.Trim());
                Compare(fields, TrainingCsv.NameSv, existing.NameSv, draft.NameSv.Trim());
                Compare(fields, TrainingCsv.NameEn, existing.NameEn, draft.NameEn.Trim());
                Compare(fields, TrainingCsv.Position, Number(existing.Position), Number(draft.Position));
                Compare(fields, TrainingCsv.Prerequisites, Joined(currentPrerequisites), Joined(draft.Prerequisites));
                Compare(fields, TrainingCsv.CertificateKind, existing.CertificateKind ?? "", draft.CertificateKind ?? "");
                Compare(fields, TrainingCsv.ValidityMonths, Number(existing.CertificateKind is null ? null : existing.ValidityMonths),
                    Number(draft.CertificateKind is null ? null : draft.ValidityMonths));
                Compare(fields, TrainingCsv.Renewal, Yes(existing.IsRenewal), Yes(draft.IsRenewal));
            }

            var item = new CourseItem(row.Line, fileCourses[code], programmeId!.Value, draft, existing, Kind(existing, fields));
            courseItems.Add(item);
            changes.Add(new TrainingImportChange(row.Line, TrainingCsv.CourseType, code, item.Kind, fields));
        }

        // Groups: their course is in the file or in Polku; the capacity is never below the places taken.
        var fileGroups = new HashSet<string>(StringComparer.Ordinal);
        var groupItems = new List<GroupItem>();
        foreach (var row in groupRows)
        {
            var rowErrors = new List<TrainingImportError>();
            void Add(string column, string code) => rowErrors.Add(new TrainingImportError(row.Line, column, code));
            string? Text(string column, string? current) => has.Contains(column) ? row.Cells[column] : current;
            var courseCode = Cell(row, TrainingCsv.Course);
            var code = Cell(row, TrainingCsv.Group);
            groupsByCode.TryGetValue(code, out var existing);
            if (!fileGroups.Add(code))
            {
                Add(TrainingCsv.Group, DuplicateCode);
            }

            Guid? courseId = fileCourses.TryGetValue(courseCode, out var inFile) ? inFile
                : coursesByCode.TryGetValue(courseCode, out var stored) ? stored.Id
                : null;
            if (courseId is null)
            {
                Add(TrainingCsv.Course, CourseUnknown);
            }

            var currentSessions = existing is null ? [] : sessions[existing.Id].OrderBy(s => s.StartUtc).Select(Local).ToList();
            IReadOnlyList<SessionDraft> drafted = currentSessions;
            var sessionsUnreadable = false;
            if (has.Contains(TrainingCsv.Sessions))
            {
                drafted = TrainingCsv.ParseSessions(row.Cells[TrainingCsv.Sessions]) ?? [];
                sessionsUnreadable = drafted.Count == 0 && row.Cells[TrainingCsv.Sessions].Length > 0;
                if (sessionsUnreadable)
                {
                    Add(TrainingCsv.Sessions, SessionFormat);
                }
            }

            var trainerId = existing?.TrainerStaffId;
            var trainerValid = trainerId is not { } currentTrainer || trainersById.TryGetValue(currentTrainer, out var t) && t.Roles.Contains(PolkuRoles.Trainer);
            if (has.Contains(TrainingCsv.Trainer))
            {
                var login = row.Cells[TrainingCsv.Trainer];
                trainerId = null;
                trainerValid = true;
                if (login.Length > 0)
                {
                    if (trainersByLogin.GetValueOrDefault(login) is { } staff)
                    {
                        trainerId = staff.Id;
                        trainerValid = staff.Roles.Contains(PolkuRoles.Trainer);
                    }
                    else
                    {
                        Add(TrainingCsv.Trainer, TrainerUnknown);
                    }
                }
            }

            var capacity = has.Contains(TrainingCsv.Capacity) ? TrainingCsv.Number(row.Cells[TrainingCsv.Capacity]) ?? 0 : existing?.Capacity ?? 0;
            var draft = new GroupDraft(code, drafted, Text(TrainingCsv.Place, existing?.Place), Text(TrainingCsv.OnlineUrl, existing?.OnlineUrl), trainerId, capacity,
                Flag(row, has, TrainingCsv.Mandatory, existing?.Mandatory ?? false, Add));
            var codeTaken = courseId is not null && existing is not null && existing.CourseId != courseId;
            foreach (var error in ProgrammeAdministration.CheckGroup(draft, codeTaken, trainerValid))
            {
                if (!(sessionsUnreadable && error.Field == "Sessions"))
                {
                    Add(Column(error.Field, TrainingCsv.Group), error.Code);
                }
            }

            if (existing is not null && !codeTaken && capacity is >= 1 and <= ProgrammeAdministration.MaxCapacity && existing.Taken > capacity)
            {
                Add(TrainingCsv.Capacity, CoordinatorErrors.CapacityBelowTaken);
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Distinct());
                continue;
            }

            var fields = new List<TrainingFieldChange>();
            if (existing is not null)
            {
                var before = sessions[existing.Id].OrderBy(s => s.StartUtc).Select(s => (s.StartUtc, s.EndUtc)).ToList();
                var after = ProgrammeAdministration.SessionTimes(draft);
                if (!before.SequenceEqual(after))
                {
                    fields.Add(new TrainingFieldChange(TrainingCsv.Sessions, TrainingCsv.FormatSessions(currentSessions), TrainingCsv.FormatSessions(draft.Sessions)));
                }

                Compare(fields, TrainingCsv.Place, existing.Place ?? "", ProgrammeAdministration.Blank(draft.Place) ?? "");
                Compare(fields, TrainingCsv.OnlineUrl, existing.OnlineUrl ?? "", ProgrammeAdministration.Blank(draft.OnlineUrl) ?? "");
                Compare(fields, TrainingCsv.Trainer, Login(existing.TrainerStaffId), Login(draft.TrainerStaffId));
                Compare(fields, TrainingCsv.Capacity, Number(existing.Capacity), Number(draft.Capacity));
                Compare(fields, TrainingCsv.Mandatory, Yes(existing.Mandatory), Yes(draft.Mandatory));
            }

            var item = new GroupItem(row.Line, existing?.Id ?? Guid.CreateVersion7(now), courseId!.Value, draft, existing, Kind(existing, fields));
            groupItems.Add(item);
            changes.Add(new TrainingImportChange(row.Line, TrainingCsv.GroupType, code, item.Kind, fields));
        }

        var courseIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var c in courses)
        {
            courseIds[c.Code] = c.Id;
        }

        foreach (var (code, id) in fileCourses)
        {
            courseIds[code] = id;
        }

        return new Plan([.. changes.OrderBy(c => c.Row)], [.. errors.OrderBy(e => e.Row)], programmeItems, courseItems, groupItems, courseIds);

        string Login(Guid? staffId) => staffId is { } id && trainersById.TryGetValue(id, out var s) ? s.Login : "";
    }

    /// <summary>Writes a plan without errors: new rows added, changed ones saved; the unit's one save writes the rest.</summary>
    private async Task<TrainingImportError?> WriteAsync(Plan plan, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var touched = new HashSet<Guid>();
        foreach (var item in plan.Programmes.Where(p => p.Kind != TrainingImportKind.Unchanged))
        {
            var programme = item.Existing;
            if (programme is null)
            {
                programme = new Programme { Id = item.Id, Code = item.Draft.Code, CreatedUtc = now, Version = 1 };
                db.Set<Programme>().Add(programme);
            }
            else
            {
                // The coordinator's open edit form is now stale, as after any other save.
                programme.Version++;
                await db.Set<ProgrammeAudience>().Where(a => a.ProgrammeId == programme.Id).ExecuteDeleteAsync(ct);
            }

            ProgrammeAdministration.Apply(programme, item.Draft);
            programme.UpdatedUtc = now;
            db.Set<ProgrammeAudience>().AddRange(ProgrammeAdministration.Audiences(programme.Id, item.Draft));
        }

        foreach (var item in plan.Courses.Where(c => c.Kind != TrainingImportKind.Unchanged))
        {
            var course = item.Existing;
            if (course is null)
            {
                course = new Course { Id = item.Id, ProgrammeId = item.ProgrammeId, CreatedUtc = now };
                db.Set<Course>().Add(course);
            }
            else
            {
                await db.Set<CoursePrerequisite>().Where(p => p.CourseId == course.Id).ExecuteDeleteAsync(ct);
            }

            ProgrammeAdministration.Apply(course, item.Draft);
            db.Set<CoursePrerequisite>().AddRange(item.Draft.Prerequisites.Select(code => new CoursePrerequisite { CourseId = course.Id, RequiredCourseId = plan.CourseIds[code] }));
            touched.Add(item.ProgrammeId);
        }

        // A programme whose courses changed is updated, as after the form's save.
        foreach (var programme in db.ChangeTracker.Entries<Programme>().Select(e => e.Entity).Where(p => touched.Contains(p.Id)))
        {
            programme.UpdatedUtc = now;
        }

        var stored = touched.Except(db.ChangeTracker.Entries<Programme>().Select(e => e.Entity.Id)).ToList();
        if (stored.Count > 0)
        {
            await db.Set<Programme>().Where(p => stored.Contains(p.Id)).ExecuteUpdateAsync(u => u.SetProperty(p => p.UpdatedUtc, now), ct);
        }

        foreach (var item in plan.Groups.Where(g => g.Kind != TrainingImportKind.Unchanged))
        {
            if (item.Existing is null)
            {
                admin.AddGroup(item.Id, item.CourseId, item.Draft);
            }
            else if (!await admin.UpdateGroupAsync(item.Id, item.CourseId, item.Draft, ct))
            {
                // Places were taken after the check: nothing of the file is written.
                return new TrainingImportError(item.Line, TrainingCsv.Capacity, CoordinatorErrors.CapacityBelowTaken);
            }
        }

        return null;
    }

    private static SessionDraft Local(GroupSession s)
    {
        var start = HelsinkiTime.ToLocal(new DateTimeOffset(s.StartUtc, TimeSpan.Zero));
        var end = HelsinkiTime.ToLocal(new DateTimeOffset(s.EndUtc, TimeSpan.Zero));
        return new SessionDraft(DateOnly.FromDateTime(start), TimeOnly.FromDateTime(start), TimeOnly.FromDateTime(end));
    }

    private static bool Flag(CsvRow row, HashSet<string> has, string column, bool current, Action<string, string> add)
    {
        if (!has.Contains(column))
        {
            return current;
        }

        if (TrainingCsv.Boolean(row.Cells[column]) is { } value)
        {
            return value;
        }

        add(column, BooleanInvalid);
        return current;
    }

    private static TrainingImportKind Kind(object? existing, List<TrainingFieldChange> fields) =>
        existing is null ? TrainingImportKind.Create : fields.Count > 0 ? TrainingImportKind.Update : TrainingImportKind.Unchanged;

    private static void Compare(List<TrainingFieldChange> fields, string column, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            fields.Add(new TrainingFieldChange(column, before, after));
        }
    }

    private static string Yes(bool value) => value ? "true" : "false";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Joined(IEnumerable<string> values) => string.Join('|', values.Order(StringComparer.Ordinal));

    /// <summary>The file's column of a field of the coordinator's drafts; the code is the row type's key column.</summary>
    private static string Column(string? field, string codeColumn) => field switch
    {
        "Code" => codeColumn,
        "NameFi" => TrainingCsv.NameFi,
        "NameSv" => TrainingCsv.NameSv,
        "NameEn" => TrainingCsv.NameEn,
        "DescriptionFi" => TrainingCsv.DescriptionFi,
        "DescriptionSv" => TrainingCsv.DescriptionSv,
        "DescriptionEn" => TrainingCsv.DescriptionEn,
        "Organisations" => TrainingCsv.Organisations,
        "Units" => TrainingCsv.Units,
        "Titles" => TrainingCsv.Titles,
        "Position" => TrainingCsv.Position,
        "Prerequisites" => TrainingCsv.Prerequisites,
        "CertificateKind" => TrainingCsv.CertificateKind,
        "ValidityMonths" => TrainingCsv.ValidityMonths,
        "Sessions" => TrainingCsv.Sessions,
        "Place" => TrainingCsv.Place,
        "OnlineUrl" => TrainingCsv.OnlineUrl,
        "TrainerStaffId" => TrainingCsv.Trainer,
        "Capacity" => TrainingCsv.Capacity,
        _ => "",
    };
}
