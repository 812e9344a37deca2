using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Contracts;
using Polku.Training.Data;
using Polku.Training.Domain;

namespace Polku.Training.Reports;

/// <summary>The error codes of the report filters (texts in <c>training-reports.*.json</c>).</summary>
internal static class ReportErrors
{
    public const string DateInvalid = "training.reports.date_invalid";
    public const string PeriodOrder = "training.reports.period_order";
    public const string PeriodTooLong = "training.reports.period_too_long";
    public const string OrganisationUnknown = "training.reports.organisation_unknown";
    public const string KindUnknown = "training.reports.kind_unknown";
    public const string TitleTooLong = "training.reports.title_too_long";
    public const string GroupNotFound = "training.reports.group_not_found";
}

/// <summary>The filters as typed (query string): dates as <c>yyyy-MM-dd</c>, the organisation as a unit code.</summary>
internal sealed record ReportQuery(string? From, string? To, string? Organisation, string? Kind, string? Title);

/// <summary>
/// Checked filters: a period of Helsinki dates (both included), the organisation (one of the county's units), the
/// certificate kind and the professional title.
/// </summary>
internal sealed record ReportFilter(DateOnly From, DateOnly To, UnitInfo? Organisation, string? Kind, string? Title)
{
    /// <summary>The default period reaches this many days back and ahead of today.</summary>
    public const int DefaultDays = 90;

    /// <summary>The longest period a report covers, in days (two years and a leap day).</summary>
    public const int MaxDays = 731;

    public const int TitleMaxLength = 100;

    public DateTime FromUtc => HelsinkiTime.ToInstant(From, TimeOnly.MinValue).UtcDateTime;

    public DateTime ToUtc => HelsinkiTime.ToInstant(To.AddDays(1), TimeOnly.MinValue).UtcDateTime;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Checks what was typed; every error names its field (<c>From</c>, <c>To</c>, <c>Organisation</c>, <c>Kind</c>, <c>Title</c>).</summary>
    public static async Task<(ReportFilter? Filter, IReadOnlyList<Error> Errors)> ParseAsync(ReportQuery q, DateTimeOffset now, IUnitDirectory units,
        Func<string, CancellationToken, Task<bool>> kindExists, CancellationToken ct)
    {
        var errors = new List<Error>();
        var today = HelsinkiTime.LocalDate(now);
        DateOnly? Date(string? text, string field, DateOnly fallback)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (text.Length <= 10 && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            errors.Add(Error.Validation(ReportErrors.DateInvalid, field));
            return null;
        }

        var from = Date(q.From, "From", today.AddDays(-DefaultDays));
        var to = Date(q.To, "To", today.AddDays(DefaultDays));
        if (from is { } f && to is { } t)
        {
            if (f > t)
            {
                errors.Add(Error.Validation(ReportErrors.PeriodOrder, "To"));
            }
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays)
            {
                errors.Add(Error.Validation(ReportErrors.PeriodTooLong, "To"));
            }
        }

        UnitInfo? organisation = null;
        if (!string.IsNullOrWhiteSpace(q.Organisation))
        {
            organisation = q.Organisation.Length <= TrainingModel.CodeLength ? await units.FindByCodeAsync(q.Organisation.Trim(), ct) : null;
            if (organisation is null)
            {
                errors.Add(Error.Validation(ReportErrors.OrganisationUnknown, "Organisation"));
            }
        }

        var kind = string.IsNullOrWhiteSpace(q.Kind) ? null : q.Kind.Trim();
        if (kind is not null && (kind.Length > TrainingModel.CodeLength || !await kindExists(kind, ct)))
        {
            errors.Add(Error.Validation(ReportErrors.KindUnknown, "Kind"));
        }

        var title = string.IsNullOrWhiteSpace(q.Title) ? null : q.Title.Trim();
        if (title is { Length: > TitleMaxLength })
        {
            errors.Add(Error.Validation(ReportErrors.TitleTooLong, "Title"));
        }

        return errors.Count > 0 ? (null, errors) : (new ReportFilter(from!.Value, to!.Value, organisation, kind, title), errors);
    }
}

