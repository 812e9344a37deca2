using Microsoft.EntityFrameworkCore;
using Polku.Identity.Data;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;

namespace Polku.Identity.Directory;

/// <summary>A staff member as the demo sign-in lists them.</summary>
internal sealed record StaffListing(string Login, string Name, string Title);

/// <summary>What the identity pages show: people, staff and a person's access log, read without tracking.</summary>
internal sealed class IdentityViews(PolkuDb db)
{
    public Task<Person?> PersonAsync(Guid id, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);

    public Task<StaffMember?> StaffAsync(Guid id, CancellationToken ct) =>
        db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    public Task<StaffMember?> StaffByLoginAsync(string login, CancellationToken ct) =>
        db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.Login == login, ct);

    /// <summary>Every active staff member by login (the demo sign-in lists them).</summary>
    public Task<List<StaffListing>> AllStaffAsync(CancellationToken ct) =>
        db.Set<StaffMember>().AsNoTracking().Where(s => s.Active).OrderBy(s => s.Login).Select(s => new StaffListing(s.Login, s.DisplayName, s.Title)).ToListAsync(ct);

    /// <summary>The professional's roles, in order.</summary>
    public Task<List<string>> RolesAsync(Guid staffId, CancellationToken ct) =>
        db.Set<StaffRole>().Where(r => r.StaffId == staffId).Select(r => r.Role).OrderBy(r => r).ToListAsync(ct);

    public Task<List<Guid>> UnitIdsAsync(Guid staffId, CancellationToken ct) =>
        db.Set<StaffUnit>().Where(u => u.StaffId == staffId).Select(u => u.UnitId).ToListAsync(ct);

    /// <summary>The audit entries about the person, newest first, from <paramref name="skip"/> on.</summary>
    public Task<List<AuditEntry>> AccessLogAsync(Guid subjectId, int skip, int take, CancellationToken ct) =>
        db.AuditEntries.AsNoTracking().Where(a => a.SubjectPersonId == subjectId)
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip(skip).Take(take)
            .ToListAsync(ct);
}
