using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Training.Contracts;
using Polku.Training.Data;

namespace Polku.Training.Certificates;

/// <summary>
/// <see cref="ICertificateRegistry"/> over <c>training_certificates</c>: what other modules read to gate roles and work
/// queues by a valid certificate. Reads only, without tracking; certificates are issued by <c>ExamService</c>.
/// </summary>
internal sealed class CertificateRegistry(PolkuDb db) : ICertificateRegistry
{
    public async Task<CertificateInfo?> FindValidAsync(Guid staffId, string kind, DateTime atUtc, CancellationToken cancellationToken = default)
    {
        var at = DateTime.SpecifyKind(atUtc, DateTimeKind.Utc);
        var row = await db.Set<Certificate>().AsNoTracking()
            .Where(c => c.StaffId == staffId && c.Kind == kind && c.IssuedUtc <= at && (c.ExpiresUtc == null || c.ExpiresUtc > at))
            .OrderByDescending(c => c.IssuedUtc)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Info(row);
    }

    public async Task<IReadOnlyList<CertificateInfo>> GetLatestAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default)
    {
        var ids = staffIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Set<Certificate>().AsNoTracking().Where(c => ids.Contains(c.StaffId)).ToListAsync(cancellationToken);
        return [.. rows.GroupBy(c => (c.StaffId, c.Kind)).Select(g => Info(g.MaxBy(c => c.IssuedUtc)!)).OrderBy(c => c.StaffId).ThenBy(c => c.Kind, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<CertificateInfo>> GetExpiringAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        var from = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        var to = DateTime.SpecifyKind(toUtc, DateTimeKind.Utc);
        var rows = await db.Set<Certificate>().AsNoTracking()
            .Where(c => c.ExpiresUtc != null && c.ExpiresUtc >= from && c.ExpiresUtc < to)
            .OrderBy(c => c.ExpiresUtc)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(Info)];
    }

    public async Task<IReadOnlyList<CertificateKind>> GetKindsAsync(CancellationToken cancellationToken = default) =>
        await db.Set<CertificateKindRow>().AsNoTracking().OrderBy(k => k.Code)
            .Select(k => new CertificateKind(k.Code, k.NameFi, k.NameSv, k.NameEn))
            .ToListAsync(cancellationToken);

    private static CertificateInfo Info(Certificate c) =>
        new(c.StaffId, c.Kind, c.VerificationCode, DateTime.SpecifyKind(c.IssuedUtc, DateTimeKind.Utc), c.ExpiresUtc is { } e ? DateTime.SpecifyKind(e, DateTimeKind.Utc) : null);
}