/// <summary>Fill of a course's groups in the period, county-wide: the groups' capacity is shared by every organisation.</summary>
internal sealed record CourseFill(string ProgrammeCode, string Programme, string CourseCode, string Course, int Groups, int Capacity, int Taken, int Waiting)
{
    /// <summary>Places taken of the capacity in whole per cent; null without capacity.</summary>
    public int? FillPercent => Capacity == 0 ? null : (int)Math.Round(100.0 * Taken / Capacity, MidpointRounding.AwayFromZero);
}

/// <summary>Places held (and waited for) in a course's groups in the period by the professionals of one organisation (unit).</summary>
internal sealed record OrganisationFill(string? UnitCode, string Organisation, string ProgrammeCode, string Programme, string CourseCode, string Course, int Taken, int Waiting);

/// <summary>Places held (and waited for) in the period by the professionals of one organisation (unit), over all courses.</summary>
internal sealed record OrganisationTotal(string? UnitCode, string Organisation, int Courses, int Taken, int Waiting);

/// <summary>
/// The fill report: per course county-wide, per organisation and course, and per organisation over all courses (the
/// page shows the last one unless an organisation is chosen: every unit times every course is thousands of rows).
/// </summary>
internal sealed record FillReport(IReadOnlyList<CourseFill> Courses, CourseFill Total, IReadOnlyList<OrganisationFill> Organisations,
    IReadOnlyList<OrganisationTotal> OrganisationTotals);

/// <summary>Professionals of an organisation by their newest certificate of a kind: valid (of which expiring within 30 days) or expired.</summary>
internal sealed record CertificationRow(string? UnitCode, string Organisation, string Kind, string KindName, int Valid, int Expiring, int Expired);

internal sealed record CertificationReport(IReadOnlyList<CertificationRow> Rows, IReadOnlyList<CertificationRow> Totals);

internal static class AttendanceMarks
{
    public const string Present = "present";
    public const string Absent = "absent";
    public const string NotMarked = "not_marked";
}

/// <summary>One enrolled participant at one session of a group.</summary>
internal sealed record AttendanceLine(string GroupCode, string Course, string Trainee, string Units, DateTime StartUtc, DateTime EndUtc, string Mark);

/// <summary>One issued certificate for the export.</summary>
internal sealed record CertificateLine(string Holder, string Units, string Kind, string Course, DateTime IssuedUtc, DateTime? ExpiresUtc, string VerificationCode, bool Valid);

/// <summary>
/// The coordinator's reports (spec 07, issue 16 parts 6 and 9): fill rates per course and per organisation, and
/// certification per organisation and kind; exports of attendance and certificates. The counting is done by the
/// database (grouped queries); only the per-person rows that must be matched to units through
/// <see cref="IPeopleDirectory"/> come back, one short row each. The organisation of a professional is their unit
/// (a professional of two units counts in both; the totals count each person once).
/// </summary>
internal sealed class TrainingReports(PolkuDb db, IPeopleDirectory people, IUnitDirectory units, TimeProvider time)
{
    /// <summary>A certificate "expires soon" when it expires within this many calendar days (as the expiry warning).</summary>
    public const int ExpiringDays = 30;

    /// <summary>At most this many lines in an export.</summary>
    public const int MaxLines = 100_000;

    private readonly Dictionary<Guid, StaffPlacement> placements = [];

    public Task<(ReportFilter? Filter, IReadOnlyList<Error> Errors)> ParseAsync(ReportQuery q, CancellationToken ct) =>
        ReportFilter.ParseAsync(q, time.GetUtcNow(), units, (kind, c) => db.Set<CertificateKindRow>().AnyAsync(k => k.Code == kind, c), ct);

    public async Task<IReadOnlyList<CertificateKindRow>> KindsAsync(CancellationToken ct) =>
        await db.Set<CertificateKindRow>().AsNoTracking().OrderBy(k => k.Code).ToListAsync(ct);

