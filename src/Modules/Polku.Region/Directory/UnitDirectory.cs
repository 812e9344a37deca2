using Microsoft.EntityFrameworkCore;
using Polku.Platform.Caching;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Region.Data;

namespace Polku.Region.Directory;

internal sealed class UnitDirectory(PolkuDb db, ReferenceCache cache) : IUnitDirectory
{
    public async Task<UnitInfo?> FindByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var unit = await db.Set<Unit>().AsNoTracking().FirstOrDefaultAsync(u => u.Code == code, cancellationToken);
        return unit is null ? null : ToInfo(unit);
    }

    public async Task<IReadOnlyList<UnitInfo>> GetAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default)
    {
        var list = ids.ToList();
        var units = await db.Set<Unit>().AsNoTracking().Where(u => list.Contains(u.Id)).ToListAsync(cancellationToken);
        return units.Select(ToInfo).ToList();
    }

    public async Task<UnitInfo?> ServingAsync(string? municipalityCode, string kind, CancellationToken cancellationToken = default)
    {
        if (!Enum.TryParse<UnitKind>(kind, out var parsed))
        {
            return null;
        }

        var candidates = (await db.Set<Unit>().AsNoTracking().Where(u => u.Kind == parsed).ToListAsync(cancellationToken))
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .Select(ToInfo)
            .ToList();
        return municipalityCode is not { Length: > 0 } m
            ? candidates.FirstOrDefault()
            : candidates.FirstOrDefault(u => u.MunicipalityCode == m) ?? candidates.FirstOrDefault(u => u.ServedMunicipalities.Contains(m));
    }

    public async Task<IReadOnlyList<UnitInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var units = await db.Set<Unit>().AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        return units.Select(ToInfo).ToList();
    }

    public async Task<IReadOnlyList<MunicipalityInfo>> MunicipalitiesAsync(CancellationToken cancellationToken = default) =>
        (await CachedMunicipalitiesAsync(cancellationToken)).List;

    public async Task<bool> MunicipalityExistsAsync(string code, CancellationToken cancellationToken = default) =>
        (await CachedMunicipalitiesAsync(cancellationToken)).ByCode.ContainsKey(code);

    public async Task<LocalizedText?> MunicipalityNameAsync(string code, CancellationToken cancellationToken = default) =>
        (await CachedMunicipalitiesAsync(cancellationToken)).ByCode.GetValueOrDefault(code)?.Name;

    /// <summary>Every submit, call-back and directory page asks about municipalities; they change a few times a year.</summary>
    private ValueTask<MunicipalityList> CachedMunicipalitiesAsync(CancellationToken ct) =>
        cache.GetAsync(RegionCacheKeys.Municipalities, RegionCacheKeys.Lifetime, async c =>
        {
            var rows = await db.Set<Municipality>().AsNoTracking().OrderBy(m => m.Code).ToListAsync(c);
            var list = rows.Select(m => new MunicipalityInfo(m.Code, m.Name)).ToList();
            return new MunicipalityList(list, list.ToDictionary(m => m.Code, StringComparer.Ordinal));
        }, ct);

    private sealed record MunicipalityList(IReadOnlyList<MunicipalityInfo> List, IReadOnlyDictionary<string, MunicipalityInfo> ByCode);

    public async Task<Polku.Platform.Time.OpeningHours?> OpeningHoursAsync(Guid unitId, CancellationToken cancellationToken = default)
    {
        var code = await db.Set<Unit>().Where(u => u.Id == unitId).Select(u => u.Code).FirstOrDefaultAsync(cancellationToken);
        return code is null ? null : await OpeningHoursReader.ForUnitAsync(db, code, cancellationToken);
    }

    private static UnitInfo ToInfo(Unit u) => new(u.Id, u.Code, u.Name, u.Kind.ToString(), u.MunicipalityCode,
        u.ServedMunicipalities.Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        Phone = u.Phone,
    };
}
