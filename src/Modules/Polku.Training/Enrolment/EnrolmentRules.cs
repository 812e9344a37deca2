using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Data;

namespace Polku.Training.Enrolment;

/// <summary>
/// The rules a trainee must meet to take a place in a group (spec 07: "order and prerequisites enforced"):
/// <list type="bullet">
/// <item><b>Order</b> (<c>training.order</c>): every earlier course of the same programme (lower position; renewal courses
/// excluded) is completed, or the trainee holds a place in a group of it that ends before this group starts.</item>
/// <item><b>Prerequisites</b> (<c>training.prerequisite_missing</c>): every required course is completed, or the trainee
/// holds a valid certificate of the kind it grants.</item>
/// </list>
/// Read inside the enrolling unit, so a decision rests on what the unit sees.
/// </summary>
internal static class EnrolmentRules
{
    public static async Task<Error?> CheckAsync(PolkuDb db, Guid staffId, CourseGroup group, DateTime now, CancellationToken ct)
    {
        var course = await db.Set<Course>().AsNoTracking().FirstAsync(c => c.Id == group.CourseId, ct);
        var mine = await db.Set<Data.Enrolment>().AsNoTracking()
            .Where(e => e.StaffId == staffId && (e.Status == EnrolmentStatuses.Enrolled || e.Status == EnrolmentStatuses.Completed))
            .Join(db.Set<CourseGroup>(), e => e.GroupId, g => g.Id, (e, g) => new { e.CourseId, e.Status, g.LastEndUtc })
            .ToListAsync(ct);

        var earlier = await db.Set<Course>().AsNoTracking()
            .Where(c => c.ProgrammeId == course.ProgrammeId && c.Position < course.Position && !c.IsRenewal)
            .Select(c => c.Id)
            .ToListAsync(ct);
        foreach (var id in earlier)
        {
            if (!mine.Any(m => m.CourseId == id && (m.Status == EnrolmentStatuses.Completed || m.LastEndUtc <= group.FirstStartUtc)))
            {
                return Error.Conflict(EnrolmentErrors.Order);
            }
        }

        var required = await db.Set<CoursePrerequisite>().AsNoTracking()
            .Where(p => p.CourseId == course.Id)
            .Join(db.Set<Course>(), p => p.RequiredCourseId, c => c.Id, (p, c) => new { c.Id, c.CertificateKind })
            .ToListAsync(ct);
        foreach (var r in required)
        {
            if (mine.Any(m => m.CourseId == r.Id && m.Status == EnrolmentStatuses.Completed))
            {
                continue;
            }

            var kind = r.CertificateKind;
            if (kind is not null && await db.Set<Certificate>().AnyAsync(c => c.StaffId == staffId && c.Kind == kind && c.IssuedUtc <= now && (c.ExpiresUtc == null || c.ExpiresUtc > now), ct))
            {
                continue;
            }

            return Error.Conflict(EnrolmentErrors.PrerequisiteMissing);
        }

        return null;
    }
}