    public async Task<FillReport> FillRatesAsync(ReportFilter filter, string language, string noUnit, CancellationToken ct)
    {
        var (fromUtc, toUtc) = (filter.FromUtc, filter.ToUtc);
        var groups = db.Set<CourseGroup>().AsNoTracking().Where(g => g.FirstStartUtc >= fromUtc && g.FirstStartUtc < toUtc);
        var perCourse = await groups.GroupBy(g => g.CourseId)
            .Select(x => new { CourseId = x.Key, Groups = x.Count(), Capacity = x.Sum(g => g.Capacity), Taken = x.Sum(g => g.Taken) })
            .ToListAsync(ct);
        var waiting = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.Status == EnrolmentStatuses.Waiting)
            .Join(groups, e => e.GroupId, g => g.Id, (e, g) => e.CourseId)
            .GroupBy(c => c).Select(x => new { CourseId = x.Key, Count = x.Count() })
            .ToDictionaryAsync(x => x.CourseId, x => x.Count, ct);

        // Places per professional (one live enrolment per person and course): matched to units below.
        var places = await db.Set<Data.Enrolment>().AsNoTracking()
            .Where(e => e.Status == EnrolmentStatuses.Enrolled || e.Status == EnrolmentStatuses.Completed || e.Status == EnrolmentStatuses.Waiting)
            .Join(groups, e => e.GroupId, g => g.Id, (e, g) => new { e.StaffId, e.CourseId, Waiting = e.Status == EnrolmentStatuses.Waiting })
            .ToListAsync(ct);

        var courseIds = perCourse.Select(c => c.CourseId).Concat(places.Select(p => p.CourseId)).Distinct().ToList();
        var names = await CourseNamesAsync(courseIds, language, ct);

        var courses = perCourse
            .Select(c => (Name: names[c.CourseId], Fill: c))
            .OrderBy(c => c.Name.ProgrammeCode, StringComparer.Ordinal).ThenBy(c => c.Name.Position).ThenBy(c => c.Name.CourseCode, StringComparer.Ordinal)
            .Select(c => new CourseFill(c.Name.ProgrammeCode, c.Name.Programme, c.Name.CourseCode, c.Name.Course, c.Fill.Groups, c.Fill.Capacity, c.Fill.Taken,
                waiting.GetValueOrDefault(c.Fill.CourseId)))
            .ToList();
        var total = new CourseFill("", "", "", "", courses.Sum(c => c.Groups), courses.Sum(c => c.Capacity), courses.Sum(c => c.Taken), courses.Sum(c => c.Waiting));

        var staff = await StaffUnitsAsync(places.Select(p => p.StaffId), ct);
        var rows = new Dictionary<(string? Unit, Guid Course), (int Taken, int Waiting)>();
        foreach (var p in places)
        {
            foreach (var unit in UnitsOf(staff, p.StaffId, filter))
            {
                var key = (unit?.Code, p.CourseId);
                var (taken, waits) = rows.GetValueOrDefault(key);
                rows[key] = p.Waiting ? (taken, waits + 1) : (taken + 1, waits);
            }
        }

