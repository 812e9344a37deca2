using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Training.Data;
using Polku.Training.Domain;

namespace Polku.Training.Certificates;

/// <summary>What the public check says about a code: nothing else than this (no staff id, unit or other certificates).</summary>
internal sealed record Verification(bool Valid, bool Expired, string Holder, string CourseFi, string CourseSv, string CourseEn, string KindFi, string KindSv, string KindEn,
    DateTime IssuedUtc, DateTime? ExpiresUtc)
{
    public string Course(string language) => TrainingText.Pick(language, CourseFi, CourseSv, CourseEn);

    public string Kind(string language) => TrainingText.Pick(language, KindFi, KindSv, KindEn);
}

/// <summary>A certificate in the holder's own list.</summary>
internal sealed record MyCertificate(Guid Id, string Kind, string KindName, string Course, string VerificationCode, DateTime IssuedUtc, DateTime? ExpiresUtc, bool Superseded);

/// <summary>Reads of certificates for the public check and the holder's own page.</summary>
internal sealed class CertificateQueries(PolkuDb db, TimeProvider time)
{
    /// <summary>The public check of a code as a person typed it; null for an unknown or malformed code.</summary>
    public async Task<Verification?> VerifyAsync(string? typed, CancellationToken ct)
    {
        if (VerificationCode.Normalise(typed) is not { } code)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.Set<Certificate>().AsNoTracking().Where(c => c.VerificationCode == code)
            .Join(db.Set<Course>(), c => c.CourseId, k => k.Id, (c, k) => new { c, k.NameFi, k.NameSv, k.NameEn })
            .Join(db.Set<CertificateKindRow>(), x => x.c.Kind, k => k.Code, (x, k) => new { x.c, x.NameFi, x.NameSv, x.NameEn, KindFi = k.NameFi, KindSv = k.NameSv, KindEn = k.NameEn })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var expired = row.c.ExpiresUtc is { } e && e <= now;
        return new Verification(!expired && row.c.IssuedUtc <= now, expired, row.c.HolderName, row.NameFi, row.NameSv, row.NameEn, row.KindFi, row.KindSv, row.KindEn,
            DateTime.SpecifyKind(row.c.IssuedUtc, DateTimeKind.Utc), row.c.ExpiresUtc is { } x ? DateTime.SpecifyKind(x, DateTimeKind.Utc) : null);
    }

    public async Task<IReadOnlyList<MyCertificate>> MineAsync(Guid staffId, string language, CancellationToken ct)
    {
        var rows = await db.Set<Certificate>().AsNoTracking().Where(c => c.StaffId == staffId)
            .Join(db.Set<Course>(), c => c.CourseId, k => k.Id, (c, k) => new { c, k.NameFi, k.NameSv, k.NameEn })
            .Join(db.Set<CertificateKindRow>(), x => x.c.Kind, k => k.Code, (x, k) => new { x.c, x.NameFi, x.NameSv, x.NameEn, KindFi = k.NameFi, KindSv = k.NameSv, KindEn = k.NameEn })
            .ToListAsync(ct);
        var newest = rows.GroupBy(r => r.c.Kind).ToDictionary(g => g.Key, g => g.Max(r => r.c.IssuedUtc), StringComparer.Ordinal);
        return [.. rows.OrderByDescending(r => r.c.IssuedUtc).Select(r => new MyCertificate(r.c.Id, r.c.Kind, TrainingText.Pick(language, r.KindFi, r.KindSv, r.KindEn),
            TrainingText.Pick(language, r.NameFi, r.NameSv, r.NameEn), r.c.VerificationCode, r.c.IssuedUtc, r.c.ExpiresUtc, r.c.IssuedUtc < newest[r.c.Kind]))];
    }
}