        var unsorted = rows
            .Select(r => (Unit: r.Key.Unit, Name: names[r.Key.Course], r.Value))
            .Select(r => new OrganisationFill(r.Unit, r.Unit is null ? noUnit : staff.Units[r.Unit].Name.Get(language), r.Name.ProgrammeCode, r.Name.Programme,
                r.Name.CourseCode, r.Name.Course, r.Value.Taken, r.Value.Waiting))
            .ToList();
        var rank = CultureRank(unsorted.Select(r => r.Organisation));
        var organisations = unsorted
            .OrderBy(r => r.UnitCode is null).ThenBy(r => rank[r.Organisation])
            .ThenBy(r => r.ProgrammeCode, StringComparer.Ordinal).ThenBy(r => r.CourseCode, StringComparer.Ordinal)
            .ToList();
        var totals = organisations.GroupBy(o => o.UnitCode)
            .Select(g => new OrganisationTotal(g.Key, g.First().Organisation, g.Count(), g.Sum(o => o.Taken), g.Sum(o => o.Waiting)))
            .ToList();
        return new FillReport(courses, total, organisations, totals);
    }

    public async Task<CertificationReport> CertificationsAsync(ReportFilter filter, string language, string noUnit, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var soon = ExpiringLimit(now);
        var certificates = db.Set<Certificate>().AsNoTracking();
        if (filter.Kind is { } kind)
        {
            certificates = certificates.Where(c => c.Kind == kind);
        }

        // The newest certificate per person and kind (a renewal replaces the older one), classified by the database.
        var newest = await certificates
            .Where(c => !db.Set<Certificate>().Any(n => n.StaffId == c.StaffId && n.Kind == c.Kind && n.IssuedUtc > c.IssuedUtc))
            .GroupBy(c => new { c.StaffId, c.Kind })
            .Select(x => new
            {
                x.Key.StaffId,
                x.Key.Kind,
                Valid = x.Any(c => c.ExpiresUtc == null || c.ExpiresUtc > now),
                Expiring = x.Any(c => c.ExpiresUtc > now && c.ExpiresUtc <= soon),
            })
            .ToListAsync(ct);
        var kinds = (await KindsAsync(ct)).ToDictionary(k => k.Code, k => TrainingText.Pick(language, k.NameFi, k.NameSv, k.NameEn), StringComparer.Ordinal);
        var staff = await StaffUnitsAsync(newest.Select(n => n.StaffId), ct);

        var rows = new Dictionary<(string? Unit, string Kind), (int Valid, int Expiring, int Expired)>();
        var totals = new Dictionary<string, (int Valid, int Expiring, int Expired)>(StringComparer.Ordinal);
        static (int, int, int) Add((int Valid, int Expiring, int Expired) c, bool valid, bool expiring) =>
            valid ? (c.Valid + 1, c.Expiring + (expiring ? 1 : 0), c.Expired) : (c.Valid, c.Expiring, c.Expired + 1);
        foreach (var n in newest)
        {
            if (filter.Title is { } title && (!staff.People.TryGetValue(n.StaffId, out var who) || !string.Equals(who.Title, title, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var counted = false;
            foreach (var unit in UnitsOf(staff, n.StaffId, filter))
            {
                rows[(unit?.Code, n.Kind)] = Add(rows.GetValueOrDefault((unit?.Code, n.Kind)), n.Valid, n.Expiring);
                counted = true;
            }

            if (counted)
            {
                totals[n.Kind] = Add(totals.GetValueOrDefault(n.Kind), n.Valid, n.Expiring);
            }
        }

        string KindName(string code) => kinds.GetValueOrDefault(code) ?? code;
        var unsorted = rows.Select(r => new CertificationRow(r.Key.Unit, r.Key.Unit is null ? noUnit : staff.Units[r.Key.Unit].Name.Get(language), r.Key.Kind,
            KindName(r.Key.Kind), r.Value.Valid, r.Value.Expiring, r.Value.Expired)).ToList();
        var organisationRank = CultureRank(unsorted.Select(r => r.Organisation));
        var kindRank = CultureRank(kinds.Values);
        return new CertificationReport(
            [.. unsorted.OrderBy(r => r.UnitCode is null).ThenBy(r => organisationRank[r.Organisation]).ThenBy(r => kindRank.GetValueOrDefault(r.KindName))
                .ThenBy(r => r.KindName, StringComparer.Ordinal)],
            [.. totals.Select(t => new CertificationRow(null, "", t.Key, KindName(t.Key), t.Value.Valid, t.Value.Expiring, t.Value.Expired))
                .OrderBy(r => r.KindName, StringComparer.CurrentCulture)]);
    }

    /// <summary>The group for an attendance export by whoever may see it (<paramref name="trainerId"/> null: the coordinator, any group).</summary>
    public async Task<CourseGroup?> GroupAsync(Guid groupId, Guid? trainerId, CancellationToken ct) =>
        await db.Set<CourseGroup>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId && (trainerId == null || g.TrainerStaffId == trainerId), ct);

    /// <summary>
    /// Attendance of one group, or of every group starting in the period (of the organisation's professionals when the
    /// filter names one): every enrolled (or completed) participant at every session, present, absent or not marked.
    /// </summary>
    public async Task<IReadOnlyList<AttendanceLine>> AttendanceAsync(Guid? groupId, ReportFilter? filter, string language, string noUnit, CancellationToken ct)
    {
        var groups = db.Set<CourseGroup>().AsNoTracking();
        if (groupId is { } id)
        {
            groups = groups.Where(g => g.Id == id);
        }
        else if (filter is not null)
        {
            var (fromUtc, toUtc) = (filter.FromUtc, filter.ToUtc);
            groups = groups.Where(g => g.FirstStartUtc >= fromUtc && g.FirstStartUtc < toUtc);
        }

        var sessions = await db.Set<GroupSession>().AsNoTracking().Join(groups, s => s.GroupId, g => g.Id, (s, g) => new { s.Id, s.GroupId, s.StartUtc, s.EndUtc, g.Code, g.CourseId })
            .ToListAsync(ct);
        var enrolments = await db.Set<Data.Enrolment>().AsNoTracking()
            .Where(e => e.Status == EnrolmentStatuses.Enrolled || e.Status == EnrolmentStatuses.Completed)
            .Join(groups, e => e.GroupId, g => g.Id, (e, g) => new { e.Id, e.GroupId, e.StaffId })
            .ToListAsync(ct);
        var marks = await db.Set<Attendance>().AsNoTracking()
            .Join(db.Set<Data.Enrolment>().Join(groups, e => e.GroupId, g => g.Id, (e, g) => e), a => a.EnrolmentId, e => e.Id, (a, e) => new { a.SessionId, a.EnrolmentId, a.Present })
            .ToDictionaryAsync(a => (a.SessionId, a.EnrolmentId), a => a.Present, ct);
        var names = await CourseNamesAsync(sessions.Select(s => s.CourseId).Distinct(), language, ct);
        var staff = await StaffUnitsAsync(enrolments.Select(e => e.StaffId), ct);
        var byGroup = enrolments.ToLookup(e => e.GroupId);

        var lines = new List<AttendanceLine>();
        foreach (var s in sessions.OrderBy(s => s.StartUtc).ThenBy(s => s.Code, StringComparer.Ordinal))
        {
            foreach (var e in byGroup[s.GroupId])
            {
                var mine = UnitsOf(staff, e.StaffId, groupId is null ? filter : null).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var mark = marks.TryGetValue((s.Id, e.Id), out var present) ? present ? AttendanceMarks.Present : AttendanceMarks.Absent : AttendanceMarks.NotMarked;
                lines.Add(new AttendanceLine(s.Code, names[s.CourseId].Course, staff.People.GetValueOrDefault(e.StaffId)?.DisplayName ?? "",
                    UnitNames(mine, language, noUnit), s.StartUtc, s.EndUtc, mark));
            }
        }

        return [.. lines.OrderBy(l => l.StartUtc).ThenBy(l => l.GroupCode, StringComparer.Ordinal).ThenBy(l => l.Trainee, StringComparer.CurrentCulture).Take(MaxLines)];
    }

    /// <summary>Every certificate issued (renewed ones included), of the kind, the organisation and the title when the filter names them.</summary>
    public async Task<IReadOnlyList<CertificateLine>> CertificatesAsync(ReportFilter filter, string language, string noUnit, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var certificates = db.Set<Certificate>().AsNoTracking();
        if (filter.Kind is { } kind)
        {
            certificates = certificates.Where(c => c.Kind == kind);
        }

        var rows = await certificates
            .Join(db.Set<Course>(), c => c.CourseId, co => co.Id, (c, co) => new { c, co.NameFi, co.NameSv, co.NameEn })
            .OrderBy(x => x.c.IssuedUtc).Take(MaxLines).ToListAsync(ct);
        var kinds = (await KindsAsync(ct)).ToDictionary(k => k.Code, k => TrainingText.Pick(language, k.NameFi, k.NameSv, k.NameEn), StringComparer.Ordinal);
        var staff = await StaffUnitsAsync(rows.Select(r => r.c.StaffId), ct);
        var lines = new List<CertificateLine>();
        foreach (var r in rows)
        {
            if (filter.Title is { } title && (!staff.People.TryGetValue(r.c.StaffId, out var who) || !string.Equals(who.Title, title, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var mine = UnitsOf(staff, r.c.StaffId, filter).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            lines.Add(new CertificateLine(r.c.HolderName, UnitNames(mine, language, noUnit), kinds.GetValueOrDefault(r.c.Kind) ?? r.c.Kind,
                TrainingText.Pick(language, r.NameFi, r.NameSv, r.NameEn), r.c.IssuedUtc, r.c.ExpiresUtc, r.c.VerificationCode, r.c.ExpiresUtc is not { } e || e > now));
        }

        return [.. lines.OrderBy(l => l.Holder, StringComparer.CurrentCulture).ThenBy(l => l.Kind, StringComparer.CurrentCulture).ThenBy(l => l.IssuedUtc)];
    }

    /// <summary>The same Helsinki wall-clock time <see cref="ExpiringDays"/> calendar days after <paramref name="utc"/>.</summary>
    public static DateTime ExpiringLimit(DateTime utc)
    {
        var local = HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).AddDays(ExpiringDays);
        return HelsinkiTime.ToInstant(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local)).UtcDateTime;
    }

    /// <summary>
    /// Each distinct name's place in the reader's alphabetical order: thousands of rows share a few dozen organisation
    /// names, so the culture's (slow) comparison runs over the names once, and the rows sort by a number.
    /// </summary>
    private static Dictionary<string, int> CultureRank(IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).Select((name, i) => (name, i))
            .ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

    private sealed record CourseName(string ProgrammeCode, string Programme, string CourseCode, string Course, int Position);

    private sealed record StaffUnits(IReadOnlyDictionary<Guid, StaffPlacement> People, IReadOnlyDictionary<Guid, UnitInfo> ById, IReadOnlyDictionary<string, UnitInfo> Units);

    private async Task<Dictionary<Guid, CourseName>> CourseNamesAsync(IEnumerable<Guid> courseIds, string language, CancellationToken ct)
    {
        var ids = courseIds.Distinct().ToList();
        var rows = await db.Set<Course>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Join(db.Set<Programme>(), c => c.ProgrammeId, p => p.Id, (c, p) => new
            {
                c.Id, c.Code, c.NameFi, c.NameSv, c.NameEn, c.Position, ProgrammeCode = p.Code, ProgrammeFi = p.NameFi, ProgrammeSv = p.NameSv, ProgrammeEn = p.NameEn,
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new CourseName(r.ProgrammeCode, TrainingText.Pick(language, r.ProgrammeFi, r.ProgrammeSv, r.ProgrammeEn), r.Code,
            TrainingText.Pick(language, r.NameFi, r.NameSv, r.NameEn), r.Position));
    }

    private async Task<StaffUnits> StaffUnitsAsync(IEnumerable<Guid> staffIds, CancellationToken ct)
    {
        // The page shows both reports: the people read for the first are not read again (the service is per request).
        var missing = staffIds.Where(id => !placements.ContainsKey(id)).Distinct().ToList();
        foreach (var p in missing.Count == 0 ? [] : await people.GetPlacementsAsync(missing, ct))
        {
            placements[p.Id] = p;
        }

        var all = await units.ListAsync(ct);
        return new StaffUnits(placements, all.ToDictionary(u => u.Id), all.ToDictionary(u => u.Code, StringComparer.Ordinal));
    }

    /// <summary>
    /// The units a professional counts in: each of theirs (null: none, or not found), only the filter's organisation when
    /// it names one.
    /// </summary>
    private static IEnumerable<UnitInfo?> UnitsOf(StaffUnits staff, Guid staffId, ReportFilter? filter)
    {
        var mine = staff.People.TryGetValue(staffId, out var who)
            ? who.UnitIds.Select(u => staff.ById.GetValueOrDefault(u)).Where(u => u is not null).ToList()
            : [];
        if (filter?.Organisation is { } only)
        {
            return mine.Where(u => u!.Id == only.Id);
        }

        return mine.Count == 0 ? [null] : mine;
    }

    private static string UnitNames(IEnumerable<UnitInfo?> mine, string language, string noUnit) =>
        string.Join("; ", mine.Select(u => u?.Name.Get(language) ?? noUnit));
}
